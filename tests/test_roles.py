"""Roles are groups with permissions; the demo gets one account per role."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from measures.models import Client, ImportUpload, UploadStatus
from qic.accounts.services import roles_sync
from qic.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_each_role_is_a_group_with_exactly_its_permissions():
    roles_sync()
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=GROUP_NAMES[role])
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == set(codes), role


def test_syncing_twice_changes_nothing_and_removes_stray_permissions():
    from django.contrib.auth.models import Permission

    group = roles_sync()[Role.CONSUMER]
    group.permissions.add(Permission.objects.get(codename="change_matrixitem"))
    roles_sync()
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == 4
    assert not group.permissions.exists()


def test_what_each_persona_may_do(consumer, qi_staff, director, administrator, outsider):
    assert qi_staff.has_perm("aims.change_matrixitem")
    assert qi_staff.has_role(Role.QI_STAFF)
    assert administrator.has_perm("aims.change_matrixitem")
    assert administrator.is_staff
    assert director.has_perm("aims.view_matrixitem")
    assert not director.has_perm("aims.change_matrixitem")
    assert not consumer.has_perm("aims.view_matrixitem")
    assert consumer.has_role(Role.CONSUMER)
    assert not outsider.get_all_permissions()
    assert not outsider.is_staff


def test_a_deactivated_user_has_no_role(qi_staff):
    qi_staff.is_active = False
    assert not qi_staff.has_role(Role.QI_STAFF)


def _authenticate(username, password):
    # django-axes throttles by the request's address, so authentication always comes with a request.
    return authenticate(RequestFactory().post("/accounts/login/"), username=username, password=password)


def test_setup_demo_prints_one_working_account_per_role(capsys):
    call_command("setup_demo", no_data=True)
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    accounts = dict(lines)
    assert set(accounts) == {"consumer", "qi_staff", "director", "admin"}
    user = _authenticate("qi_staff", accounts["qi_staff"])
    assert user is not None
    assert user.has_role(Role.QI_STAFF)
    assert _authenticate("admin", accounts["admin"]).is_staff


def test_setup_demo_resets_passwords_each_time_and_loads_the_county_once(capsys):
    call_command("setup_demo", clients=150, months=3)
    first = capsys.readouterr().out
    call_command("setup_demo", clients=150, months=3)
    second = capsys.readouterr().out
    assert first != second
    assert "Framework already present." in second
    assert "Synthetic county loaded:" in first
    assert "Service data already loaded; the synthetic county was not added again." in second
    assert Client.objects.count() == 150
    upload = ImportUpload.objects.get()
    assert (upload.status, upload.created_by.username) == (UploadStatus.LOADED, "admin")


def test_setup_demo_refuses_to_run_in_production(settings):
    settings.SETTINGS_MODULE = "qic.settings.production"
    with pytest.raises(CommandError, match="not in production"):
        call_command("setup_demo")


def test_setup_roles_command(capsys):
    call_command("setup_roles")
    assert "QI staff:" in capsys.readouterr().out


def test_signing_in_and_out(client, qi_staff):
    response = client.post("/accounts/login/", {"username": "quinn_qi", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == qi_staff
    assert client.post("/accounts/logout/").status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_a_wrong_password_is_refused_with_a_message(client, qi_staff):
    response = client.post("/accounts/login/", {"username": "quinn_qi", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["username"].value() == "quinn_qi"


@pytest.mark.parametrize("persona", [None, "consumer", "qi_staff", "director", "outsider"])
def test_only_administrators_reach_the_django_admin(client_for, request, persona):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_administrators_manage_the_framework_and_accounts_in_the_admin(client_for, administrator):
    client = client_for(administrator)
    for url in ["/admin/", "/admin/aims/matrixitem/", "/admin/accounts/user/", "/admin/aims/matrixitem/?q=timely"]:
        assert client.get(url).status_code == 200, url


def test_five_wrong_passwords_pause_signing_in_for_that_account(client, qi_staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "quinn_qi", "password": "guess"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "quinn_qi", "password": "guess"})
    assert locked.status_code == 429
    assert "15 minutes" in locked.content.decode()
    # Even the right password is refused until the pause is over...
    right = client.post("/accounts/login/", {"username": "quinn_qi", "password": "correct horse battery staple"})
    assert right.status_code == 429
    assert not client.get("/").context["user"].is_authenticated


def test_the_pause_is_for_that_account_only(client, qi_staff, director, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "quinn_qi", "password": "guess"})
    response = client.post(
        "/accounts/login/", {"username": "dana_director", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(client, qi_staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "quinn_qi", "password": "guess"})
    client.post("/accounts/login/", {"username": "quinn_qi", "password": "correct horse battery staple"})
    client.post("/accounts/logout/")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "quinn_qi", "password": "guess"}).status_code == 200


def test_administrators_see_and_clear_locked_sign_ins(client_for, administrator):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username="quinn_qi", ip_address="127.0.0.1", failures_since_start=5)
    client = client_for(administrator)
    assert "quinn_qi" in client.get("/admin/axes/accessattempt/").content.decode()
    attempt = AccessAttempt.objects.get()
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
