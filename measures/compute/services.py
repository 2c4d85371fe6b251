"""Recomputing every measure into stored results: one job, safe to run twice, never half-written.

The computation reads the service data into memory, computes every measure for every period and
stratum, and replaces the stored results in one transaction. If anything fails the transaction is
not reached (or is rolled back), so the pages keep showing the last good results, and the
computation record says why it failed. A lock in the shared cache keeps two recomputes from
running at once; the second simply returns.
"""

import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from measures.calendar import BusinessCalendar
from measures.dashboard_state import dashboard_state_forget
from measures.models import (
    AccessRequest,
    Appointment,
    Client,
    Code,
    CodeList,
    ComputationStatus,
    CountyHoliday,
    Direction,
    Hospitalization,
    Measure,
    MeasureComputation,
    MeasureDisparity,
    MeasureResult,
    MonthlyEligibles,
    Service,
    Unit,
)
from measures.signals import measures_recomputed

from . import runs
from .aggregate import people_and_amounts, proportion_results, ratio_results, wait_results
from .comparisons import DIFFERENCE, PROPORTION, RATE, ComparisonSpec, compare_groups
from .frames import copy_in, read_frame
from .funnel import attach_closure_reasons
from .hospital import discharge_outcomes
from .locking import recompute_lock
from .periods import PeriodType, period_start
from .publication import DisclosureAuditFailed, release_protect_rows
from .strata import (
    THRESHOLD_LANGUAGE,
    blank_unrecorded,
    strata_nestings,
    threshold_language_groups,
    threshold_languages,
)
from .timeliness import MET, PENDING, request_waits

logger = logging.getLogger(__name__)

PERIOD_TYPES = (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.FISCAL_YEAR)
REQUEST_FIELDS = {
    "request_datetime": "request_datetime",
    "request_date": "request_date",
    "urgency": "urgency",
    "prior_auth_required": "prior_auth_required",
    "service_line": "service_line",
    "first_offered_datetime": "first_offered_datetime",
    "first_rendered_date": "first_rendered_date",
    "program": "program",
    "closure_reason": "closure_reason",
}
CLIENT_STRATA = {
    "client__race_ethnicity": "race_ethnicity",
    "client__gender": "gender",
    "client__primary_language": "language",
    "client__limited_english": "limited_english",
    "client__region": "region",
    "client__birth_year": "birth_year",
    "client__age_group": "client_age_group",
}
# Strata worked out from the clients' fields (``measures.compute.strata``), beside those read as they are.
DERIVED_CLIENT_STRATA = (THRESHOLD_LANGUAGE,)
# No-shows over appointments kept or missed (cancellations left out), by service line.
NO_SHOW_MEASURES = {"no-show-psychiatry": "psychiatry", "no-show-clinicians": "non_psychiatry"}
# Discharge outcomes: the column of ``discharge_outcomes`` each measure reads. Every row is the discharge
# of a psychiatric inpatient episode (transfers chained, crisis residential left out: measures.compute.hospital).
DISCHARGE_MEASURES = {
    "follow-up-7-days": "follow_up_7",
    "follow-up-30-days": "follow_up_30",
    "readmission-30-days": "readmitted_30",
    "hedis-fuh-7-days": "fuh_follow_up_7",
    "hedis-fuh-30-days": "fuh_follow_up_30",
}
# Waits of routine requests, in business days, summarised by their median.
WAIT_MEASURES = {"days-to-first-offer": "days_to_offer", "days-to-first-service": "days_to_service"}
# Which requests each timeliness measure judges.
# The access funnel: every request, offered an appointment, reached a first service.
FUNNEL_MEASURES = {"requests-offered": "first_offered_datetime", "requests-first-service": "first_rendered_date"}
# Measures of clients over average monthly eligibles: compared as rates, not as proportions.
RATE_MEASURES = {"penetration-rate"}
TIMELINESS_MEASURES = {
    "routine-non-psychiatry-offered-10-days": {"urgency": "routine", "service_line": "non_psychiatry"},
    "routine-psychiatry-offered-15-days": {"urgency": "routine", "service_line": "psychiatry"},
    "urgent-offered-48-96-hours": {"urgency": "urgent"},
}


