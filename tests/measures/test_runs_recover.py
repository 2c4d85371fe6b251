"""Runs that recover: a run is "running" while it is heard from, a silent one is marked interrupted by the
sweep (which queues the latest breakdown again), the Recompute page gives its button back, and the population
views show the previous breakdown meanwhile. A real worker killed mid-run: tests/measures/test_worker_killed.py."""

import itertools
import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import missing_service
from measures.compute import runs
from measures.compute.locking import LOCK_KEY, cache_lock, recompute_lock
from measures.compute.populations import population_results_recompute
from measures.compute.runs import stale_runs_interrupt
from measures.compute.services import measures_recompute
from measures.dashboard_state import dashboard_state_forget
from measures.models import ComputationStatus, MeasureComputation, PopulationResult, PopulationStatus
from measures.tasks import runs_recover
from tests.measures import test_populations as worked
from tests.measures.test_populations import ADULTS, equity, heat_table, timely_name

pytestmark = pytest.mark.django_db

# The population tests' county worked by hand (adult women: 70 % offered in time), recomputed (``tiny``) and
# broken down (``broken_down``): here, the breakdown a later computation's replaces.
tiny = worked.tiny
broken_down = worked.broken_down

LEASE = 300


@pytest.fixture(autouse=True)
def lease(settings):
    settings.QIC_JOB_LEASE_SECONDS = LEASE


@pytest.fixture(autouse=True)
def empty_cache():
    """Dashboard figures are cached under the computation's id, which repeats across tests on SQLite."""
    cache.clear()
    yield
    cache.clear()


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def running_recompute(*, heard: float | None, started: float = 0) -> MeasureComputation:
    """A recompute recorded as running, last heard from ``heard`` seconds ago (None: never)."""
    computation = MeasureComputation.objects.create(trigger="manual", step="hospital", progress=55)
    MeasureComputation.objects.filter(pk=computation.pk).update(
        started_at=ago(started), heartbeat_at=None if heard is None else ago(heard)
    )
    computation.refresh_from_db()
    return computation


def running_breakdown(computation: MeasureComputation, *, heard: float | None) -> MeasureComputation:
    MeasureComputation.objects.filter(pk=computation.pk).update(
        population_status=PopulationStatus.RUNNING, population_heartbeat_at=None if heard is None else ago(heard)
    )
    computation.refresh_from_db()
    return computation


def recompute_button(page: str) -> str:
    """The Recompute page's button's opening tag."""
    return re.search(r'<button type="submit"[^>]*>(?=Recompute now</button>)', page).group(0)


# --- Running or not: by a fresh heartbeat ---------------------------------------------------------------------


def test_a_run_heard_from_within_the_lease_is_running_and_a_silent_one_is_not():
    alive = running_recompute(heard=LEASE - 30, started=2 * LEASE)
    silent = running_recompute(heard=LEASE + 30, started=2 * LEASE)
    just_started = running_recompute(heard=None, started=10)
    old_without_heartbeat = running_recompute(heard=None, started=LEASE + 30)

    assert alive.is_running
    assert just_started.is_running
    assert not silent.is_running
    assert not old_without_heartbeat.is_running
    assert (alive.status_label, silent.status_label) == ("Running", "Interrupted")


def test_a_breakdown_is_running_only_while_heard_from():
    computation = MeasureComputation.objects.create(trigger="manual", status=ComputationStatus.SUCCEEDED)

    assert running_breakdown(computation, heard=5).population_is_running
    assert not running_breakdown(computation, heard=LEASE + 5).population_is_running
    assert not running_breakdown(computation, heard=None).population_is_running


def test_the_recompute_page_keeps_its_button_disabled_while_a_run_is_heard_from(client_for, qi_staff):
    running_recompute(heard=10, started=LEASE * 3)

    page = client_for(qi_staff).get(reverse("measures:computation_list")).content.decode()
    state = client_for(qi_staff).get(reverse("measures:computation_status")).json()

    assert 'data-running="true"' in page
    assert recompute_button(page).endswith(" disabled>")
    assert state["running"] is True


def test_the_recompute_page_gives_the_button_back_when_the_run_goes_silent(client_for, qi_staff):
    running_recompute(heard=LEASE + 10, started=LEASE * 3)

    page = client_for(qi_staff).get(reverse("measures:computation_list")).content.decode()
    state = client_for(qi_staff).get(reverse("measures:computation_status")).json()

    assert 'data-running="false"' in page
    assert not recompute_button(page).endswith(" disabled>")
    assert "Interrupted" in page
    assert (state["running"], state["status_label"]) == (False, "Interrupted")


# --- The sweep ------------------------------------------------------------------------------------------------


