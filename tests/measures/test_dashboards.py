"""The wait-time and equity dashboards: the public never sees a suppressed figure, staff see them marked,
downloads are safe to open in a spreadsheet, and figures come from a cache that follows the computation."""

import csv
import io
import json
import re
from datetime import date
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import kept_for_the_module
from measures import dashboards
from measures.models import Code, CodeList, Measure, MeasureResult

pytestmark = pytest.mark.django_db

PROGRAM = "adult_north"


def wait_times_url():
    return reverse("measures:wait_time_dashboard")


def wait_times_csv_url(code):
    return reverse("measures:wait_time_dashboard_csv", args=[code])


def equity_url():
    return reverse("measures:equity_dashboard")


def equity_csv_url():
    return reverse("measures:equity_dashboard_csv")


@pytest.fixture(autouse=True)
def empty_cache():
    # The cache is local memory shared by every test, and a rolled-back computation's id comes round again.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def computed_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The county imported and computed once for this module's tests (each rolls back what it writes)."""
    from measures.compute.services import measures_recompute
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    with kept_for_the_module(django_db_blocker):
        folder = tmp_path_factory.mktemp("county")
        county_write(out_dir=folder, clients=600, months=6, seed=4, start=date(2025, 1, 1))
        import_files(paths=[(kind, folder / f"{kind}.csv") for kind in KINDS])
        yield measures_recompute(trigger="manual")


@pytest.fixture
def computed(computed_for_the_module, db):
    computed_for_the_module.refresh_from_db()
    return computed_for_the_module


def recompute():
    from measures.compute.services import measures_recompute

    return measures_recompute(trigger="manual")


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def number(cell: str) -> float | None:
    return float(cell) if cell else None


def is_small(count) -> bool:
    return count is not None and 1 <= count <= 10


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'id="{re.escape(heading_id)}".*?</section>', page, re.S)
    assert match, heading_id
    return match.group(0)


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def month_rows(panel: str) -> dict[str, list[str]]:
    """A wait-time panel's monthly table: ISO month -> the text of its cells after the month."""
    rows = {}
    for month, cells in re.findall(r'<th scope="row" data-sort="([\d-]+)">.*?</th>(.*?)</tr>', panel, re.S):
        rows[month] = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
    return rows


def figure(page: str, figure_id: str) -> dict | None:
    match = re.search(rf'<script id="{re.escape(figure_id)}" type="application/json">(.*?)</script>', page, re.S)
    # json_script holds the figure's JSON text, so it is decoded twice.
    return json.loads(json.loads(match.group(1))) if match else None


def heat_table(page: str) -> dict[tuple[str, str], str]:
    """The equity heat map's table: (measure label, group label) -> the cell's text."""
    table = section(page, "heatmap-heading")
    groups = [text_of(th) for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)][1:]
    cells = {}
    for label, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        for group, cell in zip(groups, re.findall(r"<td[^>]*>(.*?)</td>", row, re.S), strict=True):
            cells[(unescape(label), group)] = text_of(cell)
    return cells


def assert_bars_show_no_small_count(page: str) -> None:
    """Every bar chart's table (equity groups, no-shows by delivery mode) shows no numerator or n of 1 to 10."""
    sections = re.findall(r'<section aria-labelledby="bars-.*?</section>', page, re.S)
    assert sections
    for bars in sections:
        for row in re.findall(r'<tr><th scope="row">.*?</th>(.*?)</tr>', bars, re.S):
            shown = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            if shown != ["Suppressed"]:
                assert not any(is_small(float(cell.replace(",", ""))) for cell in shown[2:4]), shown


def dashboard_results(*, stratum="all", group=""):
    return MeasureResult.objects.filter(
        measure__code__in=dashboards.WAIT_TIME_MEASURES, stratum=stratum, group=group
    ).select_related("measure")


