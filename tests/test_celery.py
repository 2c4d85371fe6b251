"""Celery wiring: JSON only, time limits, a schedule owned by code, tasks that are safe to repeat."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from qic.accounts.tasks import sessions_clear_expired
from qic.celery import app


def test_celery_speaks_json_only_and_has_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.django_db
def test_clearing_expired_sessions_removes_only_expired_ones_and_can_run_twice():
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(days=1))
    assert sessions_clear_expired.delay().get() == 1
    assert sessions_clear_expired.delay().get() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
