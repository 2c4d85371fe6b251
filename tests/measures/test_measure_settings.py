"""QI staff change a measure's target, chart rules, reference groups and review; everyone else cannot."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from measures.models import Measure, MeasureComputation

pytestmark = pytest.mark.django_db

CODE = "follow-up-7-days"


def edit_url(code=CODE):
    return reverse("measures:measure_edit", args=[code])


def settings_form(**overrides):
    form = {
        "target": "45",
        "spc_rules": "making_data_count",
        "baseline_months": "12",
        "reference_race_ethnicity": "white",
        "reference_age_group": "largest",
        "reference_gender": "best",
        "reference_language": "largest",
        "reference_threshold_language": "no",
        "reference_limited_english": "largest",
        "reference_region": "largest",
        "written_by": "The county's Quality Improvement team",
        "checked_by": "Dr. R. Alvarez, QI lead",
        "next_review": "2027-06-30",
        "change_reason": "Council meeting of 12 March: target raised",
    }
    form.update(overrides)
    return form


def test_qi_staff_change_the_target_and_the_history_keeps_who_and_why(client_for, qi_staff):
    response = client_for(qi_staff).post(edit_url(), settings_form())

    measure = Measure.objects.get(code=CODE)
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    assert measure.target == Decimal("45")
    assert measure.spc_rules == "making_data_count"
    assert measure.baseline_months == 12
    assert measure.reference_groups == {
        "race_ethnicity": "white",
        "gender": "best",
        "threshold_language": "no",
    }, "“largest” is the default"
    assert measure.checked_by == "Dr. R. Alvarez, QI lead"
    latest = measure.history.latest()
    assert latest.history_user == qi_staff
    assert latest.history_change_reason == "Council meeting of 12 March: target raised"
    page = client_for(qi_staff).get(measure.get_absolute_url()).content.decode()
    assert "Council meeting of 12 March: target raised" in page


def test_the_form_offers_each_strata_groups_as_reference(client_for, qi_staff):
    page = client_for(qi_staff).get(edit_url()).content.decode()

    assert 'name="reference_race_ethnicity"' in page
    assert 'value="latino_hispanic"' in page
    assert "The best-performing group" in page
    assert 'name="reference_program"' not in page, "this measure is not reported by program"


def test_a_percentage_target_over_100_is_refused_and_what_was_typed_is_kept(client_for, qi_staff):
    response = client_for(qi_staff).post(edit_url(), settings_form(target="150", checked_by="Someone new"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "A percentage target is between 0 and 100." in page
    assert 'value="Someone new"' in page
    assert Measure.objects.get(code=CODE).target == Decimal("40")


def test_a_change_needs_a_reason(client_for, qi_staff):
    response = client_for(qi_staff).post(edit_url(), settings_form(change_reason=""))

    assert response.status_code == 200
    assert Measure.objects.get(code=CODE).target == Decimal("40")


def test_an_unknown_reference_group_is_refused(client_for, qi_staff):
    before = Measure.objects.get(code=CODE).reference_groups

    response = client_for(qi_staff).post(edit_url(), settings_form(reference_race_ethnicity="martian"))

    assert response.status_code == 200
    assert Measure.objects.get(code=CODE).reference_groups == before


@pytest.mark.parametrize("persona", ["director", "consumer", "outsider"])
def test_other_roles_may_not_change_a_measure(client_for, persona, request):
    user = request.getfixturevalue(persona)

    assert client_for(user).get(edit_url()).status_code == 403
    assert client_for(user).post(edit_url(), settings_form()).status_code == 403
    assert Measure.objects.get(code=CODE).target == Decimal("40")


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(edit_url())

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_an_unknown_measure_is_404(client_for, qi_staff):
    assert client_for(qi_staff).get(edit_url("no-such-measure")).status_code == 404


def test_directors_see_past_recomputes_but_cannot_start_one(client_for, director):
    MeasureComputation.objects.create(trigger="schedule", status="failed", message="OperationalError: gone away")

    page = client_for(director).get(reverse("measures:computation_list")).content.decode()

    assert "OperationalError: gone away" in page
    assert "Recompute now" not in page
    assert client_for(director).post(reverse("measures:computation_run")).status_code == 403
    assert MeasureComputation.objects.count() == 1


def test_qi_staff_start_a_recompute_and_follow_its_progress(client_for, qi_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qi_staff).post(reverse("measures:computation_run"))

    assert response.status_code == 302
    assert response.url == reverse("measures:computation_list") + "?queued_after=0"
    computation = MeasureComputation.objects.get()
    assert computation.trigger == "manual"
    state = client_for(qi_staff).get(reverse("measures:computation_status")).json()
    assert state["id"] == computation.pk
    assert state["running"] is False
    assert state["percent"] == 100


def test_a_running_recompute_reports_its_step(client_for, qi_staff):
    MeasureComputation.objects.create(trigger="manual", step="hospital", progress=55)

    state = client_for(qi_staff).get(reverse("measures:computation_status")).json()
    page = client_for(qi_staff).get(reverse("measures:computation_list")).content.decode()

    assert state["running"] is True
    assert state["percent"] == 55
    assert "follow-up after hospital stays" in state["text"]
    assert 'data-running="true"' in page


def test_recomputing_is_a_post_only_for_the_right_people(client, client_for, consumer, qi_staff):
    assert client.post(reverse("measures:computation_run")).status_code == 302, "visitors are sent to sign in"
    assert client_for(consumer).get(reverse("measures:computation_list")).status_code == 403
    assert client_for(consumer).get(reverse("measures:computation_status")).status_code == 403
    assert client_for(qi_staff).get(reverse("measures:computation_run")).status_code == 405
    assert MeasureComputation.objects.count() == 0


def test_qi_staff_put_a_note_on_the_chart_that_can_start_a_new_phase(client_for, qi_staff):
    url = reverse("measures:measure_note_add", args=[CODE])

    response = client_for(qi_staff).post(
        url, {"month": "2026-03", "text": "PDSA 2: reminder calls", "starts_phase": "on"}
    )

    assert response.status_code == 302
    note = Measure.objects.get(code=CODE).chart_notes.get()
    assert (note.month, note.text, note.starts_phase, note.created_by) == (
        date(2026, 3, 1),
        "PDSA 2: reminder calls",
        True,
        qi_staff,
    )
    page = client_for(qi_staff).get(reverse("measures:measure_detail", args=[CODE])).content.decode()
    assert "PDSA 2: reminder calls" in page


def test_a_note_without_a_month_or_text_is_refused_with_the_reasons(client_for, qi_staff):
    url = reverse("measures:measure_note_add", args=[CODE])

    response = client_for(qi_staff).post(url, {"month": "March", "text": "  "})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page
    assert "This field is required." in page
    assert not Measure.objects.get(code=CODE).chart_notes.exists()


def test_directors_cannot_put_notes_on_charts(client_for, director):
    url = reverse("measures:measure_note_add", args=[CODE])

    assert client_for(director).post(url, {"month": "2026-03", "text": "x"}).status_code == 403
    assert client_for(director).get(url).status_code == 405