def measures_recompute(*, trigger: str) -> MeasureComputation | None:
    """Recompute and store every measure; ``None`` when another recompute holds the lock.

    While it runs, the computation's heartbeat is written at each step and from a background thread, so
    that a run whose worker died is seen as interrupted within the lease (``measures.compute.runs``).
    """
    with recompute_lock() as held:
        if not held:
            logger.info("A measure recompute is already running; this one stops.")
            return None
        _close_interrupted()
        computation = MeasureComputation.objects.create(trigger=trigger, step=STEP_READING, heartbeat_at=timezone.now())
        with runs.heartbeat(lambda: runs.recompute_heartbeat(computation_id=computation.pk), lock=held):
            return _compute_and_store(computation)


def _compute_and_store(computation: MeasureComputation) -> MeasureComputation:
    """The run itself: its outcome (succeeded, or failed and why) is saved on ``computation``."""
    try:
        progress = _Progress(computation)
        with clients_read_once():
            results, as_of, calendar_version = _compute_all(progress)
        progress(STEP_PROTECTING)
        computation.disclosure_audit = _release_protect(results)
        progress(STEP_COMPARING)
        disparities = _compare(results)
        progress(STEP_WRITING)
        with transaction.atomic():
            _results_replace(computation, results)
            MeasureDisparity.objects.all().delete()
            MeasureDisparity.objects.bulk_create(
                [MeasureDisparity(computation=computation, **row) for row in disparities], batch_size=2000
            )
            computation.progress = 100
            computation.step = ""
            computation.status = ComputationStatus.SUCCEEDED
            computation.results_written = len(results)
            computation.data_as_of = as_of
            computation.calendar_version = calendar_version
            computation.finished_at = timezone.now()
            computation.save()
            transaction.on_commit(dashboard_state_forget)
            # Robust: a listener that fails is logged and never turns this committed run into a failed one.
            transaction.on_commit(
                lambda: measures_recomputed.send(sender=MeasureComputation, computation_id=computation.pk),
                robust=True,
            )
    except Exception as error:
        logger.exception("Measure recompute %s failed", computation.pk)
        computation.status = ComputationStatus.FAILED
        computation.message = f"{type(error).__name__}: {error}"[:2000]
        computation.finished_at = timezone.now()
        fields = ["status", "message", "finished_at"]
        if isinstance(error, DisclosureAuditFailed):
            computation.disclosure_audit = error.summary
            fields.append("disclosure_audit")
        computation.save(update_fields=fields)
    return computation


def _close_interrupted() -> None:
    """Runs left "running" by a process that died (the lock is ours, so none is really running)."""
    MeasureComputation.objects.filter(status=ComputationStatus.RUNNING).update(
        status=ComputationStatus.FAILED, finished_at=timezone.now(), message=runs.INTERRUPTED
    )


STEP_READING = "reading"
STEP_TIMELINESS = "timeliness"
STEP_APPOINTMENTS = "appointments"
STEP_HOSPITAL = "hospital"
STEP_SERVICES = "services"
STEP_PROTECTING = "protecting"
STEP_COMPARING = "comparing"
STEP_WRITING = "writing"
#: Rough share of a run done when each step starts, for the progress bar.
STEP_PERCENT = {
    STEP_READING: 0,
    STEP_TIMELINESS: 15,
    STEP_APPOINTMENTS: 40,
    STEP_HOSPITAL: 55,
    STEP_SERVICES: 65,
    STEP_PROTECTING: 75,
    STEP_COMPARING: 88,
    STEP_WRITING: 92,
}


