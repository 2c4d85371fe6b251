"""Runs that recover: a running recompute or breakdown keeps saying it is alive, and one that stops is interrupted.

A worker killed mid-run (out of memory, a redeploy, SIGKILL) runs no ``except`` and no ``finally``:
its record would say "running" for good, the pages would wait for it, and the breakdown by
population would never be tried again. So:

- each run writes a heartbeat on its ``MeasureComputation`` row (``heartbeat_at`` for the recompute,
  ``population_heartbeat_at`` for the breakdown) at each step and from a background thread every
  ``QIC_JOB_HEARTBEAT_SECONDS``, so a long step (the disclosure audit, say) does not look dead;
- whoever reads the record decides "running" by a heartbeat fresher than the lease
  (``QIC_JOB_LEASE_SECONDS``, ``heard_from_lately``), not by the status alone;
- a periodic task (``measures.runs_recover``, every two minutes) marks runs past their lease
  interrupted (failed, saying so) and queues again the breakdown of the results the dashboards show;
- the task messages themselves are acknowledged late, so Redis hands a killed run's message to
  another worker after its visibility timeout (``CELERY_BROKER_TRANSPORT_OPTIONS``).

Both jobs are safe to run twice, so a run taken for dead that was only slow costs work, not results.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from measures.dashboard_state import dashboard_state_forget
from measures.models import ComputationStatus, MeasureComputation, PopulationStatus
from measures.models.results import heard_from_lately  # noqa: F401 (the pages' test, re-exported)

from .locking import HeldLock

logger = logging.getLogger(__name__)

INTERRUPTED = "Interrupted: the process stopped before finishing. The results before it were kept."
BREAKDOWN_INTERRUPTED = "Interrupted: the process stopped before finishing. The breakdown before it is shown meanwhile."


def lease_cutoff(now: datetime | None = None) -> datetime:
    """Runs last heard from before this are taken as dead."""
    return (now or timezone.now()) - timedelta(seconds=settings.QIC_JOB_LEASE_SECONDS)


@contextmanager
def heartbeat(beat: Callable[[], object], *, lock: HeldLock | None = None) -> Iterator[None]:
    """Call ``beat`` (and renew ``lock``) every ``QIC_JOB_HEARTBEAT_SECONDS`` from a background thread
    while the block runs.

    The thread has its own database connection, closed when it stops. A failed beat is logged and
    the next one tried: a run is not stopped for want of a heartbeat (the lease spans many).
    """
    interval = settings.QIC_JOB_HEARTBEAT_SECONDS
    stop = threading.Event()

    def keep_beating() -> None:
        try:
            while not stop.wait(interval):
                try:
                    beat()
                    if lock is not None:
                        lock.renew()
                except Exception:
                    logger.warning("A job's heartbeat could not be written", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=keep_beating, name="qic-job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def recompute_heartbeat(*, computation_id: int) -> None:
    """The recompute ``computation_id`` is alive (only while it is running)."""
    MeasureComputation.objects.filter(pk=computation_id, status=ComputationStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def population_heartbeat(*, computation_id: int) -> None:
    """The breakdown by population of ``computation_id`` is alive (only while it is running)."""
    MeasureComputation.objects.filter(pk=computation_id, population_status=PopulationStatus.RUNNING).update(
        population_heartbeat_at=timezone.now()
    )


@dataclass
class Recovered:
    """What ``stale_runs_interrupt`` did: the ids of the recomputes and breakdowns it marked interrupted,
    and the computations whose breakdown is to be queued again (the latest that succeeded, when its own was)."""

    recomputes: list[int] = field(default_factory=list)
    breakdowns: list[int] = field(default_factory=list)
    to_queue: list[MeasureComputation] = field(default_factory=list)


def stale_runs_interrupt(*, now: datetime | None = None) -> Recovered:
    """Mark every run not heard from within the lease interrupted (failed, with a message saying so).

    A run being written right now holds its row; it is alive and skipped. Returns ``Recovered``;
    running it twice changes nothing more.
    """
    now = now or timezone.now()
    cutoff = lease_cutoff(now)
    recovered = Recovered()
    with transaction.atomic():
        recovered.recomputes = list(
            MeasureComputation.objects.select_for_update(skip_locked=True)
            .filter(status=ComputationStatus.RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
            .values_list("pk", flat=True)
        )
        MeasureComputation.objects.filter(pk__in=recovered.recomputes).update(
            status=ComputationStatus.FAILED, finished_at=now, message=INTERRUPTED
        )
        recovered.breakdowns = list(
            MeasureComputation.objects.select_for_update(skip_locked=True)
            .filter(population_status=PopulationStatus.RUNNING)
            .filter(Q(population_heartbeat_at__lt=cutoff) | Q(population_heartbeat_at__isnull=True))
            .values_list("pk", flat=True)
        )
        MeasureComputation.objects.filter(pk__in=recovered.breakdowns).update(
            population_status=PopulationStatus.FAILED,
            population_finished_at=now,
            population_message=BREAKDOWN_INTERRUPTED,
        )
        latest = (
            MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED)
            .order_by("-finished_at", "-id")
            .first()
        )
        if latest is not None and latest.pk in recovered.breakdowns:
            recovered.to_queue.append(latest)
        if recovered.breakdowns:
            transaction.on_commit(dashboard_state_forget)
    for kind, ids in (("recompute", recovered.recomputes), ("breakdown by population", recovered.breakdowns)):
        if ids:
            logger.warning("Marked interrupted (its worker stopped answering): %s %s", kind, ids)
    return recovered
