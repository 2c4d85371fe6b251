"""Every hidden cell reads the same in public (issue 13).

A public page that says one cell is hidden for "fewer than 11 people" and its neighbour "so that a small
group cannot be worked out" tells the reader which of the two is the small one. So every public figure,
page and download labels every hidden cell "Suppressed", with the hover text "Hidden to protect
privacy", whatever the reason; staff still see the reason, in words that cope with a reason code this
version does not know.
"""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from measures import dashboards
from measures.charts import (
    Comparison,
    FunnelStage,
    MeasureSpec,
    WaitBin,
    WaitSummary,
    bar_by_group_figure,
    control_chart_figure,
    control_chart_series,
    figure_json,
    forest_figure,
    funnel_figure,
    heatmap_figure,
    hidden_text,
    public_hidden_text,
    reason_text,
    wait_distribution_figure,
    wait_histogram_figure,
)
from measures.models import Code, CodeList, ComputationStatus, Measure, MeasureComputation, MeasureResult
from measures.spc import control_chart

PUBLIC_LABEL = "Suppressed"
PUBLIC_HOVER = "Hidden to protect privacy"
#: Reason codes and staff wording: never in a public figure.
REASON_WORDS = ("fewer than 11", "worked out", "small_count", "small_complement", "complementary", "secondary")
#: Why one cell is hidden, in staff wording: never on a public page or in a public download.
STAFF_REASONS = (
    "Hidden: fewer than 11 people",
    "Hidden, so that a small group cannot be worked out",
    "Hidden so that a small count elsewhere cannot be worked out",
    "because it rests on fewer than 11 people",
    "because they rest on fewer than 11 people",
)

MONTHS = [date(2025, month, 1) for month in range(1, 13)]
GROUPS = [("white", "White"), ("black", "Black"), ("asian", "Asian"), ("latino", "Latino")]


def result(group, numerator, denominator, *, reason="", period=MONTHS[0], measure="timely"):
    value = 100 * numerator / denominator
    return {
        "measure": measure,
        "period_type": "month",
        "period_start": period,
        "stratum": "race_ethnicity",
        "group": group,
        "numerator": float(numerator),
        "denominator": float(denominator),
        "value": value,
        "lower": value - 4,
        "upper": value + 4,
        "details": {},
        "suppressed": bool(reason),
        "suppression_reason": reason,
    }


# Asian: 7 of 9 is a small count; Latino is hidden only so that Asian cannot be worked out from the total.
ROWS = [
    result("white", 240, 300),
    result("black", 126, 180),
    result("asian", 7, 9, reason="small_count"),
    result("latino", 66, 120, reason="complementary"),
]


def marks(figure) -> set[tuple[str, str]]:
    """Each hidden cell's label and hover text, with the cell's own name ("Asian: …") taken off the hover."""
    found = set()
    for note in figure.layout.annotations:
        if note.text == PUBLIC_LABEL:
            found.add((note.text, note.hovertext))
    for trace in figure.data:
        if trace.name == PUBLIC_LABEL and trace.mode == "text":
            for text, hover in zip(trace.text, trace.hovertext, strict=True):
                found.add((text, hover.rpartition(": ")[2]))
    return found


def assert_hidden_cells_read_the_same(figure, expected_cells: int | None = None) -> None:
    assert marks(figure) == {(PUBLIC_LABEL, PUBLIC_HOVER)}
    document = figure_json(figure)
    for words in REASON_WORDS:
        assert words not in document, words


def test_a_public_control_chart_labels_a_small_month_and_a_complementary_month_alike():
    rows = [result("", 80, 100, period=month) for month in MONTHS]
    rows[3] = result("", 7, 9, period=MONTHS[3], reason="small_count")
    rows[8] = result("", 70, 90, period=MONTHS[8], reason="complementary")
    series = control_chart_series(rows)
    chart = control_chart("p", series.numerators, series.denominators, multiply=100)

    figure = control_chart_figure(
        series.periods, chart, title="", y_title="%", suppressed=series.suppressed, n=series.denominators
    )

    hidden = [note for note in figure.layout.annotations if note.text == PUBLIC_LABEL]
    assert [note.x for note in hidden] == [MONTHS[3], MONTHS[8]]
    assert_hidden_cells_read_the_same(figure)


