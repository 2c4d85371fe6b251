"""Reading stored results for the dashboards (PRODUCT.md 6): one fixed set of queries, figures cached.

Nothing here computes a measure: it reads ``MeasureResult`` rows that the recompute stored, hands
them to the pure chart builders in :mod:`measures.charts`, and keeps what it built in the cache
under the id of the computation the rows came from, so a new recompute makes new figures and a
request otherwise does no work twice. Public views (visitors and consumers) always get suppressed
figures; county staff get every figure, with a banner.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache, caches
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from measures import charts
from measures.charts._common import number
from measures.compute.periods import period_end
from measures.dashboard_state import (  # noqa: F401 (re-exported: what other apps call)
    DashboardState,
    dashboard_state,
    dashboards_invalidate,
    population_results_shown,
    state_computation,
)
from measures.models import (
    ChartNote,
    Code,
    Measure,
    MeasureComputation,
    MeasureDisparity,
    MeasureResult,
    PopulationDisparity,
    PopulationResult,
    PopulationStatus,
    Stratum,
    Unit,
)
from measures.models.results import POPULATION_STRATA
from measures.monthly import measure_monthly_settings, monthly_trend
from measures.selectors import group_labels, measure_gap_trends, period_label

PERIOD_TYPES = ("month", "quarter", "fiscal_year")
# POPULATION_STRATA (from the models): a dashboard can be narrowed to everyone, one age group or one program.

WAIT_TIME_MEASURES = (
    "routine-non-psychiatry-offered-10-days",
    "routine-psychiatry-offered-15-days",
    "urgent-offered-48-96-hours",
    "days-to-first-offer",
    "days-to-first-service",
    "no-show-psychiatry",
    "no-show-clinicians",
    "follow-up-7-days",
    "follow-up-30-days",
    "hedis-fuh-7-days",
    "hedis-fuh-30-days",
    "readmission-30-days",
)
#: The standards that get a scorecard tile.
STANDARDS = WAIT_TIME_MEASURES[:3]
CACHE_SECONDS = 24 * 60 * 60


def page_key(name: str, state: DashboardState, filters) -> str:
    """What a whole dashboard page is kept under (the reader and the language are added to it)."""
    return f"{name}:{state.key_part()}:{filters.cache_part()}"


def fragment_key(name: str, computation: MeasureComputation, public: bool, filters) -> str:
    """What a dashboard's rendered body is cached under: it changes with each computation and setting."""
    return _cache_key(f"{name}-html", computation, public, filters.cache_part())


def _cache_key(name: str, computation: MeasureComputation, public: bool, parts: str) -> str:
    version = dashboard_state().version
    return f"qic:dashboard:{name}:{computation.pk}:{version}:{int(public)}:{get_language()}:{parts}"


@dataclass(frozen=True)
class Filters:
    period_type: str = "quarter"
    stratum: str = "all"
    group: str = ""
    label: str = ""

    @property
    def population(self) -> str:
        return "" if self.stratum == "all" else f"{self.stratum}:{self.group}"

    def cache_part(self) -> str:
        return f"{self.period_type}|{self.stratum}|{self.group}"

    @property
    def query(self) -> str:
        """The filters as a query string, for links that keep them (the CSV downloads)."""
        return urlencode({"period": self.period_type, "population": self.population})


LABELS_SECONDS = 5 * 60


def cached_group_labels(state: DashboardState | None = None) -> dict[tuple[str, str], str]:
    """The code lists' labels in the reader's language, kept in each web process for a few minutes:
    a code an administrator relabels shows within minutes."""
    labels_cache = caches["rendered"]
    key = f"qic:group-labels:{(state or dashboard_state()).version}:{get_language()}"
    labels = labels_cache.get(key)
    if labels is None:
        labels = group_labels()
        labels_cache.set(key, labels, LABELS_SECONDS)
    return labels


def dashboard_filters(
    query, state: DashboardState | None = None
) -> tuple[Filters, list[tuple[str, str, list[tuple[str, str]]]]]:
    """The filters in a URL (``period``, ``population=age_group:18-20``) and the population choices.

    Anything unknown falls back to the default (the latest quarter, everyone). The group labels are
    read once every few minutes per language, not on every request.
    """
    labels = cached_group_labels(state)
    period_type = query.get("period", "quarter")
    if period_type not in PERIOD_TYPES:
        period_type = "quarter"
    stratum, group = _population(query, labels)
    filters = Filters(period_type=period_type, stratum=stratum, group=group, label=labels.get((stratum, group), ""))
    return filters, population_choices(labels)


