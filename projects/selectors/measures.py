"""Reads of a project's family of measures and of its local measures' series, laid out for the chart
engine the registry uses (:mod:`measures.spc`, :mod:`measures.charts`)."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from measures.charts import ControlChartSeries
from measures.compute.trend import chart_inputs
from measures.selectors import measure_monthly_trend
from projects.models import ImprovementProject, LocalMeasure, LocalPeriod, MeasureRole, ProjectMeasure


def project_family(*, project: ImprovementProject) -> list[ProjectMeasure]:
    """The family in the order IHI lists it: outcome, process, balancing; each with its measure."""
    order = {role: index for index, role in enumerate(MeasureRole.values)}
    entries = project.family.select_related("measure", "local_measure").order_by("id")
    return sorted(entries, key=lambda entry: order[entry.role])


def project_outcome_measure(*, project: ImprovementProject) -> ProjectMeasure | None:
    """The family's first outcome measure: the one the progress score reads."""
    return (
        project.family.filter(role=MeasureRole.OUTCOME)
        .select_related("measure", "local_measure")
        .order_by("id")
        .first()
    )


def period_start_of(day: date, period: str) -> date:
    """The period a day falls in: the Monday of its week, or the first of its month."""
    if period == LocalPeriod.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def local_measure_series(*, measure: LocalMeasure) -> ControlChartSeries:
    """The measure's data points in time order as :class:`measures.charts.ControlChartSeries`: the
    numerators, the denominators (NaN for a count), the values (percent for a proportion, the count
    otherwise). Nothing is suppressed: the team counts its own work, not people's records."""
    points = list(measure.data_points.order_by("period_start"))
    return ControlChartSeries(
        periods=tuple(point.period_start for point in points),
        numerators=tuple(float(point.numerator) for point in points),
        denominators=tuple(math.nan if point.denominator is None else float(point.denominator) for point in points),
        values=tuple(point.value for point in points),
        suppressed=tuple(False for _point in points),
    )


def local_measure_chart_type(measure: LocalMeasure) -> str:
    """A P chart for a proportion, a C chart for a count (Provost & Murray, ch. 5: attribute data)."""
    return "p" if measure.is_proportion else "c"


@dataclass(frozen=True)
class ChartInput:
    """A series ready for :func:`measures.spc.control_chart`: ``chart``, ``values``, ``denominators`` (or
    None), ``multiply``, the ``periods``, the direction of ``improvement`` and the ``period`` length
    ("week" or "month")."""

    chart: str
    values: list
    denominators: list | None
    multiply: float
    periods: tuple
    improvement: str
    period: str


def local_measure_chart_input(*, measure: LocalMeasure) -> ChartInput:
    series = local_measure_series(measure=measure)
    chart, values, denominators, multiply = chart_inputs(
        local_measure_chart_type(measure),
        numerators=series.numerators,
        denominators=series.denominators,
        values=series.values,
    )
    return ChartInput(chart, values, denominators, multiply, series.periods, measure.direction, measure.period)


def registry_measure_chart_input(*, measure) -> ChartInput:
    """A registry measure's monthly series as QI staff read it (:func:`measures.selectors.measure_monthly_trend`)."""
    trend = measure_monthly_trend(measure=measure, internal=True)["trend"]
    series = trend.series
    chart, values, denominators, multiply = chart_inputs(
        trend.chart_type, numerators=series.numerators, denominators=series.denominators, values=series.values
    )
    return ChartInput(chart, values, denominators, multiply, series.periods, measure.direction, LocalPeriod.MONTH)