def test_a_public_heat_map_labels_a_small_group_and_a_complementary_group_alike():
    figure = heatmap_figure(
        ROWS, measures=[MeasureSpec("timely", "Timely")], groups=GROUPS, reference="white", title=""
    )

    (cells,) = [trace for trace in figure.data if trace.name == "Cell labels"]
    hidden = [hover for text, hover in zip(cells.text, cells.hovertext, strict=True) if text == PUBLIC_LABEL]
    assert [hover.rpartition(": ")[2] for hover in hidden] == [PUBLIC_HOVER, PUBLIC_HOVER]
    for words in REASON_WORDS:
        assert words not in figure_json(figure), words


def test_a_public_forest_plot_labels_a_small_group_and_a_complementary_group_alike():
    comparisons = [
        Comparison("Black", 0.9, 0.8, 1.0),
        Comparison("Asian", None, suppressed=True, reason="small_count"),
        Comparison("Latino", None, suppressed=True, reason="complementary"),
    ]

    figure = forest_figure(comparisons, reference_label="White", x_title="Ratio")

    assert_hidden_cells_read_the_same(figure)


def test_public_bars_label_a_small_group_and_a_complementary_group_alike():
    figure = bar_by_group_figure(ROWS, groups=GROUPS, title="", y_title="%")

    assert [note.x for note in figure.layout.annotations] == ["Asian", "Latino"]
    assert_hidden_cells_read_the_same(figure)


def test_public_waits_label_a_small_group_and_a_complementary_group_alike():
    waits = [
        WaitSummary("Adult", 120, 8.0, 9.5, 21.0),
        WaitSummary("Older adult", 7, 5.0, 5.5, 9.0, suppressed=True, reason="small_count"),
        WaitSummary("Child", 40, 10.0, 11.0, 25.0, suppressed=True, reason="complementary"),
    ]

    assert_hidden_cells_read_the_same(wait_distribution_figure(waits, title="", y_title="Days"))


def test_a_public_histogram_labels_a_small_bin_and_its_complementary_bin_alike():
    bins = [WaitBin("0–5", 40), WaitBin("6–10", 30), WaitBin("11–15", 4), WaitBin("16+", 20)]

    assert_hidden_cells_read_the_same(wait_histogram_figure(bins, title="", x_title="Days"))


def test_a_public_funnel_labels_a_small_stage_and_a_complementary_stage_alike():
    stages = [
        FunnelStage("Requests", 300),
        FunnelStage("Offered", 9, suppressed=True, reason="small_count"),
        FunnelStage("Rendered", 200, suppressed=True, reason="complementary"),
    ]

    assert_hidden_cells_read_the_same(funnel_figure(stages, title=""))


@pytest.mark.parametrize("reason", ["small_count", "small_complement", "complementary", "secondary", "a_new_rule", ""])
def test_the_public_hover_text_is_the_same_for_every_reason_even_one_not_known_yet(reason):
    assert hidden_text(reason, public=True) == public_hidden_text() == PUBLIC_HOVER


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("small_count", "Hidden: fewer than 11 people"),
        ("small_complement", "Hidden: fewer than 11 people"),
        ("complementary", "Hidden, so that a small group cannot be worked out"),
        ("secondary", "Hidden so that a small count elsewhere cannot be worked out"),
        ("a_new_rule", "Hidden publicly"),
        ("", "Hidden publicly"),
    ],
)
def test_staff_read_why_a_cell_is_hidden_and_a_reason_not_known_yet_reads_plainly(reason, words):
    assert reason_text(reason) == words
    assert hidden_text(reason, public=False) == words


# --- Pages and downloads --------------------------------------------------------------------------------------

