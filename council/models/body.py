"""The council as a body: who sits on it, in which role, for which term (seed 001: consumers and family
members take part as equal members, at least 20 % of them; the council keeps the rule it asks of cells)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.models import TimeStampedModel


class CouncilRole(models.TextChoices):
    """The seat a member holds on the council."""

    CONSUMER = "consumer", _("Consumer")
    FAMILY = "family", _("Family member")
    PROVIDER = "provider", _("Provider")
    COUNTY_STAFF = "county_staff", _("County staff")
    DIRECTOR = "director", _("Director")


#: Seats that count towards the consumer share (seed 001: "consumer membership").
CONSUMER_VOICE_ROLES = frozenset({CouncilRole.CONSUMER, CouncilRole.FAMILY})


class CouncilMemberQuerySet(models.QuerySet):
    def current(self, *, on: date):
        """Members whose term has begun and not ended on the day given."""
        return self.filter(term_starts_on__lte=on).filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on))


class CouncilMember(TimeStampedModel):
    """One person's term on the council. A second term is a second row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_terms", verbose_name=_("person")
    )
    role = models.CharField(_("seat"), max_length=20, choices=CouncilRole.choices)
    term_starts_on = models.DateField(_("term starts"))
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True, help_text=_("Blank: no end date set."))
    votes = models.BooleanField(
        _("votes"), default=True, help_text=_("Voting members count towards the quorum and in votes.")
    )

    history = HistoricalRecords()
    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name", "user__username"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=CouncilRole.values), name="council_member_role_valid"),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=models.F("term_starts_on")),
                name="council_member_term_ends_after_start",
            ),
            # Overlapping terms are refused by the service; the same start twice by the database.
            models.UniqueConstraint(fields=["user", "term_starts_on"], name="council_member_one_term_per_start"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_consumer_voice(self) -> bool:
        return self.role in CONSUMER_VOICE_ROLES

    def serves_on(self, day: date) -> bool:
        return self.term_starts_on <= day and (self.term_ends_on is None or self.term_ends_on >= day)
