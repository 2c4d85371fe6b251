"""The measure registry: the pack ships as fixtures, targets keep their history, pages explain each measure."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.models import Measure
from measures.services import measure_registry_load_defaults

pytestmark = pytest.mark.django_db

PACK = {
    "routine-non-psychiatry-offered-10-days",
    "routine-psychiatry-offered-15-days",
    "urgent-offered-48-96-hours",
    "days-to-first-offer",
    "days-to-first-service",
    "no-show-psychiatry",
    "no-show-clinicians",
    "follow-up-7-days",
    "follow-up-30-days",
    # follow-up counted the HEDIS FUH way (6 and over, the last of discharges readmitted within 30 days)
    "hedis-fuh-7-days",
    "hedis-fuh-30-days",
    "readmission-30-days",
    "penetration-rate",
    "approved-dollars-per-client",
    "approved-dollars-per-eligible",  # the Triple Aim's per capita cost
    # the access funnel: requested, offered, reached a first service
    "requests-offered",
    "requests-first-service",
}


def test_the_pack_ships_complete_and_bilingual():
    assert set(Measure.objects.values_list("code", flat=True)) == PACK
    for measure in Measure.objects.prefetch_related("matrix_items"):
        assert all([measure.name_es, measure.definition_es, measure.numerator_es, measure.denominator_es]), measure.code
        assert measure.matrix_items.exists(), measure.code
        assert measure.strata, measure.code


def test_loading_again_adds_nothing_and_keeps_targets_qi_staff_set():
    measure = Measure.objects.get(code="follow-up-7-days")
    measure.target = Decimal("45")
    measure._change_reason = "Council vote, March"
    measure.save()

    assert measure_registry_load_defaults() == 0

    measure.refresh_from_db()
    assert measure.target == Decimal("45")


def test_a_percentage_target_must_lie_between_0_and_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(code="follow-up-7-days").update(target=Decimal("120"))


def test_everyone_can_read_the_definitions(client):
    page = client.get(reverse("measures:measure_list")).content.decode()
    assert "Follow-up within 7 days of a psychiatric hospitalization" in page

    detail = client.get(reverse("measures:measure_detail", args=["follow-up-7-days"])).content.decode()
    assert "A visit on the day of discharge does not count." in detail
    assert "NCQA national average for Medicaid HMO plans, 2022: 36.6 %" in detail
    assert "TI-PR-02-c" in detail
    assert "Changes to the target" not in detail, "who changed what is for staff"


def test_qi_staff_see_the_targets_history(client_for, qi_staff):
    measure = Measure.objects.get(code="no-show-psychiatry")
    measure.target = Decimal("12")
    measure._change_reason = "Council vote, March"
    measure.save()

    page = client_for(qi_staff).get(measure.get_absolute_url()).content.decode()

    assert "Changes to the target" in page
    assert "Council vote, March" in page


def test_measure_pages_are_in_spanish_too(client):
    client.cookies["django_language"] = "es"
    page = client.get(reverse("measures:measure_detail", args=["penetration-rate"]), HTTP_ACCEPT_LANGUAGE="es")

    assert "Tasa de penetración" in page.content.decode()


def test_an_unknown_measure_is_404(client):
    assert client.get(reverse("measures:measure_detail", args=["nope"])).status_code == 404


def test_the_item_page_lists_the_measures_that_serve_it(client):
    page = client.get(reverse("aims:item_detail", args=["TI-PR-02-c"])).content.decode()

    assert "Follow-up within 30 days of a psychiatric hospitalization" in page


def test_the_measure_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    # the measure, its items with aims and levels, its chart notes, its history, the latest periods with
    # results, the months, the months by group (is the gap closing?)
    with django_assert_num_queries(7):
        client.get(reverse("measures:measure_detail", args=["days-to-first-offer"]))


@pytest.fixture
def computed(tmp_path):
    from datetime import date

    from measures.compute.services import measures_recompute
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=600, months=6, seed=4, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    return measures_recompute(trigger="manual")


def test_the_public_sees_results_with_small_groups_hidden(client, computed):
    url = reverse("measures:measure_detail", args=["routine-non-psychiatry-offered-10-days"])

    page = client.get(url + "?period=quarter").content.decode()

    assert "Computed " in page
    assert "Everyone" in page
    assert "Latino/Hispanic" in page
    assert "Suppressed" in page
    assert "Hidden: fewer than 11 people" not in page, "the public is not told which hidden group is the small one"
    assert "hidden publicly" not in page
    assert "Internal view" not in page


def test_staff_see_every_figure_with_a_banner(client_for, director, computed):
    url = reverse("measures:measure_detail", args=["routine-non-psychiatry-offered-10-days"])

    page = client_for(director).get(url + "?period=month").content.decode()

    assert "Internal view" in page
    assert "hidden publicly" in page
    assert "Hidden: fewer than 11 people" in page, "staff are told why a group is hidden publicly"
    assert "Suppressed" not in page


def test_a_measure_without_results_says_so(client):
    page = client.get(reverse("measures:measure_detail", args=["penetration-rate"])).content.decode()

    assert "No results yet for this period" in page


def test_with_results_the_page_still_reads_a_fixed_number_of_queries(client, computed, django_assert_num_queries):
    # and then how far the data go, that period's results with their computation, its disparity
    # summaries, and the group labels; the months by group and their labels (is the gap closing?)
    with django_assert_num_queries(12):
        client.get(reverse("measures:measure_detail", args=["urgent-offered-48-96-hours"]) + "?period=fiscal_year")


def test_waits_show_the_median_with_mean_and_90th_percentile(client_for, qi_staff, computed):
    url = reverse("measures:measure_detail", args=["days-to-first-offer"])

    page = client_for(qi_staff).get(url + "?period=fiscal_year").content.decode()

    assert "90th percentile" in page