class _Progress:
    """Records the step a computation has reached on its row, which the pages poll (outside any transaction),
    and that it is alive (its heartbeat)."""

    def __init__(self, computation: MeasureComputation):
        self.computation = computation

    def __call__(self, step: str) -> None:
        self.computation.step, self.computation.progress = step, STEP_PERCENT[step]
        MeasureComputation.objects.filter(pk=self.computation.pk).update(
            step=step, progress=STEP_PERCENT[step], heartbeat_at=timezone.now()
        )


def comparison_spec(measure: Measure) -> ComparisonSpec:
    if measure.code in RATE_MEASURES:
        kind = RATE
    elif measure.unit == Unit.PERCENT:
        kind = PROPORTION
    else:
        kind = DIFFERENCE
    lower_is_better = {Direction.DECREASE: True, Direction.INCREASE: False}.get(measure.direction)
    return ComparisonSpec(
        kind=kind, scale=100.0, lower_is_better=lower_is_better, references=dict(measure.reference_groups)
    )


def _compare(results: list[dict]) -> list[dict]:
    """Compare each measure's groups with their reference (in place) and return the summary rows."""
    by_measure: dict[int, list[dict]] = {}
    for row in results:
        by_measure.setdefault(row["measure_id"], []).append(row)
    summaries = []
    for measure in Measure.objects.filter(pk__in=by_measure):
        for summary in compare_groups(by_measure[measure.pk], comparison_spec(measure)):
            summaries.append({**summary, "measure_id": measure.pk})
    return summaries


def _release_protect(results: list[dict]) -> dict:
    """Secondary suppression over every table the public sees, then the audit (``measures.disclosure``)."""
    codes = dict(Measure.objects.values_list("pk", "code"))
    rows = [("", codes[row["measure_id"]], row) for row in results]
    return release_protect_rows(rows, nestings=strata_nestings())


def _results_replace(computation: MeasureComputation, results: list[dict]) -> None:
    """Replace every stored result with ``results`` (inside the caller's transaction)."""
    MeasureResult.objects.all().delete()
    if connection.vendor == "postgresql":
        copy_in(MeasureResult, [{**row, "computation_id": computation.pk} for row in results])
    else:
        MeasureResult.objects.bulk_create(
            [MeasureResult(computation=computation, **row) for row in results], batch_size=2000
        )


def _calendar() -> tuple[BusinessCalendar, str]:
    holidays = sorted(CountyHoliday.objects.values_list("date", flat=True))
    version = hashlib.sha256(",".join(day.isoformat() for day in holidays).encode()).hexdigest()[:16]
    return BusinessCalendar(holidays), version


def _frame(queryset, fields: dict[str, str], *, date_column: str) -> pd.DataFrame:
    """Rows with their client's strata; the age group is the one at ``date_column``.

    The strata are read from the clients once and looked up by client id rather than joined in
    SQL: on PostgreSQL the join, and the client's columns repeated on every row, cost more than
    the rows themselves.
    """
    client_column = fields.get("client_id", "_client_id")
    frame = read_frame(queryset, {**fields, "client_id": client_column})
    clients = _clients()
    where = pd.Index(clients["id"]).get_indexer(frame[client_column])
    if (where < 0).any():  # as the join would: a row without its client is left out
        frame, where = frame[where >= 0].reset_index(drop=True), where[where >= 0]
    for column in (*CLIENT_STRATA.values(), *DERIVED_CLIENT_STRATA):
        frame[column] = pd.Series(clients[column].array.take(where), index=frame.index)
    if client_column not in fields.values():
        del frame[client_column]
    frame["age_group"] = _age_groups(frame, date_column=date_column)
    return frame


# Within one run (``clients_read_once``), the clients read for the first table serve every other one.
_clients_of_this_run: ContextVar[dict | None] = ContextVar("clients_of_this_run", default=None)