def population_choices(labels: dict) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The populations a dashboard can be narrowed to, as (dimension, its label, [(value, group label)])."""
    choices = []
    for stratum in POPULATION_STRATA:
        groups = [(f"{stratum}:{code}", label) for code, label in groups_of(labels, stratum)]
        choices.append((stratum, str(Stratum(stratum).label), groups))
    return choices


def _population(query, labels: dict) -> tuple[str, str]:
    """``population=age_group:18_20`` as (dimension, group); ("all", "") for everyone or anything unknown."""
    stratum, _sep, group = (query.get("population") or "").partition(":")
    if stratum not in POPULATION_STRATA or (stratum, group) not in labels:
        return "all", ""
    return stratum, group


@dataclass
class Panel:
    """One measure on a dashboard: its latest figure, its monthly chart, and the table under it."""

    measure: Measure
    latest: dict | None
    period_label: str
    partial: bool
    verdict: str
    assurance: str | None
    figure_json: str | None
    summary: str
    table: list[dict] = field(default_factory=list)
    #: The notes on the chart in full, as (month, text): the chart shows each cut to one line.
    notes: list[tuple] = field(default_factory=list)


def _as_dict(row: MeasureResult) -> dict:
    return {
        "period_type": row.period_type,
        "period_start": row.period_start,
        "stratum": row.stratum,
        "group": row.group,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": row.value,
        "lower": row.lower,
        "upper": row.upper,
        "details": row.details,
        "suppressed": row.suppressed,
        "suppression_reason": row.suppression_reason,
    }


def _latest_complete(rows: list[dict], period_type: str, as_of) -> tuple[dict | None, bool]:
    """The latest period the data cover to its end (or the latest at all), and whether it is partial."""
    candidates = sorted((row for row in rows if row["period_type"] == period_type), key=lambda r: r["period_start"])
    if not candidates:
        return None, False
    complete = [row for row in candidates if as_of is None or period_end(row["period_start"], period_type) <= as_of]
    latest = complete[-1] if complete else candidates[-1]
    return latest, as_of is not None and period_end(latest["period_start"], period_type) > as_of


def _panel(measure: Measure, rows: list[dict], filters: Filters, *, as_of, public: bool, notes=()) -> Panel:
    latest, partial = _latest_complete(rows, filters.period_type, as_of)
    months = [row for row in rows if row["period_type"] == "month"]
    suffix = " %" if measure.unit == Unit.PERCENT else ""
    figure, summary = None, _("Too few months to chart yet.")
    # The same reading of the series as the measure page's (measures.monthly): a public series with a
    # hidden month gets no verdict, and its chart marks no signal.
    trend = monthly_trend(months, **measure_monthly_settings(measure), notes=notes, public=public)
    if trend.chart is not None:
        series = trend.series
        arguments = {
            "suppressed": series.suppressed,
            "n": list(series.denominators),
            "target": trend.target,
            "suffix": suffix,
            "public": public,
            "signals": trend.signals,
        }
        figure = charts.figure_json(
            charts.control_chart_figure(
                list(series.periods),
                trend.chart,
                # No title: the panel's heading names the chart, and its container's aria-label.
                y_title=measure.get_unit_display(),
                x_title=_("Month"),
                series_name=_("Everyone") if filters.stratum == "all" else _("This population"),
                annotations=trend.layout.annotations,
                phase_labels=trend.layout.phase_labels,
                improvement=measure.direction,
                **arguments,
            )
        )
        summary = charts.describe_control_chart(list(series.periods), trend.chart, **arguments)
    table = []
    for row in sorted(months, key=lambda r: r["period_start"]):
        hidden = public and row["suppressed"]
        table.append({"period": row["period_start"], "row": None if hidden else row, "suppressed": row["suppressed"]})
    return Panel(
        measure=measure,
        latest=latest,
        period_label=period_label(filters.period_type, latest["period_start"]) if latest else "",
        partial=partial,
        verdict=trend.verdict,
        assurance=trend.assurance,
        figure_json=figure,
        summary=summary,
        table=table,
        notes=sorted((month, text) for month, text, _phase in notes) if figure else [],
    )


def latest_computation() -> MeasureComputation | None:
    """The computation the dashboards show now (the one their state names)."""
    return state_computation(dashboard_state())


def wait_time_dashboard(*, filters: Filters, public: bool, computation: MeasureComputation | None = None) -> dict:
    """The wait-time dashboard's panels for the filters: tiles, monthly charts and their tables.

    Returns ``{"computation", "panels": [Panel], "standards": [Panel]}``; ``computation`` is None
    when nothing has been computed yet. ``computation`` defaults to the latest.
    """
    computation = computation or latest_computation()
    if computation is None:
        return {"computation": None, "panels": [], "standards": []}
    key = _cache_key("wait-times", computation, public, filters.cache_part())
    cached = cache.get(key)
    if cached is None:
        every = {m.code: m for m in Measure.objects.active().filter(code__in=[*WAIT_TIME_MEASURES, *FUNNEL_MEASURES])}
        measures = {code: measure for code, measure in every.items() if code in WAIT_TIME_MEASURES}
        funnel_measures = {code: measure for code, measure in every.items() if code in FUNNEL_MEASURES}
        labels = group_labels()
        rows: dict[int, list[dict]] = {}
        for row in MeasureResult.objects.filter(
            measure__code__in=[*WAIT_TIME_MEASURES, *FUNNEL_MEASURES], stratum=filters.stratum, group=filters.group
        ).order_by("period_start"):
            rows.setdefault(row.measure_id, []).append(_as_dict(row))
        notes: dict[int, list] = {}
        for note in ChartNote.objects.filter(measure__in=measures.values()):
            notes.setdefault(note.measure_id, []).append((note.month, note.localized("text").text, note.starts_phase))
        as_of = computation.data_as_of
        panels = [
            _panel(
                measure, rows.get(measure.pk, []), filters, as_of=as_of, public=public, notes=notes.get(measure.pk, ())
            )
            for measure in (measures[code] for code in WAIT_TIME_MEASURES if code in measures)
        ]
        no_shows = _no_shows_by_mode(filters, as_of, public, labels)
        funnel = _funnel(funnel_measures, rows, filters, computation.data_as_of, public) if funnel_measures else None
        waits = measures.get(WAIT_DISTRIBUTION_MEASURE)
        cached = {
            "panels": panels,
            "distributions": _wait_distributions(waits, filters, as_of, public, labels) if waits else [],
            "funnel": funnel,
            "no_shows": no_shows,
        }
        cache.set(key, cached, CACHE_SECONDS)
    panels = cached["panels"]
    return {
        "computation": computation,
        "panels": panels,
        "standards": [panel for panel in panels if panel.measure.code in STANDARDS],
        "distributions": cached["distributions"],
        "funnel": cached["funnel"],
        "no_shows": cached["no_shows"],
    }


NO_SHOW_MEASURES = ("no-show-psychiatry", "no-show-clinicians")


def _no_shows_by_mode(filters: Filters, as_of, public: bool, labels: dict) -> list[dict]:
    """No-show rates by delivery mode (in person, video, telephone) for everyone, psychiatry and clinicians."""
    rows: dict[str, list[dict]] = {}
    measures = {}
    for row in MeasureResult.objects.filter(
        measure__code__in=NO_SHOW_MEASURES, period_type=filters.period_type, stratum="delivery_mode"
    ).select_related("measure"):
        measures[row.measure.code] = row.measure
        rows.setdefault(row.measure.code, []).append(_as_dict(row))
    panels = [
        _bars(measures[code], rows[code], filters, labels, as_of, public, stratum="delivery_mode")
        for code in NO_SHOW_MEASURES
        if code in measures
    ]
    return [panel for panel in panels if panel]


FUNNEL_MEASURES = ("requests-offered", "requests-first-service")


def _funnel(measures: dict[str, Measure], rows: dict[int, list[dict]], filters: Filters, as_of, public: bool):
    """Requested, offered, reached a first service, for the chosen period and people; and closure reasons."""
    offered_measure, served_measure = measures.get("requests-offered"), measures.get("requests-first-service")
    if offered_measure is None or served_measure is None:
        return None
    offered, partial = _latest_complete(rows.get(offered_measure.pk, []), filters.period_type, as_of)
    served, _partial = _latest_complete(rows.get(served_measure.pk, []), filters.period_type, as_of)
    if offered is None or served is None:
        return None
    # Both rows show their shared denominator (the requests) when shown, so the requests are hidden only
    # when both rows are; a hidden row's own count is hidden with it.
    stages = [
        charts.FunnelStage(
            _("Requests"), offered["denominator"], suppressed=offered["suppressed"] and served["suppressed"]
        ),
        charts.FunnelStage(_("Offered a first appointment"), offered["numerator"], suppressed=offered["suppressed"]),
        charts.FunnelStage(_("Reached a first service"), served["numerator"], suppressed=served["suppressed"]),
    ]
    labels = _group_labels_of("closure_reason")
    reasons = []
    for reason, entry in (served["details"].get("closure_reasons") or {}).items():
        hidden = public and entry["suppressed"]
        label = _("Still open") if reason == "open" else labels.get(reason, reason)
        reasons.append({"label": label, "count": None if hidden else entry["count"], "suppressed": entry["suppressed"]})
    return {
        "period_label": period_label(filters.period_type, offered["period_start"]),
        "partial": partial,
        "figure_json": charts.figure_json(charts.funnel_figure(stages, title="", public=public)),
        "summary": charts.describe_funnel(stages, public=public),
        "stages": [{"stage": stage, "hidden": stage.hidden(public=public)} for stage in stages],
        "reasons": reasons,
    }


def _group_labels_of(code_list: str) -> dict[str, str]:
    return {code.code: code.display_label for code in Code.objects.filter(code_list=code_list)}


WAIT_DISTRIBUTION_MEASURE = "days-to-first-offer"
ROUTINE_STANDARD_DAYS = 10


def _wait_distributions(measure: Measure, filters: Filters, as_of, public: bool, labels: dict) -> list[dict]:
    """Waits to a first offer by service line and by program, for everyone, in the chosen period."""
    rows: dict[str, list[dict]] = {}
    for row in MeasureResult.objects.filter(
        measure=measure, period_type=filters.period_type, stratum__in=["service_line", "program"]
    ):
        rows.setdefault(row.stratum, []).append(_as_dict(row))
    out = []
    for stratum in ("service_line", "program"):
        latest, start, partial = _latest_rows(rows.get(stratum, []), filters.period_type, as_of)
        if not latest:
            continue
        latest = _in_order(latest, labels, stratum)
        groups = [
            charts.WaitSummary.from_result(row, labels.get((stratum, row["group"]), row["group"])) for row in latest
        ]
        arguments = {"measure_label": measure.display_name, "public": public}
        figure = charts.wait_distribution_figure(
            groups,
            title="",
            y_title=_("Business days to the first offer"),
            x_title=str(Stratum(stratum).label),
            standard=ROUTINE_STANDARD_DAYS,
            standard_label=_("Standard for routine non-psychiatry requests: 10 business days"),
            public=public,
        )
        out.append(
            {
                "stratum": stratum,
                "stratum_label": str(Stratum(stratum).label),
                "period_label": period_label(filters.period_type, start),
                "partial": partial,
                "figure_json": charts.figure_json(figure),
                "summary": charts.describe_waits(groups, **arguments),
                "rows": [
                    {"label": group.label, "row": row, "hidden": group.hidden(public=public)}
                    for group, row in zip(groups, latest, strict=True)
                ],
            }
        )
    return out


def panel_csv_rows(panel: Panel, *, public: bool) -> list[list]:
    """The monthly table of one panel as CSV rows (hidden months say so, with no figures, in public)."""
    header = [
        _("Month"),
        _("Value"),
        _("Lower limit"),
        _("Upper limit"),
        _("Numerator"),
        _("Denominator"),
        _("Hidden publicly"),
    ]
    out = [header]
    for line in panel.table:
        row = line["row"]
        if row is None:
            out.append([line["period"].isoformat(), _("Suppressed"), "", "", "", "", _("yes")])
            continue
        out.append(
            [
                line["period"].isoformat(),
                _round(row["value"]),
                _round(row["lower"]),
                _round(row["upper"]),
                _round(row["numerator"]),
                _round(row["denominator"]),
                _("yes") if line["suppressed"] else _("no"),
            ]
        )
    return out


def _round(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


EQUITY_MEASURES = (
    "routine-non-psychiatry-offered-10-days",
    "routine-psychiatry-offered-15-days",
    "urgent-offered-48-96-hours",
    "days-to-first-offer",
    "no-show-psychiatry",
    "no-show-clinicians",
    "follow-up-7-days",
    "follow-up-30-days",
    "hedis-fuh-7-days",
    "hedis-fuh-30-days",
    "readmission-30-days",
    "penetration-rate",
    "approved-dollars-per-client",
    "approved-dollars-per-eligible",
)
EQUITY_STRATA = (
    "race_ethnicity",
    "age_group",
    "gender",
    "language",
    "threshold_language",
    "limited_english",
    "region",
)
LANGUAGE_MEASURE = "routine-non-psychiatry-offered-10-days"
SERVICE_USE_MEASURES = ("penetration-rate", "approved-dollars-per-client", "approved-dollars-per-eligible")
LARGEST_GAPS = 10


@dataclass(frozen=True)
class EquityFilters:
    period_type: str = "quarter"
    stratum: str = "race_ethnicity"
    measure: str = LANGUAGE_MEASURE
    #: The population shown: "all" for everyone, else a dimension of ``POPULATION_STRATA`` and its group.
    population_stratum: str = "all"
    population_group: str = ""
    population_label: str = ""

    @property
    def population(self) -> str:
        return "" if self.population_stratum == "all" else f"{self.population_stratum}:{self.population_group}"

    @property
    def strata(self) -> tuple[str, ...]:
        """The groupings offered: a population is not broken down by its own dimension."""
        return tuple(stratum for stratum in EQUITY_STRATA if stratum != self.population_stratum)

    def cache_part(self) -> str:
        return f"{self.period_type}|{self.stratum}|{self.measure}|{self.population}"

    @property
    def query(self) -> str:
        parts = {"period": self.period_type, "stratum": self.stratum, "measure": self.measure}
        if self.population:
            parts["population"] = self.population
        return urlencode(parts)


def equity_filters(query, state: DashboardState | None = None) -> EquityFilters:
    """The equity dashboard's filters from a URL; anything unknown falls back to the default.

    A grouping equal to the population's own dimension (age groups within one age group) falls back
    to the default grouping.
    """
    labels = cached_group_labels(state)
    period_type = query.get("period", "quarter")
    stratum = query.get("stratum", "race_ethnicity")
    measure = query.get("measure", LANGUAGE_MEASURE)
    population_stratum, population_group = _population(query, labels)
    if stratum not in EQUITY_STRATA or stratum == population_stratum:
        stratum = "race_ethnicity"
    return EquityFilters(
        period_type=period_type if period_type in PERIOD_TYPES else "quarter",
        stratum=stratum,
        measure=measure if measure in EQUITY_MEASURES else LANGUAGE_MEASURE,
        population_stratum=population_stratum,
        population_group=population_group,
        population_label=labels.get((population_stratum, population_group), ""),
    )


def equity_fragment_key(computation: MeasureComputation, public: bool, filters: EquityFilters) -> str:
    """The equity body's cache key; a population's also changes when its breakdown finishes."""
    return _cache_key("equity-html", computation, public, _equity_part(computation, filters))


def _equity_part(computation: MeasureComputation, filters: EquityFilters) -> str:
    ready = f"|{population_ready(computation)}" if filters.population else ""
    return filters.cache_part() + ready


def population_ready(computation: MeasureComputation) -> bool:
    """Whether the breakdown by age group and program of ``computation`` is stored."""
    return computation.population_status == PopulationStatus.SUCCEEDED


def equity_measure_choices() -> list[Measure]:
    """The measures the equity dashboard can compare, in its order."""
    measures = {m.code: m for m in Measure.objects.active().filter(code__in=EQUITY_MEASURES)}
    return [measures[code] for code in EQUITY_MEASURES if code in measures]


def _spec(measure: Measure, reference: str | None) -> charts.MeasureSpec:
    return charts.MeasureSpec(
        code=measure.code,
        label=measure.display_name,
        direction=measure.direction,
        suffix=" %" if measure.unit == Unit.PERCENT else "",
        reference=reference,
    )


def _reference_of(rows: list[dict]) -> str | None:
    return next((row["group"] for row in rows if "reference_rule" in row["details"]), None)


def _latest_rows(rows: list[dict], period_type: str, as_of) -> tuple[list[dict], object, bool]:
    """The rows of the latest complete period among ``rows`` (one measure and stratum)."""
    latest, partial = _latest_complete(rows, period_type, as_of)
    if latest is None:
        return [], None, False
    start = latest["period_start"]
    return [row for row in rows if row["period_start"] == start], start, partial


def equity_dashboard(*, filters: EquityFilters, public: bool, computation: MeasureComputation | None = None) -> dict:
    """The equity dashboard for the filters: heat map, forest plot with the summary indices, service use
    by group, timeliness by language and the largest gaps; figures cached per computation (by default
    the latest)."""
    computation = computation or latest_computation()
    if computation is None:
        return {"computation": None}
    key = _cache_key("equity", computation, public, _equity_part(computation, filters))
    cached = cache.get(key)
    if cached is None:
        cached = _equity_build(filters, computation, public=public)
        cache.set(key, cached, CACHE_SECONDS)
    return {"computation": computation, "population_label": filters.population_label, **cached}


def _equity_build(filters: EquityFilters, computation: MeasureComputation, *, public: bool) -> dict:
    if filters.population and not population_ready(computation):
        # The latest breakdown is not stored (waiting, running, interrupted or failed): the one before it, with
        # its own computation's periods, marked as earlier on the page; or, without one, said plainly.
        # Nothing is computed in a request.
        earlier = population_results_shown(computation)
        if earlier is None:
            return {"population_missing": True}
        when = {"finished_at": earlier.population_finished_at, "data_as_of": earlier.data_as_of}
        return {**_equity_build(filters, earlier, public=public), "population_earlier": when}
    labels = cached_group_labels()
    measures = {m.code: m for m in Measure.objects.active().filter(code__in=EQUITY_MEASURES)}
    # Within a population, only the measures broken down by its dimension have figures.
    not_broken_down = []
    if filters.population:
        not_broken_down = [m for code, m in measures.items() if filters.population_stratum not in m.strata]
        not_broken_down.sort(key=lambda m: EQUITY_MEASURES.index(m.code))
        measures = {code: m for code, m in measures.items() if filters.population_stratum in m.strata}
    strata = filters.strata
    by_measure: dict[tuple[str, str], list[dict]] = {}
    for row in _equity_rows(filters, computation, measures, strata):
        by_measure.setdefault((row.measure.code, row.stratum), []).append(_as_dict(row) | {"measure": row.measure.code})
    as_of = computation.data_as_of
    groups = groups_of(labels, filters.stratum)

    heat_rows, specs, gaps, period_start, partial = [], [], [], None, False
    for code in EQUITY_MEASURES:
        if code not in measures:
            continue
        rows, start, is_partial = _latest_rows(by_measure.get((code, filters.stratum), []), filters.period_type, as_of)
        if not rows:
            continue
        period_start, partial = period_start or start, partial or is_partial
        heat_rows.extend(rows)
        specs.append(_spec(measures[code], _reference_of(rows)))
    for code in EQUITY_MEASURES:
        for stratum in strata if code in measures else ():
            rows, _start, _partial = _latest_rows(by_measure.get((code, stratum), []), filters.period_type, as_of)
            gaps.extend(_gaps(measures[code], rows, labels, public=public))
    present = {row["group"] for row in heat_rows}
    groups = [group for group in groups if group[0] in present]
    reference = next((spec.reference for spec in specs if spec.reference), groups[0][0] if groups else "")
    heatmap = None
    if specs and groups:
        heatmap = charts.figure_json(
            charts.heatmap_figure(
                heat_rows,
                measures=specs,
                groups=groups,
                reference=reference,
                # No axis title: above the group labels it ran into them, and "Groups by" is chosen just above.
                public=public,
            )
        )

    chosen = measures.get(filters.measure)
    if chosen is None:  # the compared measure is not broken down by the population's dimension
        chosen = next(iter(measures.values()), None)
    chosen_code = chosen.code if chosen else filters.measure
    chosen_rows, _start, _partial = _latest_rows(
        by_measure.get((chosen_code, filters.stratum), []), filters.period_type, as_of
    )
    chosen_reference = _reference_of(chosen_rows)
    forest = forest_summary = None
    comparisons = (
        charts.comparisons_from_results(chosen_rows, groups=groups, reference=chosen_reference, public=public)
        if chosen_reference
        else []
    )
    reference_label = labels.get((filters.stratum, chosen_reference), chosen_reference or "")
    if chosen_reference and any(c.estimate is not None or c.suppressed for c in comparisons):
        arguments = {"reference_label": reference_label, "public": public}
        forest = charts.figure_json(
            charts.forest_figure(comparisons, x_title=_("Ratio to the reference group (log scale)"), **arguments)
        )
        forest_summary = charts.describe_forest(comparisons, measure_label=chosen.display_name, **arguments)
    disparity = None
    if chosen is not None:
        disparities = MeasureDisparity.objects.all()
        if filters.population:
            disparities = PopulationDisparity.objects.filter(
                computation=computation,
                population_stratum=filters.population_stratum,
                population_group=filters.population_group,
            )
        disparity = disparities.filter(
            measure=chosen, period_type=filters.period_type, stratum=filters.stratum, period_start=_start
        ).first()
    # Is the gap closing? Everyone's monthly series: a population's breakdown covers only the latest period.
    gap_trend = None
    if chosen is not None and filters.stratum in chosen.strata:
        trends = measure_gap_trends(measure=chosen, public=public, strata=[filters.stratum], labels=labels)
        gap_trend = trends[0] if trends else None

    service_use = []
    for code in SERVICE_USE_MEASURES:
        if code in measures:
            service_use.append(
                _bars(measures[code], by_measure.get((code, filters.stratum), []), filters, labels, as_of, public)
            )
    language = [
        _bars(measures[LANGUAGE_MEASURE], by_measure.get((LANGUAGE_MEASURE, stratum), []), filters, labels, as_of,
              public, stratum=stratum)
        for stratum in ("language", "threshold_language", "limited_english")
        if LANGUAGE_MEASURE in measures
    ]  # fmt: skip
    gaps.sort(key=lambda gap: -abs(gap["relative"]))
    return {
        "period_label": period_label(filters.period_type, period_start) if period_start else "",
        "partial": partial,
        "heatmap": heatmap,
        "heatmap_summary": charts.describe_heatmap(
            heat_rows, measures=specs, groups=groups, reference=reference, public=public
        )
        if heatmap
        else "",
        "heat_table": _heat_table(heat_rows, specs, groups, public=public),
        # What the heat map's cells say, as a list for phones (the figure's cells would be a few pixels wide).
        "heat_list": charts.heatmap_list(heat_rows, measures=specs, groups=groups, reference=reference, public=public)
        if heatmap
        else [],
        "heat_breakpoint": charts.heatmap_breakpoint(len(groups)),
        "groups": groups,
        "chosen": chosen,
        "reference_label": reference_label,
        "forest": forest,
        "forest_summary": forest_summary,
        "disparity": disparity,
        "gap_trend": gap_trend,
        "service_use": [panel for panel in service_use if panel],
        "language": [panel for panel in language if panel],
        "gaps": gaps[:LARGEST_GAPS],
        "measures": [measures[code] for code in EQUITY_MEASURES if code in measures],
        "not_broken_down": not_broken_down,
    }


def _equity_rows(filters: EquityFilters, computation: MeasureComputation, measures: dict, strata):
    """The stored rows the equity dashboard reads: everyone's, or the chosen population's cross-tabs."""
    if not filters.population:
        rows = MeasureResult.objects.all()
    else:
        rows = PopulationResult.objects.filter(
            computation=computation,
            population_stratum=filters.population_stratum,
            population_group=filters.population_group,
        )
    return rows.filter(
        measure__code__in=list(measures), period_type=filters.period_type, stratum__in=[*strata, "all"]
    ).select_related("measure")


def groups_of(labels: dict, stratum: str) -> list[tuple[str, str]]:
    """A stratum's groups as (code, label), in their code list's order."""
    return [(code, label) for (key, code), label in labels.items() if key == stratum]


def _in_order(rows: list[dict], labels: dict, stratum: str) -> list[dict]:
    position = {code: index for index, (code, _label) in enumerate(groups_of(labels, stratum))}
    return sorted(rows, key=lambda row: (position.get(row["group"], len(position)), row["group"]))


def _gaps(measure: Measure, rows: list[dict], labels: dict, *, public: bool) -> list[dict]:
    """The groups doing worse than their reference, with the relative gap, for the "largest gaps" list."""
    gaps = []
    suffix = " %" if measure.unit == Unit.PERCENT else ""
    reference = next((row for row in rows if "reference_rule" in row["details"]), None)
    if reference is None or not reference["value"]:
        return gaps
    for row in rows:
        comparison = row["details"].get("vs_reference")
        if not comparison or comparison.get("verdict") != "worse" or (public and row["suppressed"]):
            continue
        gaps.append(
            {
                "measure": measure,
                "group": labels.get((row["stratum"], row["group"]), row["group"]),
                "stratum": str(Stratum(row["stratum"]).label),
                "reference": labels.get((row["stratum"], reference["group"]), reference["group"]),
                "value": row["value"],
                "reference_value": reference["value"],
                # Both with their unit ("72.0 %" against "81.5 %"), as the reader's locale writes numbers.
                "value_text": number(row["value"], suffix=suffix),
                "reference_text": number(reference["value"], suffix=suffix),
                "difference": comparison["difference"],
                "relative": row["value"] / reference["value"] - 1,
            }
        )
    return gaps


def _bars(measure, rows, filters, labels, as_of, public, *, stratum=None) -> dict | None:
    stratum = stratum or filters.stratum
    latest, _start, _partial = _latest_rows(rows, filters.period_type, as_of)
    if not latest:
        return None
    groups = groups_of(labels, stratum)
    present = {row["group"] for row in latest}
    groups = [group for group in groups if group[0] in present]
    suffix = " %" if measure.unit == Unit.PERCENT else ""
    arguments = {"groups": groups, "reference": _reference_of(latest), "suffix": suffix, "public": public}
    figure = charts.bar_by_group_figure(
        latest, title="", y_title=measure.get_unit_display(), x_title=str(Stratum(stratum).label), **arguments
    )
    ordered = _in_order(latest, labels, stratum)
    return {
        "measure": measure,
        "stratum": stratum,
        "stratum_label": str(Stratum(stratum).label),
        "figure_json": charts.figure_json(figure),
        "summary": charts.describe_bars(latest, measure_label=measure.display_name, **arguments),
        "rows": [
            {
                "label": labels.get((stratum, row["group"]), row["group"]),
                "row": row,
                "hidden": public and row["suppressed"],
            }
            for row in ordered
        ],
    }


def _heat_table(rows: list[dict], specs: list, groups: list, *, public: bool) -> list[dict]:
    """The heat map's figures as a table: one line per measure, one cell per group."""
    index = {(row["measure"], row["group"]): row for row in rows}
    table = []
    for spec in specs:
        cells = []
        for code, _label in groups:
            row = index.get((spec.code, code))
            cells.append(
                {
                    "row": row,
                    "hidden": row is not None and public and row["suppressed"],
                    "reference": code == spec.reference,
                }
            )
        table.append({"spec": spec, "cells": cells})
    return table


