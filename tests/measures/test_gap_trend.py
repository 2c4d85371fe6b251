"""Is the gap closing? Each group's monthly ratio to the reference group, its trend, and where it is shown.

The ratio and its interval are the recompute's own comparison (risk ratio with Katz's interval, rate ratio
with Rothman's), checked here against hand-worked months; the trend is a weighted least-squares slope of the
log ratio (measures.gap_trend), checked against a hand-worked series. The public never gets a ratio, an
interval or a trend resting on a hidden cell; county staff get every month, marked.
"""

import itertools
import json
import math
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.charts.gap_trend import answer_gap_trend, gap_trend_figure
from measures.compute.comparisons import DIFFERENCE, PROPORTION, RATE
from measures.gap_trend import (
    CROSSED,
    NARROWING,
    NO_CLEAR_CHANGE,
    TOO_FEW,
    WIDENING,
    Z_95,
    log_ratio_trend,
    stratum_gaps,
)
from measures.models import ComputationStatus, MeasureComputation, MeasureResult, PopulationStatus

MONTHS = [date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 13)]


def row(period, group, x, n, *, reference=False, suppressed=False, reason="small_count"):
    return {
        "period_start": period,
        "stratum": "gender",
        "group": group,
        "numerator": x,
        "denominator": n,
        "value": 100 * x / n,
        "details": {"reference_rule": "largest"} if reference else {},
        "suppressed": suppressed,
        "suppression_reason": reason if suppressed else "",
    }


def series(log_ratios, ses):
    """Ratios and 95 % intervals with the given log ratio and standard error each month."""
    ratios = [math.exp(y) for y in log_ratios]
    lowers = [math.exp(y - Z_95 * se) for y, se in zip(log_ratios, ses, strict=True)]
    uppers = [math.exp(y + Z_95 * se) for y, se in zip(log_ratios, ses, strict=True)]
    return ratios, lowers, uppers


# --- The monthly ratio ----------------------------------------------------------------------------------------


def test_a_months_ratio_of_percentages_is_the_risk_ratio_with_katz_interval():
    # 30 of 100 against the reference's 60 of 150: RR = 0.30 / 0.40 = 0.75;
    # SE(ln RR) = sqrt(1/30 − 1/100 + 1/60 − 1/150) = sqrt(1/30) = 0.182574;
    # 0.75 × exp(∓1.959964 × 0.182574) = 0.75 × (0.699186, 1.430235) = 0.524389 to 1.072676.
    rows = [row(MONTHS[0], "male", 30, 100), row(MONTHS[0], "female", 60, 150, reference=True)]

    (gap,) = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=True).groups

    (point,) = gap.points
    assert gap.group == "male"
    assert point.ratio == pytest.approx(0.75)
    assert point.lower == pytest.approx(0.524389, abs=1e-6)
    assert point.upper == pytest.approx(1.072676, abs=1e-6)


def test_a_months_ratio_of_rates_is_the_rate_ratio_with_rothmans_interval():
    # 20 clients over 400 eligibles against 50 over 500: RR = 0.05 / 0.10 = 0.5;
    # SE(ln RR) = sqrt(1/20 + 1/50) = 0.264575; 0.5 × exp(∓1.959964 × 0.264575) = 0.297689 to 0.839802.
    rows = [row(MONTHS[0], "male", 20, 400), row(MONTHS[0], "female", 50, 500, reference=True)]

    (gap,) = stratum_gaps(rows, stratum="gender", kind=RATE, public=True).groups

    (point,) = gap.points
    assert (point.ratio, point.lower, point.upper) == pytest.approx((0.5, 0.297689, 0.839802), abs=1e-6)


def test_every_month_is_compared_with_the_reference_of_the_latest_month():
    # In January the recompute happened to pick "male" as the reference; the series compares every month with
    # the latest month's reference, "female", so the gap is always the same gap.
    rows = [
        row(MONTHS[0], "female", 40, 100),
        row(MONTHS[0], "male", 30, 101, reference=True),
        row(MONTHS[1], "female", 40, 100, reference=True),
        row(MONTHS[1], "male", 30, 100),
    ]

    gaps = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=False)

    assert gaps.reference == "female"
    assert [gap.group for gap in gaps.groups] == ["male"]
    assert [point.ratio for point in gaps.groups[0].points] == pytest.approx([(30 / 101) / 0.4, 0.75])