@contextmanager
def clients_read_once():
    """Every table read in the block looks its rows' clients up in one read of the clients, not one per table.

    Rows whose client arrived after that read (an import committing mid-run) are left out, as rows
    without their client are; the recompute that import queues counts them.
    """
    token = _clients_of_this_run.set({})
    try:
        yield
    finally:
        _clients_of_this_run.reset(token)


def _clients() -> pd.DataFrame:
    kept = _clients_of_this_run.get()
    if kept is not None and "clients" in kept:
        return kept["clients"]
    clients = read_frame(
        Client.objects.all(),
        {"id": "id", **{path[len("client__") :]: column for path, column in CLIENT_STRATA.items()}},
    )
    clients["limited_english"] = clients["limited_english"].map({True: "yes", False: "no"}).astype("category")
    clients["region"] = blank_unrecorded(clients["region"])
    clients[THRESHOLD_LANGUAGE] = threshold_language_groups(clients["language"], threshold_languages())
    if kept is not None:
        kept["clients"] = clients
    return clients


def _requests_frame() -> pd.DataFrame:
    frame = _frame(AccessRequest.objects.all(), REQUEST_FIELDS, date_column="request_date")
    # Calendar days stay dates: the last day the data cover is read from them, and waits are counted in them.
    for column in ("request_date", "first_rendered_date"):
        frame[column] = _dates(frame[column])
    offered_local = frame["first_offered_datetime"].dt.tz_convert(settings.TIME_ZONE)
    frame["offered_date"] = _dates(offered_local.dt.tz_localize(None).dt.normalize())
    for column in ("urgency", "service_line"):
        frame[column] = frame[column].astype(str)
    return frame


def _dates(days: pd.Series) -> pd.Series:
    """datetime64 days as ``datetime.date`` objects, ``None`` where missing."""
    codes, uniques = pd.factorize(days)
    labels = np.array([day.date() for day in uniques] + [None], dtype=object)
    return pd.Series(labels[codes], index=days.index, dtype=object)


def _appointments_frame() -> pd.DataFrame:
    fields = {
        "date": "date",
        "service_line": "service_line",
        "status": "status",
        "program": "program",
        "delivery_mode": "delivery_mode",
    }
    return _frame(Appointment.objects.filter(status__in=["kept", "no_show"]), fields, date_column="date")


def _age_groups(frame: pd.DataFrame, *, date_column: str) -> pd.Series:
    """The age group on the row's date (birth year known) or the one the file gave (birth year unknown)."""
    ages = (pd.to_datetime(frame[date_column]).dt.year - frame["birth_year"]).to_numpy()
    known = frame["birth_year"].notna().to_numpy()
    given = frame["client_age_group"].astype("category")
    labels = [str(label) for label in given.cat.categories]
    codes = given.cat.codes.to_numpy().copy()
    missing = codes < 0
    if missing.any():
        labels.append("")
        codes[missing] = len(labels) - 1
    for code, youngest, oldest in (
        Code.objects.active().of(CodeList.AGE_GROUP).values_list("code", "min_age", "max_age")
    ):
        in_band = known & (ages >= youngest)
        if oldest is not None:
            in_band &= ages <= oldest
        if code not in labels:
            labels.append(code)
        codes[in_band] = labels.index(code)
    categories, first = np.unique(np.array(labels, dtype=object), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(first[codes], categories=categories), index=frame.index)


def _measure_strata(measure: Measure, frame: pd.DataFrame) -> list[str]:
    """The strata a measure is broken down by that the rows carry (the main recompute's choice)."""
    return [stratum for stratum in measure.strata if stratum in frame.columns]


