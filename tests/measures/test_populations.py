"""The equity dashboard narrowed to one age group or one program: the follow-on job stores each population's
cross-tabs (suppressed within the population, compared with its reference group), and the page and its
download read them, or say plainly that they are not there yet."""

import csv
import io
import re
from contextlib import contextmanager
from datetime import date
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse

from measures import dashboards
from measures.compute import populations
from measures.compute.populations import population_results_recompute
from measures.compute.services import measures_recompute
from measures.dashboard_state import dashboard_state_forget
from measures.models import (
    ComputationStatus,
    Measure,
    MeasureComputation,
    MeasureResult,
    PopulationDisparity,
    PopulationResult,
    PopulationStatus,
)
from tests.measures.importing import CLIENTS_HEADER, REQUESTS_HEADER, csv_bytes, incoming, run_import

pytestmark = pytest.mark.django_db

TIMELY = "routine-non-psychiatry-offered-10-days"
ADULTS = "age_group:21_64"
CHILDREN = "age_group:6_17"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _requests(prefix: str, count: int, met: int, *, birth_year: int, gender: str, program: str):
    """``count`` routine non-psychiatry requests on Monday 3 March 2025, one client each; ``met`` offered
    two days later (within ten business days), the rest on 31 March (twenty business days later)."""
    clients, requests = [], []
    for number in range(count):
        key = f"{prefix}{number}"
        clients.append(f"{key},{birth_year},{gender},false,white,english,north")
        offered = "2025-03-05 09:00" if number < met else "2025-03-31 09:00"
        requests.append(f"R{key},{key},2025-03-03 10:00,routine,false,non_psychiatry,{offered},,{program},,")
    return clients, requests


# Worked by hand (March 2025, and the first quarter, which the data cover to its last day):
#   adults (21–64, adult_north): women 28 of 40 offered in time (70 %), men 20 of 40 (50 %); all 48 of 80 (60 %)
#   children (6–17, children_youth): girls 11 of 22, boys 2 of 2. Two boys is a small count, so they are
#   hidden; one hidden group could be recovered from the total, so the girls are hidden too.
#   young adults (18–20, transition_age_youth): women 12 of 24, men 12 of 24. Shown on their own table,
#   but everyone's men minus the adults' and the young adults' would be the two boys: the release hides
#   the young adults' men and women too (the cheapest cells that close that subtraction), not the adults'.
#   everyone: women 51 of 86 (59.3 %), men 34 of 66 (51.5 %): nothing hidden.
GROUPS = [
    ("AF", 40, 28, 1980, "female", "adult_north"),
    ("AM", 40, 20, 1980, "male", "adult_north"),
    ("CF", 22, 11, 2015, "female", "children_youth"),
    ("CM", 2, 2, 2015, "male", "children_youth"),
    ("YF", 24, 12, 2005, "female", "transition_age_youth"),
    ("YM", 24, 12, 2005, "male", "transition_age_youth"),
]


@pytest.fixture
def tiny():
    clients, requests = [], []
    for prefix, count, met, birth_year, gender, program in GROUPS:
        more_clients, more_requests = _requests(
            prefix, count, met, birth_year=birth_year, gender=gender, program=program
        )
        clients += more_clients
        requests += more_requests
    upload = run_import(
        incoming("clients.csv", csv_bytes(CLIENTS_HEADER, clients), "clients"),
        incoming("requests.csv", csv_bytes(REQUESTS_HEADER, requests), "requests"),
    )
    assert upload.status == "loaded", upload
    return measures_recompute(trigger="manual")


@pytest.fixture
def broken_down(tiny):
    computation = population_results_recompute(computation=tiny)
    assert computation.population_status == PopulationStatus.SUCCEEDED, computation.population_message
    return computation


def equity(client, **query):
    return client.get(reverse("measures:equity_dashboard"), query)


def equity_csv(client, **query):
    return client.get(reverse("measures:equity_dashboard_csv"), query)


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def heat_table(page: str) -> dict[tuple[str, str], str]:
    """The heat map's table: (measure label, group label) -> the cell's text."""
    table = re.search(r'id="heatmap-heading".*?</section>', page, re.S).group(0)
    groups = [text_of(th) for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)][1:]
    cells = {}
    for label, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        for group, cell in zip(groups, re.findall(r"<td[^>]*>(.*?)</td>", row, re.S), strict=True):
            cells[(unescape(label), group)] = text_of(cell)
    return cells


def timely_name() -> str:
    return Measure.objects.get(code=TIMELY).display_name


def stored(population: str, **where):
    dimension, group = population.split(":")
    return PopulationResult.objects.filter(
        population_stratum=dimension, population_group=group, measure__code=TIMELY, **where
    )


