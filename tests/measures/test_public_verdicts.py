"""The public and staff read one monthly series the same way (issue 13).

Staff, and the public when no month is hidden, get the same verdict from the same series. When a month
is hidden from the public, the public gets no verdict, says why, and its chart rests on the months shown
only: never a verdict from a gappy series that contradicts the real one, never a line that rests on a
hidden month.
"""

import json
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from measures import dashboards
from measures.compute.trend import COMMON_CAUSE, IMPROVING, MAKING_DATA_COUNT, TOO_FEW, WORSENING
from measures.models import ComputationStatus, Measure, MeasureComputation, MeasureResult
from measures.monthly import NO_VERDICT_HIDDEN, monthly_trend

MONTHS = [date(2024 + (11 + index) // 12, (11 + index) % 12 + 1, 1) for index in range(24)]  # Dec 2024 – Nov 2026

# The demo county's "Routine non-psychiatry requests offered within 10 business days", everyone, Dec 2024 to
# Nov 2026 (db.sqlite3, computation of data up to 2026-11-30). November 2026 is hidden publicly
# (complementary): staff see 74 of 83.
DEMO_NUMERATORS = [133, 121, 107, 127, 132, 132, 124, 146, 116, 114, 137, 99,
                   146, 113, 130, 136, 146, 128, 132, 138, 143, 132, 150, 74]  # fmt: skip
DEMO_DENOMINATORS = [172, 170, 142, 176, 181, 177, 182, 199, 161, 163, 193, 134,
                     195, 153, 161, 168, 182, 153, 161, 167, 176, 167, 178, 83]  # fmt: skip
DEMO_NOTES = [(date(2026, 11, 1), "PDSA: Text the expected wait after the first call", False)]
DEMO_SETTINGS = {"chart_type": "p", "rules": "anhoej", "improvement": "increase", "target": 80.0}


def months(numerators, denominators, *, hidden=(), reason="complementary"):
    """Monthly result dicts, as stored, from Dec 2024; the months at the positions ``hidden`` are hidden publicly."""
    return [
        {
            "period_type": "month",
            "period_start": MONTHS[index],
            "stratum": "all",
            "group": "",
            "numerator": float(x),
            "denominator": float(n),
            "value": 100 * x / n,
            "lower": None,
            "upper": None,
            "details": {},
            "suppressed": index in hidden,
            "suppression_reason": reason if index in hidden else "",
        }
        for index, (x, n) in enumerate(zip(numerators, denominators, strict=True))
    ]


def demo_months():
    return months(DEMO_NUMERATORS, DEMO_DENOMINATORS, hidden={23})


def both_readings(rows, **settings):
    settings = DEMO_SETTINGS | settings
    return monthly_trend(rows, **settings, public=False), monthly_trend(rows, **settings, public=True)


STEADY = [80, 82, 79, 81, 80, 78, 82, 81, 79, 80, 81, 79, 80, 82, 79, 81]
SHIFTED_UP = [70, 72, 69, 71, 70, 68, 71, 70, 80, 81, 82, 80, 81, 82, 80, 81, 82, 83]
FALL_AT_THE_END = [80, 82, 79, 81, 80, 78, 82, 81, 79, 80, 81, 30]


@pytest.mark.parametrize(
    ("numerators", "settings", "verdict"),
    [
        (STEADY, {}, COMMON_CAUSE),
        (SHIFTED_UP, {}, IMPROVING),
        (FALL_AT_THE_END, {}, WORSENING),
        (SHIFTED_UP, {"rules": MAKING_DATA_COUNT}, IMPROVING),
        (STEADY[:8], {}, TOO_FEW),
    ],
    ids=["steady", "shifted-up", "fall-at-the-end", "making-data-count", "too-few"],
)
def test_a_series_with_no_hidden_month_gets_the_identical_verdict_publicly_and_internally(
    numerators, settings, verdict
):
    internal, public = both_readings(months(numerators, [100] * len(numerators)), **settings)

    assert internal.verdict == public.verdict == verdict
    assert internal.assurance == public.assurance
    assert public.hidden_count == 0
    assert public.signals
    for line in ("values", "centre", "lcl", "ucl", "sigma_signal"):
        np.testing.assert_array_equal(getattr(internal.chart, line), getattr(public.chart, line), err_msg=line)


def test_the_making_data_count_assurance_is_the_same_for_both_when_nothing_is_hidden():
    internal, public = both_readings(months(STEADY, [100] * len(STEADY)), rules=MAKING_DATA_COUNT, target=60.0)

    assert internal.assurance == public.assurance == "consistent_pass"


@pytest.mark.parametrize("hidden", [{0}, {5}, {23}, {3, 4}], ids=["first", "middle", "last", "two"])
def test_a_series_with_a_hidden_month_gets_no_public_verdict_and_staff_keep_theirs(hidden):
    internal, public = both_readings(months(DEMO_NUMERATORS, DEMO_DENOMINATORS, hidden=hidden))

    assert internal.verdict == IMPROVING
    assert public.verdict == NO_VERDICT_HIDDEN
    assert public.assurance is None
    assert not public.signals, "the public chart marks no signal"
    assert public.hidden_count == len(hidden)


def test_too_few_months_stay_too_few_for_everyone_even_with_a_hidden_month():
    internal, public = both_readings(months(STEADY[:8], [100] * 8, hidden={7}))

    assert internal.verdict == public.verdict == TOO_FEW


def test_the_demo_mismatch_no_longer_contradicts():
    # Before issue 13 the public tile said "Special cause: getting worse" here while staff saw "improving":
    # the public series had November 2026 as a missing last point, and the verdict took its direction from
    # the side of that missing point.
    internal, public = both_readings(demo_months(), notes=DEMO_NOTES)

    assert internal.verdict == IMPROVING
    assert public.verdict == NO_VERDICT_HIDDEN
    assert public.verdict not in (WORSENING, COMMON_CAUSE)


@pytest.mark.parametrize("november", [(74, 83), (11, 83), (83, 83), (0, 12)])
def test_the_public_chart_rests_on_the_months_shown_only(november):
    numerators, denominators = [*DEMO_NUMERATORS[:23], november[0]], [*DEMO_DENOMINATORS[:23], november[1]]

    public = monthly_trend(months(numerators, denominators, hidden={23}), **DEMO_SETTINGS, public=True)

    # Whatever the hidden month holds, the public sees the same: its lines give nothing of it away.
    shown = monthly_trend(demo_months(), **DEMO_SETTINGS, public=True)
    for line in ("values", "centre", "lcl", "ucl"):
        np.testing.assert_array_equal(getattr(public.chart, line), getattr(shown.chart, line), err_msg=line)
    assert public.verdict == NO_VERDICT_HIDDEN
    centre = 100 * sum(DEMO_NUMERATORS[:23]) / sum(DEMO_DENOMINATORS[:23])
    assert public.chart.centre[0] == pytest.approx(centre), "the centre line of the 23 months shown"
    assert np.isnan(public.chart.values[23])
    assert np.isnan(public.chart.ucl[23])
    assert np.isnan(public.chart.lcl[23])


def test_a_month_resting_on_1_to_10_people_is_hidden_and_gives_no_verdict_even_if_not_flagged():
    rows = months(STEADY, [100] * len(STEADY))
    rows[-1] |= {"numerator": 5.0, "denominator": 7.0, "value": 500 / 7}

    internal, public = both_readings(rows)

    assert public.hidden_count == 1
    assert public.verdict == NO_VERDICT_HIDDEN
    assert internal.verdict != NO_VERDICT_HIDDEN


# --- The dashboard panel: the tile and the chart -----------------------------------------------------------------


def demo_measure() -> Measure:
    return Measure(
        code="routine-non-psychiatry-offered-10-days",
        name="Routine non-psychiatry requests offered within 10 business days",
        unit="percent",
        direction="increase",
        chart_type="p",
        spc_rules="anhoej",
        target=Decimal("80.00"),
    )


def panel(rows, *, public):
    return dashboards._panel(
        demo_measure(), rows, dashboards.Filters(period_type="month"), as_of=date(2026, 11, 30), public=public
    )


def trace_names(figure_json: str) -> list[str]:
    return [trace.get("name") for trace in json.loads(figure_json)["data"]]


def test_the_dashboard_tile_says_no_verdict_publicly_and_its_chart_marks_no_signal():
    internal, public = panel(demo_months(), public=False), panel(demo_months(), public=True)

    assert internal.verdict == IMPROVING
    assert public.verdict == NO_VERDICT_HIDDEN
    assert "No verdict: some months are hidden to protect privacy." in public.summary
    assert "The centre line and limits rest on the months shown only." in public.summary
    assert "variation" not in public.summary, "neither common- nor special-cause variation is claimed"
    names = trace_names(public.figure_json)
    assert "Centre line" in names
    assert "Centre line: unusual run" not in names
    assert "Outside the control limits" not in names
    assert "Centre line: unusual run" in trace_names(internal.figure_json)


def test_the_dashboard_tile_gives_the_staff_verdict_to_the_public_when_nothing_is_hidden():
    rows = months(DEMO_NUMERATORS, DEMO_DENOMINATORS)

    internal, public = panel(rows, public=False), panel(rows, public=True)

    assert internal.verdict == public.verdict == IMPROVING
    assert internal.summary == public.summary


# --- The measure page and the dashboard read the same -------------------------------------------------------------


@pytest.fixture
def demo_series(db):
    """The demo's series stored as the latest computation's results for everyone."""
    cache.clear()
    measure = Measure.objects.get(code="routine-non-psychiatry-offered-10-days")
    Measure.objects.filter(pk=measure.pk).update(target=Decimal("80.00"), spc_rules="anhoej", baseline_months=None)
    computation = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=timezone.now(), data_as_of=date(2026, 11, 30)
    )
    MeasureResult.objects.bulk_create(
        MeasureResult(computation=computation, measure=measure, **row) for row in demo_months()
    )
    yield measure
    cache.clear()


def test_the_public_measure_page_and_dashboard_tile_say_no_verdict_and_staff_see_improving(
    client, client_for, director, demo_series
):
    page_url = reverse("measures:measure_detail", args=[demo_series.code])
    board_url = reverse("measures:wait_time_dashboard") + "?period=month"

    public_page = client.get(page_url).content.decode()
    public_board = client.get(board_url).content.decode()
    staff_page = client_for(director).get(page_url).content.decode()
    staff_board = client_for(director).get(board_url).content.decode()

    for page in (public_page, public_board):
        assert "No verdict: some months are hidden to protect privacy" in page
        assert "Special cause: getting worse" not in page
        assert "Special cause: improving" not in page
    assert "1 month is hidden to protect privacy." in public_page
    assert "fewer than 11" not in public_page
    for page in (staff_page, staff_board):
        assert "Special cause: improving" in page
        assert "No verdict" not in page
