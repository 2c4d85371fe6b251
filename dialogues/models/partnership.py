"""The vocabulary the partnership shares: who takes part and in what role, and the thresholds of
seed 001's success indicators."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The share of consumer and family members a CQI group must keep (seed 001).
CONSUMER_SHARE_MINIMUM = Decimal("0.20")
#: "Ongoing dialogues": at least one dialogue held within this many days.
DIALOGUE_RECENCY_DAYS = 90
#: The IHI whole-system paper advises three to five council-level initiatives at once.
COUNCIL_INITIATIVE_LIMIT = 5


class PartnerRole(models.TextChoices):
    """The role a person takes in a cell or a dialogue."""

    CONSUMER = "consumer", _("Consumer")
    FAMILY = "family", _("Family member")
    PEER_PROVIDER = "peer_provider", _("Peer provider")
    PROVIDER = "provider", _("Provider")
    STAFF = "staff", _("Staff")
    FACILITATOR = "facilitator", _("Facilitator")


#: Roles that count towards the consumer share (seed 001: "consumer membership").
CONSUMER_ROLES = frozenset({PartnerRole.CONSUMER, PartnerRole.FAMILY})


class ApplicantRole(models.TextChoices):
    """The roles the public join form offers, in plain language."""

    CONSUMER = "consumer", _("I receive mental health services, or have in the past")
    FAMILY = "family", _("A family member of someone who receives services")
    PROVIDER = "provider", _("I provide services")
    OTHER = "other", _("Other")


APPLICANT_TO_PARTNER_ROLE = {
    ApplicantRole.CONSUMER: PartnerRole.CONSUMER,
    ApplicantRole.FAMILY: PartnerRole.FAMILY,
    ApplicantRole.PROVIDER: PartnerRole.PROVIDER,
    ApplicantRole.OTHER: PartnerRole.STAFF,
}


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