# --- The job --------------------------------------------------------------------------------------------


def test_the_job_stores_each_populations_figures_as_worked_by_hand(broken_down):
    march = {"period_type": "month", "period_start": date(2025, 3, 1)}

    women = stored(ADULTS, stratum="gender", group="female", **march).get()
    men = stored(ADULTS, stratum="gender", group="male", **march).get()
    adults = stored(ADULTS, stratum="all", **march).get()

    assert (women.numerator, women.denominator, women.value) == (28, 40, 70.0)
    assert (men.numerator, men.denominator, men.value) == (20, 40, 50.0)
    assert (adults.numerator, adults.denominator, adults.value) == (48, 80, 60.0)
    assert not women.suppressed
    assert not men.suppressed
    assert not adults.suppressed
    assert women.computation_id == broken_down.pk
    # Compared with the population's reference group (the largest; a tie goes to the later code).
    assert men.details["reference_rule"] == "largest"
    assert women.details["vs_reference"]["reference"] == "male"
    assert women.details["vs_reference"]["ratio"][0] == pytest.approx(70 / 50)
    assert stored(ADULTS, stratum="gender", period_type="quarter", period_start=date(2025, 1, 1)).count() == 2
    # The summary indices within the population.
    assert PopulationDisparity.objects.filter(
        population_stratum="age_group", population_group="21_64", measure__code=TIMELY, stratum="gender"
    ).exists()
    # By program too: adult_north holds the same requests as the adults.
    north = PopulationResult.objects.get(
        population_stratum="program", population_group="adult_north", measure__code=TIMELY, stratum="all", **march
    )
    assert (north.numerator, north.denominator) == (48, 80)
    assert broken_down.population_results_written == PopulationResult.objects.count()
    assert broken_down.population_finished_at is not None


def test_a_population_is_not_broken_down_by_its_own_dimension(broken_down):
    assert not PopulationResult.objects.filter(population_stratum="age_group", stratum="age_group").exists()
    assert not PopulationResult.objects.filter(population_stratum="program", stratum="program").exists()
    assert PopulationResult.objects.filter(population_stratum="program", stratum="age_group").exists()


def test_suppression_applies_within_the_population(broken_down):
    march = {"period_type": "month", "period_start": date(2025, 3, 1), "stratum": "gender"}

    boys = stored(CHILDREN, group="male", **march).get()
    girls = stored(CHILDREN, group="female", **march).get()

    assert (boys.suppressed, boys.suppression_reason) == (True, "small_count")
    assert (girls.suppressed, girls.suppression_reason) == (True, "complementary")
    # For everyone, the same men are many enough to show.
    everyone_men = MeasureResult.objects.get(measure__code=TIMELY, group="male", **march)
    assert (everyone_men.numerator, everyone_men.denominator, everyone_men.suppressed) == (34, 66, False)


def test_the_release_hides_another_population_so_that_the_boys_cannot_be_worked_out(broken_down):
    march = {"period_type": "month", "period_start": date(2025, 3, 1), "stratum": "gender"}

    young_men = stored("age_group:18_20", group="male", **march).get()
    young_women = stored("age_group:18_20", group="female", **march).get()
    adult_men = stored(ADULTS, group="male", **march).get()

    assert (young_men.suppressed, young_men.suppression_reason) == (True, "secondary")
    assert young_women.suppressed
    assert not adult_men.suppressed
    assert broken_down.population_disclosure_audit["passed"] is True


def test_only_the_periods_the_dashboard_can_show_are_computed(broken_down):
    periods = set(PopulationResult.objects.values_list("period_type", "period_start"))

    # One month, one quarter and one fiscal year of data: each is the last (and the one before, when there is one).
    assert periods == {("month", date(2025, 3, 1)), ("quarter", date(2025, 1, 1)), ("fiscal_year", date(2024, 7, 1))}


def test_running_the_job_twice_stores_the_same_cross_tabs(broken_down):
    fields = ("population_stratum", "population_group", "measure__code", "period_type", "period_start", "stratum",
              "group", "numerator", "denominator", "value", "lower", "upper", "suppressed", "details")  # fmt: skip
    first = sorted(PopulationResult.objects.values_list(*fields), key=repr)
    disparities = PopulationDisparity.objects.count()

    again = population_results_recompute(computation=broken_down)

    assert again.population_status == PopulationStatus.SUCCEEDED
    assert sorted(PopulationResult.objects.values_list(*fields), key=repr) == first
    assert PopulationDisparity.objects.count() == disparities


