"""A local measure's run chart and control chart, drawn by the registry's engine and read by its rules.

The same pieces as the registry's charts: :mod:`measures.spc` computes the lines and the signals,
:func:`measures.compute.trend.series_trend` gives the verdict, :func:`measures.charts.control_chart_figure`
draws the figure and :func:`measures.charts.describe_control_chart` says it in text. The control chart
reads the Making Data Count rules in the measure's direction of improvement (as the progress score does,
:mod:`projects.improvement`); the run chart the Anhøj runs rules around the median. When the project's
first PDSA cycle starts after at least :data:`projects.improvement.MIN_BASELINE` points, those points are
the frozen baseline of both charts: the lines the later points are judged against. Each PDSA cycle of the
project is drawn as a dotted vertical line where it starts.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from measures import charts, spc
from measures.compute.trend import (
    ANHOEJ,
    COMMON_CAUSE,
    IMPROVING,
    MAKING_DATA_COUNT,
    MIN_POINTS,
    SPECIAL_CAUSE,
    TOO_FEW,
    WORSENING,
    series_trend,
)
from projects.improvement import MIN_BASELINE, ImprovementFinding, improvement_finding
from projects.models import LocalMeasure, LocalPeriod
from projects.selectors.cycles import project_cycles
from projects.selectors.measures import local_measure_chart_input, local_measure_series, period_start_of
from projects.selectors.progress import RULE_WORDS

RUN, CONTROL = "run", "control"


@dataclass(frozen=True)
class LocalChart:
    """One chart: ``kind`` (run or control), ``chart_type`` ("run", "p", "c"), the figure's JSON (None
    with fewer than two points), the ``summary`` for screen readers, ``explanation`` (what the chart
    shows, for someone who has never read one) and the ``verdict`` (:mod:`measures.compute.trend`)."""

    kind: str
    chart_type: str
    figure_json: str | None
    summary: str
    explanation: str
    verdict: str
    verdict_text: str
    result: spc.ControlChartResult | None = None


@dataclass(frozen=True)
class LocalCharts:
    measure: LocalMeasure
    points: int
    baseline: int
    run: LocalChart
    control: LocalChart
    finding: ImprovementFinding
    #: One sentence: has the chart shown improvement (by the rules), from when, and has it held.
    finding_text: str

    @property
    def figure_id(self) -> str:
        """The control chart's element id on the project page, one per measure."""
        return f"family-{self.measure.pk}-control"


def _period_words(measure: LocalMeasure) -> tuple[str, str]:
    if measure.period == LocalPeriod.WEEK:
        return _("week"), _("Week")
    return _("month"), _("Month")


def _period_label(day, period: str) -> str:
    if period == LocalPeriod.WEEK:
        return _("the week of %(day)s") % {"day": date_format(day, "DATE_FORMAT")}
    return date_format(day, "YEAR_MONTH_FORMAT")


def verdict_words(verdict: str, kind: str) -> str:
    if verdict == TOO_FEW:
        return _("Fewer than %(count)d points so far: too few to tell a change from chance.") % {"count": MIN_POINTS}
    if verdict == IMPROVING:
        return _("Special cause: improving.")
    if verdict == WORSENING:
        return _("Special cause: getting worse.")
    if verdict == SPECIAL_CAUSE:
        return _("Special cause: a change that is not chance.")
    if verdict == COMMON_CAUSE:
        return _("Common-cause variation: no sign of a change beyond chance.")
    return ""


def _explanation(measure: LocalMeasure, kind: str, chart_type: str, baseline: int) -> str:
    weekly = measure.period == LocalPeriod.WEEK
    better = _("Higher is better.") if measure.direction == "increase" else _("Lower is better.")
    if measure.is_proportion:
        parts = {
            "numerator": measure.display_numerator_label or _("the numerator"),
            "denominator": measure.display_denominator_label or _("the denominator"),
        }
        what = (
            _("Each dot is one week's percentage: %(numerator)s out of %(denominator)s.") % parts
            if weekly
            else _("Each dot is one month's percentage: %(numerator)s out of %(denominator)s.") % parts
        )
    else:
        what = _("Each dot is one week's count.") if weekly else _("Each dot is one month's count.")
    base = (
        " "
        + _("Its lines are worked out from the first %(count)d points, before the first PDSA cycle, and fixed there.")
        % {"count": baseline}
        if baseline
        else ""
    )
    if kind == RUN:
        body = _(
            "This run chart shows whether the figures have moved. The line across is the median, the middle "
            "figure. A longer run of dots on one side of it than chance allows, or too few crossings of it, "
            "says the process has changed."
        )
    else:
        name = _("a P chart, for a proportion") if chart_type == "p" else _("a C chart, for a count")
        body = _(
            "This control chart (%(name)s) shows whether the figures vary only by chance. The solid line is "
            "the average; the grey lines are the control limits, where chance alone keeps the dots. A dot "
            "outside the limits, seven dots in a row on one side of the average, seven going up or down in a "
            "row, or two of three close to a limit are signals that something has changed."
        ) % {"name": name}
    marks = _("The dotted vertical lines mark where each PDSA cycle started.")
    return f"{body}{base} {what} {better} {marks}"