def equity_csv_rows(board: dict, *, public: bool) -> list[list]:
    """The heat map's figures as CSV: measure, group, value, interval, n, comparison with the reference."""
    out = [[_("Period"), _("Measure"), _("Group"), _("Value"), _("Lower limit"), _("Upper limit"), _("Denominator"),
            _("Reference group"), _("Ratio to the reference"), _("Hidden publicly"), _("Population")]]  # fmt: skip
    period = board["period_label"]
    population = board.get("population_label") or _("Everyone")
    labels = dict(board["groups"])
    for line in board["heat_table"]:
        for (code, _label), cell in zip(board["groups"], line["cells"], strict=True):
            row = cell["row"]
            if row is None:
                continue
            name = labels.get(code, code)
            if cell["hidden"]:
                out.append(
                    [period, line["spec"].label, name, _("Suppressed"), "", "", "", "", "", _("yes"), population]
                )
                continue
            ratio = (row["details"].get("vs_reference") or {}).get("ratio") or [None]
            out.append(
                [
                    period,
                    line["spec"].label,
                    name,
                    _round(row["value"]),
                    _round(row["lower"]),
                    _round(row["upper"]),
                    _round(row["denominator"]),
                    labels.get(line["spec"].reference, line["spec"].reference or ""),
                    _round(ratio[0]),
                    _("yes") if row["suppressed"] else _("no"),
                    population,
                ]
            )
    return out
