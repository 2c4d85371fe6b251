"""The IHI Triple Aim as a lens on the measures (seed 002), and its cost measure: approved dollars per
eligible member per month.

Every measure is filed under the objective it tells most about (population health, experience of care,
per capita cost), with its reason; the registry is grouped by it; the measure page shows it. Dollars per
eligible member per month (PMPM) rests on the same clients and amounts as penetration and dollars per
client, over the penetration rate's eligibles, and is hidden like them.
"""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.compute import services
from measures.compute.publication import RELEASE_FIELDS
from measures.compute.services import measures_recompute
from measures.disclosure.release import release_build
from measures.models import ComputationStatus, Measure, MeasureResult, TripleAim
from tests.measures.importing import (
    CLIENTS_HEADER,
    ELIGIBLES_HEADER,
    REQUESTS_HEADER,
    SERVICES_HEADER,
    csv_bytes,
    incoming,
    run_import,
)

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "measures.json"
PER_ELIGIBLE = "approved-dollars-per-eligible"
PER_CLIENT = "approved-dollars-per-client"
PENETRATION = "penetration-rate"
QUARTER = {"period_type": "quarter", "period_start": date(2025, 1, 1)}


# --- The tag ----------------------------------------------------------------------------------------------


def test_every_measure_of_the_pack_has_a_triple_aim_with_its_reason_in_both_languages():
    entries = [entry["fields"] for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))]

    for fields in entries:
        assert fields["triple_aim"] in TripleAim.values, fields["code"]
        assert fields["triple_aim_reason"].strip(), fields["code"]
        assert fields["triple_aim_reason_es"].strip(), fields["code"]
    loaded = dict(Measure.objects.values_list("code", "triple_aim"))
    assert loaded == {fields["code"]: fields["triple_aim"] for fields in entries}


def test_seed_002s_three_objectives_each_have_measures():
    tags = dict(Measure.objects.values_list("code", "triple_aim"))

    assert tags[PENETRATION] == TripleAim.POPULATION_HEALTH, "its denominator is the whole eligible population"
    assert tags["routine-non-psychiatry-offered-10-days"] == TripleAim.EXPERIENCE_OF_CARE, "access"
    assert tags[PER_CLIENT] == tags[PER_ELIGIBLE] == TripleAim.PER_CAPITA_COST


@pytest.mark.parametrize("tag", ["", "wellbeing"])
def test_the_database_refuses_a_measure_without_one_of_the_three_objectives(tag):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(code=PENETRATION).update(triple_aim=tag)


def test_the_database_refuses_a_tag_without_its_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(code=PENETRATION).update(triple_aim_reason="")


# --- The registry, by Triple Aim ------------------------------------------------------------------------------


def test_the_registry_groups_the_measures_by_triple_aim_in_the_seeds_order(client):
    response = client.get(reverse("measures:measure_list"))

    groups = response.context["groups"]
    assert [group["aim"] for group in groups] == ["population_health", "experience_of_care", "per_capita_cost"]
    for group in groups:
        assert {measure.triple_aim for measure in group["measures"]} == {group["aim"]}
    listed = [measure.code for group in groups for measure in group["measures"]]
    assert sorted(listed) == sorted(Measure.objects.active().values_list("code", flat=True)), "each measure once"
    page = response.content.decode()
    assert "They are grouped by the IHI Triple Aim" in page, "the lens is explained"
    assert (
        page.index("Penetration rate")
        < page.index("Requests offered a first appointment")
        < page.index("Approved dollars per eligible member per month (PMPM)")
    )


def test_the_registry_can_show_one_objective(client):
    response = client.get(reverse("measures:measure_list"), {"aim": "per_capita_cost"})

    (group,) = response.context["groups"]
    assert {measure.code for measure in group["measures"]} == {PER_CLIENT, PER_ELIGIBLE}
    assert 'aria-current="page">Per capita cost' in response.content.decode()


def test_an_unknown_objective_shows_every_group(client):
    response = client.get(reverse("measures:measure_list"), {"aim": "<script>"})

    assert response.status_code == 200
    assert len(response.context["groups"]) == 3
    assert "<script>" not in response.content.decode()


def test_the_registry_reads_the_measures_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("measures:measure_list"))


