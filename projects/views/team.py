"""The project's team: the lead and QI staff add people and take them off."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms import TeamMemberForm
from projects.models import ProjectMember
from projects.services import projects as services
from projects.views._access import LEAD, project_view
from projects.views._forms import confirm_page, form_page


@project_view(LEAD)
@require_http_methods(["GET", "POST"])
def member_add(request, project):
    form = TeamMemberForm(request.POST or None)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Add a person to the team"),
        save=lambda data: services.project_member_add(project=project, **data),
        done=_("Team saved."),
    )


@project_view(LEAD)
@require_http_methods(["GET", "POST"])
def member_remove(request, project, pk):
    member = get_object_or_404(ProjectMember.objects.select_related("user"), project=project, pk=pk)
    return confirm_page(
        request,
        project=project,
        heading=_("Take a person off the team"),
        question=_("Take %(name)s off the team?") % {"name": member.display_name},
        delete=lambda: services.project_member_remove(member=member),
        done=_("Team saved."),
    )
