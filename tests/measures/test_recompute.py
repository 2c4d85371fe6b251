"""Recomputing the measures: stored per period and group, safe to repeat, and a failure keeps the last results."""

from datetime import date

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection

from conftest import kept_for_the_module, missing_service
from measures.compute import frames, services
from measures.compute.locking import recompute_lock
from measures.compute.services import measures_recompute
from measures.imports.services import import_files
from measures.models import (
    AccessRequest,
    Appointment,
    ComputationStatus,
    Hospitalization,
    Measure,
    MeasureComputation,
    MeasureDisparity,
    MeasureResult,
    Service,
)
from measures.synthetic import KINDS, county_write
from measures.tasks import recompute_measures

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def computed_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """A county imported and computed once for this module's tests (each rolls back what it writes)."""
    with kept_for_the_module(django_db_blocker):
        folder = tmp_path_factory.mktemp("county")
        county_write(out_dir=folder, clients=600, months=6, seed=4, start=date(2025, 1, 1))
        upload = import_files(paths=[(kind, folder / f"{kind}.csv") for kind in KINDS])
        assert upload.status == "loaded"
        yield measures_recompute(trigger="manual")


@pytest.fixture
def county(computed_for_the_module, db):
    """The county's service data; its results are computed already, and a test may compute them again."""


@pytest.fixture
def computed(computed_for_the_module, db) -> MeasureComputation:
    """The county's results, as its recompute stored them."""
    computed_for_the_module.refresh_from_db()
    return computed_for_the_module


def test_timeliness_results_are_stored_for_every_period_and_group(computed):
    computation = computed

    assert computation.status == ComputationStatus.SUCCEEDED
    assert computation.results_written == MeasureResult.objects.count() > 0
    assert computation.data_as_of is not None
    routine = MeasureResult.objects.filter(measure__code="routine-non-psychiatry-offered-10-days")
    january = routine.get(period_type="month", period_start=date(2025, 1, 1), stratum="all")
    assert 0 < january.numerator <= january.denominator
    assert january.lower < january.value < january.upper
    assert set(routine.values_list("period_type", flat=True)) == {"month", "quarter", "fiscal_year"}
    assert routine.filter(stratum="race_ethnicity", group="latino_hispanic").exists()
    assert routine.filter(suppressed=True).exists(), "the synthetic county has groups small enough to hide"


def test_no_show_rates_leave_cancellations_out(computed):
    from measures.models import Appointment

    psychiatry = Appointment.objects.filter(service_line="psychiatry")
    kept_or_missed = psychiatry.filter(status__in=["kept", "no_show"])
    no_shows = psychiatry.filter(status="no_show")
    result = MeasureResult.objects.get(
        measure__code="no-show-psychiatry", period_type="fiscal_year", period_start=date(2024, 7, 1), stratum="all"
    )
    assert (result.numerator, result.denominator) == (no_shows.count(), kept_or_missed.count())
    assert psychiatry.filter(status__in=["client_cancel", "provider_cancel"]).exists()


def test_follow_up_and_readmission_are_counted_by_discharge(computed):
    seven = MeasureResult.objects.get(
        measure__code="follow-up-7-days", period_type="fiscal_year", period_start=date(2024, 7, 1), stratum="all"
    )
    thirty = MeasureResult.objects.get(
        measure__code="follow-up-30-days", period_type="fiscal_year", period_start=date(2024, 7, 1), stratum="all"
    )
    assert 0 < seven.numerator <= thirty.numerator <= thirty.denominator
    assert seven.denominator >= thirty.denominator, "more discharges have had 7 days than 30 by the end of the data"
    assert MeasureResult.objects.filter(measure__code="readmission-30-days", stratum="all").exists()


def test_penetration_and_dollars_per_client_come_from_services_and_eligibles(computed):
    from django.db.models import Sum

    from measures.models import MonthlyEligibles, Service

    year = {"period_type": "fiscal_year", "period_start": date(2024, 7, 1), "stratum": "all"}
    penetration = MeasureResult.objects.get(measure__code="penetration-rate", **year)
    served = Service.objects.values("client_id").distinct().count()
    months = MonthlyEligibles.objects.values("month").distinct().count()
    average_eligibles = MonthlyEligibles.objects.aggregate(total=Sum("eligibles"))["total"] / months
    assert penetration.numerator == served
    assert penetration.denominator == pytest.approx(average_eligibles)
    assert penetration.value == pytest.approx(100 * served / average_eligibles)
    assert penetration.lower < penetration.value < penetration.upper

    dollars = MeasureResult.objects.get(measure__code="approved-dollars-per-client", **year)
    total = float(Service.objects.aggregate(total=Sum("approved_amount"))["total"])
    assert dollars.value == pytest.approx(total / served)
    assert MeasureResult.objects.filter(measure__code="penetration-rate", stratum="race_ethnicity").count() >= 6


