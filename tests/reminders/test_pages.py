"""The reminder settings page (each person, their own) and the stalled-work view (QI staff): right role, wrong
role, anonymous, bad input, and the numbers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import ActionStep, PdsaCycle, Problem, ProblemTier
from reminders.models import ReminderSettings, Weekday

pytestmark = pytest.mark.django_db

SETTINGS = reverse("reminders:settings")
STALLED = reverse("reminders:stalled")


def settings_form(**overrides):
    data = {"actions": "on", "problems": "on", "meetings": "on", "weekly_digest": "on", "digest_weekday": "4"}
    data.update(overrides)
    return data


# --- Settings ------------------------------------------------------------------------------------------------


def test_visitors_are_asked_to_sign_in(client):
    for url in (SETTINGS, STALLED):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["consumer", "qi_staff", "outsider"])
def test_anyone_signed_in_chooses_their_own_reminders(client_for, request, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(SETTINGS).status_code == 200

    response = client.post(SETTINGS, settings_form())

    assert response.status_code == 302
    saved = ReminderSettings.objects.get(user=user)
    assert (saved.daily, saved.pdsa, saved.weekly_digest, saved.digest_weekday) == (False, False, True, Weekday.FRIDAY)
    assert ReminderSettings.objects.count() == 1


def test_a_bad_weekday_is_refused_and_nothing_saved(client_for, consumer):
    response = client_for(consumer).post(SETTINGS, settings_form(digest_weekday="9"))

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_the_page_previews_the_week_ahead(client_for, qi_staff):
    Problem.objects.create(title="Phones after 4 pm", owner=qi_staff, due_on=timezone.localdate() + timedelta(days=3))

    page = client_for(qi_staff).get(SETTINGS).content.decode()

    assert "Phones after 4 pm" in page


def test_the_page_says_when_there_is_no_e_mail_address(client_for, consumer):
    consumer.email = ""
    consumer.save()

    assert "no reminder can reach you" in client_for(consumer).get(SETTINGS).content.decode()


def test_the_page_is_in_spanish_for_a_spanish_reader(client_for, consumer):
    consumer.preferred_language = "es"
    consumer.save()
    client = client_for(consumer)
    client.cookies["django_language"] = "es"

    page = client.get(SETTINGS, headers={"accept-language": "es"}).content.decode()

    assert 'lang="es"' in page


# --- Stalled work --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
def test_only_qi_staff_see_stalled_work(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(STALLED).status_code == 403


def _age(model, pk, *, weeks):
    model.objects.filter(pk=pk).update(updated_at=timezone.now() - timedelta(weeks=weeks))


@pytest.fixture
def stalled(qi_staff, director):
    """A problem untouched for 6 weeks (department), one for 2 weeks, a PDSA cycle of a cell untouched for 5."""
    from dialogues.models import CellStatus, CompensationKind, CqiCell

    cell = CqiCell.objects.create(
        name="Front desk",
        slug="front-desk",
        focus="Calls",
        status=CellStatus.ACTIVE,
        compensation_kind=CompensationKind.NONE,
        no_compensation_reason="Staff only",
    )
    old = Problem.objects.create(
        title="Old problem", owner=director, tier=ProblemTier.DEPARTMENT, due_on=timezone.localdate()
    )
    recent = Problem.objects.create(title="Recent problem", owner=qi_staff, due_on=timezone.localdate())
    cycle = PdsaCycle.objects.create(
        cell=cell, title="Callback script", plan_prediction="Faster", starts_on=timezone.localdate()
    )
    _age(Problem, old.pk, weeks=6)
    _age(Problem, recent.pk, weeks=2)
    _age(PdsaCycle, cycle.pk, weeks=5)
    return {"old": old, "recent": recent, "cycle": cycle}


def test_stalled_work_lists_what_has_not_moved_in_four_weeks_by_owner_and_tier(
    client_for, qi_staff, stalled, django_assert_max_num_queries
):
    client = client_for(qi_staff)
    with django_assert_max_num_queries(12):
        response = client.get(STALLED)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Old problem") == 2  # once by owner, once by tier
    assert page.count("Callback script") == 2
    assert "Recent problem" not in page
    assert "Dana" in page or "dana_director" in page
    assert stalled["old"].get_absolute_url() in page
    assert response.context["by_tier"][2].items[0].title == "Old problem"  # department
    assert [item.title for item in response.context["by_tier"][0].items] == ["Callback script"]  # team


def test_the_number_of_weeks_is_chosen_on_the_page(client_for, qi_staff, stalled):
    page = client_for(qi_staff).get(STALLED, {"weeks": 1}).content.decode()
    assert "Recent problem" in page
    page = client_for(qi_staff).get(STALLED, {"weeks": 8}).content.decode()
    assert "Old problem" not in page


@pytest.mark.parametrize("weeks", ["0", "abc", "100"])
def test_a_bad_number_of_weeks_says_so_and_shows_four(client_for, qi_staff, stalled, weeks):
    response = client_for(qi_staff).get(STALLED, {"weeks": weeks})

    assert response.status_code == 400
    assert response.context["weeks"] == 4
    assert "Old problem" in response.content.decode()


def test_done_work_is_not_stalled(client_for, qi_staff, stalled):
    from dialogues.models import ImprovementOpportunity, ReviewStatus

    opportunity = ImprovementOpportunity.objects.create(
        title="Calls", cell=stalled["cycle"].cell, review_status=ReviewStatus.APPROVED
    )
    step = ActionStep.objects.create(opportunity=opportunity, description="Finished step", status="done")
    _age(ActionStep, step.pk, weeks=10)

    assert "Finished step" not in client_for(qi_staff).get(STALLED).content.decode()


def test_a_projects_cycle_without_a_cell_shows_as_the_teams_work(client_for, qi_staff, stalled):
    cycle = PdsaCycle.objects.create(
        title="Cycle of a project", plan_prediction="Faster", starts_on=timezone.localdate()
    )
    _age(PdsaCycle, cycle.pk, weeks=5)

    response = client_for(qi_staff).get(STALLED)

    assert response.status_code == 200
    assert "Cycle of a project" in [item.title for item in response.context["by_tier"][0].items]
