"""Celery jobs for the partnership. Thin: each calls one service, which is safe to run twice."""

from celery import shared_task

from dialogues.services.joining import applications_expired_delete
from dialogues.services.problem_drafts import problem_drafts_sync


@shared_task(name="dialogues.applications_expired_delete")
def delete_expired_applications() -> int:
    """Nightly: declined applications past their keeping time are deleted, as the privacy notice says."""
    return applications_expired_delete()


@shared_task(name="dialogues.problem_drafts_sync", acks_late=True)
def sync_problem_drafts(computation_id: int | None = None) -> dict:
    """After each recompute (measures_recomputed): new chart signals become draft problems, and drafts
    whose signal went away are withdrawn. Safe to run twice: a signal is raised once."""
    outcome = problem_drafts_sync()
    return {"raised": len(outcome.raised), "withdrawn": len(outcome.withdrawn), "unowned": outcome.unowned}
