"""What a person has coming up or overdue, for their reminders and weekly digest.

Whose work is whose: action steps by their owner (a cell membership), council action items and problems by
their owner, PDSA cycles by the members of their cell (a cycle has no owner of its own), cell meetings by
the cell's members, council meetings by the members serving on the council.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council.models import ActionItem, CouncilMeeting, CouncilMeetingStatus, CouncilMember
from dialogues.models import (
    ActionStatus,
    ActionStep,
    Meeting,
    MeetingStatus,
    Membership,
    PdsaCycle,
    Problem,
    ProblemStatus,
)
from reminders.models import ReminderKind

#: A daily reminder looks this many days ahead (today and tomorrow); the weekly digest a week.
DAILY_HORIZON_DAYS = 1
DIGEST_HORIZON_DAYS = 7


@dataclass(frozen=True)
class ReminderItem:
    kind: str  # ReminderKind
    what: str  # action_step, action_item, problem, pdsa, cell_meeting, council_meeting
    pk: int
    title: str
    day: date
    overdue: bool
    path: str
    where: str = ""  # the cell, or the meeting, it belongs to
    at: datetime | None = None  # a meeting's start

    @property
    def key(self) -> str:
        """Names the item in the record of what was sent (``ReminderSent.item_key``)."""
        return f"{self.what}:{self.pk}"


def _typed(row, field: str) -> str:
    """What people typed, in the active language (the reader's: the page's, or the e-mail's recipient's),
    the other language's text when theirs is blank."""
    return row.localized(field).text


def _actions(user, today: date, until: date) -> list[ReminderItem]:
    steps = ActionStep.objects.filter(
        owner__user=user,
        owner__left_on__isnull=True,
        status__in=[ActionStatus.TO_DO, ActionStatus.DOING],
        due_on__lte=until,
    ).select_related("opportunity__cell")
    items = [
        ReminderItem(
            ReminderKind.ACTIONS,
            "action_step",
            step.pk,
            _typed(step, "description"),
            step.due_on,
            step.due_on < today,
            step.opportunity.get_absolute_url(),
            _typed(step.opportunity.cell, "name") if step.opportunity.cell_id else "",
        )
        for step in steps
    ]
    council_items = ActionItem.objects.filter(owner=user, due_on__lte=until).still_open().select_related("meeting")
    items += [
        ReminderItem(
            ReminderKind.ACTIONS,
            "action_item",
            item.pk,
            _typed(item, "description"),
            item.due_on,
            item.due_on < today,
            reverse("council:action_item_update", args=[item.pk]),
            _typed(item.meeting, "title"),
        )
        for item in council_items
    ]
    return items


def _problems(user, today: date, until: date, *, drafts_raised_since: date | None) -> list[ReminderItem]:
    problems = Problem.objects.filter(owner=user, status=ProblemStatus.OPEN, due_on__lte=until)
    items = [
        ReminderItem(
            ReminderKind.PROBLEMS,
            "problem",
            problem.pk,
            _typed(problem, "title"),
            problem.due_on,
            problem.due_on < today,
            problem.get_absolute_url(),
            problem.get_tier_display(),
        )
        for problem in problems
    ]
    # Drafts raised from the charts wait for their owner to take them up or dismiss them.
    drafts = Problem.objects.filter(owner=user, status=ProblemStatus.DRAFT)
    if drafts_raised_since is not None:
        drafts = drafts.filter(created_at__gte=_start_of(drafts_raised_since))
    items += [
        ReminderItem(
            ReminderKind.PROBLEMS,
            "draft",
            draft.pk,
            _typed(draft, "title"),
            timezone.localtime(draft.created_at).date(),
            False,
            draft.get_absolute_url(),
        )
        for draft in drafts
    ]
    return items


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _current_cells(user):
    return Membership.objects.filter(user=user, left_on__isnull=True).values("cell")


#: From a PDSA cycle without a cell to the improvement project whose change idea it tests (``projects``).
_PROJECT = "change_idea_link__change_idea__driver__project"


def _pdsa_where(cycle: PdsaCycle) -> str:
    if cycle.cell_id:
        return _typed(cycle.cell, "name")
    link = getattr(cycle, "change_idea_link", None)
    return link.change_idea.driver.project.display_title if link is not None else ""


def _pdsa(user, today: date) -> list[ReminderItem]:
    """Running cycles that ended before today and have not been studied yet: those of the person's cells, and
    those of the improvement projects whose team they are on (a project's cycle has no cell)."""
    cycles = (
        PdsaCycle.objects.filter(act_decision="", study_notes="", ends_on__lt=today)
        .filter(Q(cell__in=_current_cells(user)) | Q(cell__isnull=True, **{f"{_PROJECT}__members__user": user}))
        .select_related("cell", _PROJECT)
        .distinct()
    )
    return [
        ReminderItem(
            ReminderKind.PDSA,
            "pdsa",
            cycle.pk,
            _typed(cycle, "title"),
            cycle.ends_on,
            True,
            cycle.get_absolute_url(),
            _pdsa_where(cycle),
        )
        for cycle in cycles
    ]


def _meetings(user, today: date, until: date) -> list[ReminderItem]:
    start, end = _start_of(today), _start_of(until + timedelta(days=1))
    cell_meetings = Meeting.objects.filter(
        cell__in=_current_cells(user), status=MeetingStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
    ).select_related("cell")
    items = [
        ReminderItem(
            ReminderKind.MEETINGS,
            "cell_meeting",
            meeting.pk,
            _typed(meeting.cell, "name"),
            timezone.localtime(meeting.starts_at).date(),
            False,
            meeting.cell.get_absolute_url(),
            meeting.place,
            meeting.starts_at,
        )
        for meeting in cell_meetings
    ]
    if CouncilMember.objects.current(on=today).filter(user=user).exists():
        council = CouncilMeeting.objects.filter(
            status=CouncilMeetingStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        items += [
            ReminderItem(
                ReminderKind.MEETINGS,
                "council_meeting",
                meeting.pk,
                _typed(meeting, "title"),
                timezone.localtime(meeting.starts_at).date(),
                False,
                meeting.get_absolute_url(),
                meeting.place,
                meeting.starts_at,
            )
            for meeting in council
        ]
    return items


def reminder_items_for(
    *, user, today: date, horizon_days: int, kinds: set[str], drafts_raised_since: date | None = None
) -> list[ReminderItem]:
    """What ``user`` has in the kinds chosen: work due by ``today + horizon_days`` or overdue, PDSA cycles to
    study, meetings from today to the horizon, and the draft problems waiting for them (only those raised
    since ``drafts_raised_since`` when given). Overdue first, then by day. A few queries per kind.

    Titles and places are in the active language: call it under ``override`` of the reader's language."""
    until = today + timedelta(days=horizon_days)
    items: list[ReminderItem] = []
    if ReminderKind.ACTIONS in kinds:
        items += _actions(user, today, until)
    if ReminderKind.PROBLEMS in kinds:
        items += _problems(user, today, until, drafts_raised_since=drafts_raised_since)
    if ReminderKind.PDSA in kinds:
        items += _pdsa(user, today)
    if ReminderKind.MEETINGS in kinds:
        items += _meetings(user, today, until)
    return sorted(items, key=lambda item: (not item.overdue, item.day, item.what, item.pk))
