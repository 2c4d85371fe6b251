"""Production settings refuse to start half-configured, and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "qic.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="qic.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_or_default_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="insecure-local-development-key-change-me", DJANGO_ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="qic.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_default_is_sqlite_with_tasks_in_process():
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    environment["DJANGO_SETTINGS_MODULE"] = "qic.settings.local"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr


@pytest.mark.parametrize(
    ("database_url", "engine"),
    [("postgres://postgres@db:5432/qic", "django.db.backends.postgresql")],
)
def test_database_and_broker_come_from_the_environment(database_url, engine):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qic.settings.local",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "redis://redis:6379/0",
    }
    environment.pop("CELERY_TASK_ALWAYS_EAGER", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.split() == [engine, "False", "redis://redis:6379/0"], result.stderr
