"""Fixtures for the browser journeys; helpers live in ``tests/browser/helpers.py``.

The root ``conftest.py`` points Playwright at Debian's Chromium (or skips/fails when it is missing).
Browser tests run against pytest-django's ``live_server``, so they are transactional: request the
``framework`` fixture (it reloads the roles and the framework after a flush) before any persona.
"""

import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An English-speaking desktop browser unless a test says otherwise (Accept-Language: en-US)."""
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def site(live_server, framework):
    """The live server's base URL, with the framework and roles loaded in its database."""
    return live_server.url


@pytest.fixture
def qi_user(framework, qi_staff):
    """QI staff, created after the roles exist again (``framework`` runs first)."""
    return qi_staff
