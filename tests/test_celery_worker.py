"""A real Celery worker, on Redis, runs a task end to end against the test database."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from conftest import database_url_for_tests, missing_service
from qic.accounts.tasks import sessions_clear_expired
from qic.celery import app

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.worker


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def worker_queue(transactional_db):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        missing_service("CELERY_BROKER_URL is not set, so there is no Redis to send tasks through")
    if not _redis_answers(broker):
        missing_service(f"Redis does not answer at {broker}")
    if connection.vendor != "postgresql":
        missing_service("the worker shares the test database, which needs PostgreSQL (set DATABASE_URL)")

    # A queue of our own, so no other worker on this Redis can take the task.
    queue = f"qic-test-{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qic.settings.test",
        "DATABASE_URL": database_url_for_tests(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "qic",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--queues",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        # Celery forbids waiting on a result inside a task, and marks "inside a task" with one flag per process,
        # set while an eager task runs. Two eager tasks run at once (the browser tests' threaded server) can
        # leave it set for good; this process is not a task, so it may wait.
        with allow_join_result():
            yield queue
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        print(output[-3000:])


def test_a_worker_on_redis_clears_expired_sessions(worker_queue):
    now = timezone.now()
    Session.objects.create(session_key="e" * 32, session_data="", expire_date=now - timedelta(hours=1))
    Session.objects.create(session_key="f" * 32, session_data="", expire_date=now + timedelta(hours=1))

    result = sessions_clear_expired.apply_async(queue=worker_queue)

    assert result.get(timeout=60) == 1
    assert result.status == "SUCCESS"
    assert list(Session.objects.values_list("session_key", flat=True)) == ["f" * 32]


def test_a_worker_on_redis_checks_and_loads_an_upload_through_copy(worker_queue):
    from measures.imports.services import import_upload_create
    from measures.models import AccessRequest, Client, ImportSource, UploadStatus
    from measures.services import code_lists_load_defaults
    from measures.tasks import import_load, import_validate
    from tests.measures.importing import good_file

    code_lists_load_defaults()  # a transactional test starts from an empty database
    upload = import_upload_create(files=[good_file("clients"), good_file("requests")], source=ImportSource.WEB)

    assert import_validate.apply_async(args=[upload.pk], queue=worker_queue).get(timeout=60) == UploadStatus.VALID
    assert Client.objects.count() == 0
    assert import_load.apply_async(args=[upload.pk], queue=worker_queue).get(timeout=60) == UploadStatus.LOADED

    assert Client.objects.count() == 3
    assert AccessRequest.objects.count() == 3
    upload.refresh_from_db()
    assert upload.rows_written == 6


def test_a_worker_on_redis_recomputes_the_measures(worker_queue, tmp_path):
    from datetime import date

    from aims.services import framework_fixture_load
    from measures.imports.services import import_files
    from measures.models import MeasureResult
    from measures.services import code_lists_load_defaults, measure_registry_load_defaults
    from measures.synthetic import KINDS, county_write
    from measures.tasks import recompute_measures

    framework_fixture_load()  # a transactional test starts from an empty database
    code_lists_load_defaults()
    measure_registry_load_defaults()
    county_write(out_dir=tmp_path, clients=200, months=3, seed=2, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])

    result = recompute_measures.apply_async(kwargs={"trigger": "manual"}, queue=worker_queue)

    assert result.get(timeout=120) == "succeeded"
    assert MeasureResult.objects.filter(measure__code="urgent-offered-48-96-hours", stratum="all").exists()