def test_the_sweep_marks_silent_runs_interrupted_and_leaves_live_ones_alone():
    alive = running_recompute(heard=20, started=LEASE * 3)
    silent = running_recompute(heard=LEASE + 20, started=LEASE * 3)
    finished = MeasureComputation.objects.create(trigger="manual", status=ComputationStatus.SUCCEEDED)
    running_breakdown(finished, heard=LEASE + 20)

    recovered = stale_runs_interrupt()

    assert (recovered.recomputes, recovered.breakdowns) == ([silent.pk], [finished.pk])
    silent.refresh_from_db()
    alive.refresh_from_db()
    finished.refresh_from_db()
    assert (silent.status, silent.finished_at is not None) == (ComputationStatus.FAILED, True)
    assert silent.message.startswith("Interrupted")
    assert alive.status == ComputationStatus.RUNNING
    assert finished.status == ComputationStatus.SUCCEEDED, "the results it stored stay the latest"
    assert finished.population_status == PopulationStatus.FAILED
    assert finished.population_message.startswith("Interrupted")
    assert recovered.to_queue == [finished], "its computation is the latest: the breakdown is queued again"
    assert stale_runs_interrupt().recomputes == stale_runs_interrupt().breakdowns == [], "twice changes nothing"


def test_the_sweep_does_not_queue_the_breakdown_of_results_that_are_no_longer_the_latest():
    older = MeasureComputation.objects.create(
        trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=ago(3600)
    )
    MeasureComputation.objects.create(trigger="manual", status=ComputationStatus.SUCCEEDED, finished_at=ago(60))
    running_breakdown(older, heard=LEASE + 20)

    recovered = stale_runs_interrupt()

    assert recovered.breakdowns == [older.pk]
    assert recovered.to_queue == []


def test_the_periodic_task_computes_the_interrupted_breakdown_of_the_latest_results_again(
    broken_down, django_capture_on_commit_callbacks
):
    running_breakdown(broken_down, heard=LEASE + 20)
    PopulationResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        report = runs_recover.delay().get()

    assert report == {"recomputes": [], "breakdowns": [broken_down.pk], "queued": [broken_down.pk]}
    broken_down.refresh_from_db()
    assert broken_down.population_status == PopulationStatus.SUCCEEDED, broken_down.population_message
    assert set(PopulationResult.objects.values_list("computation_id", flat=True)) == {broken_down.pk}


def test_a_redelivered_breakdown_that_has_finished_is_not_computed_again(broken_down):
    from measures.tasks import recompute_population_results

    stored = set(PopulationResult.objects.values_list("pk", flat=True))

    assert recompute_population_results.delay(broken_down.pk).get() == PopulationStatus.SUCCEEDED
    assert set(PopulationResult.objects.values_list("pk", flat=True)) == stored, "the same rows, not rewritten"


def test_the_next_breakdown_closes_one_left_running_by_a_dead_process(broken_down):
    newer = measures_recompute(trigger="manual")
    running_breakdown(broken_down, heard=5)  # the lock is free, so whoever wrote this is gone

    assert population_results_recompute(computation=newer).population_status == PopulationStatus.SUCCEEDED
    broken_down.refresh_from_db()
    assert broken_down.population_status == PopulationStatus.FAILED
    assert broken_down.population_message.startswith("Interrupted")


# --- Heartbeats -----------------------------------------------------------------------------------------------


def test_a_run_writes_its_heartbeat_at_each_step(tiny, monkeypatch):
    from measures.compute import services

    heard = []
    record = services._Progress.__call__

    def watch(self, step):
        record(self, step)
        heard.append(MeasureComputation.objects.values_list("heartbeat_at", flat=True).get(pk=self.computation.pk))

    monkeypatch.setattr(services._Progress, "__call__", watch)
    measures_recompute(trigger="manual")

    assert len(heard) >= 5
    assert all(earlier < later for earlier, later in itertools.pairwise(heard)), "a newer heartbeat at every step"


def test_the_heartbeat_beats_in_the_background_while_a_long_step_runs(settings):
    settings.QIC_JOB_HEARTBEAT_SECONDS = 0.05
    beats = []

    with runs.heartbeat(lambda: beats.append(threading.current_thread().name)):
        time.sleep(0.5)
    after = len(beats)
    time.sleep(0.2)

    assert after >= 3, "a step that writes nothing is still heard from"
    assert set(beats) == {"qic-job-heartbeat"}
    assert len(beats) == after, "and it stops with the run"


