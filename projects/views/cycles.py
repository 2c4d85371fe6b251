"""PDSA cycles started from a project's change ideas: plan one, see it, record how it went."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dialogues.models import PdsaCycle
from projects.forms import CycleForm
from projects.models import ChangeIdea
from projects.selectors.cycles import project_cycle_get
from projects.services import cycles as services
from projects.views._access import SEE, WORK, project_view
from projects.views._forms import form_page


def _cycle(project, pk) -> PdsaCycle:
    try:
        return project_cycle_get(project=project, pk=pk)
    except PdsaCycle.DoesNotExist as error:
        raise Http404 from error


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def cycle_start(request, project, idea_pk):
    idea = get_object_or_404(ChangeIdea.objects.select_related("driver__project"), driver__project=project, pk=idea_pk)
    previous_id = request.GET.get("previous", "")
    # The cycle this one adapts, when started from "Start the next cycle": one of the same idea only.
    previous = idea.cycle_links.filter(cycle_id=previous_id).first() if previous_id.isdigit() else None
    previous = previous.cycle if previous is not None else None
    initial = (
        {"title": previous.title, "title_es": previous.title_es}
        if previous
        else {"title": idea.text, "title_es": idea.text_es}
    )
    form = CycleForm(request.POST or None, project=project, planning=True, initial=initial)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Start a PDSA cycle"),
        save=lambda data: services.cycle_start(idea=idea, by=request.user, previous=previous, **data),
        done=_("PDSA cycle planned."),
        next_url=lambda cycle: cycle_url(project, cycle),
        extra={"intro": _("Testing the change idea: %(idea)s") % {"idea": idea.display_text}},
    )


def cycle_url(project, cycle) -> str:
    return reverse("projects:cycle_detail", args=[project.public_id, cycle.pk])


@project_view(SEE)
@require_GET
def cycle_detail(request, project, pk):
    cycle = _cycle(project, pk)
    return render(
        request,
        "projects/cycle_detail.html",
        {
            "project": project,
            "cycle": cycle,
            "following": PdsaCycle.objects.filter(previous=cycle).first(),
            "idea": cycle.change_idea_link.change_idea,
            "can_work": WORK in request.project_access,
        },
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def cycle_edit(request, project, pk):
    cycle = _cycle(project, pk)
    form = CycleForm(request.POST or None, instance=cycle, project=project)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Record how the PDSA cycle went"),
        save=lambda data: services.cycle_update(cycle=cycle, by=request.user, **data),
        done=_("PDSA cycle saved."),
        next_url=lambda saved: cycle_url(project, saved),
    )