def _compute_all(progress=lambda step: None) -> tuple[list[dict], date | None, str]:
    calendar, calendar_version = _calendar()
    measures = {measure.code: measure for measure in Measure.objects.active()}
    frame = _requests_frame()
    if frame.empty:
        return [], None, calendar_version
    as_of = _as_of(frame)
    progress(STEP_TIMELINESS)
    judged = request_waits(frame, calendar=calendar, as_of=as_of)
    results = _request_results(judged, measures)
    progress(STEP_APPOINTMENTS)
    appointments = _appointments_frame()
    results.extend(_no_show_results(appointments, measures))
    progress(STEP_HOSPITAL)
    results.extend(_discharge_results(measures, as_of))
    progress(STEP_SERVICES)
    results.extend(_service_use_results(measures))
    return results, as_of, calendar_version


def _as_of(requests: pd.DataFrame) -> date:
    """The last day the data cover: the latest request, offer or first service."""
    latest = [requests[column].dropna().max() for column in ("request_date", "offered_date", "first_rendered_date")]
    return max(day for day in latest if isinstance(day, date))


def _request_results(
    judged: pd.DataFrame, measures: dict[str, Measure], *, period_types=PERIOD_TYPES, strata=_measure_strata
) -> list[dict]:
    """Timeliness percentages, the access funnel and waits from the judged requests (``request_waits``).

    ``strata(measure, frame)`` names the strata each measure is broken down by; ``judged`` may be
    any subset of the requests (one population's), each table then suppressed on its own.
    """
    results: list[dict] = []
    for code, selection in TIMELINESS_MEASURES.items():
        measure = measures.get(code)
        if measure is None:
            continue
        chosen = judged
        for column, value in selection.items():
            chosen = chosen[chosen[column] == value]
        rows = proportion_results(
            chosen,
            measure=code,
            success=chosen["status"] == MET,
            eligible=chosen["status"] != PENDING,
            date_column="request_date",
            period_types=period_types,
            strata=strata(measure, chosen),
        )
        results.extend(_for_storage(rows, measure))
    for code, success in FUNNEL_MEASURES.items():
        measure = measures.get(code)
        if measure is None:
            continue
        rows = proportion_results(
            judged,
            measure=code,
            success=judged[success].notna(),
            eligible=pd.Series(True, index=judged.index),
            date_column="request_date",
            period_types=period_types,
            strata=strata(measure, judged),
        )
        if code == "requests-first-service":
            attach_closure_reasons(rows, judged, period_types)
        results.extend(_for_storage(rows, measure))
    routine = judged[judged["urgency"] == "routine"]
    for code, column in WAIT_MEASURES.items():
        measure = measures.get(code)
        if measure is None:
            continue
        rows = wait_results(
            routine,
            measure=code,
            waits=routine[column],
            date_column="request_date",
            period_types=period_types,
            strata=strata(measure, routine),
        )
        results.extend(_for_storage(rows, measure))
    return results


def _no_show_results(
    appointments: pd.DataFrame, measures: dict[str, Measure], *, period_types=PERIOD_TYPES, strata=_measure_strata
) -> list[dict]:
    """No-shows over appointments kept or missed, by service line."""
    results = []
    for code, service_line in NO_SHOW_MEASURES.items():
        measure = measures.get(code)
        if measure is None or appointments.empty:
            continue
        chosen = appointments[appointments["service_line"] == service_line]
        rows = proportion_results(
            chosen,
            measure=code,
            success=chosen["status"] == "no_show",
            eligible=pd.Series(True, index=chosen.index),
            date_column="date",
            period_types=period_types,
            strata=strata(measure, chosen),
        )
        results.extend(_for_storage(rows, measure))
    return results


def _discharge_results(measures: dict[str, Measure], as_of: date) -> list[dict]:
    outcomes = _discharge_outcomes(as_of)
    return [] if outcomes is None else _outcome_results(outcomes, measures)