def test_a_measure_compared_by_a_difference_only_gets_no_ratio_and_no_trend():
    rows = [row(MONTHS[0], "male", 30, 100), row(MONTHS[0], "female", 60, 150, reference=True)]

    gaps = stratum_gaps(rows, stratum="gender", kind=DIFFERENCE, public=True)

    assert not gaps.comparable
    assert gaps.groups == ()


# --- The trend: a hand-worked weighted least-squares slope ----------------------------------------------------

LOG_RATIOS = [-0.50, -0.42, -0.38, -0.25, -0.22, -0.10]


def test_the_trend_is_the_weighted_least_squares_slope_of_the_log_ratio_worked_by_hand():
    # Months t = 0..5; standard errors 0.1, 0.1, 0.2, 0.2, 0.1, 0.1, so weights w = 100, 100, 25, 25, 100, 100.
    # Σw = 450, Σwt = 1125 → t̄ = 2.5; S = Σw(t − t̄)² = 625 + 225 + 6.25 + 6.25 + 225 + 625 = 1712.5;
    # Σw(t − t̄)y = 125 + 63 + 4.75 − 3.125 − 33 − 25 = 131.625 → b = 131.625 / 1712.5 = 0.0768613;
    # ȳ = Σwy / Σw = −139.75 / 450 = −0.310556 → a = ȳ − 2.5b = −0.502709.
    # Weighted residual sum of squares 0.1355 over k − 2 = 4 is 0.034 < 1, so φ = 1 (never below the sampling
    # error); SE(b) = sqrt(1 / 1712.5) = 0.0241649; t(0.975; 4) = 2.776445;
    # interval 0.0768613 ∓ 0.0670922 = 0.0097691 to 0.1439535: it leaves out 0, and the line runs from
    # ln ratio −0.5027 (ratio 0.605) to −0.1184 (ratio 0.888), nearer 1: narrowing.
    trend = log_ratio_trend(range(6), *series(LOG_RATIOS, [0.1, 0.1, 0.2, 0.2, 0.1, 0.1]))

    assert trend.slope == pytest.approx(0.0768613, abs=1e-7)
    assert trend.intercept == pytest.approx(-0.502709, abs=1e-6)
    assert trend.dispersion == 1.0
    assert (trend.lower, trend.upper) == pytest.approx((0.0097691, 0.1439535), abs=1e-6)
    assert (trend.start_ratio, trend.end_ratio) == pytest.approx((math.exp(-0.502709), math.exp(-0.118402)), abs=1e-5)
    assert trend.per_year[0] == pytest.approx(math.exp(12 * 0.0768613))
    assert trend.verdict == NARROWING


def test_month_to_month_variation_beyond_the_sampling_error_widens_the_interval():
    # The same log ratios, each with SE 0.01 (w = 10,000): the slope is the ordinary least-squares one,
    # b = Σ(t − 2.5)y / 17.5 = 1.365 / 17.5 = 0.078, a = −0.311667 − 2.5 × 0.078 = −0.506667. The residuals
    # (0.006667, 0.008667, −0.029333, 0.022667, −0.025333, 0.016667) give a weighted sum of squares
    # 10,000 × 0.0024133 = 24.133, so φ = 24.133 / 4 = 6.0333 and SE(b) = sqrt(6.0333 / 175,000) = 0.0058716,
    # exactly ordinary least squares' standard error; interval 0.078 ∓ 2.776445 × 0.0058716 = 0.061698 to 0.094302.
    trend = log_ratio_trend(range(6), *series(LOG_RATIOS, [0.01] * 6))

    assert trend.slope == pytest.approx(0.078)
    assert trend.dispersion == pytest.approx(6.03333, abs=1e-4)
    assert (trend.lower, trend.upper) == pytest.approx((0.061698, 0.094302), abs=1e-6)


def wiggled(start, end, months=12, wiggle=0.02):
    """A log ratio moving in a straight line from ``start`` to ``end`` (ratios), with a small zig-zag."""
    step = (math.log(end) - math.log(start)) / (months - 1)
    return [math.log(start) + step * m + (wiggle if m % 2 else -wiggle) for m in range(months)]


