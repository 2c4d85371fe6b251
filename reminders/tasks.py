"""Celery beat jobs (CELERY_BEAT_SCHEDULE). Thin: each calls one service, which is safe to run twice."""

from celery import shared_task

from reminders.services.sending import daily_reminders_send, weekly_digests_send


@shared_task(name="reminders.daily_send")
def send_daily_reminders() -> int:
    return daily_reminders_send()


@shared_task(name="reminders.digests_send")
def send_weekly_digests() -> int:
    """Runs every day: each person's digest goes on the weekday they chose."""
    return weekly_digests_send()
