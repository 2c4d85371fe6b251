"""Writes for a project's driver diagram: drivers (primary and secondary) and change ideas, added,
renamed, moved and deleted on the project's page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, ImprovementProject


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _check_parent(*, project: ImprovementProject, driver: Driver | None, parent: Driver | None) -> None:
    """Two levels only: a parent is a primary driver of the same project, and a driver with secondary
    drivers of its own cannot itself become secondary."""
    if parent is None:
        return
    if parent.project_id != project.pk:
        raise ValidationError({"parent": _("Choose a primary driver of this project.")})
    if driver is not None and parent.pk == driver.pk:
        raise ValidationError({"parent": _("A driver cannot sit under itself.")})
    if not parent.is_primary:
        raise ValidationError({"parent": _("A driver diagram has two levels of drivers: choose a primary driver.")})
    if driver is not None and driver.pk and driver.children.exists():
        raise ValidationError(
            {"parent": _("This driver has secondary drivers of its own: move them first, or keep it primary.")}
        )


@transaction.atomic
def driver_add(*, project: ImprovementProject, text: str, text_es: str = "", parent: Driver | None = None) -> Driver:
    """Add a primary driver (no ``parent``) or a secondary one under a primary driver, at the end."""
    _check_parent(project=project, driver=None, parent=parent)
    siblings = Driver.objects.select_for_update().filter(project=project, parent=parent)
    driver = Driver(project=project, parent=parent, text=text.strip(), text_es=text_es.strip())
    driver.position = _next_position(siblings)
    driver.full_clean()
    driver.save()
    return driver


@transaction.atomic
def driver_update(*, driver: Driver, text: str, text_es: str = "", parent: Driver | None = None) -> Driver:
    """Rename a driver, or move it: under another primary driver, or up to be a primary driver."""
    driver = Driver.objects.select_for_update().get(pk=driver.pk)
    _check_parent(project=driver.project, driver=driver, parent=parent)
    if (parent.pk if parent else None) != driver.parent_id:
        driver.position = _next_position(Driver.objects.filter(project_id=driver.project_id, parent=parent))
    driver.parent, driver.text, driver.text_es = parent, text.strip(), text_es.strip()
    driver.full_clean()
    driver.save()
    return driver


def _has_cycles(ideas) -> bool:
    return ChangeIdeaCycle.objects.filter(change_idea__in=ideas).exists()


@transaction.atomic
def driver_delete(*, driver: Driver) -> None:
    """Delete a driver with its secondary drivers and change ideas, unless a PDSA cycle tests one of
    them: the cycles are the project's record, so their ideas are moved first."""
    ideas = ChangeIdea.objects.filter(driver__in=[driver.pk, *driver.children.values_list("pk", flat=True)])
    if _has_cycles(ideas):
        raise ValidationError(
            _("A PDSA cycle tests a change idea under this driver: move that idea to another driver first."),
            code="has_cycles",
        )
    driver.delete()


@transaction.atomic
def change_idea_add(*, driver: Driver, text: str, text_es: str = "") -> ChangeIdea:
    idea = ChangeIdea(driver=driver, text=text.strip(), text_es=text_es.strip())
    idea.position = _next_position(ChangeIdea.objects.select_for_update().filter(driver=driver))
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def change_idea_update(*, idea: ChangeIdea, text: str, text_es: str = "", driver: Driver | None = None) -> ChangeIdea:
    """Rename a change idea, or move it to another driver of the same project."""
    idea = ChangeIdea.objects.select_for_update().select_related("driver").get(pk=idea.pk)
    if driver is not None and driver.pk != idea.driver_id:
        if driver.project_id != idea.driver.project_id:
            raise ValidationError({"driver": _("Choose a driver of this project.")})
        idea.driver = driver
        idea.position = _next_position(ChangeIdea.objects.filter(driver=driver))
    idea.text, idea.text_es = text.strip(), text_es.strip()
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def change_idea_delete(*, idea: ChangeIdea) -> None:
    if _has_cycles([idea.pk]):
        raise ValidationError(
            _("PDSA cycles test this change idea: it stays, as the record of what was tried."), code="has_cycles"
        )
    idea.delete()