def test_a_failed_job_keeps_the_previous_cross_tabs_and_says_why(broken_down, monkeypatch):
    before = sorted(PopulationResult.objects.values_list("pk", "value"), key=repr)
    original = populations._replace

    def half_written(computation, results, disparities):
        original(computation, results[: len(results) // 2], disparities)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(populations, "_replace", half_written)
    failed = population_results_recompute(computation=broken_down)

    assert failed.population_status == PopulationStatus.FAILED
    assert "the disk is full" in failed.population_message
    assert sorted(PopulationResult.objects.values_list("pk", "value"), key=repr) == before


def test_the_job_skips_a_computation_that_a_newer_one_replaced(tiny):
    newer = measures_recompute(trigger="manual")

    older = population_results_recompute(computation=tiny)

    assert older.population_status == PopulationStatus.SUPERSEDED
    assert not PopulationResult.objects.exists()
    assert population_results_recompute(computation=newer).population_status == PopulationStatus.SUCCEEDED


def test_a_successful_recompute_queues_the_breakdown(tiny, django_capture_on_commit_callbacks):
    from measures.tasks import recompute_measures

    with django_capture_on_commit_callbacks(execute=True):
        assert recompute_measures.delay(trigger="manual").get() == ComputationStatus.SUCCEEDED

    latest = MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED).order_by("-id").first()
    assert latest.population_status == PopulationStatus.SUCCEEDED
    assert set(PopulationResult.objects.values_list("computation_id", flat=True)) == {latest.pk}


# --- The page and its download ------------------------------------------------------------------------------


def test_filtering_by_an_age_group_shows_that_populations_figures(client, broken_down):
    response = equity(client, population=ADULTS, stratum="gender", period="month")
    page = response.content.decode()
    cells = heat_table(page)

    assert response.context["filters"].population == ADULTS
    assert cells[(timely_name(), "Female")] == "70.0"
    assert cells[(timely_name(), "Male")].startswith("50.0")
    assert f"Showing: {response.context['filters'].population_label}." in page
    assert f'<option value="{ADULTS}" selected>' in page
    # Everyone's figures are another matter.
    everyone = heat_table(equity(client, stratum="gender", period="month").content.decode())
    assert everyone[(timely_name(), "Female")] == "59.3  reference", "the largest group is the reference"


def test_the_groupings_offered_leave_out_the_populations_own_dimension(client, broken_down):
    response = equity(client, population=ADULTS, stratum="age_group")

    offered = [value for value, _label in response.context["stratum_choices"]]
    assert "age_group" not in offered
    assert response.context["filters"].stratum == "race_ethnicity", "falls back to the default grouping"
    assert "age_group" in [value for value, _label in equity(client).context["stratum_choices"]]
    assert "age_group" in [
        value for value, _label in equity(client, population="program:adult_north").context["stratum_choices"]
    ]


def test_the_public_sees_a_populations_small_groups_suppressed_and_staff_see_them_marked(
    client, client_for, director, broken_down
):
    public = equity(client, population=CHILDREN, stratum="gender", period="month").content.decode()
    cells = heat_table(public)
    assert cells[(timely_name(), "Female")] == "Suppressed"
    assert cells[(timely_name(), "Male")] == "Suppressed"
    download = {line["Group"]: line for line in read_csv(equity_csv(client, population=CHILDREN, stratum="gender",
                                                                     period="month"))}  # fmt: skip
    assert download["Male"]["Value"] == download["Female"]["Value"] == "Suppressed"
    assert download["Male"]["Denominator"] == ""

    staff = client_for(director)
    internal = equity(staff, population=CHILDREN, stratum="gender", period="month").content.decode()
    assert "Internal view" in internal
    cells = heat_table(internal)
    assert cells[(timely_name(), "Male")].startswith("100.0")
    assert "hidden publicly" in cells[(timely_name(), "Male")]


def test_the_csv_follows_the_population_filter(client, broken_down):
    response = equity_csv(client, population=ADULTS, stratum="gender", period="month")
    lines = {line["Group"]: line for line in read_csv(response) if line["Measure"] == timely_name()}

    assert (
        response["Content-Disposition"] == 'attachment; filename="qic-equity-age_group-21_64-gender-month-public.csv"'
    )
    assert (lines["Female"]["Value"], lines["Female"]["Denominator"]) == ("70", "40")
    assert (lines["Male"]["Value"], lines["Male"]["Denominator"]) == ("50", "40")
    assert lines["Female"]["Population"] == dashboards.cached_group_labels()[("age_group", "21_64")]
    assert "population=age_group%3A21_64" in equity(client, population=ADULTS).content.decode()
    everyone = read_csv(equity_csv(client, stratum="gender", period="month"))
    assert {line["Population"] for line in everyone} == {"Everyone"}


def test_before_the_breakdown_is_computed_the_page_says_so_and_computes_nothing(
    client, tiny, django_capture_on_commit_callbacks
):
    response = equity(client, population=ADULTS)
    page = response.content.decode()

    assert response.status_code == 200
    assert "are not ready yet" in page
    assert "Breakdown by age group and program: not computed yet." in page
    assert equity_csv(client, population=ADULTS).status_code == 404
    assert not PopulationResult.objects.exists(), "no request computes"
    assert "70.0" not in page

    MeasureComputation.objects.filter(pk=tiny.pk).update(population_status=PopulationStatus.RUNNING)
    dashboard_state_forget()  # as the job does when it starts
    assert "Breakdown by age group and program: being computed." in equity(client, population=ADULTS).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        population_results_recompute(computation=tiny)
    page = equity(client, population=ADULTS, stratum="gender", period="month").content.decode()
    assert "are not ready yet" not in page, "the cached notice gives way once the breakdown is there"
    assert heat_table(page)[(timely_name(), "Female")] == "70.0"
    assert "Breakdown by age group and program (computed" in page


def test_a_population_page_reads_a_fixed_number_of_queries_and_then_its_cache(
    client, broken_down, django_assert_num_queries
):
    # The latest computation (the dashboards' state), the group labels for the filters, that computation, the
    # measures to choose from; then, to build the body: the measures, the population's results, its disparity,
    # and everyone's monthly results by the grouping (is the gap closing?).
    with django_assert_num_queries(8):
        assert equity(client, population=ADULTS).status_code == 200
    # The whole page comes from the cache.
    with django_assert_num_queries(0):
        assert equity(client, population=ADULTS).status_code == 200


def test_an_unknown_population_falls_back_to_everyone(client, broken_down):
    for population in ("age_group:nope", "race_ethnicity:white", "drop table"):
        response = equity(client, population=population)
        assert response.status_code == 200
        chosen = re.search(r'<select[^>]*id="filter-population".*?</select>', response.content.decode(), re.S)
        assert " selected" not in chosen.group(0), "Everyone (the first choice) is shown"
        assert "Showing:" not in response.content.decode()


# --- Against everyone's results, on a county ----------------------------------------------------------------


def test_each_populations_total_equals_everyones_group_for_that_population(tmp_path):
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=600, months=6, seed=4, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    computation = population_results_recompute(computation=measures_recompute(trigger="manual"))
    assert computation.population_status == PopulationStatus.SUCCEEDED, computation.population_message

    everyone = {
        (row.measure_id, row.stratum, row.group, row.period_type, row.period_start): row
        for row in MeasureResult.objects.filter(stratum__in=["age_group", "program"])
    }
    totals = PopulationResult.objects.filter(stratum="all")
    assert set(totals.values_list("measure__code", flat=True)) >= {
        TIMELY, "days-to-first-offer", "no-show-psychiatry", "follow-up-7-days", "penetration-rate",
        "approved-dollars-per-client",
    }  # fmt: skip
    for total in totals:
        key = (total.measure_id, total.population_stratum, total.population_group, total.period_type,
               total.period_start)  # fmt: skip
        row = everyone[key]
        assert (total.numerator, total.denominator) == pytest.approx((row.numerator, row.denominator)), key
        assert total.value == pytest.approx(row.value), key


@contextmanager
def breakdown_lock_held_elsewhere():
    """The job's lock, held as another process would hold it (on PostgreSQL an advisory lock is per session)."""
    from django.db import connection

    from measures.compute.locking import recompute_lock

    if connection.vendor != "postgresql":
        with recompute_lock(key=populations.LOCK_KEY, advisory_id=populations.ADVISORY_LOCK_ID) as held:
            assert held
            yield
        return
    import psycopg2

    from conftest import database_url_for_tests
    from measures.compute.locking import ADVISORY_KEYS_SQL

    other = psycopg2.connect(database_url_for_tests())
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT pg_try_advisory_lock({ADVISORY_KEYS_SQL})", [populations.ADVISORY_LOCK_ID])
            assert cursor.fetchone()[0]
        yield
    finally:
        other.close()


def test_while_another_breakdown_holds_the_lock_the_job_leaves_the_status_for_a_retry(tiny):
    from measures.tasks import population_results_queue

    population_results_queue(computation=tiny)
    with breakdown_lock_held_elsewhere():
        waiting = population_results_recompute(computation=tiny)
        # A recompute does not wait for the breakdown: the two jobs have their own locks.
        assert measures_recompute(trigger="manual") is not None

    assert waiting.population_status == PopulationStatus.PENDING, "the task tries again later"
    assert not PopulationResult.objects.exists()
