"""The Celery application. Settings come from Django's, prefixed CELERY_ (qic/settings/base.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qic.settings.local")

app = Celery("qic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
