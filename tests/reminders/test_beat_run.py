"""A real Celery beat sends the weekly digest: beat's own scheduler ticks, puts the job on Redis, a real worker
takes it from there and runs it against the database, and the e-mail lands in Django's mail outbox.

Beat and the worker run in threads of this process (``celery.beat.Service`` and Celery's test worker), not in
processes of their own, so that the worker's e-mail reaches this process's outbox; everything between them is
real: the schedule, the broker, the queue, the task looked up by name, the transaction that records what was
sent. The schedule is the production entry for the digest with its crontab swapped for "every second".
"""

import os
import threading
import time
import uuid
from contextlib import ExitStack

import pytest
from celery.beat import Service
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from conftest import missing_service
from qic.celery import app
from reminders.models import MailKind, ReminderSent
from reminders.services.settings import reminder_settings_save
from tests.test_celery_worker import _redis_answers

pytestmark = [pytest.mark.worker]

DIGEST_ENTRY = "send-weekly-digests"


@pytest.fixture
def beat_and_worker(transactional_db, tmp_path):
    """``start()`` runs beat and a worker, on a queue of their own on Redis; both stop when the test ends. The
    test writes its data first, so beat's first run finds it whole."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        missing_service("CELERY_BROKER_URL is not set, so there is no Redis for beat to send the job through")
    if not _redis_answers(broker):
        missing_service(f"Redis does not answer at {broker}")
    if connection.vendor != "postgresql":
        missing_service("the worker thread shares the test database, which needs PostgreSQL (set DATABASE_URL)")

    queue = f"qic-beat-test-{uuid.uuid4().hex[:8]}"
    production_entry = settings.CELERY_BEAT_SCHEDULE[DIGEST_ENTRY]
    saved = {"beat_schedule": app.conf.beat_schedule, "task_always_eager": app.conf.task_always_eager}
    beat = Service(app, max_interval=1, schedule_filename=str(tmp_path / "celerybeat-schedule"))
    beat_thread = threading.Thread(target=beat.start, name="celery-beat", daemon=True)
    with ExitStack() as running:

        def start() -> None:
            app.conf.task_always_eager = False
            app.conf.beat_schedule = {DIGEST_ENTRY: {**production_entry, "schedule": 1.0, "options": {"queue": queue}}}
            running.enter_context(
                start_worker(app, pool="solo", concurrency=1, queues=[queue], perform_ping_check=False)
            )
            beat_thread.start()

        try:
            yield start
        finally:
            if beat_thread.is_alive():
                beat.stop()
                beat_thread.join(timeout=10)
            app.conf.beat_schedule = saved["beat_schedule"]
            app.conf.task_always_eager = saved["task_always_eager"]


def _wait_for(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return bool(condition())


def test_a_real_beat_and_worker_send_rosa_her_digest_in_spanish_and_only_once(beat_and_worker, work, rosa, mailoutbox):
    reminder_settings_save(user=rosa, digest_weekday=timezone.localdate().weekday(), daily=False)

    beat_and_worker()

    def rosas():
        return [message for message in mail.outbox if message.to == ["rosa@example.org"]]

    assert _wait_for(rosas, seconds=60), "beat's job should reach the worker, which sends the digest"
    # Beat keeps firing every second: later runs find the digest recorded and send nothing more.
    assert ReminderSent.objects.filter(user=rosa, kind=MailKind.DIGEST).exists()
    time.sleep(3)
    [digest] = rosas()
    assert "Hola, Rosa:" in digest.body
    assert work["step"].description in digest.body