def test_running_it_twice_gives_the_same_results(county):
    measures_recompute(trigger="manual")
    first = set(MeasureResult.objects.values_list("measure__code", "period_start", "stratum", "group", "value"))

    measures_recompute(trigger="manual")

    assert set(MeasureResult.objects.values_list("measure__code", "period_start", "stratum", "group", "value")) == first


def test_a_run_reads_the_clients_once_for_every_table(county, monkeypatch):
    tables = []
    read_frame = services.read_frame

    def spy(queryset, fields):
        tables.append(queryset.model.__name__)
        return read_frame(queryset, fields)

    monkeypatch.setattr(services, "read_frame", spy)
    measures_recompute(trigger="manual")

    assert {"AccessRequest", "Appointment", "Hospitalization", "Service"} <= set(tables)
    assert tables.count("Client") == 1
    # Outside a run, each read looks its clients up afresh.
    services._requests_frame()
    assert tables.count("Client") == 2


def test_a_failed_recompute_keeps_the_last_good_results_and_says_why(county, monkeypatch):
    measures_recompute(trigger="manual")
    before = MeasureResult.objects.count()

    def broken(progress):
        raise RuntimeError("the holiday calendar is unreadable")

    monkeypatch.setattr(services, "_compute_all", broken)
    failed = measures_recompute(trigger="schedule")

    assert failed.status == ComputationStatus.FAILED
    assert failed.message == "RuntimeError: the holiday calendar is unreadable"
    assert MeasureResult.objects.count() == before
    assert set(MeasureResult.objects.values_list("computation__status", flat=True)) == {"succeeded"}


def test_a_failure_while_writing_rolls_back_to_the_last_good_results(county, monkeypatch):
    measures_recompute(trigger="manual")
    before = set(MeasureResult.objects.values_list("pk", flat=True))

    def half_written(*args, **kwargs):
        raise ValueError("stopped half way")

    # The new results are written by then; the disparity summaries fail after them.
    monkeypatch.setattr(MeasureDisparity.objects, "bulk_create", half_written)
    failed = measures_recompute(trigger="manual")

    assert failed.status == ComputationStatus.FAILED
    assert failed.step == "writing", "the record says where it stopped"
    assert set(MeasureResult.objects.values_list("pk", flat=True)) == before


