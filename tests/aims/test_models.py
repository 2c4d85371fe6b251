"""The database itself enforces the framework's shape."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from aims.models import Aim, ItemKind, Level, MatrixItem

pytestmark = pytest.mark.django_db


def _new_item(**overrides):
    fields = {
        "aim": Aim.objects.get(slug="timely"),
        "level": Level.objects.get(slug="dmh"),
        "order": 99,
        "kind": ItemKind.STRATEGY,
        "text": "A new strategy",
        "code": "TI-DM-99",
    }
    fields.update(overrides)
    return MatrixItem.objects.create(**fields)


def test_two_top_level_items_cannot_share_a_position_in_a_cell():
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(order=1)


def test_a_position_taken_in_one_cell_is_free_in_another():
    assert MatrixItem.objects.filter(code="TI-PR-05").exists()  # position 5 of Timely × Providers
    item = _new_item(order=5, level=Level.objects.get(slug="larger-environment"), code="TI-LE-05")
    assert item.pk


def test_sub_items_are_unique_by_position_within_their_parent_only():
    parent = MatrixItem.objects.get(code="TI-PR-02")
    # Position 1 is taken among TI-PR-02's sub-items, but not by a top-level item of another parent.
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(level=parent.level, parent=parent, order=1, code="TI-PR-02-z")
    other_parent = MatrixItem.objects.get(code="TI-PR-01")
    assert _new_item(level=other_parent.level, parent=other_parent, order=1, code="TI-PR-01-a").pk


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"order": 0}, "positions start at 1"),
        ({"text": ""}, "text is required"),
        ({"kind": "wish"}, "kind is need or strategy"),
        ({"code": "TI-PR-01"}, "codes are unique"),
    ],
)
def test_the_database_refuses_malformed_items(overrides, reason):
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(**overrides)


def test_an_aim_cannot_be_deleted_while_items_refer_to_it():
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Aim.objects.get(slug="safe").delete()


def test_text_follows_the_active_language_and_falls_back_to_english():
    item = MatrixItem.objects.get(code="TI-CF-01")
    with translation.override("es"):
        assert item.display_text == item.text_es != item.text
        item.text_es = ""
        assert item.display_text == item.text
    with translation.override("en"):
        assert Aim.objects.get(slug="timely").display_name == "Timely"


def test_level_decides_the_kind_of_its_items():
    assert Level.objects.get(slug="clients-family").item_kind == ItemKind.NEED
    assert Level.objects.get(slug="dmh").item_kind == ItemKind.STRATEGY


def test_untranslated_text_is_flagged_as_english_on_spanish_pages():
    item = MatrixItem.objects.get(code="TI-CF-01")
    with translation.override("es"):
        assert not item.display_text_is_english_fallback
        item.text_es = ""
        assert item.display_text_is_english_fallback
    with translation.override("en"):
        assert not item.display_text_is_english_fallback


def test_an_item_and_its_aim_are_named_in_the_readers_language_in_choice_lists():
    item = _new_item(text="A new strategy", text_es="Una estrategia nueva")
    with translation.override("es"):
        assert str(item) == "TI-DM-99 Una estrategia nueva"
        assert str(item.aim) == "Oportuno"
    with translation.override("en"):
        assert str(item) == "TI-DM-99 A new strategy"
        assert str(item.aim) == "Timely"


def test_a_spanish_work_plan_form_lists_the_matrix_items_in_spanish():
    from workplan.forms import ObjectiveForm

    with translation.override("es"):
        choices = [label for _value, label in ObjectiveForm().fields["matrix_items"].choices]
    timely = MatrixItem.objects.get(code="TI-CF-01")
    assert f"TI-CF-01 {timely.text_es}" in choices
    assert f"TI-CF-01 {timely.text}" not in choices
