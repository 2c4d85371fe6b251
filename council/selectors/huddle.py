"""The weekly huddle board for QI staff (seed 004: huddles, visual management, tiered problem escalation):
open action items, problems overdue at any tier, new chart signals, and what each tier decided this week."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from council.models import ActionItem, AgendaSource, CouncilMeeting, Decision
from council.selectors.agenda import AgendaProposal, chart_signals_and_missed_targets
from dialogues.models import Problem, ProblemEscalation, ProblemStatus, ProblemTier


@dataclass
class TierWeek:
    tier: str
    label: str
    escalated_here: list[ProblemEscalation] = field(default_factory=list)
    resolved: list[Problem] = field(default_factory=list)


@dataclass
class HuddleBoard:
    week_starts: date
    today: date
    action_items: list[ActionItem]
    overdue_problems: list[Problem]
    signals: list[AgendaProposal]
    decisions: list[Decision]
    tiers: list[TierWeek]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def huddle_board(*, today: date | None = None) -> HuddleBoard:
    """Everything the weekly huddle reads, for the week (from Monday) that ``today`` falls in.

    Open council action items, overdue first then by due date; open problems past their due date at any
    tier, the longest overdue first; chart signals on months not yet shown a week ago (the agenda's source,
    read as QI staff read the charts); decisions of council meetings held this week; and, per tier, the problems
    escalated to it and those it resolved this week.
    """
    today = today or timezone.localdate()
    monday = week_start(today)
    since = timezone.make_aware(datetime.combine(monday, time.min))
    items = list(ActionItem.objects.still_open().select_related("owner", "meeting").order_by("due_on", "id"))
    overdue_problems = list(
        Problem.objects.filter(status=ProblemStatus.OPEN, due_on__lt=today).select_related("owner").order_by("due_on")
    )
    # Unsaved meetings stand for "now" (months that ended before this month) and "a week ago" (months shown
    # then): the agenda's source gives the signals on months not yet seen a week ago.
    moment = timezone.now() if today == timezone.localdate() else timezone.make_aware(datetime.combine(today, time(12)))
    now = CouncilMeeting(starts_at=moment)
    week_ago = CouncilMeeting(starts_at=moment - timedelta(days=7))
    signals = [
        proposal
        for proposal in chart_signals_and_missed_targets(meeting=now, previous=week_ago)
        if proposal.source == AgendaSource.CHART_SIGNAL
    ]
    # Decided this week: taken at a meeting held since Monday (minutes typed later still count for that week).
    decisions = list(
        Decision.objects.filter(
            meeting__starts_at__gte=since,
            meeting__starts_at__lte=timezone.make_aware(datetime.combine(today, time.max)),
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-id")
    )
    tiers = {tier.value: TierWeek(tier.value, tier.label) for tier in ProblemTier}
    for escalation in ProblemEscalation.objects.filter(at__gte=since).select_related("problem").order_by("at"):
        tiers[escalation.to_tier].escalated_here.append(escalation)
    for problem in Problem.objects.filter(status=ProblemStatus.RESOLVED, resolved_at__gte=since).order_by(
        "resolved_at"
    ):
        tiers[problem.tier].resolved.append(problem)
    return HuddleBoard(monday, today, items, overdue_problems, signals, decisions, list(tiers.values()))
