"""Seed 001: groups doing CQI work keep no less than 20% consumer membership."""

from datetime import date, timedelta

import pytest

from dialogues.models import PartnerRole
from dialogues.selectors.cells import cell_consumer_share, cells_with_consumer_share

pytestmark = pytest.mark.django_db


def test_consumers_and_family_members_count_towards_the_share(cell, member_of):
    member_of(cell, PartnerRole.CONSUMER)
    member_of(cell, PartnerRole.FAMILY)
    for _ in range(3):
        member_of(cell, PartnerRole.PROVIDER)
    share = cell_consumer_share(cell=cell)
    assert (share.consumer_members, share.members, share.percent) == (2, 5, 40)
    assert not share.below_minimum


def test_peer_providers_and_staff_do_not_count_as_consumer_members(cell, member_of):
    member_of(cell, PartnerRole.PEER_PROVIDER)
    member_of(cell, PartnerRole.STAFF)
    member_of(cell, PartnerRole.FACILITATOR)
    assert cell_consumer_share(cell=cell).consumer_members == 0


def test_exactly_twenty_percent_meets_the_rule(cell, member_of):
    member_of(cell, PartnerRole.CONSUMER)
    for _ in range(4):
        member_of(cell, PartnerRole.PROVIDER)
    assert not cell_consumer_share(cell=cell).below_minimum


def test_just_under_twenty_percent_is_below_the_minimum(cell, member_of):
    member_of(cell, PartnerRole.CONSUMER)
    for _ in range(5):
        member_of(cell, PartnerRole.PROVIDER)
    share = cell_consumer_share(cell=cell)
    assert share.percent == 17
    assert share.below_minimum


def test_members_who_left_no_longer_count(cell, member_of):
    leaver = member_of(cell, PartnerRole.CONSUMER, joined_on=date.today() - timedelta(days=200))
    member_of(cell, PartnerRole.CONSUMER)
    member_of(cell, PartnerRole.PROVIDER)
    leaver.left_on = date.today() - timedelta(days=1)
    leaver.save()
    share = cell_consumer_share(cell=cell)
    assert (share.consumer_members, share.members) == (1, 2)
    # On a day before they left, they were still a member.
    past = cell_consumer_share(cell=cell, on=date.today() - timedelta(days=10))
    assert (past.consumer_members, past.members) == (2, 3)


def test_a_cell_without_members_is_not_judged_yet(cell):
    share = cell_consumer_share(cell=cell)
    assert share.share is None
    assert not share.below_minimum


def test_the_list_of_cells_carries_the_same_share_in_one_query(cell, member_of, django_assert_num_queries):
    member_of(cell, PartnerRole.CONSUMER)
    for _ in range(5):
        member_of(cell, PartnerRole.PROVIDER)
    with django_assert_num_queries(1):
        (listed,) = cells_with_consumer_share()
    assert listed.consumer_share == cell_consumer_share(cell=cell)
