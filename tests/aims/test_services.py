"""QI staff add and reword items; every change is kept with who made it and why."""

import pytest
from django.core.exceptions import ValidationError

from aims import services
from aims.models import Aim, ItemKind, Level, MatrixItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def timely():
    return Aim.objects.get(slug="timely")


@pytest.fixture
def providers():
    return Level.objects.get(slug="providers")


def test_a_new_item_goes_at_the_end_of_its_cell_with_the_next_code(timely, providers, qi_staff):
    item = services.matrix_item_create(
        aim=timely,
        level=providers,
        text="  Publish wait times monthly  ",
        change_reason="Council vote",
        changed_by=qi_staff,
    )
    assert (item.order, item.code, item.kind, item.text) == (
        8,
        "TI-PR-08",
        ItemKind.STRATEGY,
        "Publish wait times monthly",
    )
    record = item.history.get()
    assert (record.history_user, record.history_change_reason, record.history_type) == (qi_staff, "Council vote", "+")


def test_items_for_clients_and_families_are_needs(timely):
    item = services.matrix_item_create(
        aim=timely, level=Level.objects.get(slug="clients-family"), text="Reminders", change_reason="x"
    )
    assert item.kind == ItemKind.NEED


def test_a_sub_item_takes_its_parents_code_and_the_next_letter(timely, providers):
    parent = MatrixItem.objects.get(code="TI-PR-02")
    item = services.matrix_item_create(
        aim=timely, level=providers, parent=parent, text="Time to psychiatry", change_reason="x"
    )
    assert (item.code, item.order) == ("TI-PR-02-d", 4)


def test_sub_items_stay_one_level_deep_and_in_their_parents_cell(timely, providers):
    sub_item = MatrixItem.objects.get(code="TI-PR-02-a")
    with pytest.raises(ValidationError, match="cannot have sub-items"):
        services.matrix_item_create(aim=timely, level=providers, parent=sub_item, text="x", change_reason="x")
    with pytest.raises(ValidationError, match="same aim and level"):
        services.matrix_item_create(
            aim=timely,
            level=Level.objects.get(slug="dmh"),
            parent=MatrixItem.objects.get(code="TI-PR-02"),
            text="x",
            change_reason="x",
        )
    assert not MatrixItem.objects.filter(text="x").exists()


def test_codes_of_deleted_items_are_never_reused(timely, providers):
    first = services.matrix_item_create(aim=timely, level=providers, text="Temporary", change_reason="x")
    assert first.code == "TI-PR-08"
    first.delete()
    second = services.matrix_item_create(aim=timely, level=providers, text="Another", change_reason="x")
    assert (second.order, second.code) == (8, "TI-PR-09")


def test_rewording_an_item_keeps_its_code_and_records_the_change(qi_staff):
    item = MatrixItem.objects.get(code="SA-CF-05")
    services.matrix_item_update(
        item=item,
        text="Trauma-informed care",
        text_es="Atención informada sobre el trauma",
        change_reason="Current terminology",
        changed_by=qi_staff,
    )
    item.refresh_from_db()
    assert (item.code, item.text) == ("SA-CF-05", "Trauma-informed care")
    latest = item.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.text) == (
        qi_staff,
        "Current terminology",
        "Trauma-informed care",
    )


def test_an_item_cannot_be_emptied():
    item = MatrixItem.objects.get(code="SA-CF-05")
    with pytest.raises(ValidationError):
        services.matrix_item_update(item=item, text="   ", text_es="", change_reason="x")
    item.refresh_from_db()
    assert item.text == "Trauma-sensitive care"


def test_the_fixture_is_not_reloaded_over_staff_edits():
    MatrixItem.objects.filter(code="SA-CF-05").update(text="Edited on the site")
    assert services.framework_fixture_load() is False
    assert MatrixItem.objects.get(code="SA-CF-05").text == "Edited on the site"
