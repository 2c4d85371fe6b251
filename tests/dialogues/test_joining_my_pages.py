"""A member's own pages show their own cells, meetings, attendance and stipends, and nobody else's."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import (
    Attendance,
    CellStatus,
    CompensationKind,
    CqiCell,
    ImprovementOpportunity,
    Meeting,
    MeetingStatus,
    PartnerRole,
    StipendEntry,
    StipendStatus,
    SurveyResponse,
)
from dialogues.selectors.joining import quarter_start

pytestmark = pytest.mark.django_db

MY_PAGE = reverse("dialogues:my_partnership")


def propose_url(cell):
    return reverse("dialogues:opportunity_propose", args=[cell.slug])


def survey_url(cell):
    return reverse("dialogues:survey", args=[cell.slug])


@pytest.fixture
def other_cell(db):
    return CqiCell.objects.create(
        name="Crisis follow-up",
        slug="crisis-follow-up",
        focus="A call within a day of a crisis visit",
        status=CellStatus.ACTIVE,
        compensation_kind=CompensationKind.PER_MEETING,
        stipend_per_meeting="30.00",
    )


@pytest.fixture
def ledger(cell, other_cell, consumer, member_of, django_user_model):
    """The consumer and a second member in the same cell, each with attendance and stipends."""
    mine = member_of(cell, user=consumer)
    theirs_user = django_user_model.objects.create_user(
        username="zelda_other", email="zelda.private@example.org", first_name="Zelda"
    )
    theirs = member_of(cell, user=theirs_user)
    member_of(other_cell, username="someone_elsewhere")
    now = timezone.now()
    past = Meeting.objects.create(cell=cell, starts_at=now - timedelta(days=20), status=MeetingStatus.HELD)
    earlier = Meeting.objects.create(cell=cell, starts_at=now - timedelta(days=50), status=MeetingStatus.HELD)
    Meeting.objects.create(
        cell=cell, starts_at=now + timedelta(days=7), place="Room 101, Main Street clinic", agenda="Reminder texts"
    )
    Meeting.objects.create(cell=other_cell, starts_at=now + timedelta(days=3), place="Elsewhere hall")
    for meeting in (past, earlier):
        Attendance.objects.create(meeting=meeting, membership=mine)
        Attendance.objects.create(meeting=meeting, membership=theirs)
    StipendEntry.objects.create(membership=mine, meeting=past, amount=Decimal("25.00"))
    StipendEntry.objects.create(
        membership=mine, meeting=earlier, amount=Decimal("25.00"), status=StipendStatus.PAID, paid_on=date(2026, 11, 2)
    )
    StipendEntry.objects.create(membership=theirs, meeting=past, amount=Decimal("987.65"))
    StipendEntry.objects.create(
        membership=theirs, meeting=earlier, amount=Decimal("432.10"), status=StipendStatus.PAID, paid_on=date.today()
    )
    return mine


# --- My partnership ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, cell):
    for url in (MY_PAGE, propose_url(cell), survey_url(cell)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


def test_my_page_shows_my_cells_meetings_attendance_and_stipends_with_totals(client_for, consumer, ledger):
    response = client_for(consumer).get(MY_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Getting a first appointment" in page
    assert "Shorter waits for a first appointment" in page
    assert "Second Tuesday of the month" in page
    assert "Room 101, Main Street clinic" in page
    assert "Reminder texts" in page
    stipends = response.context["stipends"]
    assert (stipends.owed, stipends.paid) == (Decimal("25.00"), Decimal("25.00"))
    assert len(stipends.entries) == 2
    assert len(response.context["attendance"]) == 2


def test_my_page_gives_the_cells_meeting_schedule_in_spanish_to_a_spanish_reader(client_for, consumer, cell, ledger):
    cell.meeting_schedule_es = "Segundo martes del mes, de 5 a 6:30 pm"
    cell.save()
    page = client_for(consumer).get(MY_PAGE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Segundo martes del mes, de 5 a 6:30 pm" in page
    assert "Second Tuesday of the month" not in page


def test_my_page_never_shows_other_members_names_contact_details_or_amounts(client_for, consumer, ledger):
    page = client_for(consumer).get(MY_PAGE).content.decode()
    for other in ("zelda_other", "Zelda", "zelda.private@example.org", "987.65", "432.10", "someone_elsewhere"):
        assert other not in page


def test_my_page_shows_no_meetings_of_cells_i_am_not_in(client_for, consumer, ledger):
    page = client_for(consumer).get(MY_PAGE).content.decode()
    assert "Elsewhere hall" not in page
    assert "Crisis follow-up" not in page


def test_a_member_who_has_left_no_longer_sees_the_cells_meetings(client_for, consumer, ledger):
    ledger.left_on = date.today() - timedelta(days=1)
    ledger.save()
    response = client_for(consumer).get(MY_PAGE)
    page = response.content.decode()
    assert "Room 101, Main Street clinic" not in page
    # Their own payment record stays theirs to see.
    assert response.context["stipends"].owed == Decimal("25.00")


def test_someone_without_a_membership_is_invited_to_join(client_for, outsider):
    response = client_for(outsider).get(MY_PAGE)
    assert response.status_code == 200
    assert reverse("dialogues:join") in response.content.decode()


def test_my_page_takes_a_fixed_number_of_queries(client_for, consumer, ledger, django_assert_max_num_queries):
    client = client_for(consumer)
    client.get(MY_PAGE)
    with django_assert_max_num_queries(12):
        client.get(MY_PAGE)


# --- Proposing an opportunity -----------------------------------------------------------------


def test_a_member_proposes_an_improvement_for_their_cell(client_for, consumer, cell, member_of):
    member_of(cell, user=consumer)
    client = client_for(consumer)
    form = client.get(propose_url(cell))
    assert form.status_code == 200
    assert "health information" in form.content.decode()

    response = client.post(propose_url(cell), {"title": "Text reminders", "description": "A day before."})

    assert response.status_code == 302
    assert response.url == MY_PAGE
    opportunity = ImprovementOpportunity.objects.get()
    assert (opportunity.cell, opportunity.proposed_by, opportunity.title) == (cell, consumer, "Text reminders")


def test_a_proposal_without_a_title_shows_the_form_again_with_what_was_typed(client_for, consumer, cell, member_of):
    member_of(cell, user=consumer)
    response = client_for(consumer).post(propose_url(cell), {"title": "", "description": "Typed words"})
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert "Typed words" in response.content.decode()
    assert not ImprovementOpportunity.objects.exists()


def test_someone_not_in_the_cell_cannot_propose_for_it(client_for, consumer, outsider, cell, other_cell, member_of):
    member_of(other_cell, user=consumer)
    assert client_for(consumer).get(propose_url(cell)).status_code == 404
    assert client_for(consumer).post(propose_url(cell), {"title": "Sneaky"}).status_code == 404
    assert client_for(outsider).get(propose_url(cell)).status_code == 404
    assert not ImprovementOpportunity.objects.exists()


def test_a_former_member_cannot_propose(client_for, consumer, cell, member_of):
    membership = member_of(cell, user=consumer, joined_on=date.today() - timedelta(days=60))
    membership.left_on = date.today() - timedelta(days=1)
    membership.save()
    assert client_for(consumer).get(propose_url(cell)).status_code == 404


# --- The participation survey -----------------------------------------------------------------


def answers(value, comment=""):
    return {**dict.fromkeys(SurveyResponse.QUESTIONS, str(value)), "comment": comment}


def test_the_survey_uses_words_and_says_answers_are_shown_only_as_totals(client_for, consumer, cell, member_of):
    member_of(cell, user=consumer)
    response = client_for(consumer).get(survey_url(cell))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Strongly disagree" in page
    assert "Strongly agree" in page
    assert "My ideas are heard and taken seriously." in page
    assert "only shown as totals" in page


def test_answering_again_in_the_same_quarter_updates_the_answer(client_for, consumer, cell, member_of):
    member_of(cell, user=consumer)
    client = client_for(consumer)
    assert client.post(survey_url(cell), answers(2)).status_code == 302
    assert client.post(survey_url(cell), answers(5, comment="Better now")).status_code == 302

    response = SurveyResponse.objects.get()
    assert response.heard == 5
    assert response.comment == "Better now"
    assert response.period == quarter_start(timezone.localdate())
    assert response.respondent == consumer

    shown_again = client.get(survey_url(cell))
    assert shown_again.context["form"].initial["heard"] == 5
    assert "already answered" in shown_again.content.decode()


def test_a_survey_with_a_missing_or_out_of_range_answer_is_shown_again(client_for, consumer, cell, member_of):
    member_of(cell, user=consumer)
    data = answers(3, comment="Kept comment")
    data["heard"] = "9"
    del data["fairly_paid"]
    response = client_for(consumer).post(survey_url(cell), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "heard" in errors
    assert "fairly_paid" in errors
    assert "Kept comment" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_someone_not_in_the_cell_cannot_answer_its_survey(client_for, outsider, qi_staff, cell):
    assert client_for(outsider).get(survey_url(cell)).status_code == 404
    assert client_for(qi_staff).post(survey_url(cell), answers(4)).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_the_quarter_starts_on_the_first_day_of_its_first_month():
    assert quarter_start(date(2026, 2, 14)) == date(2026, 1, 1)
    assert quarter_start(date(2026, 6, 30)) == date(2026, 4, 1)
    assert quarter_start(date(2026, 12, 1)) == date(2026, 10, 1)


def test_member_roles_other_than_consumer_may_use_their_pages_too(client_for, qi_staff, cell, member_of):
    member_of(cell, PartnerRole.STAFF, user=qi_staff)
    assert client_for(qi_staff).get(survey_url(cell)).status_code == 200
