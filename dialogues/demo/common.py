"""Pieces every part of the partnership demo uses: its people, its clock and its Spanish."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone


def demo_user(username: str, first: str, last: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
        user.set_unusable_password()
        user.save()
    return user


def at_days_ago(days_ago: int, hour: int = 17):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def spanish_where_blank(row, **values: str) -> None:
    """Give ``row`` the Spanish ``values`` (``title_es="..."``) where it has none: a demo loaded before
    there was any gets it, and Spanish someone typed since is kept."""
    blank = {field: value for field, value in values.items() if value and not getattr(row, field)}
    if blank:
        type(row).objects.filter(pk=row.pk).update(**blank)
        for field, value in blank.items():
            setattr(row, field, value)
