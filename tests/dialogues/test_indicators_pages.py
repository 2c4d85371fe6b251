"""The scorecard pages (a cell's and the council's), the attestation form, and the oversight committee pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Indicator, IndicatorAttestation, OversightCommittee, PartnerRole

pytestmark = pytest.mark.django_db

COUNCIL_INDICATORS = reverse("dialogues:council_indicators")
OVERSIGHT = reverse("dialogues:oversight")
OVERSIGHT_EDIT = reverse("dialogues:oversight_edit")


def cell_url(cell):
    return reverse("dialogues:cell_indicators", args=[cell.slug])


# --- A cell's scorecard --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["qi_staff", "director", "administrator"])
def test_qi_staff_and_directors_see_a_cells_scorecard(client_for, request, persona, cell):
    response = client_for(request.getfixturevalue(persona)).get(cell_url(cell))
    assert response.status_code == 200
    body = response.content.decode()
    for indicator in Indicator:
        assert str(indicator.label) in body
    assert "Computed from the data" in body


def test_the_cells_own_members_see_its_scorecard(client_for, consumer, cell, member_of):
    member_of(cell, PartnerRole.CONSUMER, user=consumer)
    response = client_for(consumer).get(cell_url(cell))
    assert response.status_code == 200
    assert "Record an attestation" not in response.content.decode()


def test_a_former_member_does_not_see_the_scorecard(client_for, consumer, cell, member_of):
    membership = member_of(cell, PartnerRole.CONSUMER, user=consumer)
    membership.left_on = timezone.localdate() - timedelta(days=1)
    membership.save()
    assert client_for(consumer).get(cell_url(cell)).status_code == 403


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_people_outside_the_cell_are_refused(client_for, request, persona, cell):
    assert client_for(request.getfixturevalue(persona)).get(cell_url(cell)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, cell):
    response = client.get(cell_url(cell))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_cell_is_404(client_for, qi_staff):
    assert client_for(qi_staff).get(reverse("dialogues:cell_indicators", args=["nope"])).status_code == 404


def test_qi_staff_attest_the_mission_review(client_for, qi_staff, cell):
    client = client_for(qi_staff)
    assert "Record an attestation" in client.get(cell_url(cell)).content.decode()
    response = client.post(cell_url(cell), {"indicator": "mission", "met": "yes", "evidence": "Reviewed on 3 Nov"})
    assert response.status_code == 302
    attestation = IndicatorAttestation.objects.get()
    assert (attestation.cell, attestation.met, attestation.attested_by) == (cell, True, qi_staff)
    body = client.get(cell_url(cell)).content.decode()
    assert "Attested: by quinn_qi on" in body


def test_an_attestation_without_evidence_is_reshown_with_the_error(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(cell_url(cell), {"indicator": "mission", "met": "no", "evidence": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not IndicatorAttestation.objects.exists()


def test_a_computed_indicator_cannot_be_attested_through_the_form(client_for, qi_staff, cell):
    response = client_for(qi_staff).post(
        cell_url(cell), {"indicator": "consumer_share", "met": "yes", "evidence": "Trust me"}
    )
    assert response.status_code == 200
    assert not IndicatorAttestation.objects.exists()


def test_directors_cannot_attest(client_for, director, cell):
    response = client_for(director).post(cell_url(cell), {"indicator": "mission", "met": "yes", "evidence": "x"})
    assert response.status_code == 403
    assert not IndicatorAttestation.objects.exists()


def test_survey_answers_are_never_shown_one_by_one(client_for, director, cell):
    from tests.dialogues.test_indicators_scorecard import answer

    answer(cell, 4, period=timezone.localdate().replace(day=1))
    body = client_for(director).get(cell_url(cell)).content.decode()
    assert "Fewer than 5 answers: not shown, to protect who said what." in body


# --- The council's scorecard -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["qi_staff", "director"])
def test_qi_staff_and_directors_see_the_council_scorecard(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).get(COUNCIL_INDICATORS)
    assert response.status_code == 200
    assert str(Indicator.OVERSIGHT.label) in response.content.decode()


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_others_cannot_see_the_council_scorecard(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(COUNCIL_INDICATORS).status_code == 403


def test_anonymous_visitors_log_in_for_the_council_scorecard(client):
    assert "login" in client.get(COUNCIL_INDICATORS)["Location"]


def test_qi_staff_attest_the_oversight_committee_for_the_council(client_for, qi_staff):
    response = client_for(qi_staff).post(
        COUNCIL_INDICATORS, {"indicator": "oversight", "met": "yes", "evidence": "Charter adopted 5 May"}
    )
    assert response.status_code == 302
    attestation = IndicatorAttestation.objects.get()
    assert attestation.cell is None
    assert attestation.indicator == Indicator.OVERSIGHT
    body = client_for(qi_staff).get(COUNCIL_INDICATORS).content.decode()
    assert "Charter adopted 5 May" in body


# --- The oversight committee -------------------------------------------------------------------------


def members_data(rows):
    data = {
        "members-TOTAL_FORMS": str(len(rows)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"members-{number}-{key}"] = value
    return data


def test_qi_staff_record_the_committee_and_its_members(client_for, qi_staff):
    client = client_for(qi_staff)
    assert client.get(OVERSIGHT_EDIT).status_code == 200
    data = {
        "name": "Consumer oversight committee",
        "charter": "Oversees the CQI work.",
        "established_on": "",
        "active": "on",
    }
    data |= members_data(
        [
            {"name": "Rosa", "role": "consumer", "chairs": "on"},
            {"name": "Lee", "role": "provider"},
            {"name": "", "role": ""},
        ]
    )
    response = client.post(OVERSIGHT_EDIT, data)
    assert response.status_code == 302
    committee = OversightCommittee.objects.get()
    assert [(m.name, m.role, m.chairs) for m in committee.members.all()] == [
        ("Rosa", "consumer", True),
        ("Lee", "provider", False),
    ]
    body = client.get(OVERSIGHT).content.decode()
    assert "Oversees the CQI work." in body
    assert "Rosa" in body
    assert "Chair" in body
    indicators = client.get(COUNCIL_INDICATORS).content.decode()
    assert "1 of 2 members are consumers or family members" in indicators


def test_a_member_without_a_role_is_reshown_with_the_error(client_for, qi_staff):
    data = {"name": "Committee", "charter": "", "active": "on"} | members_data([{"name": "Rosa", "role": ""}])
    response = client_for(qi_staff).post(OVERSIGHT_EDIT, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the role of this member." in body
    assert 'value="Rosa"' in body
    assert not OversightCommittee.objects.exists()


def test_directors_see_the_committee_but_cannot_edit_it(client_for, director):
    OversightCommittee.objects.create(name="Committee")
    client = client_for(director)
    assert client.get(OVERSIGHT).status_code == 200
    assert OVERSIGHT_EDIT not in client.get(OVERSIGHT).content.decode()
    assert client.get(OVERSIGHT_EDIT).status_code == 403


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_others_cannot_see_the_committee(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(OVERSIGHT).status_code == 403


def test_anonymous_visitors_log_in_for_the_committee(client):
    assert "login" in client.get(OVERSIGHT)["Location"]
    assert "login" in client.get(OVERSIGHT_EDIT)["Location"]
