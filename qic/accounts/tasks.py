from celery import shared_task

from qic.accounts import services


@shared_task(acks_late=True)
def sessions_clear_expired() -> int:
    """Nightly clean-up of expired sessions (safe to run twice: deleting nothing is fine)."""
    return services.sessions_clear_expired()
