"""Writes for a cell's improvement work: opportunities, priority votes, action steps, outcome
standards and PDSA cycles (whose start is kept as a note on the measure's control chart)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dialogues.models import (
    ActionStep,
    CqiCell,
    ImprovementOpportunity,
    OutcomeStandard,
    PdsaCycle,
    PriorityVote,
    ReviewStatus,
)
from dialogues.selectors.cells import membership_current_for
from dialogues.services.cells import _save_with_history
from measures.dashboards import dashboards_invalidate
from measures.models import ChartNote
from qic.core.i18n import FIRST_LANGUAGE, SECOND_LANGUAGE, localized_text

NOTE_MAX_LENGTH = 200


@transaction.atomic
def opportunity_save(
    *, opportunity: ImprovementOpportunity, matrix_items=None, changed_by=None
) -> ImprovementOpportunity:
    """Create or update an opportunity. Handing it to a cell records when.

    QI staff add opportunities here, so a new one is approved as it is added: they are its reviewers.
    """
    creating = opportunity.pk is None
    if creating:
        opportunity.review_status = ReviewStatus.APPROVED
    if opportunity.cell_id and not opportunity.handed_to_cell_at:
        opportunity.handed_to_cell_at = timezone.now()
    if creating and opportunity.proposed_by_id is None and changed_by is not None and changed_by.is_authenticated:
        opportunity.proposed_by = changed_by
    opportunity.full_clean(exclude=["matrix_items"])
    _save_with_history(
        opportunity,
        changed_by=changed_by,
        change_reason=_("Opportunity added") if creating else _("Opportunity edited"),
    )
    if matrix_items is not None:
        opportunity.matrix_items.set(matrix_items)
    return opportunity


REVIEW_DECISIONS = (ReviewStatus.APPROVED, ReviewStatus.DECLINED)


@transaction.atomic
def opportunity_review(*, opportunity: ImprovementOpportunity, decision: str, reviewed_by) -> ImprovementOpportunity:
    """QI staff approve a member's idea (it then shows on the cell's public page and can be voted on) or
    decline it (only the member who proposed it and staff see it, as "not taken up").

    ``decision`` is ``ReviewStatus.APPROVED`` or ``ReviewStatus.DECLINED``. Staff may change their mind
    later; deciding what is already decided changes nothing. History keeps who decided and when.
    """
    if decision not in REVIEW_DECISIONS:
        raise ValidationError(_("Choose to approve the idea or not to take it up."), code="review_decision")
    opportunity = ImprovementOpportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.review_status == decision:
        return opportunity
    opportunity.review_status = decision
    _save_with_history(
        opportunity,
        changed_by=reviewed_by,
        change_reason=_("Approved after review")
        if decision == ReviewStatus.APPROVED
        else _("Not taken up after review"),
    )
    return opportunity


@transaction.atomic
def opportunity_vote(*, opportunity: ImprovementOpportunity, voter, impact: int, effort: int) -> PriorityVote:
    """A current member of the opportunity's cell gives impact and effort (1–5). Voting again updates."""
    if opportunity.cell_id is None or membership_current_for(cell=opportunity.cell, user=voter) is None:
        raise ValidationError(_("Only current members of the cell can vote on its opportunities."))
    if opportunity.review_status != ReviewStatus.APPROVED:
        raise ValidationError(_("Votes open once QI staff have reviewed the idea."), code="not_reviewed")
    for name, value in (("impact", impact), ("effort", effort)):
        if not 1 <= int(value) <= 5:
            raise ValidationError({name: _("Choose a number from 1 to 5.")})
    vote, _created = PriorityVote.objects.update_or_create(
        opportunity=opportunity, voter=voter, defaults={"impact": int(impact), "effort": int(effort)}
    )
    return vote


