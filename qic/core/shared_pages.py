"""Whole pages rendered once per web process for everyone who sees them the same way.

For pages that many people read at once and that change only when their data do (the dashboards at
a council meeting). The page is rendered with placeholders where it differs per request (the CSRF
token, the page's own address in the "next" fields) and kept in the process's ``rendered`` cache
under a key that names everything else it depends on: the caller's key (the data and the filters),
the language, and the reader (public, or the signed-in user with their permissions). Each request
then costs a dictionary look-up and two string replacements instead of a template render.

A request with messages waiting is rendered afresh, so the messages are shown once and never kept.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

# Random per process (so no text on a page can ever match them), as the pages are kept per process.
CSRF_PLACEHOLDER = f"qic-csrf-{secrets.token_hex(16)}"
PAGE_PATH_PLACEHOLDER = f"qic-page-path-{secrets.token_hex(16)}"
PAGES_CACHE = "rendered"


def shared_page(request, template_name: str, context: Callable[[], dict], *, key: str) -> HttpResponse:
    """The page ``template_name`` for ``request``, rendered from ``context()`` only when not kept yet.

    ``key`` must change whenever anything the context holds would change, other than the reader and
    the language (added here). Templates print the page's own address with ``page_path`` (see
    ``base.html``), never ``request.get_full_path``, which would be kept for everyone.
    """
    if len(get_messages(request)):
        return HttpResponse(render_to_string(template_name, context(), request))
    pages = caches[PAGES_CACHE]
    page_key = f"qic:page:{key}:{get_language()}:{reader_key(request.user)}"
    body = pages.get(page_key)
    if body is None:
        placeholders = {"csrf_token": CSRF_PLACEHOLDER, "page_path": PAGE_PATH_PLACEHOLDER}
        body = render_to_string(template_name, {**context(), **placeholders}, request)
        pages.set(page_key, body)
    body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(body.replace(PAGE_PATH_PLACEHOLDER, escape(request.get_full_path())))


def reader_key(user) -> str:
    """Everything about the reader that a page may show or depend on: who they are and what they may do."""
    if not user.is_authenticated:
        return "public"
    facts = [user.get_username(), str(user.is_staff), str(user.is_superuser), *sorted(user.get_all_permissions())]
    return f"{user.pk}-{hashlib.sha256(chr(0).join(facts).encode()).hexdigest()[:20]}"
