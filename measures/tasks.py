"""Celery jobs for imports, recomputes and their recovery. Thin: each calls one service, which is safe to run twice."""

from celery import shared_task
from django.db import OperationalError, transaction

from measures.compute.populations import population_results_recompute
from measures.compute.runs import stale_runs_interrupt
from measures.compute.services import measures_recompute
from measures.dashboard_state import dashboard_state_forget
from measures.imports.services import IncomingFile, import_upload_create, import_upload_load, import_upload_validate
from measures.models import ComputationStatus, ImportUpload, MeasureComputation, PopulationStatus, UploadStatus


@shared_task(name="measures.import_validate")
def import_validate(upload_id: int) -> str:
    return import_upload_validate(upload_id=upload_id).status


@shared_task(name="measures.import_load")
def import_load(upload_id: int) -> str:
    return import_upload_load(upload_id=upload_id).status


def import_upload_submit(*, files, kind: str | None, user, source: str) -> ImportUpload:
    """Store uploaded files and queue their check once the upload is committed (page and admin)."""
    upload = import_upload_create(
        files=[IncomingFile(name=f.name, stream=f, kind=kind or None) for f in files], user=user, source=source
    )
    if upload.status == UploadStatus.UPLOADED:
        transaction.on_commit(lambda: import_validate.delay(upload.pk))
    return upload


# The recompute and its breakdown are safe to run twice (each replaces every stored row in one transaction,
# under its lock), so their messages are acknowledged only once they finish: a worker killed mid-run leaves
# the message to Redis, which hands it to another worker after the visibility timeout
# (CELERY_BROKER_TRANSPORT_OPTIONS), and a pool process that dies has its message put back at once.
RECOVERABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    name="measures.recompute",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    **RECOVERABLE,
)
def recompute_measures(trigger: str = "schedule") -> str:
    """Recompute every measure, then queue the breakdown by population. Retries only when the database is
    briefly unreachable."""
    computation = measures_recompute(trigger=trigger)
    if computation is not None and computation.status == ComputationStatus.SUCCEEDED:
        population_results_queue(computation=computation)
    return computation.status if computation else "busy"


BUSY_RETRY_SECONDS = 60
BUSY_RETRIES = 30


@shared_task(
    bind=True,
    name="measures.population_results",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    **RECOVERABLE,
)
def recompute_population_results(self, computation_id: int) -> str:
    """The follow-on job: the equity dashboard's results within each age group and program.

    When another run holds the job's lock (a breakdown of an earlier computation), it tries again
    later: that run will find it has been superseded and stop, and this one must still happen.
    A breakdown already stored is not computed again (a message handed back after the sweep queued it anew).
    """
    computation = MeasureComputation.objects.filter(pk=computation_id).first()
    if computation is None:
        return "missing"
    if computation.population_status == PopulationStatus.SUCCEEDED:
        return computation.population_status
    status = population_results_recompute(computation=computation).population_status
    if status == PopulationStatus.PENDING:
        raise self.retry(countdown=BUSY_RETRY_SECONDS, max_retries=BUSY_RETRIES)
    return status


@shared_task(name="measures.runs_recover")
def runs_recover() -> dict:
    """Every two minutes (CELERY_BEAT_SCHEDULE): runs whose worker died are marked interrupted, and the
    breakdown of the results the dashboards show is queued again if it was one of them."""
    recovered = stale_runs_interrupt()
    for computation in recovered.to_queue:
        population_results_queue(computation=computation)
    return {
        "recomputes": recovered.recomputes,
        "breakdowns": recovered.breakdowns,
        "queued": [computation.pk for computation in recovered.to_queue],
    }


def population_results_queue(*, computation: MeasureComputation) -> None:
    """Mark the breakdown as waiting (the dashboard says it is being computed) and queue it."""
    MeasureComputation.objects.filter(pk=computation.pk).update(population_status=PopulationStatus.PENDING)
    computation.population_status = PopulationStatus.PENDING
    transaction.on_commit(dashboard_state_forget)
    recompute_population_results.delay_on_commit(computation.pk)


def import_upload_queue_load(*, upload: ImportUpload) -> None:
    """Queue the load of a checked upload once the request's transaction commits."""
    transaction.on_commit(lambda: import_load.delay(upload.pk))
