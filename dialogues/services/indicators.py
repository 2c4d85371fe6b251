"""Writes for the success indicators: attestations (for what the data cannot show) and the oversight committee."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import CqiCell, Indicator, IndicatorAttestation, OversightCommittee, OversightMember, PartnerRole

#: Indicators a person may attest: the mission review (the cell) and the oversight committee (the council).
ATTESTABLE_FOR_CELL = (Indicator.MISSION,)
ATTESTABLE_FOR_COUNCIL = (Indicator.OVERSIGHT,)


@transaction.atomic
def attestation_record(
    *, indicator: str, cell: CqiCell | None, met: bool, evidence: str, by, on=None
) -> IndicatorAttestation:
    """Record that an indicator is (or is not) met, with the evidence. The latest attestation counts."""
    allowed = ATTESTABLE_FOR_CELL if cell is not None else ATTESTABLE_FOR_COUNCIL
    if indicator not in allowed:
        raise ValidationError(_("This indicator is worked out from the data; it cannot be attested."), code="computed")
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Say what shows this: a document, a meeting, a decision.")})
    attestation = IndicatorAttestation(
        cell=cell,
        indicator=indicator,
        met=met,
        evidence=evidence,
        attested_by=by,
        attested_on=on or timezone.localdate(),
    )
    attestation._change_reason = _("Attested")
    attestation._history_user = by
    attestation.save()
    return attestation


@transaction.atomic
def oversight_committee_save(*, committee: OversightCommittee, members: list[dict], by=None) -> OversightCommittee:
    """Save the committee and replace its recorded members (name, role, chairs, joined_on, left_on)."""
    members = [m for m in members if (m.get("name") or "").strip()]
    for member in members:
        if member.get("left_on") and member.get("joined_on") and member["left_on"] < member["joined_on"]:
            raise ValidationError(_("%(name)s cannot leave before joining.") % {"name": member["name"]})
        if member["role"] not in PartnerRole.values:
            raise ValidationError(_("Choose a role for %(name)s.") % {"name": member["name"]})
    committee._change_reason = _("Committee edited") if committee.pk else _("Committee added")
    if by is not None:
        committee._history_user = by
    committee.full_clean()
    committee.save()
    committee.members.all().delete()
    OversightMember.objects.bulk_create(
        [
            OversightMember(
                committee=committee,
                name=m["name"].strip(),
                role=m["role"],
                chairs=bool(m.get("chairs")),
                joined_on=m.get("joined_on"),
                left_on=m.get("left_on"),
            )
            for m in members
        ]
    )
    return committee