def latest_quarter_rows(*, stratum, codes=dashboards.EQUITY_MEASURES):
    """Each measure's rows for the stratum in its latest quarter (what the equity dashboard shows)."""
    rows = MeasureResult.objects.filter(measure__code__in=codes, stratum=stratum, period_type="quarter").select_related(
        "measure"
    )
    latest = {}
    for row in rows:
        latest[row.measure.code] = max(latest.get(row.measure.code, row.period_start), row.period_start)
    return [row for row in rows if row.period_start == latest[row.measure.code]]


def program_label(code=PROGRAM) -> str:
    return Code.objects.get(code_list=CodeList.PROGRAM, code=code).display_label


# --- The public version ---------------------------------------------------------------------------------


def test_the_public_wait_time_page_shows_no_suppressed_month(client, computed):
    page = client.get(wait_times_url()).content.decode()

    assert "Internal view" not in page
    assert "hidden publicly" not in page
    hidden = [row for row in dashboard_results() if row.suppressed]
    assert any(row.period_type == "month" for row in hidden), "the data set must exercise suppression"
    for row in hidden:
        panel = section(page, f"panel-{row.measure.code}")
        if row.period_type == "month":
            cells = month_rows(panel)[row.period_start.isoformat()]
            assert cells == ["Suppressed"], (row.measure.code, row.period_start, cells)
            chart = figure(page, f"figure-{row.measure.code}")
            if chart is not None:
                for trace in chart["data"]:
                    if trace["name"] in ("Everyone", "This population"):
                        at = trace["x"].index(row.period_start.isoformat())
                        assert trace["y"][at] is None, (row.measure.code, row.period_start)
                        assert not (trace.get("hovertext") or [None] * len(trace["x"]))[at]
        elif row.period_type == "quarter" and row.period_start == date(2025, 4, 1):
            headline = re.search(r'<p class="mb-1">.*?</strong>', panel, re.S).group(0)
            assert "Suppressed" in headline, row.measure.code
    for code in dashboards.WAIT_TIME_MEASURES:
        for month, cells in month_rows(section(page, f"panel-{code}")).items():
            if cells != ["Suppressed"]:
                assert not any(is_small(float(cell.replace(",", ""))) for cell in cells[2:4]), (code, month, cells)
    waits = section(page, "distribution-heading")
    hidden_programs = [
        row for row in latest_quarter_rows(stratum="program", codes=["days-to-first-offer"]) if row.suppressed
    ]
    assert hidden_programs
    lines = {
        unescape(label): [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', waits, re.S)
    }
    for row in hidden_programs:
        assert lines[program_label(row.group)] == ["Suppressed"], row.group
    for label, cells in lines.items():
        if cells != ["Suppressed"]:
            assert not is_small(float(cells[3].replace(",", ""))), (label, cells)
    assert_bars_show_no_small_count(page)
    counts = re.findall(r'<span class="count">(.*?)</span>', section(page, "funnel-heading"))
    assert counts
    for count in counts:
        assert not is_small(float(count.replace(",", ""))), count


def test_the_public_wait_time_csvs_say_suppressed_with_no_figures(client, computed):
    for population in ("", f"program:{PROGRAM}", "age_group:21_64"):
        stratum, _sep, group = population.partition(":")
        hidden = {
            (row.measure.code, row.period_start.isoformat())
            for row in dashboard_results(stratum=stratum or "all", group=group)
            if row.suppressed and row.period_type == "month"
        }
        assert hidden, population
        for code in dashboards.WAIT_TIME_MEASURES:
            rows = read_csv(client.get(wait_times_csv_url(code), {"population": population}))
            by_month = {line["Month"]: line for line in rows}
            for month in (month for hidden_code, month in hidden if hidden_code == code):
                line = by_month[month]
                where = (population, code, month)
                assert line["Value"] == "Suppressed", where
                assert line["Hidden publicly"] == "yes", where
                for column in ("Lower limit", "Upper limit", "Numerator", "Denominator"):
                    assert line[column] == "", (*where, column)
            for line in rows:
                assert not is_small(number(line["Numerator"])), (population, code, line)
                assert not is_small(number(line["Denominator"])), (population, code, line)


def test_the_public_equity_page_and_csv_show_no_suppressed_group(client, computed):
    for stratum in dashboards.EQUITY_STRATA:
        response = client.get(equity_url(), {"stratum": stratum})
        page = response.content.decode()
        labels = dict(response.context["groups"])
        cells = heat_table(page)
        download = read_csv(client.get(equity_csv_url(), {"stratum": stratum}))
        csv_rows = {(line["Measure"], line["Group"]): line for line in download}

        assert response.status_code == 200
        assert "Internal view" not in page
        assert "hidden publicly" not in page
        hidden = [row for row in latest_quarter_rows(stratum=stratum) if row.suppressed]
        assert hidden, f"the data set must exercise suppression by {stratum}"
        for row in hidden:
            cell = (row.measure.display_name, labels[row.group])
            assert cells[cell] == "Suppressed", (stratum, cell)
            line = csv_rows[cell]
            assert line["Value"] == "Suppressed", (stratum, cell)
            assert line["Hidden publicly"] == "yes", (stratum, cell)
            for column in ("Lower limit", "Upper limit", "Denominator", "Reference group", "Ratio to the reference"):
                assert line[column] == "", (stratum, cell, column)
        for line in download:
            assert not is_small(number(line["Denominator"])), (stratum, line)
        assert_bars_show_no_small_count(page)


def test_on_phones_the_equity_heat_map_is_a_list_of_exactly_what_its_cells_say(client, computed):
    response = client.get(equity_url(), {"stratum": "race_ethnicity"})
    page = response.content.decode()
    heat = section(page, "heatmap-heading")
    width = response.context["board"]["heat_breakpoint"]

    assert f'<div class="d-none d-{width}-block">' in heat  # the figure, from the width its cells can be read at
    listed = re.search(rf'<div class="d-{width}-none">(.*?)</div>', heat, re.S).group(1)
    items = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    (cells,) = [trace for trace in figure(page, "figure-heatmap")["data"] if trace["name"] == "Cell labels"]
    drawn = sorted(" ".join(unescape(text).replace("<br>", " ").split()) for text in cells["text"])
    assert sorted(" ".join(item.partition(": ")[2].replace(",", "").split()) for item in items) == drawn
    assert "Suppressed" in drawn, "the data set must exercise suppression"


def test_the_largest_gaps_give_both_figures_with_their_unit(client, computed):
    gaps = []
    for stratum in dashboards.EQUITY_STRATA:
        response = client.get(equity_url(), {"stratum": stratum})
        listed = section(response.content.decode(), "gaps-heading")
        for gap in response.context["board"]["gaps"]:
            if gap["measure"].unit == "percent":
                gaps.append(gap)
                # "72.0 % against White 81.5 %": the reference's figure once lost its "%".
                assert f"{gap['value_text']} against {gap['reference']} {gap['reference_text']}" in text_of(listed)
    assert gaps, "the data set must have a group doing worse than its reference"
    assert all(gap["value_text"].endswith(" %") and gap["reference_text"].endswith(" %") for gap in gaps)


# --- Who sees which version -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "qi_staff"])
def test_county_staff_see_the_internal_view_with_hidden_cells_marked(request, client_for, computed, persona):
    client = client_for(request.getfixturevalue(persona))
    hidden = dashboard_results().get(
        measure__code="follow-up-7-days", period_type="month", period_start=date(2025, 1, 1)
    )
    assert hidden.suppressed

    for url in (wait_times_url(), equity_url()):
        page = client.get(url).content.decode()
        assert "Internal view" in page, url
        assert "hidden publicly" in page, url
    wait_times = client.get(wait_times_csv_url("follow-up-7-days"))
    line = {line["Month"]: line for line in read_csv(wait_times)}["2025-01-01"]
    assert "internal" in wait_times["Content-Disposition"]
    assert (number(line["Numerator"]), number(line["Denominator"])) == (hidden.numerator, hidden.denominator)
    assert line["Hidden publicly"] == "yes"
    equity = client.get(equity_csv_url())
    assert "internal" in equity["Content-Disposition"]
    assert any(line["Hidden publicly"] == "yes" and line["Value"] != "Suppressed" for line in read_csv(equity))


@pytest.mark.parametrize("persona", ["consumer", "outsider"])
def test_consumers_and_outsiders_see_only_the_public_view(request, client_for, computed, persona):
    client = client_for(request.getfixturevalue(persona))

    for url in (wait_times_url(), equity_url()):
        page = client.get(url).content.decode()
        assert "Internal view" not in page, url
        assert "hidden publicly" not in page, url
        assert "Suppressed" in page, url
    wait_times = client.get(wait_times_csv_url("follow-up-7-days"))
    assert "public" in wait_times["Content-Disposition"]
    assert {line["Value"] for line in read_csv(wait_times)} == {"Suppressed"}
    equity = client.get(equity_csv_url())
    assert "public" in equity["Content-Disposition"]
    assert all(line["Value"] == "Suppressed" for line in read_csv(equity) if line["Hidden publicly"] == "yes")


# --- Downloads ----------------------------------------------------------------------------------------------


def test_the_downloads_are_named_csv_files_and_an_unknown_chart_is_404(client, computed):
    wait_times = client.get(wait_times_csv_url("days-to-first-offer"), {"population": f"program:{PROGRAM}"})
    equity = client.get(equity_csv_url(), {"stratum": "gender", "period": "month"})

    assert wait_times.status_code == 200
    assert wait_times["Content-Type"].startswith("text/csv")
    assert wait_times["Content-Disposition"] == (
        f'attachment; filename="qic-days-to-first-offer-program-{PROGRAM}-public.csv"'
    )
    assert read_csv(wait_times)[0].keys() >= {"Month", "Value", "Numerator", "Denominator", "Hidden publicly"}
    assert equity.status_code == 200
    assert equity["Content-Type"].startswith("text/csv")
    assert equity["Content-Disposition"] == 'attachment; filename="qic-equity-gender-month-public.csv"'
    assert client.get(wait_times_csv_url("nope")).status_code == 404
    assert client.get(wait_times_csv_url("penetration-rate")).status_code == 404, "not on this dashboard"


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(client, computed):
    formulas = {
        "routine-non-psychiatry-offered-10-days": '=HYPERLINK("https://evil.example","Click")',
        "no-show-psychiatry": "+1+cmd|' /C calc'!A0",
        "no-show-clinicians": "-2+3",
        "follow-up-30-days": "@SUM(A1:A9)",
    }
    for code, name in formulas.items():
        Measure.objects.filter(code=code).update(name=name)
    Code.objects.filter(code_list=CodeList.RACE, code="white").update(label="=1+1")

    rows = list(csv.reader(io.StringIO(client.get(equity_csv_url()).content.decode().removeprefix("\ufeff"))))

    names = {row[1] for row in rows[1:]}
    for name in formulas.values():
        assert "'" + name in names
        assert name not in names
    assert any(row[2] == "'=1+1" for row in rows[1:])
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


# --- Filters ------------------------------------------------------------------------------------------------


def test_the_wait_time_filters_narrow_the_page_to_a_population_and_period(client, computed):
    everyone = client.get(wait_times_url())
    narrowed = client.get(wait_times_url(), {"period": "month", "population": f"program:{PROGRAM}"})
    page = narrowed.content.decode()

    assert narrowed.context["filters"] == dashboards.Filters(
        period_type="month", stratum="program", group=PROGRAM, label=program_label()
    )
    assert f"Showing: {program_label()}." in page
    assert f'<option value="program:{PROGRAM}" selected>' in page
    assert '<option value="month" selected>' in page
    assert "Showing:" not in everyone.content.decode()
    panel = section(page, "panel-days-to-first-offer")
    assert "Jun 2025" in panel
    assert "Q2 2025" not in panel
    program = dashboard_results(stratum="program", group=PROGRAM).get(
        measure__code="days-to-first-offer", period_type="month", period_start=date(2025, 1, 1)
    )
    everyone_cells = month_rows(section(everyone.content.decode(), "panel-days-to-first-offer"))["2025-01-01"]
    program_cells = month_rows(panel)["2025-01-01"]
    assert program_cells != everyone_cells
    assert float(program_cells[3].replace(",", "")) == program.denominator


@pytest.mark.parametrize(
    "query",
    [
        {"period": "century"},
        {"population": "program:nope"},
        {"population": "drop table"},
        {"population": "gender:female"},
        {"period": "century", "population": "program:"},
    ],
)
def test_unknown_wait_time_filters_fall_back_to_everyone_this_quarter(client, query):
    response = client.get(wait_times_url(), query)

    assert response.status_code == 200
    assert response.context["filters"] == dashboards.Filters()
    assert "Showing:" not in response.content.decode()


def test_the_equity_filters_choose_the_groups_and_the_compared_measure(client, computed):
    response = client.get(equity_url(), {"stratum": "gender", "measure": "follow-up-7-days"})
    page = response.content.decode()
    follow_up = Measure.objects.get(code="follow-up-7-days").display_name

    assert response.context["filters"] == dashboards.EquityFilters(stratum="gender", measure="follow-up-7-days")
    assert '<option value="gender" selected>' in page
    assert '<option value="follow-up-7-days" selected>' in page
    assert f"{follow_up}: each group against the reference" in page
    genders = set(Code.objects.filter(code_list=CodeList.GENDER).values_list("code", flat=True))
    assert {code for code, _label in response.context["groups"]} <= genders


@pytest.mark.parametrize(
    "query",
    [
        {"stratum": "program"},
        {"stratum": "drop table", "measure": "nope"},
        {"measure": "days-to-first-service"},
        {"period": "century"},
    ],
)
def test_unknown_equity_filters_fall_back_to_the_defaults(client, query):
    response = client.get(equity_url(), query)

    assert response.status_code == 200
    assert response.context["filters"] == dashboards.EquityFilters()


# --- Queries and the cache ----------------------------------------------------------------------------------


def test_each_dashboard_reads_a_fixed_number_of_queries_and_then_its_cache(client, computed, django_assert_num_queries):
    # Which computation is the latest (the dashboards' state, then cached) and the group labels for the
    # filters; then, once per computation, to build the body: that computation, the measures, their results,
    # their chart notes, the group labels, the no-shows by delivery mode, the closure reasons' labels, and
    # the waits by service line and program.
    with django_assert_num_queries(10):
        assert client.get(wait_times_url()).status_code == 200
    # The whole page comes from the cache: no query at all.
    with django_assert_num_queries(0):
        assert client.get(wait_times_url()).status_code == 200
    # The computation and the measures to choose from; then, to build the body: the measures, their results,
    # the chosen measure's disparity and its monthly results by the grouping (is the gap closing?). The state
    # and the group labels come from the cache.
    with django_assert_num_queries(6):
        assert client.get(equity_url()).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(equity_url()).status_code == 200


def test_a_signed_in_readers_cached_dashboard_reads_only_who_they_are(
    client, computed, director, django_assert_num_queries
):
    client.force_login(director)
    client.get(wait_times_url())
    client.get(equity_url())
    # The session, the user, and their permissions (through their own and their roles'): nothing about results.
    with django_assert_num_queries(4):
        assert client.get(wait_times_url()).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(equity_url()).status_code == 200


def test_a_new_recompute_shows_on_both_dashboards_at_once(client, computed, django_capture_on_commit_callbacks):
    code = "routine-non-psychiatry-offered-10-days"
    old_name = Measure.objects.get(code=code).display_name
    client.get(wait_times_url())
    client.get(equity_url())
    # Behind the services' back, so only a new computation can change the cached figures.
    Measure.objects.filter(code=code).update(name="Offered within ten days, renamed", target=55)

    assert old_name in client.get(wait_times_url()).content.decode(), "served from the cache"
    assert old_name in client.get(equity_url()).content.decode(), "served from the cache"

    with django_capture_on_commit_callbacks(execute=True):  # the recompute's transaction commits
        latest = recompute()
    wait_times = client.get(wait_times_url()).content.decode()
    equity = client.get(equity_url()).content.decode()

    assert latest.pk != computed.pk
    assert "Offered within ten days, renamed" in section(wait_times, f"panel-{code}")
    assert "Target 55 %" in re.sub(r"\s+", " ", text_of(wait_times))
    assert ("Offered within ten days, renamed", "Latino/Hispanic") in heat_table(equity)


# --- A page kept for everyone who sees it the same way -------------------------------------------------------


def csrf_value(page: str) -> str:
    values = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(values) == 1, values
    return values.pop()


def test_a_kept_public_page_gives_each_visitor_their_own_csrf_token_and_it_works():
    first, second = Client(), Client()
    first_page = first.get(wait_times_url()).content.decode()
    second_page = second.get(wait_times_url()).content.decode()

    assert csrf_value(first_page) != csrf_value(second_page)
    strict = Client(enforce_csrf_checks=True)
    token = csrf_value(strict.get(wait_times_url()).content.decode())
    switched = strict.post(
        reverse("set_language"), {"language": "es", "next": wait_times_url(), "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302, "the language switcher on a kept page posts"


def test_a_kept_page_names_its_own_address_for_the_language_switcher(client, computed):
    client.get(wait_times_url(), {"period": "month"})
    # Another address that the filters read the same way: the same kept page, with its own "next".
    page = client.get(wait_times_url(), {"period": "month", "utm_source": "<newsletter>"}).content.decode()

    assert f'name="next" value="{wait_times_url()}?period=month&amp;utm_source=%3Cnewsletter%3E"' in page
    assert "<newsletter>" not in page


def test_a_director_and_the_public_never_get_each_others_kept_page(client_for, computed, director):
    public = Client()
    staff = client_for(director)
    for url in (wait_times_url(), equity_url()):
        staff_page = staff.get(url).content.decode()
        public_page = public.get(url).content.decode()
        assert "Internal view" in staff_page, url
        assert director.username in staff_page, url
        assert "Internal view" not in public_page, url
        assert director.username not in public_page, url
        assert "Internal view" in staff.get(url).content.decode(), url


def test_a_reader_given_a_role_sees_its_page_at_once(client_for, computed, outsider):
    from qic.accounts.services import user_assign_role
    from qic.roles import Role

    reader = client_for(outsider)
    assert "Internal view" not in reader.get(wait_times_url()).content.decode()

    user_assign_role(user=outsider, role=Role.DIRECTOR)
    assert "Internal view" in reader.get(wait_times_url()).content.decode()


def test_a_message_waiting_is_shown_once_and_never_kept_for_others(client, computed, qi_staff):
    client.force_login(qi_staff)
    client.get(wait_times_url())
    client.post(reverse("measures:computation_run"), {"next": wait_times_url()})

    with_message = client.get(wait_times_url()).content.decode()
    after = client.get(wait_times_url()).content.decode()

    assert 'class="messages"' in with_message
    assert 'class="messages"' not in after


# --- Methods (before anything is computed: test_dashboards_before_data.py) -----------------------------------------


@pytest.mark.parametrize(
    "url",
    [wait_times_url, equity_url, equity_csv_url, lambda: wait_times_csv_url("days-to-first-offer")],
    ids=["wait-times", "equity", "equity-csv", "wait-times-csv"],
)
def test_the_dashboards_only_answer_get(client, url):
    assert client.post(url()).status_code == 405
    assert Client().put(url()).status_code == 405
