"""Work that has not moved in weeks, for QI staff: by owner and by tier.

"Moved" means any change to the item itself, read from its ``updated_at`` (every save, the history's too):
an action step's or council action item's status or note, a problem's escalation, handing on or new owner,
a PDSA cycle's notes. Tiers follow the problem board's: a cell's action steps and PDSA cycles are the team's
work, council action items the council's, problems at the tier they are at.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from council.models import ActionItem
from dialogues.models import ActionStatus, ActionStep, PdsaCycle, Problem, ProblemStatus, ProblemTier

DEFAULT_WEEKS = 4


@dataclass(frozen=True)
class StalledItem:
    what: str  # action_step, action_item, problem, pdsa
    title: str
    owner: str  # a name, or "" when nobody owns it
    tier: str  # a ProblemTier value
    where: str
    last_moved: datetime
    url: str


@dataclass
class StalledGroup:
    label: str
    items: list[StalledItem] = field(default_factory=list)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def stalled_items(*, weeks: int = DEFAULT_WEEKS, now: datetime | None = None) -> list[StalledItem]:
    """Open work not changed for ``weeks`` weeks, the longest still first. Four queries."""
    since = (now or timezone.now()) - timedelta(weeks=weeks)
    items = []
    steps = ActionStep.objects.filter(
        status__in=[ActionStatus.TO_DO, ActionStatus.DOING], updated_at__lt=since
    ).select_related("owner__user", "opportunity__cell")
    for step in steps:
        items.append(
            StalledItem(
                "action_step",
                step.description,
                _name(step.owner.user if step.owner_id else None),
                ProblemTier.TEAM,
                step.opportunity.cell.name if step.opportunity.cell_id else "",
                step.updated_at,
                step.opportunity.get_absolute_url(),
            )
        )
    for item in ActionItem.objects.still_open().filter(updated_at__lt=since).select_related("owner", "meeting"):
        items.append(
            StalledItem(
                "action_item",
                item.description,
                _name(item.owner),
                ProblemTier.COUNCIL,
                item.meeting.title,
                item.updated_at,
                reverse("council:action_item_update", args=[item.pk]),
            )
        )
    for problem in Problem.objects.filter(status=ProblemStatus.OPEN, updated_at__lt=since).select_related("owner"):
        items.append(
            StalledItem(
                "problem",
                problem.title,
                _name(problem.owner),
                problem.tier,
                "",
                problem.updated_at,
                problem.get_absolute_url(),
            )
        )
    for cycle in PdsaCycle.objects.filter(act_decision="", updated_at__lt=since).select_related("cell"):
        items.append(
            StalledItem(
                "pdsa",
                cycle.title,
                "",
                ProblemTier.TEAM,
                cycle.cell.name if cycle.cell_id else "",  # a project's cycle has no cell
                cycle.updated_at,
                cycle.get_absolute_url(),
            )
        )
    return sorted(items, key=lambda item: (item.last_moved, item.what, item.title))


def stalled_by_owner(items: list[StalledItem]) -> list[StalledGroup]:
    """By owner, by name; work nobody owns (PDSA cycles, steps without an owner) last, by cell."""
    groups: dict[str, StalledGroup] = {}
    for item in items:
        label = item.owner or ""
        groups.setdefault(label, StalledGroup(label)).items.append(item)
    return sorted(groups.values(), key=lambda group: (group.label == "", group.label.lower()))


def stalled_by_tier(items: list[StalledItem]) -> list[StalledGroup]:
    """By tier, from the team up; every tier is listed, empty or not."""
    groups = {tier.value: StalledGroup(str(tier.label)) for tier in ProblemTier}
    for item in items:
        groups[item.tier].items.append(item)
    return list(groups.values())