@pytest.mark.parametrize(
    ("start", "end", "verdict"),
    [
        (0.6, 0.9, NARROWING),  # below the reference, coming up towards it
        (1.6, 1.1, NARROWING),  # above the reference, coming down towards it
        (0.9, 0.6, WIDENING),
        (1.1, 1.6, WIDENING),
        (0.8, 1.25, CROSSED),  # from below the reference to above it
        (0.8, 0.8, NO_CLEAR_CHANGE),
    ],
)
def test_the_verdict_reads_the_slope_against_the_side_of_1_the_line_is_on(start, end, verdict):
    trend = log_ratio_trend(range(12), *series(wiggled(start, end), [0.05] * 12))

    assert trend.verdict == verdict


def test_a_small_drift_within_chance_is_no_clear_change():
    # Drifting 0.80 → 0.84 in a year with wide intervals (SE 0.3 each month): the slope's interval holds 0.
    trend = log_ratio_trend(range(12), *series(wiggled(0.8, 0.84, wiggle=0.1), [0.3] * 12))

    assert trend.verdict == NO_CLEAR_CHANGE
    assert trend.lower < 0 < trend.upper


def test_fewer_than_six_months_with_a_ratio_are_too_few_and_months_without_an_interval_do_not_count():
    ratios, lowers, uppers = series(wiggled(0.6, 0.9), [0.05] * 12)
    # Seven months have no interval (a zero count makes it undefined) or no ratio at all.
    for month in range(7):
        lowers[month] = math.nan if month % 2 else None
    trend = log_ratio_trend(range(12), ratios, lowers, uppers)

    assert trend.verdict == TOO_FEW
    assert trend.months == 5
    assert trend.slope is None


# --- Hidden months ---------------------------------------------------------------------------------------------


def hidden_months_rows():
    """Twelve months of male (narrowing towards female, the reference) and of a small group hidden publicly;
    male's March is hidden (a small count), the reference's June is hidden to protect another cell, and in
    September male rests on 8 people without being flagged."""
    rows = []
    for index, period in enumerate(MONTHS):
        male_n = 8 if index == 8 else 300
        rows.append(row(period, "female", 200, 400, reference=index == 11, suppressed=index == 5, reason="secondary"))
        rows.append(row(period, "male", min(male_n - 1, 90 + 5 * index), male_n, suppressed=index == 2))
        rows.append(row(period, "transgender_nonbinary", 4, 12, suppressed=True))
    return rows


def test_in_public_a_month_with_a_hidden_cell_is_a_gap_and_the_trend_rests_on_the_other_months():
    rows = hidden_months_rows()

    public = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=True)
    staff = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=False)

    male, small = public.groups
    assert [index for index, point in enumerate(male.points) if point.hidden] == [2, 5, 8]
    assert all(point.ratio is None and point.lower is None for point in male.points if point.hidden)
    assert all(point.hidden for point in small.points), "every month of a group hidden publicly is a gap"
    assert small.trend.verdict == TOO_FEW
    shown = [index for index in range(12) if index not in (2, 5, 8)]
    expected = log_ratio_trend(
        shown,
        [male.points[i].ratio for i in shown],
        [male.points[i].lower for i in shown],
        [male.points[i].upper for i in shown],
    )
    fields = ("verdict", "months", "slope", "lower", "upper", "dispersion", "start_ratio", "end_ratio")
    assert [getattr(male.trend, name) for name in fields] == pytest.approx([getattr(expected, name) for name in fields])
    assert male.trend.verdict == NARROWING

    staff_male, staff_small = staff.groups
    assert not any(point.hidden for point in staff_male.points)
    assert [index for index, point in enumerate(staff_male.points) if point.flagged] == [2, 5]
    assert all(point.flagged and point.ratio is not None for point in staff_small.points)
    assert staff_male.trend.months == 12