MEASURE = "routine-non-psychiatry-offered-10-days"
QUARTER = date(2026, 7, 1)
#: Group -> (numerator, denominator, why hidden publicly).
QUARTER_ROWS = {
    "white": (400, 500, ""),
    "african_american": (150, 200, ""),
    "asian_pacific_islander": (7, 9, "small_count"),
    "latino_hispanic": (90, 120, "complementary"),
    "native_american": (60, 80, "secondary"),
    "other_unknown": (50, 70, "a_new_rule"),
}
LABELS = {
    "white": "White",
    "african_american": "African-American",
    "asian_pacific_islander": "Asian/Pacific Islander",
    "latino_hispanic": "Latino/Hispanic",
    "native_american": "Native American",
    "other_unknown": "Other or unknown",
}
HIDDEN_GROUPS = [LABELS[group] for group, (_x, _n, reason) in QUARTER_ROWS.items() if reason]
#: Months hidden publicly: April 2026 for a small count, September 2026 only to protect it.
HIDDEN_MONTHS = {date(2026, 4, 1): "small_count", date(2026, 9, 1): "complementary"}


def stored(computation, measure, *, period_type, period_start, stratum, group, numerator, denominator, reason=""):
    value = 100 * numerator / denominator
    details = {"reference_rule": "largest"} if group == "white" else {}
    return MeasureResult(
        computation=computation,
        measure=measure,
        period_type=period_type,
        period_start=period_start,
        stratum=stratum,
        group=group,
        numerator=numerator,
        denominator=denominator,
        value=value,
        lower=value - 3,
        upper=value + 3,
        details=details,
        suppressed=bool(reason),
        suppression_reason=reason,
    )