def test_a_failing_heartbeat_does_not_stop_the_run(settings):
    settings.QIC_JOB_HEARTBEAT_SECONDS = 0.05
    tries = []

    def broken():
        tries.append(1)
        raise ConnectionError("the database is briefly away")

    with runs.heartbeat(broken):
        time.sleep(0.3)

    assert len(tries) >= 2, "each beat is tried again"


def test_a_cache_lock_expires_after_the_lease_unless_the_heartbeat_renews_it(settings):
    settings.QIC_JOB_LEASE_SECONDS = 2

    with cache_lock(key=LOCK_KEY) as held:
        assert held
        time.sleep(1.2)
        held.renew()
        time.sleep(1.2)
        assert cache.get(LOCK_KEY) is not None, "renewed, it outlives its first lease"
        time.sleep(2.2)
        assert cache.get(LOCK_KEY) is None, "a dead worker's lock is gone after the lease"
        with cache_lock(key=LOCK_KEY) as next_run:
            assert next_run


def test_on_postgresql_the_locks_session_lets_the_server_drop_a_vanished_worker():
    if connection.vendor != "postgresql":
        missing_service("the advisory lock is PostgreSQL's (set DATABASE_URL)")
    local = not connection.settings_dict["HOST"] or connection.settings_dict["HOST"].startswith("/")

    with recompute_lock() as held, connection.cursor() as cursor:
        assert held
        cursor.execute("SHOW tcp_keepalives_idle")
        idle = cursor.fetchone()[0]

    # Over a Unix socket there is no TCP to probe (and nothing to vanish); over TCP, a minute of silence.
    assert idle in (("0",) if local else ("60", "1min"))


def test_on_postgresql_a_job_running_on_another_database_of_the_server_does_not_hold_this_one_up():
    """Advisory locks are the server's, not the database's: the key names the database too."""
    import psycopg2

    from measures.compute.locking import ADVISORY_KEYS_SQL, ADVISORY_LOCK_ID

    if connection.vendor != "postgresql":
        missing_service("the advisory lock is PostgreSQL's (set DATABASE_URL)")
    settings = connection.settings_dict
    elsewhere = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"] or "127.0.0.1", port=settings["PORT"]
    )
    try:
        with elsewhere.cursor() as cursor:
            cursor.execute(f"SELECT pg_try_advisory_lock({ADVISORY_KEYS_SQL})", [ADVISORY_LOCK_ID])
            assert cursor.fetchone()[0], "the other database's recompute holds its own lock"
        with recompute_lock() as held:
            assert held, "this database's recompute runs meanwhile"
    finally:
        elsewhere.close()


# --- Celery -----------------------------------------------------------------------------------------------------


def test_the_jobs_are_handed_back_when_their_worker_dies_and_never_while_they_may_still_run(settings):
    from measures.tasks import recompute_measures, recompute_population_results
    from qic.celery import app

    for task in (recompute_measures, recompute_population_results):
        assert task.acks_late, task.name
        assert task.reject_on_worker_lost, task.name
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
    sweep = settings.CELERY_BEAT_SCHEDULE["recover-interrupted-runs"]
    assert sweep["task"] == runs_recover.name
    assert sweep["schedule"] <= timedelta(seconds=settings.QIC_JOB_LEASE_SECONDS)
    assert settings.QIC_JOB_LEASE_SECONDS >= 5 * settings.QIC_JOB_HEARTBEAT_SECONDS, "a lease spans many heartbeats"


# --- The population views meanwhile ---------------------------------------------------------------------------


def test_while_the_latest_breakdown_is_interrupted_the_population_views_show_the_previous_one(client, broken_down):
    latest = measures_recompute(trigger="manual")
    running_breakdown(latest, heard=LEASE + 20)
    stale_runs_interrupt()
    dashboard_state_forget()

    page = equity(client, population=ADULTS, stratum="gender", period="month").content.decode()

    assert "are not ready yet" not in page
    assert "come from the previous breakdown" in page
    assert heat_table(page)[(timely_name(), "Female")] == "70.0", "the previous breakdown's figures"

    population_results_recompute(computation=latest)
    dashboard_state_forget()
    page = equity(client, population=ADULTS, stratum="gender", period="month").content.decode()
    assert "come from the previous breakdown" not in page
    assert heat_table(page)[(timely_name(), "Female")] == "70.0"


def test_while_the_latest_breakdown_runs_the_population_views_show_the_previous_one(client, broken_down):
    latest = measures_recompute(trigger="manual")
    running_breakdown(latest, heard=1)

    page = equity(client, population=ADULTS, stratum="gender", period="month").content.decode()

    assert "Breakdown by age group and program: being computed." in page
    assert "come from the previous breakdown" in page
    assert heat_table(page)[(timely_name(), "Female")] == "70.0"
