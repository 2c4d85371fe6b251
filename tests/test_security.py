"""Headers, CSRF and the offline rule: nothing is loaded from another site."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_FILES = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get(reverse("aims:grid"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_load_nothing_from_other_sites_and_have_no_inline_script_or_style():
    assert TEMPLATE_FILES
    for path in TEMPLATE_FILES:
        text = path.read_text()
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path}"
        assert not re.search(r"\sstyle=", text), f"inline style in {path}"


def test_the_stylesheets_import_nothing_from_other_sites():
    for path in (ROOT / "static" / "css").glob("*.css"):
        assert "http" not in path.read_text(), path


@pytest.mark.django_db
def test_forms_refuse_a_post_without_the_csrf_token(qi_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(qi_staff)
    response = client.post(reverse("aims:item_edit", kwargs={"code": "SA-CF-05"}), {"text": "x", "change_reason": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_health_check_answers_without_a_session(client):
    response = client.get(reverse("healthz"))
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
