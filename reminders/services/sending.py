"""Sending the daily reminders and the weekly digests, each in its reader's language.

Safe to run twice: before an e-mail is queued, what it mentions is written to :class:`ReminderSent` in the
same transaction, and the unique constraint on (person, e-mail, item, day) makes a second run the same day,
or a run at the same time, find the rows and send nothing. Each person is a transaction of their own, so one
person's failure never holds back another's e-mail. E-mails go once the rows have committed.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from reminders.models import MailKind, ReminderSent
from reminders.selectors.due import DAILY_HORIZON_DAYS, DIGEST_HORIZON_DAYS, ReminderItem, reminder_items_for
from reminders.services.settings import reminder_settings_for

logger = logging.getLogger(__name__)


def _recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .select_related("reminder_settings")
        .order_by("pk")
    )


def _language_of(user) -> str:
    language = getattr(user, "preferred_language", "en")
    return language if language in dict(settings.LANGUAGES) else "en"


def _message(*, user, kind: str, items: list[ReminderItem], today: date) -> EmailMultiAlternatives:
    site = settings.QIC_SITE_URL
    context = {
        "user": user,
        "items": [{"item": item, "url": f"{site}{item.path}"} for item in items],
        "today": today,
        "settings_url": f"{site}{reverse('reminders:settings')}",
    }
    with override(_language_of(user)):
        text = render_to_string(f"reminders/email/{kind}.txt", context).strip()
        html = render_to_string("reminders/email/items.html", context)
    subject, _sep, body = text.partition("\n")
    message = EmailMultiAlternatives(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def _record_and_send(*, user, kind: str, keys: list[str], items: list[ReminderItem], today: date) -> bool:
    """Record what is sent, then queue the e-mail for when the record commits. False when already recorded."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    [ReminderSent(user=user, kind=kind, item_key=key, sent_on=today) for key in keys]
                )
        except IntegrityError:
            return False  # another run got there first
        message = _message(user=user, kind=kind, items=items, today=today)
        transaction.on_commit(message.send, robust=True)
    return True


def daily_reminders_send(*, today: date | None = None) -> int:
    """Each person who wants daily reminders gets one e-mail with the work, of the kinds they chose, due today
    or tomorrow or overdue, PDSA cycles to study, and meetings today or tomorrow; nothing when there is none,
    or when every item was already mentioned today. Returns how many e-mails were queued."""
    today = today or timezone.localdate()
    sent = 0
    for user in _recipients():
        choices = reminder_settings_for(user=user)
        if not choices.daily or not choices.kinds():
            continue
        # Drafts raised from the charts since yesterday: the daily e-mail says a new one is waiting, once.
        with override(_language_of(user)):  # typed titles in the recipient's language
            items = reminder_items_for(
                user=user,
                today=today,
                horizon_days=DAILY_HORIZON_DAYS,
                kinds=choices.kinds(),
                drafts_raised_since=today - timedelta(days=1),
            )
        already = set(
            ReminderSent.objects.filter(user=user, kind=MailKind.DAILY, sent_on=today).values_list(
                "item_key", flat=True
            )
        )
        new = [item for item in items if item.key not in already]
        if new and _record_and_send(
            user=user, kind=MailKind.DAILY, keys=[item.key for item in new], items=new, today=today
        ):
            sent += 1
    return sent


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"week:{year}-W{week:02d}"


def weekly_digests_send(*, today: date | None = None) -> int:
    """On the weekday each person chose, one digest of the week ahead: their work due within seven days or
    overdue, PDSA cycles to study and meetings in the next seven days, of the kinds they chose. Once a week at
    most, even if they change the day; none when there is nothing to say. Returns how many were queued."""
    today = today or timezone.localdate()
    key = week_key(today)
    sent = 0
    for user in _recipients():
        choices = reminder_settings_for(user=user)
        if not choices.weekly_digest or choices.digest_weekday != today.weekday() or not choices.kinds():
            continue
        if ReminderSent.objects.filter(user=user, kind=MailKind.DIGEST, item_key=key).exists():
            continue
        with override(_language_of(user)):  # typed titles in the recipient's language
            items = reminder_items_for(user=user, today=today, horizon_days=DIGEST_HORIZON_DAYS, kinds=choices.kinds())
        if items and _record_and_send(user=user, kind=MailKind.DIGEST, keys=[key], items=items, today=today):
            sent += 1
    return sent