def test_the_measure_page_shows_its_objective_and_why(client):
    page = client.get(reverse("measures:measure_detail", args=[PER_ELIGIBLE])).content.decode()

    assert "Triple Aim" in page
    assert f"{reverse('measures:measure_list')}?aim=per_capita_cost" in page
    assert "The Triple Aim&#x27;s cost measure itself" in page
    assert "Per member per month (PMPM)" in page


def test_the_reason_is_in_spanish_on_a_spanish_page(client):
    client.cookies["django_language"] = "es"

    page = client.get(reverse("measures:measure_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "La medida de costo de la Triple Meta" in page
    assert "Dólares aprobados por miembro elegible por mes (PMPM)" in page


# --- Dollars per eligible member per month, worked by hand ----------------------------------------------------


def _clients_and_services(prefix: str, count: int, gender: str, day: str, amount: int):
    clients = [f"{prefix}{n},1980,{gender},false,white,english,north" for n in range(count)]
    rows = [f"S{prefix}{n},{prefix}{n},{day},true,assessment,adult_north,{amount}" for n in range(count)]
    return clients, rows


@pytest.fixture
def first_quarter():
    """The first quarter of 2025, adults aged 45, white, English-speaking.

    Services (one each): 12 women on 15 January at $150 ($1,800); 11 men on 12 February at $270
    ($2,970); 11 transgender or nonbinary clients on 20 February at $30 ($330). $5,100 in all.

    Eligibles, January / February / March: women 50 / 60 / 70 (180 member-months, 60 a month on
    average); men 30 / 30 / 30 (90, 30); transgender or nonbinary 10 / 10 / 10 (30, 10). Everyone
    90 / 100 / 110 (300 member-months, 100 a month).

    Per member per month:
      quarter, everyone: 5,100 ÷ 300 = $17.00 (penetration's average, 100, times 3 months)
      quarter, women: 1,800 ÷ 180 = $10.00; men: 2,970 ÷ 90 = $33.00; nonbinary: 330 ÷ 30 = $11.00
      January, everyone: 1,800 ÷ 90 = $20.00; February: 3,300 ÷ 100 = $33.00
      so the quarter is its months weighted by their member-months: (20 × 90 + 33 × 100) ÷ 300 = 17,
      and the fiscal year 2024–25, which the data cover only in this quarter, is $17.00 too. Per period
      the quarter would read $51.00 against months of $20 and $33.
    Dollars per client, quarter: 5,100 ÷ 34 = $150.00.
    Hidden in the quarter: the nonbinary group (11 clients, but only 10 eligible members in an average
    month), and then the men, the smallest group left, so the nonbinary dollars are not the total
    less the women's.
    """
    clients, rows = [], []
    for prefix, count, gender, day, amount in (
        ("W", 12, "female", "2025-01-15", 150),
        ("M", 11, "male", "2025-02-12", 270),
        ("T", 11, "transgender_nonbinary", "2025-02-20", 30),
    ):
        more_clients, more_rows = _clients_and_services(prefix, count, gender, day, amount)
        clients, rows = clients + more_clients, rows + more_rows
    eligibles = [
        f"2025-{month:02d},21_64,{gender},white,english,{count}"
        for gender, counts in (("female", (50, 60, 70)), ("male", (30, 30, 30)), ("transgender_nonbinary", (10,) * 3))
        for month, count in zip((1, 2, 3), counts, strict=True)
    ]
    request = "R1,W0,2025-01-06 10:00,routine,false,non_psychiatry,2025-01-08 09:00,2025-01-08,adult_north,,"
    upload = run_import(
        incoming("clients.csv", csv_bytes(CLIENTS_HEADER, clients), "clients"),
        incoming("requests.csv", csv_bytes(REQUESTS_HEADER, [request]), "requests"),
        incoming("services.csv", csv_bytes(SERVICES_HEADER, rows), "services"),
        incoming("eligibles.csv", csv_bytes(ELIGIBLES_HEADER, eligibles), "eligibles"),
    )
    assert upload.status == "loaded", upload
    computation = measures_recompute(trigger="manual")
    assert computation.status == ComputationStatus.SUCCEEDED, computation.message
    return computation


def result(code: str, *, period_type="quarter", start=date(2025, 1, 1), stratum="all", group="") -> MeasureResult:
    return MeasureResult.objects.get(
        measure__code=code, period_type=period_type, period_start=start, stratum=stratum, group=group
    )


def test_dollars_per_eligible_member_per_month_as_worked_by_hand(first_quarter):
    quarter = result(PER_ELIGIBLE)
    assert (quarter.numerator, quarter.denominator, quarter.value) == pytest.approx((5100, 300, 17.0))
    assert quarter.denominator == pytest.approx(3 * result(PENETRATION).denominator), "penetration's eligibles"
    assert quarter.details["clients"] == 34
    assert result(PER_CLIENT).value == pytest.approx(150.0)
    assert result(PER_ELIGIBLE, stratum="gender", group="female").value == pytest.approx(10.0)

    january = result(PER_ELIGIBLE, period_type="month", start=date(2025, 1, 1))
    february = result(PER_ELIGIBLE, period_type="month", start=date(2025, 2, 1))
    assert (january.value, february.value) == pytest.approx((20.0, 33.0))


def test_a_quarter_and_a_fiscal_year_are_on_the_months_scale(first_quarter):
    months = MeasureResult.objects.filter(measure__code=PER_ELIGIBLE, period_type="month", stratum="all")
    weighted = sum(month.value * month.denominator for month in months) / result(PER_ELIGIBLE).denominator

    assert result(PER_ELIGIBLE).value == pytest.approx(weighted)
    assert result(PER_ELIGIBLE, period_type="fiscal_year", start=date(2024, 7, 1)).value == pytest.approx(17.0)


def test_a_group_with_fewer_than_11_eligible_members_is_hidden_and_so_is_its_complement(first_quarter):
    nonbinary = result(PER_ELIGIBLE, stratum="gender", group="transgender_nonbinary")
    men = result(PER_ELIGIBLE, stratum="gender", group="male")
    women = result(PER_ELIGIBLE, stratum="gender", group="female")

    assert nonbinary.details["clients"] == 11, "not a small count of clients: the eligibles are small"
    assert (nonbinary.suppressed, nonbinary.suppression_reason) == (True, "small_count")
    assert (men.suppressed, men.suppression_reason) == (True, "complementary")
    assert not women.suppressed
    assert not result(PER_CLIENT, stratum="gender", group="transgender_nonbinary").suppressed, (
        "dollars per client rest on the 11 clients only"
    )


def test_dollars_linked_to_fewer_than_11_clients_are_hidden_however_many_are_eligible():
    """Five clients among 500 eligible members a month: $500 ÷ 500 = $1.00, hidden (5 clients)."""
    frame = pd.DataFrame(
        {
            "client_id": range(1, 6),
            "date": pd.to_datetime(["2025-03-03"] * 5),
            "amount": [100.0] * 5,
            "gender": ["female"] * 5,
        }
    )
    eligibles = pd.DataFrame(
        {
            "month": [date(2025, 3, 1)],
            "age_group": ["21_64"],
            "gender": ["female"],
            "race_ethnicity": ["white"],
            "language": ["english"],
            "eligibles": [500],
        }
    )
    measures = {PER_ELIGIBLE: Measure.objects.get(code=PER_ELIGIBLE)}

    rows = services._service_use_from(
        frame, eligibles, measures, period_types=("month",), strata=lambda measure, frame: ["gender"]
    )

    female = next(row for row in rows if row["stratum"] == "gender")
    assert female["value"] == pytest.approx(1.0)
    assert (female["suppressed"], female["suppression_reason"]) == (True, "small_count")


def test_per_eligible_cells_are_in_the_release_on_the_same_clients_as_dollars_per_client(first_quarter):
    codes = (PENETRATION, PER_CLIENT, PER_ELIGIBLE)
    stored = MeasureResult.objects.filter(measure__code__in=codes, stratum__in=["all", "gender"]).select_related(
        "measure"
    )
    release = release_build(("", row.measure.code, {f: getattr(row, f) for f in RELEASE_FIELDS}) for row in stored)

    people: dict[tuple, set[int]] = {}
    for cell in release.cells:
        _population, code, *place = cell.key
        people.setdefault(tuple(place), set()).add(cell.quantities["people"])
        assert code in codes
    per_eligible = [cell for cell in release.cells if cell.key[1] == PER_ELIGIBLE]
    assert len(per_eligible) == stored.filter(measure__code=PER_ELIGIBLE).count() > 0
    assert all(len(variables) == 1 for variables in people.values()), "one clients variable per place"
    assert first_quarter.disclosure_audit["passed"] is True
