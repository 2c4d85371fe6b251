"""A first run without alarms: what `make run` and `make test` print, and what a test run leaves behind."""

import io
import logging
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def printed_by(logger_name: str):
    """Everything the handlers on a logger's way to the root print for its records, in one buffer.

    A record printed by two handlers (the fault this guards against) shows up twice in it. pytest's own capturing
    handlers, subclasses of StreamHandler, are left alone.
    """
    buffer = io.StringIO()
    streams = []
    logger = logging.getLogger(logger_name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler:
                streams.append((handler, handler.setStream(buffer)))
        logger = logger.parent if logger.propagate else None
    try:
        yield buffer
    finally:
        for handler, stream in streams:
            handler.setStream(stream)


@override_settings(DEBUG=True)  # as `make run` serves the demo
def test_a_forbidden_page_is_logged_as_one_line_without_a_traceback(client_for, consumer):
    client = client_for(consumer)
    with printed_by("django.request") as printed:
        response = client.get(reverse("measures:import_list"))

    assert response.status_code == 403
    lines = printed.getvalue().splitlines()
    assert len(lines) == 1, printed.getvalue()
    assert "WARNING django.request Forbidden (Permission denied): /data/imports/" in lines[0]


def test_a_server_error_keeps_its_traceback():
    try:
        raise ValueError("a real fault")
    except ValueError as error:
        with printed_by("django.request") as printed:
            logging.getLogger("django.request").error(
                "Internal Server Error: /x/", exc_info=error, extra={"status_code": 500}
            )

    assert "Traceback (most recent call last)" in printed.getvalue()
    assert "ValueError: a real fault" in printed.getvalue()


@override_settings(DEBUG=True)
@pytest.mark.parametrize("logger_name", ["django.utils.autoreload", "django.server", "measures.compute"])
def test_a_log_record_is_printed_once(logger_name):
    with printed_by(logger_name) as printed:
        logging.getLogger(logger_name).warning("Watching for file changes")

    assert printed.getvalue().count("Watching for file changes") == 1, printed.getvalue()


def test_a_task_run_in_process_warns_of_no_missing_broker():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    environment["DJANGO_SETTINGS_MODULE"] = "qic.settings.local"
    code = (
        "import django; django.setup()\n"
        "from qic.celery import app\n"
        "@app.task\n"
        "def answer():\n"
        "    return 42\n"
        "print(answer.delay().get())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "42", result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_the_disclosure_solver_prints_no_copyright_banner_into_the_logs():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    environment["DJANGO_SETTINGS_MODULE"] = "qic.settings.local"
    code = (
        "import django; django.setup()\n"
        "import highspy\n"
        "import measures.disclosure.programme\n"
        "highspy.Highs()\n"
        "print('solved')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "solved", result.stdout + result.stderr
    assert "HiGHS" not in result.stderr


def test_this_run_keeps_its_media_files_in_a_folder_of_its_own():
    media_root = Path(settings.MEDIA_ROOT)

    runs_folder = Path(os.environ["QIC_TEST_MEDIA_ROOT"])

    assert media_root.is_dir()
    assert runs_folder.parent == Path(tempfile.gettempdir())
    assert runs_folder.name.startswith("qic-test-media-")
    # Under pytest-xdist each worker has a subfolder of the run's.
    assert media_root == runs_folder / os.environ.get("PYTEST_XDIST_WORKER", "")


@pytest.fixture
def another_run(pytester, monkeypatch):
    """A second pytest run in a subprocess, with this checkout's conftest.py and Django settings."""
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "qic.settings.test")
    monkeypatch.delenv("QIC_REQUIRE_SERVICES", raising=False)  # so a missing service skips there, even in CI
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # that run is not one of this run's xdist workers
    return pytester


def test_another_run_gets_a_media_folder_of_its_own_and_removes_it_at_the_end(another_run, monkeypatch):
    monkeypatch.delenv("QIC_TEST_MEDIA_ROOT")  # a run started from a shell, not by this one
    another_run.makepyfile(
        """
        from django.conf import settings
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        def test_saves_an_upload():
            default_storage.save("imports/clients.csv", ContentFile(b"client_key"))
            assert (settings.MEDIA_ROOT / "imports" / "clients.csv").exists()
        """
    )

    result = another_run.runpytest_subprocess("-p", "no:cacheprovider", timeout=120)

    result.assert_outcomes(passed=1)
    header = re.search(r"^media files: (\S+) ", result.stdout.str(), re.MULTILINE)
    assert header, result.stdout.str()
    its_media_root = Path(header.group(1))
    assert its_media_root != Path(settings.MEDIA_ROOT)
    assert its_media_root.name.startswith("qic-test-media-")
    assert not its_media_root.exists()
    assert "skipped" not in result.stdout.str(), "a run that skipped nothing says nothing about skips"


def test_a_run_ends_by_counting_its_skipped_tests_by_reason(another_run):
    another_run.makepyfile(
        """
        import pytest

        from conftest import missing_service

        @pytest.mark.parametrize("n", range(3))
        def test_needs_postgresql(n):
            missing_service("the COPY import path needs PostgreSQL (set DATABASE_URL)")

        def test_needs_chromium():
            missing_service("Debian's chromium is not installed at /usr/bin/chromium")

        def test_runs():
            pass
        """
    )

    result = another_run.runpytest_subprocess("-p", "no:cacheprovider", timeout=120)

    result.assert_outcomes(passed=1, skipped=4)
    result.stdout.re_match_lines(
        [
            r"=+ 4 tests skipped, so not run =+",
            r"3  the COPY import path needs PostgreSQL \(set DATABASE_URL\)",
            r"1  Debian's chromium is not installed at /usr/bin/chromium",
            r'To run every test, see "Running the whole suite" in README.md.*',
        ]
    )
