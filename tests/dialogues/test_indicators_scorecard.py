"""The seven success indicators, computed or attested, for one cell and for the council."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogues.models import (
    CellStatus,
    CompensationKind,
    CqiCell,
    Dialogue,
    DialogueStatus,
    Indicator,
    OversightCommittee,
    PartnerRole,
    SurveyResponse,
)
from dialogues.selectors.indicators import (
    ATTESTED,
    COMPUTED,
    MET,
    NOT_MET,
    SURVEY_MINIMUM_RESPONDENTS,
    UNKNOWN,
    cell_scorecard,
    council_scorecard,
    survey_window_start,
)
from dialogues.services.indicators import attestation_record

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def result(scorecard, indicator):
    return next(item for item in scorecard if item.indicator == indicator)


def of_cell(cell, indicator, today=TODAY):
    return result(cell_scorecard(cell=cell, today=today), indicator)


def held_dialogue(day: date):
    starts = timezone.make_aware(datetime.combine(day, time(12, 0)))
    return Dialogue.objects.create(title="Held", starts_at=starts, status=DialogueStatus.HELD)


def answer(cell, count, *, period=date(2026, 10, 1), score=4):
    users = get_user_model().objects
    for number in range(count):
        user = users.create_user(username=f"respondent-{cell.slug}-{period}-{number}")
        SurveyResponse.objects.create(
            cell=cell,
            respondent=user,
            period=period,
            heard=score,
            equal_partner=score,
            fairly_paid=5,
            makes_difference=3,
            would_recommend=score,
        )


def test_the_scorecard_has_the_seven_markers_in_order(cell):
    assert [item.indicator for item in cell_scorecard(cell=cell, today=TODAY)] == list(Indicator.values)


# --- Mission ------------------------------------------------------------------------------------


def test_mission_reviewed_within_12_months_is_met(cell):
    cell.mission_reviewed_on = TODAY - timedelta(days=365)
    cell.save()
    item = of_cell(cell, Indicator.MISSION)
    assert (item.status, item.basis) == (MET, COMPUTED)
    assert "1 Dec 2025" in item.evidence


def test_mission_reviewed_more_than_12_months_ago_is_not_met(cell):
    cell.mission_reviewed_on = TODAY - timedelta(days=366)
    cell.save()
    assert of_cell(cell, Indicator.MISSION).status == NOT_MET


def test_mission_never_reviewed_is_not_met(cell):
    assert of_cell(cell, Indicator.MISSION).status == NOT_MET


def test_no_mission_statement_is_not_met_even_if_reviewed(cell):
    cell.mission_statement = ""
    cell.mission_reviewed_on = TODAY
    cell.save()
    item = of_cell(cell, Indicator.MISSION)
    assert item.status == NOT_MET
    assert "no mission statement" in item.evidence


def test_an_attestation_can_record_the_mission_review(cell, qi_staff):
    attestation_record(
        indicator=Indicator.MISSION,
        cell=cell,
        met=True,
        evidence="Reviewed at the October meeting",
        by=qi_staff,
        on=TODAY - timedelta(days=10),
    )
    item = of_cell(cell, Indicator.MISSION)
    assert (item.status, item.basis) == (MET, ATTESTED)
    assert item.attestation.attested_by == qi_staff
    assert item.attestation.attested_on == TODAY - timedelta(days=10)


def test_the_latest_attestation_wins(cell, qi_staff, administrator):
    attestation_record(
        indicator=Indicator.MISSION,
        cell=cell,
        met=True,
        evidence="Reviewed",
        by=qi_staff,
        on=TODAY - timedelta(days=30),
    )
    attestation_record(
        indicator=Indicator.MISSION,
        cell=cell,
        met=False,
        evidence="Needs rewriting",
        by=administrator,
        on=TODAY - timedelta(days=2),
    )
    item = of_cell(cell, Indicator.MISSION)
    assert (item.status, item.basis) == (NOT_MET, ATTESTED)
    assert item.attestation.attested_by == administrator
    assert "Needs rewriting" in item.evidence


def test_a_later_recorded_review_date_wins_over_an_older_attestation(cell, qi_staff):
    attestation_record(
        indicator=Indicator.MISSION,
        cell=cell,
        met=False,
        evidence="Not yet",
        by=qi_staff,
        on=TODAY - timedelta(days=30),
    )
    cell.mission_reviewed_on = TODAY - timedelta(days=5)
    cell.save()
    assert (of_cell(cell, Indicator.MISSION).status, of_cell(cell, Indicator.MISSION).basis) == (MET, COMPUTED)


def test_computed_indicators_cannot_be_attested(cell, qi_staff):
    with pytest.raises(ValidationError):
        attestation_record(indicator=Indicator.CONSUMER_SHARE, cell=cell, met=True, evidence="x", by=qi_staff)


def test_an_attestation_needs_evidence(cell, qi_staff):
    with pytest.raises(ValidationError):
        attestation_record(indicator=Indicator.MISSION, cell=cell, met=True, evidence="  ", by=qi_staff)


# --- Process, consumer share, compensation ---------------------------------------------------------


def test_process_is_met_with_a_description(cell):
    assert of_cell(cell, Indicator.PROCESS).status == NOT_MET
    cell.process_description = "1. Find. 2. Choose. 3. Test. 4. Report."
    cell.save()
    assert of_cell(cell, Indicator.PROCESS).status == MET


def test_process_is_met_with_a_document(cell):
    cell.process_document = "cells/process/chart.pdf"
    cell.save()
    assert of_cell(cell, Indicator.PROCESS).status == MET


def test_consumer_share_of_exactly_20_percent_is_met(cell, member_of):
    member_of(cell, PartnerRole.CONSUMER)
    for _ in range(4):
        member_of(cell, PartnerRole.PROVIDER)
    item = of_cell(cell, Indicator.CONSUMER_SHARE, today=timezone.localdate())
    assert item.status == MET
    assert item.evidence == "1 of 5 members (20%) are consumers or family members."


def test_consumer_share_below_20_percent_is_not_met(cell, member_of):
    member_of(cell, PartnerRole.FAMILY)
    for _ in range(5):
        member_of(cell, PartnerRole.STAFF)
    item = of_cell(cell, Indicator.CONSUMER_SHARE, today=timezone.localdate())
    assert item.status == NOT_MET
    assert "1 of 6 members (17%)" in item.evidence


def test_consumer_share_of_an_empty_cell_is_not_yet_known(cell):
    assert of_cell(cell, Indicator.CONSUMER_SHARE).status == UNKNOWN


def test_a_per_meeting_stipend_meets_compensation(cell):
    item = of_cell(cell, Indicator.COMPENSATION)
    assert item.status == MET
    assert "$25.00 per meeting" in item.evidence


def test_no_compensation_with_a_reason_is_not_met(cell):
    cell.compensation_kind = CompensationKind.NONE
    cell.stipend_per_meeting = None
    cell.no_compensation_reason = "Members are all county staff"
    cell.save()
    item = of_cell(cell, Indicator.COMPENSATION)
    assert item.status == NOT_MET
    assert "Members are all county staff" in item.evidence


# --- Dialogues (council-wide) ----------------------------------------------------------------------


def test_a_dialogue_held_exactly_90_days_ago_is_recent_enough(cell):
    held_dialogue(TODAY - timedelta(days=90))
    item = of_cell(cell, Indicator.DIALOGUES)
    assert item.status == MET
    assert "90 days ago" in item.evidence
    assert "council-wide" in item.evidence


def test_a_dialogue_held_91_days_ago_is_too_long_ago(cell):
    held_dialogue(TODAY - timedelta(days=91))
    assert of_cell(cell, Indicator.DIALOGUES).status == NOT_MET


def test_planned_or_cancelled_dialogues_do_not_count(cell):
    Dialogue.objects.create(title="P", starts_at=timezone.now() - timedelta(days=3), status=DialogueStatus.PLANNED)
    Dialogue.objects.create(title="C", starts_at=timezone.now() - timedelta(days=3), status=DialogueStatus.CANCELLED)
    item = of_cell(cell, Indicator.DIALOGUES)
    assert item.status == NOT_MET
    assert "No dialogue has been held yet" in item.evidence


def test_the_evidence_names_the_date_and_the_days(cell):
    held_dialogue(date(2026, 10, 12))
    assert "Last dialogue held 12 Oct 2026, 50 days ago" in of_cell(cell, Indicator.DIALOGUES).evidence


# --- Satisfaction survey -----------------------------------------------------------------------------


def test_the_survey_window_is_this_quarter_and_the_one_before():
    assert survey_window_start(date(2026, 12, 1)) == date(2026, 7, 1)
    assert survey_window_start(date(2026, 2, 14)) == date(2025, 10, 1)


def test_four_answers_meet_the_indicator_but_show_no_results(cell):
    assert SURVEY_MINIMUM_RESPONDENTS == 5
    answer(cell, 4)
    item = of_cell(cell, Indicator.SATISFACTION)
    assert item.status == MET
    assert "Fewer than 5 answers: not shown, to protect who said what." in item.evidence
    assert item.details == []


def test_five_answers_show_the_number_and_the_means(cell):
    answer(cell, 5)
    item = of_cell(cell, Indicator.SATISFACTION)
    assert item.status == MET
    assert "5 members answered" in item.evidence
    means = {str(label): mean for label, mean in item.details}
    assert means["My time is fairly compensated."] == Decimal("5.0")
    assert means["Our work makes a difference to services."] == Decimal("3.0")


def test_answers_older_than_two_quarters_do_not_count(cell):
    answer(cell, 5, period=date(2026, 4, 1))
    assert of_cell(cell, Indicator.SATISFACTION).status == NOT_MET


# --- Oversight committee ---------------------------------------------------------------------------


def committee_with(*roles, chair_role=PartnerRole.CONSUMER):
    committee = OversightCommittee.objects.create(name="Consumer oversight committee")
    committee.members.create(name="Chair", role=chair_role, chairs=True)
    for number, role in enumerate(roles):
        committee.members.create(name=f"Member {number}", role=role)
    return committee


def test_a_committee_half_consumers_chaired_by_one_is_met(cell):
    committee_with(PartnerRole.FAMILY, PartnerRole.PROVIDER, PartnerRole.STAFF)  # 2 of 4
    item = of_cell(cell, Indicator.OVERSIGHT)
    assert (item.status, item.basis) == (MET, COMPUTED)
    assert "2 of 4 members" in item.evidence


def test_a_committee_under_half_consumers_is_not_met(cell):
    committee_with(PartnerRole.PROVIDER, PartnerRole.STAFF)  # 1 of 3
    assert of_cell(cell, Indicator.OVERSIGHT).status == NOT_MET


def test_a_committee_chaired_by_a_provider_is_not_met(cell):
    committee_with(PartnerRole.CONSUMER, PartnerRole.CONSUMER, chair_role=PartnerRole.PROVIDER)
    item = of_cell(cell, Indicator.OVERSIGHT)
    assert item.status == NOT_MET
    assert "not chaired by a consumer" in item.evidence


def test_members_who_left_do_not_count(cell):
    committee = committee_with(PartnerRole.CONSUMER, PartnerRole.PROVIDER)
    committee.members.filter(name="Member 0").update(left_on=TODAY - timedelta(days=1))
    assert "1 of 2 members" in of_cell(cell, Indicator.OVERSIGHT).evidence


def test_without_recorded_members_the_oversight_can_be_attested(cell, qi_staff):
    assert of_cell(cell, Indicator.OVERSIGHT).status == UNKNOWN
    attestation_record(
        indicator=Indicator.OVERSIGHT, cell=None, met=True, evidence="Charter adopted in May", by=qi_staff, on=TODAY
    )
    item = of_cell(cell, Indicator.OVERSIGHT)
    assert (item.status, item.basis) == (MET, ATTESTED)
    assert item.attestation.attested_by == qi_staff


# --- The council -------------------------------------------------------------------------------------


def test_the_council_consumer_share_names_the_cells_below_20_percent(cell, member_of):
    other = CqiCell.objects.create(
        name="Crisis follow-up", slug="crisis", focus="x", status=CellStatus.ACTIVE, stipend_per_meeting=Decimal("20")
    )
    member_of(cell, PartnerRole.CONSUMER)
    member_of(other, PartnerRole.PROVIDER)
    member_of(other, PartnerRole.PROVIDER)
    item = result(council_scorecard(today=timezone.localdate()), Indicator.CONSUMER_SHARE)
    assert item.status == NOT_MET
    assert "Crisis follow-up" in item.evidence
    assert "Getting a first appointment" not in item.evidence


def test_the_council_consumer_share_is_met_when_every_active_cell_meets_it(cell, member_of):
    CqiCell.objects.create(
        name="Paused cell", slug="paused", focus="x", status=CellStatus.PAUSED, stipend_per_meeting=Decimal("20")
    )
    member_of(cell, PartnerRole.CONSUMER)
    item = result(council_scorecard(today=timezone.localdate()), Indicator.CONSUMER_SHARE)
    assert item.status == MET


def test_the_council_scorecard_without_active_cells_is_not_yet_known(db):
    item = result(council_scorecard(today=TODAY), Indicator.PROCESS)
    assert item.status == UNKNOWN


def test_council_satisfaction_needs_answers_in_every_active_cell(cell):
    other = CqiCell.objects.create(
        name="Crisis follow-up", slug="crisis", focus="x", status=CellStatus.ACTIVE, stipend_per_meeting=Decimal("20")
    )
    answer(cell, 3)
    item = result(council_scorecard(today=TODAY), Indicator.SATISFACTION)
    assert item.status == NOT_MET
    assert other.name in item.evidence
    assert "Fewer than 5 answers in all" in item.evidence
    answer(other, 2)
    item = result(council_scorecard(today=TODAY), Indicator.SATISFACTION)
    assert item.status == MET
    assert "5 members answered in all" in item.evidence
    assert item.details
