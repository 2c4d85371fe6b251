"""Reads for problem escalation: the board of open problems by tier, one problem with its history."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from dialogues.models import Problem, ProblemStatus, ProblemTier
from qic.roles import Role


@dataclass
class TierColumn:
    tier: ProblemTier
    problems: list[Problem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for problem in self.problems if problem.overdue)


def problems_board(*, owner=None) -> list[TierColumn]:
    """Every open problem, by tier from the team up, the soonest due first; each says whether it is overdue.

    ``owner`` narrows the board to one person's problems. One query.
    """
    columns = {tier: TierColumn(tier=tier) for tier in ProblemTier}
    problems = Problem.objects.filter(status=ProblemStatus.OPEN).select_related("owner", "measure", "cell")
    if owner is not None:
        problems = problems.filter(owner=owner)
    for problem in problems.order_by("due_on", "id"):
        columns[ProblemTier(problem.tier)].problems.append(problem)
    return list(columns.values())


def problems_drafts(*, owner=None) -> list[Problem]:
    """Drafts raised from the charts' signals, waiting for someone to take them up or dismiss them, oldest signal
    first. ``owner`` narrows them to one person's."""
    drafts = Problem.objects.filter(status=ProblemStatus.DRAFT).select_related("owner", "measure")
    if owner is not None:
        drafts = drafts.filter(owner=owner)
    return list(drafts.order_by("signal_month", "id"))


def problems_resolved(*, limit: int = 20) -> list[Problem]:
    """The problems resolved most recently."""
    return list(
        Problem.objects.filter(status=ProblemStatus.RESOLVED).select_related("owner").order_by("-resolved_at")[:limit]
    )


def problem_get(*, pk: int) -> Problem:
    return (
        Problem.objects.select_related("owner", "measure", "cell", "raised_by")
        .prefetch_related("escalations__by", "opportunities__cell", "pdsa_cycles__cell")
        .get(pk=pk)
    )


def problem_owner_choices() -> QuerySet:
    """Who can own a problem: active QI staff, directors and administrators."""
    roles = [Role.QI_STAFF.label_en, Role.DIRECTOR.label_en, Role.ADMINISTRATOR.label_en]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def open_problems_count_by_tier() -> list[tuple[ProblemTier, int]]:
    """For the council overview: how many problems are open at each tier, from the team up."""
    counts = dict(Problem.objects.filter(status=ProblemStatus.OPEN).values_list("tier").annotate(count=Count("id")))
    return [(tier, counts.get(tier.value, 0)) for tier in ProblemTier]
