"""A decision of the council recorded on a work plan or its evaluation.

The council app (``council``) sits above this one and may not be imported here, so the meeting is a free
reference it fills in (its meeting's id or a description), and the people who took part are counted by
role rather than linked.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CouncilApproval(models.Model):
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    meeting_reference = models.CharField(
        _("meeting"),
        max_length=200,
        blank=True,
        help_text=_("The council meeting that approved it, e.g. “QIC meeting of 12 March 2026”."),
    )
    consumers_present = models.PositiveSmallIntegerField(_("consumers who took part"), default=0)
    family_members_present = models.PositiveSmallIntegerField(_("family members who took part"), default=0)
    providers_present = models.PositiveSmallIntegerField(_("providers who took part"), default=0)
    county_staff_present = models.PositiveSmallIntegerField(_("county staff who took part"), default=0)
    directors_present = models.PositiveSmallIntegerField(_("directors who took part"), default=0)

    class Meta:
        abstract = True
        constraints = [
            # The state reviews the QI program for beneficiary and family involvement (Title 9 CCR
            # §1810.440(a)(2) and the DHCS contract): an approval no consumer or family member took part
            # in is not an approval the county can show, so the database refuses it.
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(consumers_present__gte=1) | Q(family_members_present__gte=1),
                name="%(app_label)s_%(class)s_approval_involves_consumers",
                violation_error_message=_(
                    "At least one consumer or family member must have taken part: the state asks for their involvement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=False) | Q(meeting_reference=""),
                name="%(app_label)s_%(class)s_meeting_only_when_approved",
            ),
        ]

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    @property
    def participants(self) -> list[tuple[str, int]]:
        """(role, how many) for each role counted, in the order the form asks."""
        return [
            (_("Consumers"), self.consumers_present),
            (_("Family members"), self.family_members_present),
            (_("Providers"), self.providers_present),
            (_("County staff"), self.county_staff_present),
            (_("Directors"), self.directors_present),
        ]