def _annotations(measure: LocalMeasure, periods: tuple) -> list[tuple[object, str]]:
    if not periods:
        return []
    last = periods[-1]
    notes = []
    for cycle in project_cycles(project=measure.project):
        if cycle.starts_on < periods[0] or period_start_of(cycle.starts_on, measure.period) > last:
            continue
        title = Truncator(cycle.localized("title").text).chars(40)
        notes.append((cycle.starts_on, _("PDSA: %(title)s") % {"title": title}))
    return notes


def _baseline(measure: LocalMeasure, periods: tuple) -> int:
    """Points before the project's first PDSA cycle started: the progress score's baseline, frozen when
    long enough (:data:`MIN_BASELINE`) and followed by other points."""
    first = project_cycles(project=measure.project).first()
    if first is None:
        return 0
    start = period_start_of(first.starts_on, measure.period)
    before = sum(1 for period in periods if period < start)
    return before if MIN_BASELINE <= before < len(periods) else 0


def _chart(
    measure, kind, chart_type, values, denominators, multiply, periods, baseline, annotations, rules
) -> LocalChart:
    _one, period_title = _period_words(measure)
    explanation = _explanation(measure, kind, chart_type, baseline)
    freeze = baseline or None
    verdict, result = TOO_FEW, None
    if len(values) >= MIN_POINTS:
        trend = series_trend(
            chart_type,
            values,
            denominators,
            rules=rules,
            improvement=measure.direction,
            multiply=multiply,
            freeze=freeze,
        )
        verdict, result = trend.verdict, trend.chart
    elif len(values) >= 2:
        result = spc.control_chart(chart_type, values, denominators, freeze=freeze, multiply=multiply)
    if result is None:
        summary = _("Too few points to chart yet: a chart needs at least two.")
        return LocalChart(kind, chart_type, None, summary, explanation, TOO_FEW, verdict_words(TOO_FEW, kind))
    suffix = " %" if measure.is_proportion else ""
    y_title = _("Percent") if measure.is_proportion else _("Count")
    # A week is named by its Monday's date; the registry's "October 2026" would name four weeks alike.
    fmt = "DATE_FORMAT" if measure.period == LocalPeriod.WEEK else "YEAR_MONTH_FORMAT"
    arguments = {
        "suffix": suffix,
        "public": False,
        "decimals": 1 if measure.is_proportion else 0,
        "period_labels": [date_format(period, fmt) for period in periods],
    }
    # No title in the figure: the heading above it names the chart, and its container's aria-label.
    figure = charts.control_chart_figure(
        list(periods),
        result,
        y_title=y_title,
        x_title=period_title,
        series_name=measure.display_name,
        annotations=annotations,
        improvement=measure.direction,
        **arguments,
    )
    summary = charts.describe_control_chart(list(periods), result, **arguments)
    return LocalChart(
        kind,
        chart_type,
        charts.figure_json(figure),
        summary,
        explanation,
        verdict,
        verdict_words(verdict, kind),
        result,
    )


def _finding_text(measure: LocalMeasure, finding: ImprovementFinding, periods: tuple) -> str:
    if not finding.enough:
        return _("The chart rules need %(needed)d points; this measure has %(count)d.") % {
            "needed": MIN_POINTS,
            "count": finding.points,
        }
    if finding.first_signal is None:
        return _("No special cause in the direction of improvement yet.")
    text = _("Improvement shown by the chart rules from %(when)s (%(rule)s).") % {
        "when": _period_label(periods[finding.first_signal], measure.period),
        "rule": RULE_WORDS.get(finding.rule, finding.rule),
    }
    if finding.sustained:
        text += " " + _("It has held since.")
    return text


def local_measure_charts(*, measure: LocalMeasure) -> LocalCharts:
    """The measure's run chart and control chart, their verdicts, and the improvement finding the
    progress score reads (:func:`projects.improvement.improvement_finding`, the same baseline)."""
    data = local_measure_chart_input(measure=measure)
    series = local_measure_series(measure=measure)
    periods = data.periods
    baseline = _baseline(measure, periods)
    annotations = _annotations(measure, periods)
    common = {"periods": periods, "baseline": baseline, "annotations": annotations}
    run = _chart(measure, RUN, "run", list(series.values), None, 1, rules=ANHOEJ, **common)
    control = _chart(
        measure,
        CONTROL,
        data.chart,
        data.values,
        data.denominators,
        data.multiply,
        rules=MAKING_DATA_COUNT,
        **common,
    )
    finding = improvement_finding(
        data.chart,
        data.values,
        data.denominators,
        improvement=data.improvement,
        multiply=data.multiply,
        baseline=baseline,
    )
    return LocalCharts(
        measure=measure,
        points=len(periods),
        baseline=baseline,
        run=run,
        control=control,
        finding=finding,
        finding_text=_finding_text(measure, finding, periods),
    )


def project_local_charts(*, project) -> dict[int, LocalCharts]:
    """Each local measure of the project's family, by id, with its charts (for the project page)."""
    return {measure.pk: local_measure_charts(measure=measure) for measure in project.local_measures.all()}
