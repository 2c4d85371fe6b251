"""The project's family of measures and where its change is spread: team members and QI staff."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms import LocalMeasureForm, RegistryMeasureForm, SpreadSiteForm
from projects.models import LocalMeasure, ProjectMeasure, SpreadSite
from projects.services import family as services
from projects.services import spread as spread_services
from projects.views._access import WORK, project_view
from projects.views._forms import confirm_page, form_page


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def registry_measure_add(request, project):
    form = RegistryMeasureForm(request.POST or None, project=project)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Add a measure of the registry"),
        save=lambda data: services.family_add_registry_measure(project=project, **data),
        done=_("Measure added to the family."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def local_measure_add(request, project):
    form = LocalMeasureForm(request.POST or None)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Define a local measure"),
        save=lambda data: services.local_measure_create(project=project, **data),
        done=_("Local measure defined: enter its figures here, one by one or pasted from a spreadsheet."),
        # Straight to the measure's own page, where its figures are entered.
        next_url=lambda measure: reverse("projects:local_measure", args=[project.public_id, measure.pk]),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def local_measure_edit(request, project, pk):
    measure = get_object_or_404(LocalMeasure, project=project, pk=pk)
    form = LocalMeasureForm(request.POST or None, instance=measure)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Edit a local measure"),
        save=lambda data: services.local_measure_update(measure=measure, **data),
        done=_("Local measure saved."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def family_remove(request, project, pk):
    entry = get_object_or_404(ProjectMeasure.objects.select_related("measure", "local_measure"), project=project, pk=pk)
    return confirm_page(
        request,
        project=project,
        heading=_("Take a measure out of the family"),
        question=_("Take “%(name)s” out of the project's family of measures?") % {"name": entry.name},
        delete=lambda: services.family_remove(entry=entry),
        done=_("Measure taken out of the family."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def spread_add(request, project):
    form = SpreadSiteForm(request.POST or None)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Spread the change to another place"),
        save=lambda data: spread_services.spread_site_save(project=project, **data),
        done=_("Spread saved."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def spread_edit(request, project, pk):
    site = get_object_or_404(SpreadSite, project=project, pk=pk)
    form = SpreadSiteForm(request.POST or None, instance=site)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Edit where the change is spread"),
        save=lambda data: spread_services.spread_site_save(project=project, site=site, **data),
        done=_("Spread saved."),
    )
