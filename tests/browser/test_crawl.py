"""Every page of every role, in English and in Spanish, at 360 px and 1280 px (issue 17).

Each test builds the crawl's data once (``crawl_data``), lists every named URL pattern (``crawl_pages``) and
opens each page as each role: the public, a consumer on a cell, a family member, a provider, QI staff, a
director and the administrator (a superuser, who also crawls the whole Django admin). It fails on a server
error, a page wider than the screen, a console error or CSP violation, an axe-core finding (WCAG 2.0/2.1 A and
AA) and, on Spanish pages, English interface text, with one report listing every problem as
``role language width url: problem``, grouped by kind. One test per language, so pytest-xdist runs them side by
side. Set ``QIC_CRAWL_REPORT_DIR`` to keep each report (and the crawl's figures) in a file there. To check one part
of the site again, ``QIC_CRAWL_ROLES`` (e.g. ``admin``) and ``QIC_CRAWL_URLS`` (URL prefixes, e.g.
``/admin/,/projects/``) keep only those roles and those pages, both comma-separated.
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.crawl_checks import Crawl
from tests.browser.crawl_data import crawl_data_build
from tests.browser.crawl_pages import ACTION, FILE, PAGE, crawl_routes

pytestmark = pytest.mark.browser

# The admin's pages the other roles are sent away from; the rest of the admin is the administrator's.
ADMIN_FOR_EVERYONE = {"admin:index", "admin:login"}


def _listed(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


ONLY_ROLES = _listed("QIC_CRAWL_ROLES")
ONLY_URLS = _listed("QIC_CRAWL_URLS")


def session_for(user) -> str | None:
    """A signed-in session for ``user`` (None: the public), without going through the sign-in form."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def crawl_as(crawl: Crawl, browser, role: str, user, routes) -> None:
    page = crawl.open_tab(browser, session=session_for(user))
    for route in routes:
        if route.problem or (route.admin and role != "admin" and route.name not in ADMIN_FOR_EVERYONE):
            continue
        for url in route.urls:
            if ONLY_URLS and not url.startswith(ONLY_URLS):
                continue
            if route.kind == PAGE:
                crawl.visit(page, role, url)
            elif route.kind == FILE:
                crawl.fetch(page, role, url)
            elif route.kind == ACTION and role in ("anonymous", "qi_staff"):
                crawl.act(page, role, url)
    page.context.close()


def figures_line(crawl: Crawl, *, build: float, wall: float, cpu: float) -> str:
    f = crawl.figures
    return (
        f"crawl {crawl.language}: {len(f.pages)} pages, {f.visits} visits ({f.denied} refused), {f.files} files, "
        f"{f.actions} actions, {f.axe_runs} axe runs ({f.axe_seconds:.0f} s), {f.english_checks} English checks; "
        f"data {build:.0f} s, wall {wall:.0f} s, test process CPU {cpu:.0f} s"
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_of_every_role_passes_in_both_widths(language, site, browser):
    started, cpu_started = time.perf_counter(), time.process_time()
    data = crawl_data_build()
    build = time.perf_counter() - started
    routes = crawl_routes(data)
    crawl = Crawl(language=language, base_url=site, login_url=reverse("accounts:login"))
    for route in routes:
        if route.problem:
            crawl.problem("crawl", "-", "-", route.name, route.problem)
    for role, user in data.users.items():
        if ONLY_ROLES and role not in ONLY_ROLES:
            continue
        crawl_as(crawl, browser, role, user, routes)
    summary = figures_line(
        crawl, build=build, wall=time.perf_counter() - started, cpu=time.process_time() - cpu_started
    )
    print(summary)
    if folder := os.environ.get("QIC_CRAWL_REPORT_DIR"):
        Path(folder, f"crawl-{language}.txt").write_text(f"{summary}\n{crawl.report()}\n", encoding="utf-8")
    assert not crawl.problems, f"{summary}\n{crawl.report()}"