@pytest.fixture
def recompute_elsewhere(django_db_blocker):
    """Another process holding the recompute lock: a second connection on PostgreSQL (a session's
    advisory lock is re-entrant for that session), the shared cache otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        with recompute_lock() as held:
            assert held
            yield
        return
    import psycopg2

    from measures.compute.locking import ADVISORY_KEYS_SQL, ADVISORY_LOCK_ID

    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or "127.0.0.1", port=settings["PORT"]
    )
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_lock({ADVISORY_KEYS_SQL})", [ADVISORY_LOCK_ID])
        yield
    finally:
        other.close()


def test_two_recomputes_never_run_at_once(recompute_elsewhere):
    before = MeasureComputation.objects.count()

    assert measures_recompute(trigger="manual") is None
    assert recompute_measures.delay(trigger="manual").get() == "busy"
    assert MeasureComputation.objects.count() == before, "no run was even recorded"


def test_a_run_left_running_by_a_dead_process_is_closed_by_the_next(county):
    dead = MeasureComputation.objects.create(trigger="schedule", step="hospital", progress=55)

    assert measures_recompute(trigger="manual").status == ComputationStatus.SUCCEEDED

    dead.refresh_from_db()
    assert dead.status == ComputationStatus.FAILED
    assert dead.message.startswith("Interrupted")


def test_progress_is_recorded_step_by_step_and_complete_at_the_end(county, monkeypatch):
    seen = []
    record = services._Progress.__call__

    def watch(self, step):
        record(self, step)
        seen.append(MeasureComputation.objects.values_list("step", "progress").get(pk=self.computation.pk))

    monkeypatch.setattr(services._Progress, "__call__", watch)
    computation = measures_recompute(trigger="manual")

    assert [step for step, _ in seen] == [
        "timeliness",
        "appointments",
        "hospital",
        "services",
        "protecting",
        "comparing",
        "writing",
    ]
    assert [percent for _, percent in seen] == sorted(percent for _, percent in seen)
    assert (computation.step, computation.progress) == ("", 100)


def test_each_group_is_compared_with_its_reference_and_disparities_are_summarised(computed):
    year = {"period_type": "fiscal_year", "period_start": date(2024, 7, 1), "stratum": "race_ethnicity"}
    rows = list(MeasureResult.objects.filter(measure__code="routine-non-psychiatry-offered-10-days", **year))
    references = [row for row in rows if "reference_rule" in row.details]
    assert len(references) == 1
    reference = references[0]
    assert not reference.suppressed
    assert reference.denominator == max(row.denominator for row in rows if not row.suppressed)
    compared = [row for row in rows if row is not reference]
    assert compared
    assert all(row.details["vs_reference"]["reference"] == reference.group for row in compared)
    summary = MeasureDisparity.objects.get(measure__code="routine-non-psychiatry-offered-10-days", **year)
    assert summary.reference_group == reference.group
    assert summary.groups == sum(1 for row in rows if not row.suppressed)
    assert summary.index_of_disparity >= 0


def test_a_measure_can_name_its_reference_group(county):
    Measure.objects.filter(code="routine-non-psychiatry-offered-10-days").update(
        reference_groups={"race_ethnicity": "white"}
    )

    measures_recompute(trigger="manual")

    summary = MeasureDisparity.objects.get(
        measure__code="routine-non-psychiatry-offered-10-days",
        period_type="fiscal_year",
        period_start=date(2024, 7, 1),
        stratum="race_ethnicity",
    )
    assert (summary.reference_group, summary.reference_rule) == ("white", "named")


def test_the_command_recomputes_and_reports(county, capsys):
    call_command("recompute_measures")

    assert "results stored (data as of 2025-0" in capsys.readouterr().out


def needs_postgresql():
    if connection.vendor != "postgresql":
        missing_service("COPY needs PostgreSQL (set DATABASE_URL)")


@pytest.mark.parametrize(
    ("model", "fields", "where"),
    [
        (AccessRequest, {**services.REQUEST_FIELDS, **services.CLIENT_STRATA}, {}),
        (Appointment, {"date": "date", "status": "status", **services.CLIENT_STRATA}, {"status__in": ["kept"]}),
        (Hospitalization, {"stay_id": "stay_id", "discharge_date": "discharge_date", "client_id": "client_id"}, {}),
        (Service, {"client_id": "client_id", "approved_amount": "amount", "mental_health_provider": "mhp"}, {}),
    ],
)
def test_copy_reads_the_same_frame_as_the_orm(county, model, fields, where):
    needs_postgresql()
    kinds = {column: frames._kind(model, path) for path, column in fields.items()}
    # Two reads of an unordered query may return their rows in different orders (PostgreSQL's synchronized scans).
    queryset = model.objects.filter(**where).order_by("pk")

    copied = frames.read_frame(queryset, fields)

    fetched = frames._typed(frames._fetched(queryset.values_list(*fields), kinds), kinds)
    assert len(copied) > 0
    pd.testing.assert_frame_equal(copied, fetched)


def test_results_copied_in_are_the_rows_bulk_create_writes(county):
    needs_postgresql()
    results, _as_of, _version = services._compute_all()
    computation = MeasureComputation.objects.create(trigger="manual")
    fields = [field.attname for field in MeasureResult._meta.concrete_fields if not field.primary_key]
    MeasureResult.objects.all().delete()  # the module's own results hold the same cells

    frames.copy_in(MeasureResult, [{**row, "computation_id": computation.pk} for row in results])
    # Sorted by their text: rows hold dicts (details), which do not order.
    copied = sorted(MeasureResult.objects.values_list(*fields), key=repr)
    MeasureResult.objects.all().delete()
    MeasureResult.objects.bulk_create([MeasureResult(computation=computation, **row) for row in results])

    assert copied == sorted(MeasureResult.objects.values_list(*fields), key=repr)
    assert len(copied) == len(results)


def test_an_error_while_copying_is_raised_not_swallowed(county):
    from django.db import DataError
    from django.db.models import F, Value

    needs_postgresql()
    values = AccessRequest.objects.annotate(bad=Value(1) / (F("client_id") - F("client_id"))).values_list("bad")

    with pytest.raises(DataError, match="division by zero"):
        frames._copied(values, {"bad": "int"})


def test_the_access_funnel_counts_every_request_and_why_the_unserved_closed(computed):
    year = {"period_type": "fiscal_year", "period_start": date(2024, 7, 1), "stratum": "all"}
    offered = MeasureResult.objects.get(measure__code="requests-offered", **year)
    served = MeasureResult.objects.get(measure__code="requests-first-service", **year)
    requests = AccessRequest.objects.filter(request_date__gte=date(2024, 7, 1), request_date__lt=date(2025, 7, 1))
    assert offered.denominator == served.denominator == requests.count()
    assert offered.numerator == requests.filter(first_offered_datetime__isnull=False).count()
    assert served.numerator == requests.filter(first_rendered_date__isnull=False).count()
    reasons = served.details["closure_reasons"]
    assert sum(entry["count"] for entry in reasons.values()) == served.denominator - served.numerator
    hidden = [entry["count"] for entry in reasons.values() if entry["suppressed"]]
    assert not any(1 <= entry["count"] <= 10 and not entry["suppressed"] for entry in reasons.values())
    assert sum(hidden) == 0 or sum(hidden) > 10, "hidden reasons cannot be worked out from the total"
