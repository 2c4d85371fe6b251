"""Writes for a project itself: its aim statement and links, and its team."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import ImprovementProject, ProjectKind, ProjectMember, ProjectStage, TeamRole
from projects.services._history import save_with_history

#: The fields of a project a form may set (everything but its links to aims and matrix items).
PROJECT_FIELDS = (
    "kind",
    "title",
    "title_es",
    "summary",
    "summary_es",
    "cell",
    "initiative",
    "origin_problem",
    "aim_what",
    "aim_what_es",
    "aim_for_whom",
    "aim_for_whom_es",
    "baseline_text",
    "baseline_text_es",
    "baseline_value",
    "goal_text",
    "goal_text_es",
    "goal_value",
    "aim_by",
    "stage",
    "starts_on",
)


def _check(project: ImprovementProject) -> None:
    errors = {}
    if project.kind == ProjectKind.CELL_WORK and project.cell_id is None:
        errors["cell"] = _("A cell's work belongs to a CQI cell: choose it.")
    if project.kind == ProjectKind.COUNCIL_INITIATIVE and project.initiative_id is None:
        errors["initiative"] = _("Choose the council initiative this project carries out.")
    if project.aim_by and project.starts_on and project.aim_by < project.starts_on:
        errors["aim_by"] = _("The aim's date cannot come before the project starts.")
    if errors:
        raise ValidationError(errors)


def _close_or_reopen(project: ImprovementProject) -> None:
    """Closing records the day; moving out of closed clears it (the database keeps the two together)."""
    if project.stage == ProjectStage.CLOSED and project.closed_on is None:
        project.closed_on = max(timezone.localdate(), project.starts_on)
    elif project.stage != ProjectStage.CLOSED:
        project.closed_on = None


@transaction.atomic
def project_create(*, by, aims=(), matrix_items=(), lead=None, **fields) -> ImprovementProject:
    """Start a project from a form's fields (:data:`PROJECT_FIELDS`). ``lead``, when given, joins the team
    as its lead (a cell member who starts their cell's project leads it)."""
    project = ImprovementProject(created_by=by if getattr(by, "is_authenticated", False) else None, **fields)
    _check(project)
    _close_or_reopen(project)
    project.full_clean()
    save_with_history(project, by=by, reason=_("Project started"))
    project.aims.set(aims)
    project.matrix_items.set(matrix_items)
    if lead is not None:
        ProjectMember.objects.create(project=project, user=lead, role=TeamRole.LEAD)
    return project


@transaction.atomic
def project_update(*, project: ImprovementProject, by, aims=None, matrix_items=None, **fields) -> ImprovementProject:
    """Change a project's aim statement, stage or links. Fields not given are kept."""
    project = ImprovementProject.objects.select_for_update().get(pk=project.pk)
    for name, value in fields.items():
        if name not in PROJECT_FIELDS:
            raise TypeError(f"project_update() got an unexpected field {name!r}")
        setattr(project, name, value)
    _check(project)
    _close_or_reopen(project)
    project.full_clean()
    save_with_history(project, by=by, reason=_("Project edited"))
    if aims is not None:
        project.aims.set(aims)
    if matrix_items is not None:
        project.matrix_items.set(matrix_items)
    return project


@transaction.atomic
def project_member_add(*, project: ImprovementProject, user, role: str = TeamRole.MEMBER) -> ProjectMember:
    """Put a person on the team, or change their role when they are on it already."""
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a role in the team.")})
    try:
        with transaction.atomic():
            member, _created = ProjectMember.objects.update_or_create(
                project=project, user=user, defaults={"role": role}
            )
    except IntegrityError as error:  # two people adding the same person at once
        raise ValidationError({"user": _("This person is already on the team.")}) from error
    return member


@transaction.atomic
def project_member_remove(*, member: ProjectMember) -> None:
    """Take a person off the team. The last lead stays until another lead is named."""
    if member.role == TeamRole.LEAD:
        leads = ProjectMember.objects.select_for_update().filter(project_id=member.project_id, role=TeamRole.LEAD)
        if leads.count() == 1:
            raise ValidationError(_("Name another lead before taking the last lead off the team."), code="last_lead")
    member.delete()
