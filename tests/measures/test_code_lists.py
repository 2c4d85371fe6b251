"""Code lists: shipped defaults, loaded idempotently, extended by administrators in the admin."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.models import Code, CodeList
from measures.services import code_lists_load_defaults

pytestmark = pytest.mark.django_db


def test_the_defaults_carry_the_caleqro_groups_threshold_languages_and_age_bands():
    assert set(Code.objects.of(CodeList.RACE).values_list("code", flat=True)) == {
        "white",
        "latino_hispanic",
        "african_american",
        "asian_pacific_islander",
        "native_american",
        "other_unknown",
    }
    assert set(Code.objects.filter(is_threshold=True).values_list("code", flat=True)) == {
        "spanish",
        "vietnamese",
        "chinese",
        "tagalog",
    }
    assert list(Code.objects.of(CodeList.AGE_GROUP).values_list("min_age", "max_age")) == [
        (0, 5),
        (6, 17),
        (18, 20),
        (21, 64),
        (65, None),
    ]


def test_loading_the_defaults_again_keeps_what_administrators_changed():
    Code.objects.filter(code_list=CodeList.LANGUAGE, code="tagalog").update(is_threshold=False, label="Filipino")

    assert code_lists_load_defaults() == 0

    tagalog = Code.objects.get(code_list=CodeList.LANGUAGE, code="tagalog")
    assert (tagalog.is_threshold, tagalog.label) == (False, "Filipino")


@pytest.mark.parametrize(
    "fields",
    [
        {"code_list": CodeList.PROGRAM, "code": "Adult Clinic"},
        {"code_list": CodeList.PROGRAM, "code": "x", "reporting_group": "white"},
        {"code_list": CodeList.PROGRAM, "code": "x", "is_threshold": True},
        {"code_list": CodeList.PROGRAM, "code": "x", "min_age": 3},
        {"code_list": CodeList.AGE_GROUP, "code": "x", "min_age": 30, "max_age": 20},
        {"code_list": CodeList.URGENCY, "code": "routine"},
    ],
)
def test_the_database_refuses_codes_that_break_the_rules(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Code.objects.create(label="x", **fields)


def test_administrators_add_a_detailed_race_code_rolled_up_to_a_group(client_for, administrator):
    client = client_for(administrator)
    form = {
        "code_list": "race",
        "code": "hmong",
        "label": "Hmong",
        "label_es": "Hmong",
        "order": 100,
        "active": "on",
        "reporting_group": "asian_pacific_islander",
    }

    response = client.post(reverse("admin:measures_code_add"), {**form, "reporting_group": "chinese"})
    assert "Choose one of the race/ethnicity reporting groups" in response.content.decode()

    response = client.post(reverse("admin:measures_code_add"), form)
    assert response.status_code == 302
    assert Code.objects.get(code="hmong").reporting_group == "asian_pacific_islander"


def test_codes_are_retired_not_deleted_and_those_measures_use_stay_active(client_for, administrator):
    urgent = Code.objects.get(code_list=CodeList.URGENCY, code="urgent")
    program = Code.objects.get(code_list=CodeList.PROGRAM, code="older_adults")
    client = client_for(administrator)

    assert client.get(reverse("admin:measures_code_delete", args=[program.pk])).status_code == 403
    urgent_form = client.get(reverse("admin:measures_code_change", args=[urgent.pk])).content.decode()
    program_form = client.get(reverse("admin:measures_code_change", args=[program.pk])).content.decode()
    assert 'name="active"' not in urgent_form
    assert 'name="active"' in program_form


def test_qi_staff_do_not_edit_code_lists(client_for, qi_staff):
    assert client_for(qi_staff).get(reverse("admin:measures_code_changelist")).status_code == 302
