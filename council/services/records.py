"""Writes for what a meeting decides and who does what by when."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from council.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    CouncilMeeting,
    CouncilMeetingStatus,
    Decision,
    DecisionChange,
    DecisionMethod,
)
from council.selectors.body import meeting_day, meeting_quorum
from council.services._history import save_with_history
from dialogues.models import CouncilInitiative, InitiativeStatus, Problem, ProblemTier
from dialogues.services.council import initiative_save
from dialogues.services.problems import problem_escalate
from dialogues.services.sessions import phi_check
from measures.models import Measure
from measures.services import measure_settings_update

_COUNTS = ("votes_for", "votes_against", "abstentions")
#: Which link each kind of change needs.
_CHANGE_LINK = {
    DecisionChange.TARGET: "measure",
    DecisionChange.INITIATIVE: "initiative",
    DecisionChange.PROBLEM_TIER: "problem",
}


def decision_check(
    *,
    method: str,
    votes_for: int | None,
    votes_against: int | None,
    abstentions: int | None,
    voting_present: int | None,
) -> None:
    """The rules for a decision's counts, in words: a vote has three counts, none negative, and no more
    votes than voting members present (when attendance is recorded); consensus has no counts."""
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    if method == DecisionMethod.CONSENSUS:
        given = [field for field, value in counts.items() if value is not None]
        if given:
            raise ValidationError(
                {field: _("A decision by consensus has no vote counts: leave this blank.") for field in given},
                code="consensus_counts",
            )
        return
    if method != DecisionMethod.VOTE:
        raise ValidationError({"method": _("Say how the decision was taken.")}, code="method")
    errors = {}
    for field, value in counts.items():
        if value is None:
            errors[field] = _("A vote needs this count (0 if none).")
        elif value < 0:
            errors[field] = _("A count cannot be negative.")
    if errors:
        raise ValidationError(errors, code="vote_counts")
    total = votes_for + votes_against + abstentions
    if total == 0:
        raise ValidationError(_("A vote needs at least one vote cast or abstention."), code="no_votes")
    if voting_present is not None and total > voting_present:
        raise ValidationError(
            _("%(total)s votes and abstentions, but only %(present)s voting members attended.")
            % {"total": total, "present": voting_present},
            code="too_many_votes",
        )


@transaction.atomic
def decision_record(
    *,
    meeting: CouncilMeeting,
    text: str,
    text_es: str = "",
    method: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    agenda_item: AgendaItem | None = None,
    change: str = DecisionChange.NONE,
    measure=None,
    initiative=None,
    problem=None,
    new_target=None,
    new_initiative_status: str = "",
    new_tier: str = "",
    by=None,
) -> Decision:
    """Record a decision taken at ``meeting``, with what it changed in QIC when it changed something.

    With a new value (``new_target``, ``new_initiative_status``, ``new_tier``) the decision makes the change
    itself, in the same transaction, and the change's history names the meeting; the decision keeps what
    the value was and what it became. Without one it only points at a change made elsewhere.
    """
    if meeting.status == CouncilMeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: it took no decisions."), code="cancelled")
    if meeting.minutes_approved:
        raise ValidationError(_("These minutes have been approved: they can no longer be changed."), code="approved")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what was decided.")}, code="text")
    phi_check(text=text, field="text")
    phi_check(text=text_es, field="text_es")
    quorum = meeting_quorum(meeting=meeting)
    has_attendance = meeting.attendance.exists()
    decision_check(
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        voting_present=quorum.voting_present if has_attendance else None,
    )
    links = {"measure": measure, "initiative": initiative, "problem": problem}
    needed = _CHANGE_LINK.get(change)
    if needed and links[needed] is None:
        raise ValidationError({needed: _("Choose what the decision changed.")}, code="change_link")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")}, code="agenda_item")
    changed_from, changed_to = "", ""
    reason = _("Council decision, %(day)s: %(text)s") % {
        "day": date_format(meeting_day(meeting), "DATE_FORMAT"),
        "text": text,
    }
    if needed == "measure" and new_target is not None:
        changed_from, changed_to = _change_target(measure, new_target, reason=reason[:100], by=by)
    elif needed == "initiative" and new_initiative_status:
        changed_from, changed_to = _change_initiative(initiative, new_initiative_status, by=by)
    elif needed == "problem" and new_tier:
        changed_from, changed_to = _change_tier(problem, new_tier, reason=reason, by=by)
    decision = Decision(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        text_es=(text_es or "").strip(),
        method=method,
        change=change,
        # Only the link the change names is kept: a stray choice in another field says nothing.
        measure=measure if needed == "measure" else None,
        initiative=initiative if needed == "initiative" else None,
        problem=problem if needed == "problem" else None,
        changed_from=changed_from,
        changed_to=changed_to,
        recorded_by=by,
        **(
            {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
            if method == DecisionMethod.VOTE
            else {}
        ),
    )
    save_with_history(decision, by=by, reason=_("Decision recorded"))
    return decision


def _target_text(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _change_target(measure: Measure, new_target, *, reason: str, by) -> tuple[str, str]:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    before = measure.target
    try:
        measure_settings_update(measure=measure, changed_by=by, change_reason=reason, target=new_target)
    except ValidationError as error:
        raise ValidationError({"new_target": error.messages}, code="target") from error
    return _target_text(before), _target_text(measure.target)


def _change_initiative(initiative: CouncilInitiative, status: str, *, by) -> tuple[str, str]:
    if status not in InitiativeStatus.values:
        raise ValidationError({"new_initiative_status": _("Choose a status.")}, code="initiative_status")
    initiative = CouncilInitiative.objects.select_for_update().get(pk=initiative.pk)
    before = initiative.status
    initiative.status = status
    initiative_save(initiative=initiative, by=by)
    return before, initiative.status


def _change_tier(problem: Problem, tier: str, *, reason: str, by) -> tuple[str, str]:
    if tier not in ProblemTier.values:
        raise ValidationError({"new_tier": _("Choose a tier.")}, code="tier")
    before = problem.tier
    try:
        problem = problem_escalate(problem=problem, to_tier=tier, reason=reason, by=by)
    except ValidationError as error:
        raise ValidationError({"new_tier": error.messages}, code="tier") from error
    return before, problem.tier


@transaction.atomic
def action_item_add(
    *,
    meeting: CouncilMeeting,
    description: str,
    owner,
    due_on: date,
    description_es: str = "",
    agenda_item: AgendaItem | None = None,
    by=None,
) -> ActionItem:
    """Someone agrees at a meeting to do something by a date (said in Spanish too, when given). It shows on
    their page and on every next agenda until it is done."""
    if meeting.status == CouncilMeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: nothing was agreed at it."), code="cancelled")
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what will be done.")}, code="description")
    phi_check(text=description, field="description")
    description_es = (description_es or "").strip()
    phi_check(text=description_es, field="description_es")
    agreed_on = meeting_day(meeting)
    if due_on < agreed_on:
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")}, code="due")
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": _("Choose who will do it.")}, code="owner")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")}, code="agenda_item")
    item = ActionItem(
        meeting=meeting,
        agenda_item=agenda_item,
        description=description[:300],
        description_es=description_es[:300],
        owner=owner,
        agreed_on=agreed_on,
        due_on=due_on,
    )
    save_with_history(item, by=by, reason=_("Action item agreed"))
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, status: str, note: str = "", by=None) -> ActionItem:
    """Change an action item's status (its owner or QI staff). Done and dropped items say when."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if status not in ActionItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")}, code="status")
    phi_check(text=note, field="note")
    if status == ActionItemStatus.DROPPED and not (note or "").strip():
        raise ValidationError({"note": _("Say why the action item is dropped.")}, code="dropped_reason")
    item.status = status
    item.closed_at = None if status in OPEN_ACTION_STATUSES else (item.closed_at or timezone.now())
    if note is not None and note.strip():
        item.note = note.strip()
    save_with_history(item, by=by, reason=_("Status changed to %(status)s") % {"status": item.get_status_display()})
    return item
