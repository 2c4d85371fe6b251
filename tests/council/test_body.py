"""The council as a body: seats and terms, the consumer share with seed 001's 20 % rule, and the quorum."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from council.models import CouncilAttendance, CouncilMember, CouncilRole
from council.selectors.body import council_consumer_share, meeting_quorum, quorum_needed
from council.services.members import council_member_add, council_member_end_term

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.mark.parametrize(("voting", "needed"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (10, 6), (11, 6)])
def test_a_quorum_is_more_than_half_of_the_voting_members(voting, needed):
    assert quorum_needed(voting) == needed


def test_the_consumer_share_counts_consumer_and_family_seats_of_current_members(council):
    share = council_consumer_share()
    assert (share.consumer_members, share.members) == (2, 5)
    assert share.percent == 40
    assert not share.below_minimum


def test_the_council_below_20_percent_consumers_is_flagged(seat):
    seat(CouncilRole.CONSUMER)
    for _ in range(5):
        seat(CouncilRole.PROVIDER)
    share = council_consumer_share()
    assert share.percent == 17
    assert share.below_minimum


def test_exactly_20_percent_meets_the_rule(seat):
    seat(CouncilRole.FAMILY)
    for _ in range(4):
        seat(CouncilRole.COUNTY_STAFF)
    assert not council_consumer_share().below_minimum


def test_the_share_is_live_members_whose_term_ended_or_has_not_begun_do_not_count(council, seat):
    council_member_end_term(member=council[0], term_ends_on=TODAY() - timedelta(days=1))
    seat(CouncilRole.CONSUMER, starts=TODAY() + timedelta(days=10))
    share = council_consumer_share()
    assert (share.consumer_members, share.members) == (1, 4)
    future = council_consumer_share(on=TODAY() + timedelta(days=10))
    assert (future.consumer_members, future.members) == (2, 5)


def test_an_empty_council_is_not_judged():
    share = council_consumer_share()
    assert share.share is None
    assert not share.below_minimum


def test_quorum_counts_voting_members_present_and_the_consumers_among_them(council, seat, meeting):
    seat(CouncilRole.COUNTY_STAFF, votes=False)
    for member in council[:3]:
        CouncilAttendance.objects.create(meeting=meeting, member=member, attended=True)
    CouncilAttendance.objects.create(meeting=meeting, member=council[3], attended=False)
    quorum = meeting_quorum(meeting=meeting)
    assert (quorum.voting_members, quorum.voting_present, quorum.needed) == (5, 3, 3)
    assert quorum.reached
    assert quorum.consumer_share_present.percent == 67


def test_two_of_five_present_is_no_quorum(council, meeting):
    for member in council[:2]:
        CouncilAttendance.objects.create(meeting=meeting, member=member)
    assert not meeting_quorum(meeting=meeting).reached


def test_terms_of_one_person_may_not_overlap(seat, qi_staff):
    member = seat(CouncilRole.CONSUMER)
    with pytest.raises(ValidationError, match="already has a term"):
        council_member_add(user=member.user, role=CouncilRole.CONSUMER, term_starts_on=TODAY(), by=qi_staff)
    council_member_end_term(member=member, term_ends_on=TODAY())
    second = council_member_add(
        user=member.user, role=CouncilRole.FAMILY, term_starts_on=TODAY() + timedelta(days=1), by=qi_staff
    )
    assert second.history.first().history_user == qi_staff


def test_the_database_refuses_a_term_that_ends_before_it_starts(seat):
    member = seat()
    with pytest.raises(IntegrityError):
        CouncilMember.objects.filter(pk=member.pk).update(term_ends_on=member.term_starts_on - timedelta(days=1))


# --- Pages ------------------------------------------------------------------------------------


def test_qi_staff_see_members_share_and_quorum(client_for, qi_staff, council):
    html = client_for(qi_staff).get(reverse("council:member_list")).content.decode()
    assert "2 of 5 members are consumers or family members (40%)" in html
    assert "3 make a quorum" in html


def test_directors_see_the_members_but_cannot_add_one(client_for, director, council):
    client = client_for(director)
    assert client.get(reverse("council:member_list")).status_code == 200
    assert client.get(reverse("council:member_add")).status_code == 403


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_others_cannot_see_the_member_list(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("council:member_list")).status_code == 403


def test_the_public_is_sent_to_sign_in_for_the_member_list(client):
    response = client.get(reverse("council:member_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_qi_staff_seat_a_member(client_for, qi_staff, consumer):
    response = client_for(qi_staff).post(
        reverse("council:member_add"),
        {"user": consumer.pk, "role": CouncilRole.CONSUMER, "term_starts_on": TODAY().isoformat(), "votes": "on"},
    )
    assert response.status_code == 302
    assert CouncilMember.objects.get(user=consumer).role == CouncilRole.CONSUMER


def test_a_term_ending_before_it_starts_is_refused_and_nothing_is_saved(client_for, qi_staff, consumer):
    response = client_for(qi_staff).post(
        reverse("council:member_add"),
        {
            "user": consumer.pk,
            "role": CouncilRole.CONSUMER,
            "term_starts_on": TODAY().isoformat(),
            "term_ends_on": (TODAY() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The term cannot end before it starts." in response.content.decode()
    assert not CouncilMember.objects.exists()


def test_qi_staff_end_a_term(client_for, qi_staff, council):
    response = client_for(qi_staff).post(
        reverse("council:member_end_term", args=[council[0].pk]), {"term_ends_on": TODAY().isoformat()}
    )
    assert response.status_code == 302
    council[0].refresh_from_db()
    assert council[0].term_ends_on == TODAY()