@transaction.atomic
def action_step_save(*, step: ActionStep, changed_by=None) -> ActionStep:
    if step.owner_id and step.owner.cell_id != step.opportunity.cell_id:
        raise ValidationError({"owner": _("The owner must be a member of the cell working on this opportunity.")})
    creating = step.pk is None
    step.full_clean()
    _save_with_history(
        step, changed_by=changed_by, change_reason=_("Action step added") if creating else _("Action step edited")
    )
    return step


@transaction.atomic
def outcome_standard_save(*, standard: OutcomeStandard) -> OutcomeStandard:
    standard.full_clean()
    standard.save()
    return standard


def _note_texts(cycle: PdsaCycle, whose) -> tuple[str, str]:
    """The cycle's chart note in English and in Spanish, each with the cycle's and its owner's names in that
    language (a chart shows the reader's). ``whose`` is the cell, a project, or a name already written."""

    def owner_name(language: str) -> str:
        if isinstance(whose, str):
            return whose
        field = "name" if isinstance(whose, CqiCell) else "title"
        return localized_text(whose, field, language=language).text

    texts = []
    for language in (FIRST_LANGUAGE, SECOND_LANGUAGE):
        with translation.override(language):
            title = localized_text(cycle, "title", language=language).text
            text = _("PDSA: %(title)s (%(cell)s)") % {"title": title, "cell": owner_name(language)}
        texts.append(text if len(text) <= NOTE_MAX_LENGTH else text[: NOTE_MAX_LENGTH - 1] + "…")
    return texts[0], texts[1]


@transaction.atomic
def pdsa_cycle_save(*, cycle: PdsaCycle, matrix_items=None, changed_by=None, whose: str = "") -> PdsaCycle:
    """Create or update a PDSA cycle, and keep its note on the measure's chart in step.

    A cycle with a measure has one note on the month it starts; changing the cycle moves or rewrites
    the note, and removing the measure removes it. Deciding (adopt, adapt, abandon) needs study notes.
    ``whose`` names, in the note, the work a cycle without a cell belongs to (a project's title); a
    cell's cycle names its cell.
    """
    if cycle.act_decision and not cycle.study_notes.strip():
        raise ValidationError(
            {"study_notes": _("Write what you learned, compared with the prediction, before deciding.")}
        )
    if cycle.previous_id and cycle.previous.cell_id != cycle.cell_id:
        raise ValidationError({"previous": _("A cycle can only follow a cycle of the same cell.")})
    if cycle.opportunity_id and cycle.opportunity.cell_id != cycle.cell_id:
        raise ValidationError({"opportunity": _("Choose an opportunity this cell is working on.")})
    creating = cycle.pk is None
    cycle.full_clean(exclude=["matrix_items", "chart_note"])
    note_changed = False
    note = ChartNote.objects.filter(pk=cycle.chart_note_id).first() if cycle.chart_note_id else None
    if cycle.measure_id is None:
        if note is not None:
            cycle.chart_note = None
            note_changed = True
    else:
        month = cycle.starts_on.replace(day=1)
        text, text_es = _note_texts(cycle, cycle.cell if cycle.cell_id else whose)
        if note is None:
            note = ChartNote.objects.create(
                measure_id=cycle.measure_id,
                month=month,
                text=text,
                text_es=text_es,
                starts_phase=False,
                created_by=changed_by if changed_by is not None and changed_by.is_authenticated else None,
            )
            cycle.chart_note = note
            note_changed = True
        elif (note.measure_id, note.month, note.text, note.text_es) != (cycle.measure_id, month, text, text_es):
            note.measure_id, note.month, note.text, note.text_es = cycle.measure_id, month, text, text_es
            note.save(update_fields=["measure", "month", "text", "text_es"])
            note_changed = True
    _save_with_history(
        cycle, changed_by=changed_by, change_reason=_("PDSA cycle planned") if creating else _("PDSA cycle updated")
    )
    if cycle.measure_id is None and note is not None:
        note.delete()
    if matrix_items is not None:
        cycle.matrix_items.set(matrix_items)
    if note_changed:
        dashboards_invalidate()
    return cycle
