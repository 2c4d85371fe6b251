"""A real Celery worker killed (SIGKILL) in the middle of a recompute or a breakdown: within the lease the run
is seen as interrupted, the last good results are served meanwhile, the Recompute button comes back, and
another worker completes the job, from the message Redis hands back or the one the sweep queues again.

The workers (tests/measures/stalling_worker.py) share the test database and take their tasks from a queue
of their own on Redis; the lease is a few seconds here, minutes in production.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.db import connection
from django.urls import reverse

from conftest import database_url_for_tests, missing_service
from measures.compute.populations import population_results_recompute
from measures.compute.services import measures_recompute
from measures.dashboard_state import dashboard_state, dashboard_state_forget
from measures.models import ComputationStatus, MeasureComputation, MeasureResult, PopulationResult, PopulationStatus
from measures.tasks import recompute_measures, recompute_population_results, runs_recover
from qic.celery import app
from tests.test_celery_worker import _redis_answers

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3
HEARTBEAT = 0.5

RECOMPUTE_ON_DATA = "measures-recompute-on-data"  # measures/apps.py

pytestmark = pytest.mark.worker


def wait_for(condition: Callable[[], object], *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (outcome := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.2)
    return outcome


class Workers:
    """Starts stalling_worker processes on one queue; each in its own process group, killed at the end."""

    def __init__(self, queue: str, logs: Path):
        self.queue = queue
        self.logs = logs
        self.started: list[tuple[subprocess.Popen, Path]] = []

    def start(
        self, *, stall: str = "", redeliver_after: float | None = None, follow_ons_elsewhere: bool = False
    ) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qic.settings.test",
            "DATABASE_URL": database_url_for_tests(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "QIC_JOB_LEASE_SECONDS": str(LEASE),
            "QIC_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "QIC_TEST_QUEUE": self.queue,
            "QIC_TEST_QUEUE_FOR_FOLLOW_ONS": f"{self.queue}-not-read" if follow_ons_elsewhere else self.queue,
            "QIC_TEST_STALL": stall,
            "QIC_TEST_STALL_FLAG": str(self.logs / "stalled"),
            "QIC_TEST_REDELIVER_AFTER": "" if redeliver_after is None else str(redeliver_after),
        }
        log = self.logs / f"worker-{len(self.started) + 1}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.measures.stalling_worker"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
        self.started.append((process, log))
        return process

    def wait_until_stalled(self, process: subprocess.Popen) -> None:
        def stalled():
            assert process.poll() is None, "the worker stopped before the job stalled"
            return (self.logs / "stalled").exists()

        wait_for(stalled, seconds=90, what="the job reaching the step where it stalls")

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        """Stop the workers still running as a deployment does (they finish their task and hand back any
        message they hold), then drop the queue: nothing is left on Redis for another test."""
        import redis

        for process, log in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        broker = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
        prefix = app.conf.broker_transport_options.get("global_keyprefix", "")
        for name in (self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"):
            for key in broker.scan_iter(match=f"{prefix}{name}*"):
                broker.delete(key)


@pytest.fixture
def workers(transactional_db, tmp_path, settings):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        missing_service("CELERY_BROKER_URL is not set, so there is no Redis to send tasks through")
    if not _redis_answers(broker):
        missing_service(f"Redis does not answer at {broker}")
    if connection.vendor != "postgresql":
        missing_service("the workers share the test database, which needs PostgreSQL (set DATABASE_URL)")
    settings.QIC_JOB_LEASE_SECONDS = LEASE
    queue = f"qic-test-{uuid.uuid4().hex[:8]}"
    # Tasks this process queues (the sweep's) go to the workers' queue too.
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    started = Workers(queue, tmp_path)
    try:
        with allow_join_result():  # see tests/test_celery_worker.py: this process waits on the workers' results
            yield started
    finally:
        started.stop_all()
        app.conf.task_always_eager, app.conf.task_default_queue = eager, default_queue


@pytest.fixture
def county(transactional_db, tmp_path) -> None:
    """A small county imported; each test computes from it what it needs (the import's own recompute is left
    out)."""
    from aims.services import framework_fixture_load
    from measures.apps import _recompute_after_data_change
    from measures.imports.services import import_files
    from measures.services import code_lists_load_defaults, measure_registry_load_defaults
    from measures.signals import service_data_changed
    from measures.synthetic import KINDS, county_write

    framework_fixture_load()  # a transactional test starts from an empty database
    code_lists_load_defaults()
    measure_registry_load_defaults()
    county_write(out_dir=tmp_path, clients=150, months=2, seed=3, start=date(2025, 1, 1))
    service_data_changed.disconnect(dispatch_uid=RECOMPUTE_ON_DATA)
    try:
        import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    finally:
        service_data_changed.connect(_recompute_after_data_change, dispatch_uid=RECOMPUTE_ON_DATA)


def recompute_button(client) -> str:
    page = client.get(reverse("measures:computation_list")).content.decode()
    return re.search(r'<button type="submit"[^>]*>(?=Recompute now</button>)', page).group(0)


def test_a_recompute_whose_worker_is_killed_is_interrupted_and_redelivered_to_another(
    county, workers, client_for, qi_staff
):
    last_good = measures_recompute(trigger="manual")
    results = set(MeasureResult.objects.values_list("pk", "value"))
    staff = client_for(qi_staff)
    first = workers.start(stall="recompute")

    queued = recompute_measures.apply_async(kwargs={"trigger": "manual"}, queue=workers.queue)
    workers.wait_until_stalled(first)
    killed = MeasureComputation.objects.get(status=ComputationStatus.RUNNING)
    assert recompute_button(staff).endswith(" disabled>")
    time.sleep(LEASE + 1)
    assert MeasureComputation.objects.get(pk=killed.pk).is_running, "a long step is heard from, not taken for dead"

    workers.kill(first)
    wait_for(lambda: not recompute_button(staff).endswith(" disabled>"), seconds=LEASE + 3, what="the button back")
    assert staff.get(reverse("measures:computation_status")).json()["status_label"] == "Interrupted"
    assert set(MeasureResult.objects.values_list("pk", "value")) == results, "the last good results are served"
    dashboard_state_forget()
    assert dashboard_state().computation_id == last_good.pk

    assert runs_recover() == {"recomputes": [killed.pk], "breakdowns": [], "queued": []}
    killed.refresh_from_db()
    assert (killed.status, killed.message[:11]) == (ComputationStatus.FAILED, "Interrupted")

    # Redis hands the dead worker's message to this one. (The breakdown it then queues is another test's matter:
    # it is left on a queue nobody reads, dropped at the end.)
    workers.start(redeliver_after=1, follow_ons_elsewhere=True)

    assert queued.get(timeout=90) == ComputationStatus.SUCCEEDED
    again = MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED).latest("finished_at")
    assert again.pk not in (last_good.pk, killed.pk)
    assert again.population_status == PopulationStatus.PENDING


def test_a_breakdown_whose_worker_is_killed_is_queued_again_and_the_previous_one_shown_meanwhile(
    county, workers, client
):
    previous = population_results_recompute(computation=measures_recompute(trigger="manual"))
    assert previous.population_status == PopulationStatus.SUCCEEDED, previous.population_message
    stratum, group = PopulationResult.objects.values_list("population_stratum", "population_group").first()
    latest = measures_recompute(trigger="manual")
    first = workers.start(stall="breakdown")

    MeasureComputation.objects.filter(pk=latest.pk).update(population_status=PopulationStatus.PENDING)
    recompute_population_results.apply_async(args=[latest.pk], queue=workers.queue)
    workers.wait_until_stalled(first)
    time.sleep(LEASE + 1)
    assert MeasureComputation.objects.get(pk=latest.pk).population_is_running, "heard from while it runs"

    workers.kill(first)
    wait_for(
        lambda: not MeasureComputation.objects.get(pk=latest.pk).population_is_running,
        seconds=LEASE + 3,
        what="the breakdown seen as interrupted",
    )
    dashboard_state_forget()
    page = client.get(reverse("measures:equity_dashboard"), {"population": f"{stratum}:{group}"}).content.decode()
    assert "come from the previous breakdown" in page
    assert set(PopulationResult.objects.values_list("computation_id", flat=True)) == {previous.pk}

    assert runs_recover() == {"recomputes": [], "breakdowns": [latest.pk], "queued": [latest.pk]}

    # The sweep's message and, once Redis hands it back, the dead worker's: one computes, the other finds it done.
    workers.start(redeliver_after=1)
    wait_for(
        lambda: MeasureComputation.objects.get(pk=latest.pk).population_status == PopulationStatus.SUCCEEDED,
        seconds=90,
        what="the breakdown completed by another worker",
    )
    assert set(PopulationResult.objects.values_list("computation_id", flat=True)) == {latest.pk}
    dashboard_state_forget()
    page = client.get(reverse("measures:equity_dashboard"), {"population": f"{stratum}:{group}"}).content.decode()
    assert "come from the previous breakdown" not in page
