"""What each person wants to be reminded of, and what was sent (so a job run twice sends nothing twice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qic.core.models import TimeStampedModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReminderKind(models.TextChoices):
    """The kinds of work a reminder can be about; a person chooses which they get."""

    ACTIONS = "actions", _("Action steps and council action items due or overdue")
    PROBLEMS = "problems", _("Problems due or overdue")
    PDSA = "pdsa", _("PDSA cycles whose study date has passed")
    MEETINGS = "meetings", _("Cell meetings and council meetings coming up")


class ReminderSettings(TimeStampedModel):
    """One person's choices. A person without a row gets the defaults (everything, daily and weekly on Monday)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("person")
    )
    actions = models.BooleanField(_("action steps and council action items due or overdue"), default=True)
    problems = models.BooleanField(_("problems due or overdue"), default=True)
    pdsa = models.BooleanField(_("PDSA cycles whose study date has passed"), default=True)
    meetings = models.BooleanField(_("cell meetings and council meetings coming up"), default=True)
    daily = models.BooleanField(_("daily reminders"), default=True)
    weekly_digest = models.BooleanField(_("weekly digest"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        _("day of the weekly digest"), choices=Weekday.choices, default=Weekday.MONDAY
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        permissions = [("view_stalled_work", _("Can see the work that has not moved in weeks"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_weekday__gte=0, digest_weekday__lte=6), name="reminders_settings_weekday_valid"
            ),
        ]

    def __str__(self):
        return str(self.user)

    def kinds(self) -> set[str]:
        """The kinds of work this person chose to hear about."""
        return {kind for kind in ReminderKind.values if getattr(self, kind)}


class MailKind(models.TextChoices):
    DAILY = "daily", _("Daily reminder")
    DIGEST = "digest", _("Weekly digest")


class ReminderSent(models.Model):
    """One item of work mentioned to one person in one e-mail on one day (the weekly digest: one row per week).

    Written in the same transaction that queues the e-mail, before it goes: the unique constraint makes a second
    run the same day (or two at once) find the row and send nothing. An e-mail that then fails to go is not
    sent again that day: at most once, never twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("e-mail"), max_length=10, choices=MailKind.choices)
    item_key = models.CharField(_("item"), max_length=80)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "user", "kind", "item_key"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "item_key", "sent_on"], name="reminders_sent_once_per_item_per_day"
            ),
            models.CheckConstraint(condition=Q(kind__in=MailKind.values), name="reminders_sent_kind_valid"),
            models.CheckConstraint(condition=~Q(item_key=""), name="reminders_sent_item_key_not_blank"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.item_key} {self.sent_on}"