def test_a_public_figure_holds_no_ratio_or_interval_of_a_hidden_month():
    rows = hidden_months_rows()
    staff = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=False)
    public = stratum_gaps(rows, stratum="gender", kind=PROPORTION, public=True)
    labels = {"male": "Male", "transgender_nonbinary": "Transgender or non-binary"}

    figure = gap_trend_figure(public, labels=labels, reference_label="Female", public=True)

    text = figure.to_json()
    secrets = set()
    for gap in staff.groups:
        for index, point in enumerate(gap.points):
            if index in (2, 5, 8) or gap.group == "transgender_nonbinary":
                secrets |= {point.ratio, point.lower, point.upper, point.upper - point.ratio, point.ratio - point.lower}
    assert not [secret for secret in secrets if repr(secret) in text]
    assert "hidden publicly" not in text
    bands = [shape for shape in figure.layout.shapes if shape.name == "hidden_month"]
    assert len(bands) == 3 + 12, "male's three hidden months and every month of the small group"
    assert "Month hidden to protect privacy" in [trace.name for trace in figure.data]


def test_a_staff_figure_draws_every_month_and_rings_those_hidden_publicly():
    staff = stratum_gaps(hidden_months_rows(), stratum="gender", kind=PROPORTION, public=False)

    figure = gap_trend_figure(staff, labels={}, reference_label="Female", public=False)

    rings = [trace for trace in figure.data if trace.name == "Hidden publicly"]
    assert sum(len(trace.x) for trace in rings) == 2 + 12
    assert not [shape for shape in figure.layout.shapes if shape.name == "hidden_month"]


# --- The chart and its answer ----------------------------------------------------------------------------------


def narrowing_rows():
    rows = []
    for index, period in enumerate(MONTHS):
        rows.append(row(period, "female", 200, 400, reference=index == 11))
        rows.append(row(period, "male", 90 + 5 * index, 300))
        rows.append(row(period, "unknown", 200, 400))
    return rows


def test_the_chart_has_a_panel_per_group_a_line_at_1_a_trend_and_a_legend_and_fits_a_phone():
    gaps = stratum_gaps(narrowing_rows(), stratum="gender", kind=PROPORTION, public=True)
    labels = {"male": "Male", "unknown": "Unknown"}

    figure = gap_trend_figure(gaps, labels=labels, reference_label="Female", public=True)

    names = [trace.name for trace in figure.data]
    assert names.count("Ratio to Female (95% interval)") == 2
    assert names.count("Trend (weighted fit)") == 2
    assert "No gap: ratio 1" in names
    assert [trace.showlegend for trace in figure.data if trace.name == "Trend (weighted fit)"] == [True, False]
    lines = [shape for shape in figure.layout.shapes if shape.name == "no_gap"]
    assert [(shape.y0, shape.y1, shape.yref) for shape in lines] == [(1, 1, "y"), (1, 1, "y2")]
    assert figure.layout.yaxis.type == figure.layout.yaxis2.type == "log"
    assert 1 in figure.layout.yaxis.tickvals
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles == ["Male: gap narrowing", "Unknown: no clear change"]
    # Responsive: no fixed width, so the page's Plotly config fits it to a 360 px screen.
    assert figure.layout.width is None
    assert figure.layout.autosize is not False


def test_the_answer_says_in_words_which_gaps_are_closing():
    gaps = stratum_gaps(narrowing_rows(), stratum="gender", kind=PROPORTION, public=True)
    male = gaps.groups[0].trend

    answer = answer_gap_trend(gaps, labels={"male": "Male", "unknown": "Unknown"}, reference_label="Female")

    assert answer.startswith("Is the gap to Female closing? Narrowing for Male (")
    assert f"{male.start_ratio:.2f} → {male.end_ratio:.2f}" in answer
    assert answer.endswith("No clear change for Unknown.")


# --- The pages -------------------------------------------------------------------------------------------------

MEASURE = "follow-up-7-days"


@pytest.fixture
def stored(db):
    """A computation with twelve months of the measure by gender: male narrowing towards female (the
    reference), transgender or non-binary hidden publicly every month."""
    from measures.models import Measure

    computation = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now(), data_as_of=date(2025, 12, 31)
    )
    measure = Measure.objects.get(code=MEASURE)
    MeasureResult.objects.bulk_create(
        MeasureResult(computation=computation, measure=measure, period_type="month", **result)
        for result in narrowing_rows()[::3] + narrowing_rows()[1::3] + hidden_months_rows()[2::3]
    )
    return computation


