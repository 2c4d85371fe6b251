"""Reads about projects: who may see and work on which, the team's consumer voice, and the council's
overview by stage and kind with this year's PIPs."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dialogues.models import CONSUMER_ROLES, CqiCell
from dialogues.selectors.cells import memberships_current
from projects.models import PIP_KINDS, ImprovementProject, ProjectKind, ProjectMember, ProjectStage, TeamRole
from projects.selectors.progress import project_progress
from qic.roles import GROUP_NAMES, Role

VIEW_ALL = "projects.view_improvementproject"
RUN_ALL = "projects.change_improvementproject"


def project_get(*, public_id) -> ImprovementProject:
    return ImprovementProject.objects.select_related("cell", "initiative", "origin_problem").get(public_id=public_id)


def team_role_of(*, project: ImprovementProject, user) -> str | None:
    """The reader's role on the project's team (``TeamRole``), or None."""
    if not user.is_authenticated:
        return None
    return ProjectMember.objects.filter(project=project, user=user).values_list("role", flat=True).first()


def projects_visible_to(*, user) -> QuerySet[ImprovementProject]:
    """Every project for QI staff and directors; the projects whose team they are on for anyone else."""
    projects = ImprovementProject.objects.for_list()
    if user.has_perm(VIEW_ALL):
        return projects
    if not user.is_authenticated:
        return projects.none()
    return projects.filter(members__user=user).distinct()


def project_team(*, project: ImprovementProject) -> list[ProjectMember]:
    """The team, leads first, each marked ``consumer_voice`` when they bring a consumer or family voice."""
    members = list(project.members.select_related("user").order_by("role", "user__username"))
    voices = consumer_voice_users(user_ids=[member.user_id for member in members])
    for member in members:
        member.consumer_voice = member.user_id in voices
    order = {TeamRole.LEAD: 0, TeamRole.MEMBER: 1, TeamRole.SPONSOR: 2}
    return sorted(members, key=lambda member: (order.get(member.role, 9), member.display_name.lower()))


def consumer_voice_users(*, user_ids) -> set[int]:
    """Of the people given, those in the consumer-or-family role group, or current consumer or family
    members of a CQI cell."""
    in_group = Group.objects.filter(name=GROUP_NAMES[Role.CONSUMER], user__in=user_ids).values_list("user", flat=True)
    in_cells = memberships_current().filter(user__in=user_ids, role__in=CONSUMER_ROLES).values_list("user", flat=True)
    return set(in_group) | set(in_cells)


def consumer_voice_missing(*, project: ImprovementProject, team: list[ProjectMember]) -> bool:
    """A PIP or council initiative whose team has no consumer or family member: the page warns."""
    return project.needs_consumer_voice and not any(member.consumer_voice for member in team)


@dataclass(frozen=True)
class Overview:
    """Open projects by stage (rows) and kind (columns), this year's PIPs, and the PIP kinds missing."""

    year: int
    kinds: list[tuple[str, str]]
    rows: list[dict]
    pips: list[ImprovementProject]
    missing_pip_kinds: list[str]
    closed_this_year: int


def projects_overview(*, year: int | None = None) -> Overview:
    """The council's view of every project: open ones counted by stage and kind, this year's PIPs (the
    county runs one clinical and one non-clinical each year) and what is missing."""
    year = year or timezone.localdate().year
    projects = list(ImprovementProject.objects.for_list())
    for project in projects:
        # A handful of queries a project: the council has a few projects at a time, not hundreds.
        project.progress_score = project_progress(project=project).score
    counts = Counter((p.stage, p.kind) for p in projects if p.stage != ProjectStage.CLOSED)
    rows = []
    for stage, label in ProjectStage.choices:
        if stage == ProjectStage.CLOSED:
            continue
        cells = [counts.get((stage, kind), 0) for kind, _label in ProjectKind.choices]
        projects_here = [p for p in projects if p.stage == stage]
        rows.append({"stage": stage, "label": label, "counts": cells, "total": sum(cells), "projects": projects_here})
    running = set(ImprovementProject.objects.running_in(year).filter(kind__in=PIP_KINDS).values_list("pk", flat=True))
    pips = [p for p in projects if p.pk in running]
    have = {p.kind for p in pips}
    missing = [label for kind, label in ProjectKind.choices if kind.startswith("pip") and kind not in have]
    closed = sum(1 for p in projects if p.closed_on is not None and p.closed_on.year == year)
    return Overview(year, list(ProjectKind.choices), rows, pips, missing, closed)


def aim_statement(project: ImprovementProject) -> str:
    """The aim in one sentence, in the reader's language, from the parts that are filled in."""
    what = project.display_aim_what or project.display_title
    parts = [what]
    if project.aim_for_whom:
        parts.append(_("for %(whom)s") % {"whom": project.display_aim_for_whom})
    baseline = project.display_baseline_text or _number(project.baseline_value)
    goal = project.display_goal_text or _number(project.goal_value)
    if baseline and goal:
        parts.append(_("from %(baseline)s to %(goal)s") % {"baseline": baseline, "goal": goal})
    elif goal:
        parts.append(_("to %(goal)s") % {"goal": goal})
    if project.aim_by:
        parts.append(_("by %(day)s") % {"day": date_format(project.aim_by, "DATE_FORMAT")})
    return capfirst(" ".join(parts)) + "."


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


def cells_for_new_project(*, user):
    """The cells a person may start a project for without QI staff's permission: their current cells."""
    return CqiCell.objects.filter(memberships__in=memberships_current().filter(user=user)).distinct().order_by("name")
