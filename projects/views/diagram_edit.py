"""Editing the driver diagram on the project's page: add, rename, move and delete drivers and change
ideas. Team members and QI staff."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms import ChangeIdeaForm, DriverForm
from projects.models import ChangeIdea, Driver
from projects.services import drivers as services
from projects.views._access import WORK, project_view
from projects.views._forms import confirm_page, form_page


def _driver(project, pk) -> Driver:
    return get_object_or_404(Driver, project=project, pk=pk)


def _idea(project, pk) -> ChangeIdea:
    return get_object_or_404(ChangeIdea.objects.select_related("driver"), driver__project=project, pk=pk)


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def driver_add(request, project):
    parent_id = request.GET.get("parent", "")
    initial = {}
    if parent_id.isdigit():
        initial["parent"] = Driver.objects.filter(project=project, pk=parent_id, parent__isnull=True).first()
    form = DriverForm(request.POST or None, project=project, initial=initial)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Add a driver"),
        save=lambda data: services.driver_add(project=project, **data),
        done=_("Driver added."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def driver_edit(request, project, pk):
    driver = _driver(project, pk)
    form = DriverForm(request.POST or None, instance=driver, project=project)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Rename or move a driver"),
        save=lambda data: services.driver_update(driver=driver, **data),
        done=_("Driver saved."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def driver_delete(request, project, pk):
    driver = _driver(project, pk)
    return confirm_page(
        request,
        project=project,
        heading=_("Delete a driver"),
        question=_("Delete “%(driver)s”, with the drivers and change ideas under it?") % {"driver": driver.text},
        delete=lambda: services.driver_delete(driver=driver),
        done=_("Driver deleted."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def idea_add(request, project, driver_pk):
    driver = _driver(project, driver_pk)
    form = ChangeIdeaForm(request.POST or None, project=project, initial={"driver": driver})
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Add a change idea"),
        save=lambda data: services.change_idea_add(**data),
        done=_("Change idea added."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def idea_edit(request, project, pk):
    idea = _idea(project, pk)
    form = ChangeIdeaForm(request.POST or None, instance=idea, project=project)
    return form_page(
        request,
        project=project,
        form=form,
        heading=_("Rename or move a change idea"),
        save=lambda data: services.change_idea_update(idea=idea, **data),
        done=_("Change idea saved."),
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def idea_delete(request, project, pk):
    idea = _idea(project, pk)
    return confirm_page(
        request,
        project=project,
        heading=_("Delete a change idea"),
        question=_("Delete the change idea “%(idea)s”?") % {"idea": idea.text},
        delete=lambda: services.change_idea_delete(idea=idea),
        done=_("Change idea deleted."),
    )
