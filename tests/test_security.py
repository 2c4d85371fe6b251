"""Headers (security, caching, Permissions-Policy), CSRF and the offline rule: nothing is loaded from another site."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.dialogues.sessions_helpers import make_dialogue

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


# --- Caching: signed-in pages and answers to forms are never stored; public pages stay cacheable --------

PRIVATE = {"private", "no-store"}


def cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("consumer", reverse("dialogues:my_partnership")),
        ("qi_staff", reverse("dialogues:stipend_ledger")),
        ("qi_staff", reverse("dialogues:stipend_ledger_csv")),
        ("qi_staff", reverse("dialogues:application_list")),
        ("qi_staff", reverse("measures:wait_time_dashboard")),
        ("director", reverse("measures:measure_list")),
        # A public page read by someone signed in has their name in the menu: not kept either.
        ("consumer", reverse("aims:grid")),
    ],
)
def test_signed_in_pages_and_downloads_are_private_and_never_stored(client_for, request, persona, url):
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code == 200
    assert cache_directives(response) >= PRIVATE


@pytest.mark.django_db
def test_a_dialogues_sign_up_list_downloaded_by_qi_staff_is_never_stored(client_for, qi_staff):
    response = client_for(qi_staff).get(reverse("dialogues:dialogue_signups_csv", args=[make_dialogue().pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert cache_directives(response) >= PRIVATE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [reverse("aims:grid"), reverse("aims:export_csv"), reverse("dialogues:cell_list"), reverse("dialogues:join")],
)
def test_public_pages_and_downloads_stay_cacheable(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not cache_directives(response) & PRIVATE


@pytest.mark.django_db
def test_the_answer_to_a_public_form_which_shows_what_was_typed_is_never_stored(client):
    response = client.post(reverse("dialogues:join"), {"name": "Rosa Díaz", "phone": "415 555 0134"})
    assert response.status_code == 400
    assert "Rosa Díaz" in response.content.decode()
    assert cache_directives(response) >= PRIVATE


@pytest.mark.django_db
def test_a_view_that_sets_its_own_caching_keeps_it(client_for, consumer):
    client = client_for(consumer)
    stylesheet = client.get(reverse("plotly_css"))
    assert cache_directives(stylesheet) == {"max-age", "public"}
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


# --- Permissions-Policy: the browser features QIC never uses are refused everywhere ---------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [reverse("aims:grid"), reverse("dialogues:my_partnership"), "/no-such-page/", "/static/css/qic.css"]
)
def test_every_response_refuses_camera_microphone_and_location(client, url):
    policy = client.get(url)["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
