"""The equity dashboard narrowed to one age group or one program: a follow-on job after each recompute.

``measures_recompute`` stores every measure for everyone and for each stratum. Narrowing the
equity dashboard to a population (everyone aged 21–64, say, or one program) needs each stratum
*within* that population: a cross-tabulation the recompute does not make, because it would
multiply its work and it must stay within its time budget. This job makes it afterwards, from a
computation that succeeded:

- it reads the service data once (each table, one family of measures at a time, so no more is in
  memory at once than in the recompute), with the recompute's own readers;
- for each population value (each age group and each program found in the rows) it computes every
  measure the equity dashboard shows that is broken down by that dimension, for the equity strata
  other than the population's own, with the recompute's own aggregation: the same suppression,
  applied to each (period, population, stratum) table as to everyone's, and the same comparisons
  with the reference group and summary indices;
- with everyone's published results, as one release: secondary suppression over the linked tables
  (a population against everyone, its months against its quarter) hides population cells where
  needed, never a figure everyone's release already showed, and the whole is audited before it is
  stored (``measures.compute.publication``); a release that fails the audit is not stored;
- only for the periods the equity dashboard shows: for each measure and period type the latest
  period the data cover to its end. A period's
  result depends only on the rows in it, so computing on those rows alone gives the same figures;
- it replaces the stored cross-tabs in one transaction, so a failure keeps the previous ones and
  running it twice stores the same rows.

Progress and outcome are recorded on the computation (``population_status`` and the fields after
it), which the equity dashboard reads to say whether the breakdown is there yet.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

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
from measures.models.results import POPULATION_STRATA

from . import runs, services
from .comparisons import compare_groups
from .frames import copy_in
from .locking import recompute_lock
from .periods import PeriodType, period_end, period_start
from .publication import RELEASE_FIELDS, DisclosureAuditFailed, release_protect_rows
from .strata import strata_nestings
from .timeliness import request_waits

logger = logging.getLogger(__name__)

LOCK_KEY = "qic:population-results-lock"
#: Another advisory lock than the recompute's: this job never stops a recompute from starting.
ADVISORY_LOCK_ID = 0x51_50_4F_50  # "QPOP"


class DataChanged(Exception):
    """The service data are no longer those the computation read; the next recompute starts this job again."""


def population_results_recompute(*, computation: MeasureComputation) -> MeasureComputation:
    """Compute and store the equity dashboard's results within each age group and program.

    ``computation`` must have succeeded and be the latest that did; otherwise nothing is stored and
    its ``population_status`` says why (``superseded``). Returns the computation, with
    ``population_status`` ``succeeded`` or ``failed`` (and ``population_message``); when another
    run of this job holds the lock it returns at once, leaving the status as it was.
    """
    with recompute_lock(key=LOCK_KEY, advisory_id=ADVISORY_LOCK_ID) as held:
        if not held:
            logger.info("A breakdown by population is already running; this one stops.")
            return computation
        _close_interrupted_breakdowns()
        computation.refresh_from_db()
        if computation.status != ComputationStatus.SUCCEEDED or not _is_latest(computation):
            return _finish(computation, PopulationStatus.SUPERSEDED, message="")
        MeasureComputation.objects.filter(pk=computation.pk).update(
            population_status=PopulationStatus.RUNNING, population_message="", population_heartbeat_at=timezone.now()
        )
        computation.population_status = PopulationStatus.RUNNING
        transaction.on_commit(dashboard_state_forget)
        # Alive while it runs, so that a breakdown whose worker died is seen as such (measures.compute.runs).
        with runs.heartbeat(lambda: runs.population_heartbeat(computation_id=computation.pk), lock=held):
            return _compute_and_store(computation)


def _compute_and_store(computation: MeasureComputation) -> MeasureComputation:
    """The run itself: its outcome (succeeded, superseded, or failed and why) is saved on ``computation``."""
    try:
        with services.clients_read_once():
            results, disparities, audit = population_results_compute(computation=computation)
        computation.population_disclosure_audit = audit
        with transaction.atomic():
            # Row-locked so that a recompute finishing meanwhile cannot be overtaken unseen.
            MeasureComputation.objects.select_for_update().filter(pk=computation.pk).first()
            if not _is_latest(computation):
                return _finish(computation, PopulationStatus.SUPERSEDED, message="")
            _replace(computation, results, disparities)
            return _finish(computation, PopulationStatus.SUCCEEDED, written=len(results))
    except Exception as error:
        logger.exception("Breakdown by population for computation %s failed", computation.pk)
        if isinstance(error, DisclosureAuditFailed):
            computation.population_disclosure_audit = error.summary
        return _finish(computation, PopulationStatus.FAILED, message=f"{type(error).__name__}: {error}"[:2000])


def _close_interrupted_breakdowns() -> None:
    """Breakdowns left "running" by a process that died (the lock is ours, so none is really running)."""
    MeasureComputation.objects.filter(population_status=PopulationStatus.RUNNING).update(
        population_status=PopulationStatus.FAILED,
        population_finished_at=timezone.now(),
        population_message=runs.BREAKDOWN_INTERRUPTED,
    )


def _is_latest(computation: MeasureComputation) -> bool:
    latest = (
        MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == computation.pk


def _finish(computation: MeasureComputation, status: str, *, message: str = "", written: int | None = None):
    computation.population_status = status
    computation.population_message = message
    computation.population_finished_at = timezone.now()
    fields = ["population_status", "population_message", "population_finished_at", "population_disclosure_audit"]
    if written is not None:
        computation.population_results_written = written
        fields.append("population_results_written")
    computation.save(update_fields=fields)
    transaction.on_commit(dashboard_state_forget)
    return computation


def _replace(computation: MeasureComputation, results: list[dict], disparities: list[dict]) -> None:
    """Replace every stored cross-tab (inside the caller's transaction)."""
    PopulationResult.objects.all().delete()
    PopulationDisparity.objects.all().delete()
    rows = [{**row, "computation_id": computation.pk} for row in results]
    if connection.vendor == "postgresql":
        copy_in(PopulationResult, rows)
    else:
        PopulationResult.objects.bulk_create([PopulationResult(**row) for row in rows], batch_size=2000)
    PopulationDisparity.objects.bulk_create(
        [PopulationDisparity(computation=computation, **row) for row in disparities], batch_size=2000
    )


def population_results_compute(*, computation: MeasureComputation) -> tuple[list[dict], list[dict], dict]:
    """The cross-tabs of ``computation`` as (result rows, disparity rows, audit summary), ready to store;
    nothing is written. Raises ``DisclosureAuditFailed`` when the release cannot be protected.

    Raises ``DataChanged`` when the service data no longer end on the day the computation's did.
    """
    from measures.dashboards import EQUITY_MEASURES, EQUITY_STRATA

    measures = {measure.code: measure for measure in Measure.objects.active().filter(code__in=EQUITY_MEASURES)}
    wanted = _wanted_periods(computation, measures)
    if not wanted:
        return [], [], {}

    def strata_within(dimension: str) -> Callable[[Measure, pd.DataFrame], list[str]]:
        def strata(measure: Measure, frame: pd.DataFrame) -> list[str]:
            return [s for s in measure.strata if s in EQUITY_STRATA and s != dimension and s in frame.columns]

        return strata

    def broken_down_by(dimension: str) -> dict[str, Measure]:
        return {code: measure for code, measure in measures.items() if dimension in measure.strata}

    crosstabs = _CrossTabs(wanted, strata_within, broken_down_by)
    calendar, _version = services._calendar()
    requests = services._requests_frame()
    if requests.empty:
        return [], [], {}
    as_of = services._as_of(requests)
    if as_of != computation.data_as_of:
        raise DataChanged(f"the data now end on {as_of}, not on {computation.data_as_of}")
    judged = request_waits(requests, calendar=calendar, as_of=as_of)
    del requests
    crosstabs.add(judged, "request_date", lambda frame, chosen, **kw: services._request_results(frame, chosen, **kw))
    del judged
    appointments = services._appointments_frame()
    crosstabs.add(appointments, "date", lambda frame, chosen, **kw: services._no_show_results(frame, chosen, **kw))
    del appointments
    outcomes = services._discharge_outcomes(as_of)
    if outcomes is not None:
        crosstabs.add(
            outcomes, "discharge_date", lambda frame, chosen, **kw: services._outcome_results(frame, chosen, **kw)
        )
    del outcomes
    if set(services.SERVICE_USE_MEASURES) & set(measures):
        use = services._services_frame()
        if not use.empty:
            eligibles = services._eligibles_frame()

            def service_use(frame, chosen, *, dimension, group, **kw):
                rows = eligibles[dimension] == group if dimension in eligibles.columns else None
                return services._service_use_from(frame, eligibles, chosen, eligible_rows=rows, **kw)

            crosstabs.add(use, "date", service_use, pass_population=True)
    everyone = MeasureResult.objects.filter(computation=computation, measure__in=measures.values()).values(
        "measure_id", *RELEASE_FIELDS
    )
    return crosstabs.finish(measures, list(everyone))


def _wanted_periods(computation: MeasureComputation, measures: dict[str, Measure]) -> dict[tuple[str, str], set]:
    """(measure code, period type) -> the one period the equity dashboard shows for it: the latest the
    computation stored for everyone that the data cover to its end (the latest at all when none is).

    One period per type keeps the population release small and its periods apart (a published month
    is rarely inside a published quarter), which keeps its disclosure audit fast.
    """
    starts: dict[tuple[str, str], set] = defaultdict(set)
    stored = (
        MeasureResult.objects.filter(computation=computation, stratum="all", measure__code__in=list(measures))
        .values_list("measure__code", "period_type", "period_start")
        .distinct()
    )
    for code, period_type, start in stored:
        starts[code, period_type].add(start)
    wanted = {}
    for key, days in starts.items():
        days = sorted(days)
        as_of = computation.data_as_of
        complete = [day for day in days if as_of is None or period_end(day, key[1]) <= as_of]
        wanted[key] = {complete[-1] if complete else days[-1]}
    return wanted


class _CrossTabs:
    """Collects one family's results per population, for the wanted periods only."""

    def __init__(self, wanted, strata_within, broken_down_by):
        self.wanted = wanted
        self.strata_within = strata_within
        self.broken_down_by = broken_down_by
        self.rows: dict[tuple[str, str], list[dict]] = defaultdict(list)

    def add(self, frame: pd.DataFrame, date_column: str, compute, *, pass_population: bool = False) -> None:
        """Run ``compute`` on the rows of each population in each period type's wanted periods."""
        if frame.empty:
            return
        # Each row's population as a number, once per table: the rows of one population and period type are
        # then taken from the frame in one copy.
        populations = {
            dimension: pd.factorize(frame[dimension], sort=True)
            for dimension in POPULATION_STRATA
            if dimension in frame.columns and self.broken_down_by(dimension)
        }
        for period_type in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.FISCAL_YEAR):
            starts = {start for (_code, kind), days in self.wanted.items() if kind == period_type for start in days}
            if not starts:
                continue
            periods = period_start(frame[date_column], period_type)
            in_window = periods.isin(pd.to_datetime(sorted(starts))).to_numpy()
            for dimension, (codes, groups) in populations.items():
                population = {"dimension": dimension} if pass_population else {}
                for number, group in enumerate(groups):
                    if not str(group):  # rows without an age group or program belong to no population
                        continue
                    positions = np.flatnonzero(in_window & (codes == number))
                    if not len(positions):
                        continue
                    if pass_population:
                        population["group"] = group
                    rows = compute(
                        frame.take(positions).reset_index(drop=True),
                        self.broken_down_by(dimension),
                        period_types=(period_type,),
                        strata=self.strata_within(dimension),
                        **population,
                    )
                    self.rows[dimension, str(group)].extend(rows)

    def finish(self, measures: dict[str, Measure], everyone: list[dict]) -> tuple[list[dict], list[dict], dict]:
        """Keep the wanted periods, protect them with everyone's published results as one release,
        compare each population's groups with their reference, tag the rows."""
        by_id = {measure.pk: measure for measure in measures.values()}
        kept: dict[tuple[str, str], dict[int, list[dict]]] = {}
        for (dimension, group), rows in sorted(self.rows.items()):
            by_measure: dict[int, list[dict]] = defaultdict(list)
            for row in rows:
                measure = by_id[row["measure_id"]]
                if row["period_start"] in self.wanted.get((measure.code, row["period_type"]), ()):
                    by_measure[row["measure_id"]].append(row)
            kept[dimension, group] = by_measure
        release = [("", by_id[row["measure_id"]].code, row) for row in everyone if row["measure_id"] in by_id]
        for (dimension, group), by_measure in kept.items():
            for measure_id, rows in by_measure.items():
                release.extend((f"{dimension}:{group}", by_id[measure_id].code, row) for row in rows)
        audit = release_protect_rows(release, fixed_populations=[""], nestings=strata_nestings())
        results, disparities = [], []
        for (dimension, group), by_measure in kept.items():
            population = {"population_stratum": dimension, "population_group": group}
            for measure_id, rows in by_measure.items():
                summaries = compare_groups(rows, services.comparison_spec(by_id[measure_id]))
                results.extend({**row, **population} for row in rows)
                disparities.extend({**summary, **population, "measure_id": measure_id} for summary in summaries)
        return results, disparities, audit