def figure_of(page: str, figure_id: str) -> dict:
    match = re.search(rf'<script id="{re.escape(figure_id)}" type="application/json">(.*?)</script>', page, re.S)
    assert match, figure_id
    return json.loads(json.loads(match.group(1)))


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'id="{re.escape(heading_id)}".*?</section>', page, re.S)
    assert match, heading_id
    return match.group(0)


def equity_page(client, **query):
    params = {"measure": MEASURE, "stratum": "gender", "period": "month", **query}
    return client.get(reverse("measures:equity_dashboard"), params).content.decode()


@pytest.mark.parametrize("persona", ["director", "qi_staff"])
def test_staff_see_the_gap_trend_on_the_equity_dashboard_with_every_month(request, client_for, stored, persona):
    page = equity_page(client_for(request.getfixturevalue(persona)))

    trend = section(page, "gap-trend-heading")
    assert "is the gap closing?" in trend
    assert "Is the gap to Female closing? Narrowing for Male" in trend
    assert "hidden publicly" in trend
    figure = figure_of(page, "figure-gap-trend")
    small = [trace for trace in figure["data"] if trace["name"].startswith("Ratio to")][1]
    assert all(y is not None for y in small["y"]), "staff see the small group's months"


def test_the_public_equity_dashboard_shows_the_gap_trend_with_hidden_months_left_out(client, stored):
    page = equity_page(client)

    trend = section(page, "gap-trend-heading")
    assert "Narrowing for Male" in trend
    assert "Too few months to tell for Transgender or non-binary" in trend
    assert "Suppressed" in trend
    assert "hidden publicly" not in trend
    figure = figure_of(page, "figure-gap-trend")
    small = [trace for trace in figure["data"] if trace["name"].startswith("Ratio to")][1]
    assert set(small["y"]) == {None}


def test_on_a_population_the_equity_dashboard_says_the_trend_is_for_everyone(client, stored):
    from measures.models import Code, CodeList

    stored.population_status = PopulationStatus.SUCCEEDED
    stored.save()
    age_group = Code.objects.filter(code_list=CodeList.AGE_GROUP).first()

    page = equity_page(client, population=f"age_group:{age_group.code}")

    trend = section(page, "gap-trend-heading")
    assert f"For everyone, not only {age_group.display_label}" in trend
    assert "Narrowing for Male" in trend


@pytest.mark.parametrize(("persona", "internal"), [("qi_staff", True), ("director", True), (None, False)])
def test_the_measure_page_shows_is_the_gap_closing_for_each_grouping(request, client_for, stored, persona, internal):
    reader = client_for(request.getfixturevalue(persona) if persona else None)

    page = reader.get(reverse("measures:measure_detail", args=[MEASURE])).content.decode()

    gaps = section(page, "gap-trends-heading")
    assert 'id="gap-trend-gender"' in gaps
    assert "Narrowing for Male" in gaps
    assert ("hidden publicly" in gaps) is internal
    assert ("Suppressed" in gaps) is not internal
    assert figure_of(page, "figure-gap-trend-gender")["layout"]["shapes"]
    assert "vendor/plotly/plotly.min.js" in page


def test_a_measure_compared_by_a_difference_says_its_gap_trend_is_not_tested(client, stored):
    from measures.models import Measure

    waits = Measure.objects.get(code="days-to-first-offer")
    MeasureResult.objects.bulk_create(
        MeasureResult(computation=stored, measure=waits, period_type="month", **result)
        for result in narrowing_rows()[:6]
    )

    page = client.get(reverse("measures:measure_detail", args=[waits.code])).content.decode()

    assert "compares groups by the difference only" in section(page, "gap-trends-heading")
    assert "vendor/plotly/plotly.min.js" not in page


def test_a_measure_without_monthly_results_has_no_gap_trend_section(client, stored):
    page = client.get(reverse("measures:measure_detail", args=["penetration-rate"])).content.decode()

    assert "gap-trends-heading" not in page


def test_months_follow_each_other_in_the_figure(client, stored):
    figure = figure_of(equity_page(client), "figure-gap-trend")

    male = next(trace for trace in figure["data"] if trace["name"].startswith("Ratio to"))
    days = [date.fromisoformat(day) for day in male["x"]]
    assert days == sorted(days)
    assert all(later - earlier < timedelta(days=32) for earlier, later in itertools.pairwise(days))