def _discharge_outcomes(as_of: date) -> pd.DataFrame | None:
    """Each psychiatric episode's discharge with its follow-up and readmission outcomes; None without stays.

    A discharge's age group (and its age, for HEDIS FUH's 6 and over) is the one on its discharge
    date (MEASURES.md 3.1): the episode's row is the stay that ends it, whose discharge is the episode's.
    """
    stay_fields = {
        "stay_id": "stay_id",
        "client_id": "client_id",
        "admit_date": "admit_date",
        "discharge_date": "discharge_date",
        "facility_type": "facility_type",
    }
    stays = _frame(Hospitalization.objects.all(), stay_fields, date_column="discharge_date")
    if stays.empty:
        return None
    stays["age_at_discharge"] = _ages_on(stays, date_column="discharge_date")
    services = _visits_frame()
    return discharge_outcomes(stays, services, as_of=as_of)


def _ages_on(frame: pd.DataFrame, *, date_column: str) -> pd.Series:
    """Each row's age on its date, counted as the age groups count it (the year minus the birth year).

    Where the birth year is unknown, the youngest age of the age group the county reported, so a row
    counts as 6 or over only when it surely is; NaN when that group has no youngest age.
    """
    youngest = dict(Code.objects.of(CodeList.AGE_GROUP).values_list("code", "min_age"))
    ages = pd.to_datetime(frame[date_column]).dt.year - frame["birth_year"]
    reported = frame["client_age_group"].astype(str).map(youngest).astype(float)
    return ages.astype(float).fillna(reported)


def _outcome_results(
    outcomes: pd.DataFrame, measures: dict[str, Measure], *, period_types=PERIOD_TYPES, strata=_measure_strata
) -> list[dict]:
    """Follow-up and readmission from the discharges' outcomes (``discharge_outcomes``), by discharge date.

    A discharge outside a measure's denominator (not yet judged, or outside HEDIS FUH's) has no value
    in its column.
    """
    results = []
    for code, column in DISCHARGE_MEASURES.items():
        measure = measures.get(code)
        if measure is None:
            continue
        rows = proportion_results(
            outcomes,
            measure=code,
            success=outcomes[column] == 1,
            eligible=outcomes[column].notna(),
            date_column="discharge_date",
            period_types=period_types,
            strata=strata(measure, outcomes),
        )
        results.extend(_for_storage(rows, measure))
    return results


def _visits_frame() -> pd.DataFrame:
    """Services by a mental health provider: the visits that count as follow-up after a discharge."""
    # Only the visits of clients discharged from a stay can follow one.
    discharged = Hospitalization.objects.filter(discharge_date__isnull=False).values("client_id")
    visits = read_frame(
        Service.objects.filter(mental_health_provider=True, client_id__in=discharged),
        {"client_id": "client_id", "date": "date"},
    )
    return visits.assign(mental_health_provider=True)


#: Penetration, dollars per client and dollars per eligible member: one family, on the same clients and amounts.
SERVICE_USE_MEASURES = ("penetration-rate", "approved-dollars-per-client", "approved-dollars-per-eligible")


def _service_use_results(measures: dict[str, Measure]) -> list[dict]:
    """Penetration (clients served per 100 average monthly eligibles), approved dollars per client, and
    approved dollars per eligible member per month."""
    if not any(code in measures for code in SERVICE_USE_MEASURES):
        return []
    services = _services_frame()
    if services.empty:
        return []
    return _service_use_from(services, _eligibles_frame(), measures)


def _services_frame() -> pd.DataFrame:
    services = _frame(
        Service.objects.all(),
        {"client_id": "client_id", "date": "date", "approved_amount": "amount"},
        date_column="date",
    )
    services["amount"] = services["amount"].astype(float)
    return services


def _eligibles_frame() -> pd.DataFrame:
    eligibles = pd.DataFrame.from_records(
        MonthlyEligibles.objects.values_list(
            "month", "age_group", "gender", "race_ethnicity", "primary_language", "eligibles"
        ),
        columns=["month", "age_group", "gender", "race_ethnicity", "language", "eligibles"],
    )
    # Grouped by the clients' rule; plain values (unknown language: missing), which groupby leaves out.
    groups = threshold_language_groups(eligibles["language"], threshold_languages())
    eligibles[THRESHOLD_LANGUAGE] = groups.astype(object)
    return eligibles


