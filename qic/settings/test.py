"""The test suite: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from . import base
from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests call tasks in-process unless a test starts a real worker itself (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# Uploaded import files go to a folder of this test run's own, so runs in other checkouts on the machine (or at
# the same time) never see each other's files. The process that loads these settings first makes the folder and
# removes it when it exits; the processes the run starts (a Celery worker, a recompute to kill, pytest-xdist's
# workers) inherit QIC_TEST_MEDIA_ROOT and share it, an xdist worker in a subfolder of its own.
if "QIC_TEST_MEDIA_ROOT" not in os.environ:
    os.environ["QIC_TEST_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="qic-test-media-")
    atexit.register(shutil.rmtree, os.environ["QIC_TEST_MEDIA_ROOT"], ignore_errors=True)
MEDIA_ROOT = Path(os.environ["QIC_TEST_MEDIA_ROOT"], os.environ.get("PYTEST_XDIST_WORKER", ""))

# On a Redis that other runs share (CI's), every broker and result key of this run carries the run's prefix, so two
# runs never take each other's tasks or results, and the run's keys can be deleted when it ends.
if redis_key_prefix := env.str("QIC_TEST_REDIS_KEY_PREFIX", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **getattr(base, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        "global_keyprefix": redis_key_prefix,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        **getattr(base, "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS", {}),
        "global_keyprefix": redis_key_prefix,
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
