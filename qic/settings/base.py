"""Settings shared by every environment, read from the environment (see .env.example).

With nothing set, QIC runs on a SQLite file with Celery tasks executed in-process, so a laptop
needs nothing but Python. Setting DATABASE_URL and CELERY_BROKER_URL moves it onto PostgreSQL
and a real Celery worker on Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
import plotly
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or "insecure-local-development-key-change-me"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = [origin for origin in env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[]) if origin]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's form and widget templates, for FORM_RENDERER below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "csp",
    "axes",
    "qic.accounts",
    "aims",
    "measures",
    "dialogues",
    "projects",
    "workplan",
    "council",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the header too.
    "qic.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in readers' pages and answers to forms: Cache-Control: private, no-store.
    "qic.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qic.urls"
WSGI_APPLICATION = "qic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Template tags of the project package itself, which is not an app: the forms' error summary, and
            # typed content in the reader's language, marked lang="en" when untranslated (qic/core/i18n.py).
            "libraries": {
                "error_summary": "qic.core.templatetags.error_summary",
                "bilingual": "qic.core.templatetags.bilingual",
            },
        },
    },
]
# Widgets are drawn with the templates above, so templates/admin/widgets/ can label the admin's split date and time.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("QIC_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("QIC_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "qic.accounts.views.sign_in_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("QIC_PROXY_COUNT", default=0)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numbers in Spanish pages as US Spanish writes them (see qic/formats/es/formats.py).
FORMAT_MODULE_PATH = ["qic.formats"]
TIME_ZONE = env.str("QIC_TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Plotly.js comes from the installed plotly package, so the chart library always matches the
# Python figures and nothing is fetched from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("QIC_MEDIA_ROOT", default=str(BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="QIC <qic@localhost>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Everything the pages load comes from this site: no inline scripts, no CDNs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Celery. Without a broker, tasks run in-process when called, so the demo needs no Redis.
_broker_url = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_broker_url)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not _broker_url)
# An eager task still borrows a producer from the broker's pool: the in-memory transport lends one without
# reaching for an AMQP server on localhost (and printing kombu's "No hostname was supplied" warning).
CELERY_BROKER_URL = _broker_url or ("memory://localhost/" if CELERY_TASK_ALWAYS_EAGER else "")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The recompute and its breakdown are acknowledged only once they finish (acks_late on the tasks), so that
# a worker killed mid-run leaves the message with Redis, which hands it to another worker after this
# timeout. It must be longer than any run can last, or a healthy long run would be started a second time:
# the hard time limit above (a recompute of the million-request bench county takes under a minute), plus
# a margin. A killed breakdown is queued again well before, by the sweep below.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60}
# A running recompute or breakdown writes a heartbeat on its record this often (at each step, and from a
# background thread in between); one not heard from for the lease is taken as dead: the pages stop saying
# "running" and the sweep (measures.runs_recover) marks it interrupted. The lease spans many heartbeats, so
# a busy database or a long pause does not end a live run.
QIC_JOB_HEARTBEAT_SECONDS = env.float("QIC_JOB_HEARTBEAT_SECONDS", default=30)
QIC_JOB_LEASE_SECONDS = env.float("QIC_JOB_LEASE_SECONDS", default=5 * 60)
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs are owned by code; celery beat reads this schedule.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "qic.accounts.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=15),
    },
    "delete-expired-applications": {
        "task": "dialogues.applications_expired_delete",
        "schedule": crontab(hour=3, minute=45),
    },
    "recompute-measures": {
        "task": "measures.recompute",
        "schedule": crontab(hour=2, minute=30),
        "kwargs": {"trigger": "schedule"},
    },
    # Reminders and digests (reminders.services.sending): each safe to run twice, so a beat that fires twice
    # (a restart) sends nothing twice. The digest job runs daily; each person's goes on the day they chose.
    "send-daily-reminders": {
        "task": "reminders.daily_send",
        "schedule": crontab(hour=7, minute=0),
    },
    "send-weekly-digests": {
        "task": "reminders.digests_send",
        "schedule": crontab(hour=7, minute=15),
    },
    # Runs whose worker died are marked interrupted, and the latest breakdown is queued again. A sweep
    # nobody picked up in time is dropped: the next one does the same.
    "recover-interrupted-runs": {
        "task": "measures.runs_recover",
        "schedule": timedelta(minutes=2),
        "options": {"expires": 110},
    },
}

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
# Every record is printed once, by the root's handler. Django's own default configuration gives the "django"
# logger a console handler of its own (when DEBUG) and lets its records reach the root's as well, which printed
# each of them twice; its other default handler mails ADMINS, which QIC does not set. Configuring "django" resets
# its children, so "django.server" (runserver's line per request) gets Django's own handler for it back here.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_error_without_traceback": {"()": "qic.core.log_filters.ClientErrorWithoutTraceback"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_error_without_traceback"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Who gets the draft problems raised from the charts' signals (dialogues.services.problem_drafts): the
# measures have no owner of their own, so the QI staff lead, named by username. Unset (or not a member of
# QI staff), the active QI staff member who has had an account the longest.
QIC_QI_LEAD_USERNAME = env.str("QIC_QI_LEAD_USERNAME", default="")
# The address people open QIC at, for the links in e-mails sent by scheduled jobs (no request to read it from).
QIC_SITE_URL = env.str("QIC_SITE_URL", default="http://localhost:8000").rstrip("/")

# Imports: the largest CSV file accepted through the upload page (the command has no limit).
QIC_IMPORT_MAX_UPLOAD_BYTES = env.int("QIC_IMPORT_MAX_UPLOAD_MB", default=512) * 1024 * 1024

# The cache carries job progress from the worker to the pages, so web and worker must share it in
# production (Redis). One process on a laptop can use memory.
CACHES = {
    "default": env.cache("DJANGO_CACHE_URL", default="locmemcache://"),
    # Rendered dashboard pages and bodies (100-250 KB each), kept in each web process
    # (qic.core.shared_pages). Their keys carry the computation and the settings version (the dashboards'
    # state, read from the shared cache), so a process never serves an outdated one; keeping them here
    # spares every request a template render and a read from Redis. At most 300 entries: about 60 MB.
    "rendered": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qic-rendered",
        "TIMEOUT": 86400,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
