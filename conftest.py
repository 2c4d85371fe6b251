"""Shared test set-up: personas, the framework as reference data, and real services.

In CI (``QIC_REQUIRE_SERVICES=1``) a test that needs Chromium, PostgreSQL or a Celery worker on
Redis fails when the service is missing; on a laptop without them it is skipped with the reason.
"""

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# pytester runs a small pytest session in a subprocess, to test the hooks below (tests/test_first_run.py).
pytest_plugins = ["pytester"]

# Playwright runs an event loop in the test thread; the ORM calls made from browser tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def database_url_for_tests() -> str:
    """The URL of the test database, for another process (a Celery worker, a recompute to kill) to share."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def kept_for_the_module(django_db_blocker) -> Iterator[None]:
    """Data made once for a module's tests (a computed county, say) and undone after the last of them.

    What ``django.test.TestCase.setUpTestData`` does: the data is written in a transaction that every test's
    own (the ``db`` fixture's) nests in as a savepoint, so what a test writes is rolled back after it and the
    module's data is not; the outer transaction is rolled back when the module ends. For a module-scoped fixture
    of tests that use ``db``, not ``transactional_db`` (which would commit, and flush the tables after).
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as TestCase's own: a durable block inside a test is still allowed
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def services_required() -> bool:
    return os.environ.get("QIC_REQUIRE_SERVICES") == "1"


def missing_service(reason: str):
    """Skip on a developer's machine; fail in CI, where nothing may be skipped for want of a service."""
    if services_required():
        pytest.fail(f"Required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _language_of_the_last_request_forgotten():
    """A request through the test client leaves its language (a Spanish reader's, say) active in the thread,
    for the next test to read its lazy strings in; each test starts from the default language."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _rendered_pages_forgotten():
    """Each test starts without rendered dashboard pages and without the dashboards' state (which
    computation is the latest): ids repeat across tests on SQLite, and a test's computations are rolled back."""
    from django.core.cache import cache, caches

    from measures.dashboard_state import STATE_KEY

    caches["rendered"].clear()
    cache.delete(STATE_KEY)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the roles, the framework and the code lists once; other tests roll back around them."""
    from aims.services import framework_fixture_load
    from measures.services import code_lists_load_defaults, measure_registry_load_defaults
    from qic.accounts.services import roles_sync

    with django_db_blocker.unblock():
        roles_sync()
        framework_fixture_load(force=True)
        code_lists_load_defaults()
        measure_registry_load_defaults()


@pytest.fixture
def framework(db):
    """The framework, code lists and role groups, reloaded if a transactional test flushed them."""
    from aims.services import framework_fixture_load
    from measures.services import code_lists_load_defaults, measure_registry_load_defaults
    from qic.accounts.services import roles_sync

    roles_sync()
    framework_fixture_load()
    code_lists_load_defaults()
    measure_registry_load_defaults()


def _persona_fixture(username: str, role_name: str | None, doc: str):
    @pytest.fixture
    def persona(db):
        from django.contrib.auth import get_user_model

        from qic.accounts.services import user_assign_role
        from qic.roles import Role

        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password="correct horse battery staple"
        )
        if role_name is not None:
            user_assign_role(user=user, role=Role[role_name])
        return user

    persona.__doc__ = doc
    return persona


consumer = _persona_fixture("casey_consumer", "CONSUMER", "A consumer or family member with an account.")
qi_staff = _persona_fixture("quinn_qi", "QI_STAFF", "A member of the county's quality improvement staff.")
director = _persona_fixture("dana_director", "DIRECTOR", "A program or department director.")
administrator = _persona_fixture("ari_admin", "ADMINISTRATOR", "County IT / data staff: everything, and the admin.")
outsider = _persona_fixture("olive_outsider", None, "Signed in, but holding no role.")


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client signed in as that user (or anonymous for None)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        missing_service("Debian's chromium is not installed at /usr/bin/chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def pytest_report_header(config):
    """Where this run keeps uploaded files (qic/settings/test.py)."""
    from django.conf import settings

    if settings.configured:
        return [f"media files: {settings.MEDIA_ROOT} (this run's own, removed when it ends)"]
    return []


def _skip_reason(report) -> str:
    if isinstance(report.longrepr, tuple):  # (path, line, "Skipped: reason")
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return str(report.longrepr)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """End the run by saying how many tests were skipped and why, a line per reason.

    On a laptop without PostgreSQL, Redis or Chromium a good part of the suite skips; a green run must not pass
    for the whole suite without saying so. (In CI, QIC_REQUIRE_SERVICES=1 turns a missing service into a failure.)
    """
    reasons = {report.nodeid: _skip_reason(report) for report in terminalreporter.stats.get("skipped", [])}
    if not reasons:
        return
    counts = Counter(reasons.values())
    skipped = len(reasons)
    terminalreporter.section(f"{skipped} test{'s' if skipped != 1 else ''} skipped, so not run", yellow=True)
    width = len(str(max(counts.values())))
    for reason, count in counts.most_common():
        terminalreporter.line(f"{count:>{width}}  {reason}")
    terminalreporter.line(
        'To run every test, see "Running the whole suite" in README.md; `pytest -v` names the skipped tests.'
    )
