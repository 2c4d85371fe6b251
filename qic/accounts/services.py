import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from qic.roles import GROUP_NAMES, ROLE_PERMISSIONS, STAFF_ROLES, Role

DEMO_USERNAMES = {
    Role.CONSUMER: "consumer",
    Role.QI_STAFF: "qi_staff",
    Role.DIRECTOR: "director",
    Role.ADMINISTRATOR: "admin",
}


@transaction.atomic
def roles_sync() -> dict[Role, Group]:
    """Create or update one group per role with exactly the permissions ``ROLE_PERMISSIONS`` names.

    Safe to run any number of times. Raises ``LookupError`` naming a permission that does not
    exist, so a typo in the table cannot silently grant nothing.
    """
    groups = {}
    for role, codes in ROLE_PERMISSIONS.items():
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            try:
                permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            except Permission.DoesNotExist as error:
                raise LookupError(f"Unknown permission {code!r} for role {role}") from error
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(permissions)
        groups[role] = group
    return groups


@transaction.atomic
def user_assign_role(*, user, role: Role) -> None:
    group = Group.objects.filter(name=GROUP_NAMES[role]).first() or roles_sync()[role]
    user.groups.add(group)
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def demo_users_reset() -> dict[str, str]:
    """Create (or reset) one demo account per role with a fresh random password.

    Returns ``{username: password}`` so the caller can print them. For demonstrations only:
    ``setup_demo`` refuses to run it under production settings.
    """
    roles_sync()
    user_model = get_user_model()
    credentials = {}
    for role, username in DEMO_USERNAMES.items():
        password = secrets.token_urlsafe(12)
        user, _created = user_model.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.clear()
        user_assign_role(user=user, role=role)
        credentials[username] = password
    return credentials


def sessions_clear_expired(*, now=None) -> int:
    """Delete sessions past their expiry date; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted
