"""Celery jobs for the partnership. Thin: each calls one service, which is safe to run twice."""

from celery import shared_task

from dialogues.services.joining import applications_expired_delete


@shared_task(name="dialogues.applications_expired_delete")
def delete_expired_applications() -> int:
    """Nightly: declined applications past their keeping time are deleted, as the privacy notice says."""
    return applications_expired_delete()