def _service_use_from(
    services: pd.DataFrame,
    eligibles: pd.DataFrame,
    measures: dict[str, Measure],
    *,
    period_types=PERIOD_TYPES,
    strata=_measure_strata,
    eligible_rows: pd.Series | None = None,
) -> list[dict]:
    """Penetration, dollars per client and dollars per eligible member per month (PMPM) from the
    services and the monthly eligibles.

    Penetration is over the period's average monthly eligibles; PMPM is over its member-months (each
    month's eligibles added up: that average times the months), so a month, a quarter and a fiscal
    year are on one scale. A PMPM figure is hidden like a count when its clients served, or its
    group's eligibles in an average month, number 1 to 10 (CalHHS DDG: financial data linked to
    fewer than 11 members).

    ``eligible_rows`` (a mask on ``eligibles``) narrows the denominators to one population; the
    months a period's average is taken over are still those of every eligible, so a population
    absent from the eligibles in a month counts as none that month.
    """
    penetration, per_eligible = measures.get("penetration-rate"), measures.get("approved-dollars-per-eligible")
    chosen = [measures[code] for code in SERVICE_USE_MEASURES if code in measures]
    strata_of = {measure.code: strata(measure, services) for measure in chosen}
    wanted = {stratum for measure in chosen for stratum in strata_of[measure.code]}
    groups = {"all": None, **{stratum: services[stratum] for stratum in sorted(wanted)}}
    # Every measure of the family rests on the same clients and amounts.
    usages = people_and_amounts(
        services["date"], groups, period_types=period_types, clients=services["client_id"], amounts=services["amount"]
    )
    results = []
    for period_type in period_types:
        enrolled = eligibles.assign(period=period_start(eligibles["month"], period_type), all="")
        months_in_period = enrolled.groupby("period")["month"].nunique()
        if eligible_rows is not None:
            enrolled = enrolled[eligible_rows.to_numpy()]
        over_eligibles: dict[str, pd.DataFrame] = {}  # stratum -> usage with its member-months and average
        for measure in chosen:
            tables = []
            for stratum in ["all", *strata_of[measure.code]]:
                usage = usages[period_type, stratum]
                if measure is not penetration and measure is not per_eligible:
                    tables.append((stratum, usage.assign(numerator=usage["amount"], denominator=usage["people"])))
                    continue
                if stratum not in enrolled.columns:
                    continue
                if stratum not in over_eligibles:
                    members = enrolled.groupby(["period", stratum])["eligibles"].sum().reset_index()
                    members["average"] = members["eligibles"] / members["period"].map(months_in_period)
                    over_eligibles[stratum] = usage.merge(
                        members.rename(columns={stratum: "group", "eligibles": "member_months"}),
                        on=["period", "group"],
                        how="inner",
                    )
                table = over_eligibles[stratum]
                if measure is penetration:
                    table = table.assign(numerator=table["people"], denominator=table["average"])
                else:
                    # The eligibles of an average month, rounded down (at least 1), stand for the group's size.
                    size = np.maximum(np.floor(table["average"]), 1)
                    guard = np.where(table["average"] > 0, np.minimum(table["people"], size), table["people"])
                    table = table.assign(numerator=table["amount"], denominator=table["member_months"], guard=guard)
                tables.append((stratum, table))
            rows = ratio_results(
                tables,
                measure=measure.code,
                scale=100 if measure is penetration else 1,
                interval="rate" if measure is penetration else None,
                period_type=period_type,
            )
            results.extend(_for_storage(rows, measure))
    return results


def _for_storage(rows: list[dict], measure: Measure) -> list[dict]:
    stored = []
    for row in rows:
        row = dict(row)
        row.pop("measure")
        row["suppression_reason"] = row.pop("reason")
        row["measure_id"] = measure.pk
        stored.append(row)
    return stored