@pytest.fixture
def published(db):
    """One measure's results: a quarter by race/ethnicity and 12 months for everyone, with cells hidden for
    each reason."""
    cache.clear()
    measure = Measure.objects.get(code=MEASURE)
    Measure.objects.filter(pk=measure.pk).update(target=Decimal("80.00"))
    computation = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now(), data_as_of=date(2026, 11, 30)
    )
    for order, (group, label) in enumerate(LABELS.items()):
        Code.objects.update_or_create(code_list=CodeList.RACE, code=group, defaults={"label": label, "order": order})
    rows = [
        stored(computation, measure, period_type="quarter", period_start=QUARTER, stratum="race_ethnicity",
               group=group, numerator=x, denominator=n, reason=reason)
        for group, (x, n, reason) in QUARTER_ROWS.items()
    ]  # fmt: skip
    rows.append(
        stored(computation, measure, period_type="quarter", period_start=QUARTER, stratum="all", group="",
               numerator=757, denominator=979)
    )  # fmt: skip
    for index in range(12):
        month = date(2025 + (11 + index) // 12, (11 + index) % 12 + 1, 1)
        rows.append(
            stored(computation, measure, period_type="month", period_start=month, stratum="all", group="",
                   numerator=150 + index, denominator=190, reason=HIDDEN_MONTHS.get(month, ""))
        )  # fmt: skip
    MeasureResult.objects.bulk_create(rows)
    yield measure
    cache.clear()


def group_cells(page: str, label: str) -> str:
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, label
    return match.group(1).strip()


def month_cells(page: str, month: date) -> str:
    match = re.search(rf'<th scope="row" data-sort="{month.isoformat()}">.*?</th>(.*?)</tr>', page, re.S)
    assert match, month
    return match.group(1).strip()


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


def test_the_public_measure_page_shows_every_hidden_group_and_month_alike(client, published):
    page = client.get(reverse("measures:measure_detail", args=[MEASURE]) + "?period=quarter").content.decode()

    hidden = {group_cells(page, label) for label in HIDDEN_GROUPS}
    assert hidden == {
        '<td colspan="5"><span class="suppressed" title="Hidden to protect privacy">Suppressed</span></td>'
    }
    assert "2 months are hidden to protect privacy." in page
    for words in STAFF_REASONS:
        assert words not in page, words


def test_staff_see_on_the_measure_page_why_each_group_is_hidden(client_for, director, published):
    page = client_for(director).get(reverse("measures:measure_detail", args=[MEASURE]) + "?period=quarter")
    page = page.content.decode()

    assert "Hidden: fewer than 11 people" in group_cells(page, "Asian/Pacific Islander")
    assert "Hidden, so that a small group cannot be worked out" in group_cells(page, "Latino/Hispanic")
    assert "Hidden so that a small count elsewhere cannot be worked out" in group_cells(page, "Native American")
    assert "Hidden publicly" in group_cells(page, "Other or unknown")


def test_the_public_wait_time_page_and_download_show_a_small_month_and_a_complementary_month_alike(client, published):
    query = {"period": "month"}
    page = client.get(reverse("measures:wait_time_dashboard"), query).content.decode()
    download = read_csv(client.get(reverse("measures:wait_time_dashboard_csv", args=[MEASURE]), query))

    small, complementary = HIDDEN_MONTHS
    assert month_cells(page, small) == month_cells(page, complementary)
    assert "Suppressed" in month_cells(page, small)
    by_month = {line.pop("Month"): line for line in download}
    assert by_month[small.isoformat()] == by_month[complementary.isoformat()]
    assert by_month[small.isoformat()]["Value"] == "Suppressed"
    for words in STAFF_REASONS:
        assert words not in page, words
    for words in REASON_WORDS:
        assert all(words not in cell for line in download for cell in line.values()), words


def test_the_public_equity_page_and_download_show_every_hidden_group_alike(client, published):
    response = client.get(reverse("measures:equity_dashboard"))
    page = response.content.decode()
    download = read_csv(client.get(reverse("measures:equity_dashboard_csv")))

    table = re.search(r'id="heatmap-heading".*?</section>', page, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    hidden = {cell for cell in cells if "Suppressed" in cell}
    assert hidden == {'<span class="suppressed" title="Hidden to protect privacy">Suppressed</span>'}
    assert cells.count(next(iter(hidden))) == 4
    lines = {line.pop("Group"): line for line in download}
    assert len({json.dumps(lines[label]) for label in HIDDEN_GROUPS}) == 1
    assert lines[HIDDEN_GROUPS[0]]["Value"] == "Suppressed"
    heatmap = json.loads(json.loads(re.search(r'<script id="figure-heatmap"[^>]*>(.*?)</script>', page, re.S)[1]))
    for words in STAFF_REASONS:
        assert words not in page, words
    for words in REASON_WORDS:
        assert words not in json.dumps(heatmap), words
        assert all(words not in cell for line in download for cell in line.values()), words


# --- The access funnel ------------------------------------------------------------------------------------------


def funnel_rows(*, offered_hidden: bool, served_hidden: bool) -> dict[int, list[dict]]:
    def row(numerator, hidden):
        return {
            "period_type": "quarter",
            "period_start": QUARTER,
            "stratum": "program",
            "group": "adult_north",
            "numerator": numerator,
            "denominator": 47.0,
            "value": 100 * numerator / 47,
            "lower": None,
            "upper": None,
            "details": {},
            "suppressed": hidden,
            "suppression_reason": "complementary" if hidden else "",
        }

    return {1: [row(40.0, offered_hidden)], 2: [row(31.0, served_hidden)]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offered_hidden", "served_hidden", "requests_hidden"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
    ids=["both-hidden", "offered-hidden", "served-hidden", "none-hidden"],
)
def test_the_public_funnel_hides_the_requests_when_both_rows_showing_them_are_hidden(
    offered_hidden, served_hidden, requests_hidden
):
    measures = {"requests-offered": Measure(pk=1, code="requests-offered"), "requests-first-service": Measure(pk=2)}
    rows = funnel_rows(offered_hidden=offered_hidden, served_hidden=served_hidden)
    filters = dashboards.Filters(period_type="quarter", stratum="program", group="adult_north")

    funnel = dashboards._funnel(measures, rows, filters, date(2026, 11, 30), public=True)
    staff = dashboards._funnel(measures, rows, filters, date(2026, 11, 30), public=False)

    assert [stage["hidden"] for stage in funnel["stages"]] == [requests_hidden, offered_hidden, served_hidden]
    assert not any(stage["hidden"] for stage in staff["stages"])
    figure = json.loads(funnel["figure_json"])
    shown = figure["data"][0]["x"]
    assert (shown[0] is None) == requests_hidden
    if requests_hidden:
        assert "47" not in funnel["summary"]
        assert "47" not in json.dumps(figure["data"])
        assert shown == [None, None, None]
