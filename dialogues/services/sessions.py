"""Writes for dialogues: saving a dialogue with its co-facilitators and headcounts, public sign-ups, and the
improvement opportunities a dialogue surfaces (which may be handed to a CQI cell).

Themes and opportunities are about the system, never about a person: ``phi_findings`` flags the obvious
slips (a date of birth, a phone number, an e-mail address, "diagnosed with") so the writer can remove them.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import (
    CONSUMER_ROLES,
    CqiCell,
    Dialogue,
    DialogueFacilitator,
    DialogueHeadcount,
    DialogueKind,
    DialogueSignup,
    DialogueStatus,
    ImprovementOpportunity,
    PartnerRole,
    ReviewStatus,
)
from dialogues.services.contacts import contact_key_for

#: A dialogue is led by a consumer or family member together with someone who provides services.
PROVIDER_SIDE_ROLES = frozenset({PartnerRole.PROVIDER, PartnerRole.PEER_PROVIDER, PartnerRole.STAFF})


# --- The health-information check -------------------------------------------------------------

_PHI_PATTERNS = [
    (
        re.compile(r"\b(date of birth|d\.?o\.?b\.?|born on|fecha de nacimiento)\b", re.IGNORECASE),
        gettext_lazy("a date of birth"),
    ),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})\b"), gettext_lazy("a date that may be a date of birth")),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), gettext_lazy("a social security number")),
    (re.compile(r"(?<!\d)(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)"), gettext_lazy("a phone number")),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), gettext_lazy("an e-mail address")),
    (
        re.compile(r"\b(diagnosed with|diagnosis of|diagnosticad[oa] con)\b", re.IGNORECASE),
        gettext_lazy("a diagnosis"),
    ),
]


@dataclass(frozen=True)
class PhiFinding:
    kind: str
    text: str


def phi_findings(*, text: str) -> list[PhiFinding]:
    """The obvious personal or health information in ``text`` (a simple check, not a guarantee)."""
    findings = []
    seen = set()
    for pattern, kind in _PHI_PATTERNS:
        for match in pattern.finditer(text or ""):
            key = (str(kind), match.group(0))
            if key not in seen:
                seen.add(key)
                findings.append(PhiFinding(kind=str(kind), text=match.group(0)))
    return findings


def phi_check(*, text: str, field: str) -> None:
    """Raise a plain-language error naming what looks like personal information, so it can be removed."""
    findings = phi_findings(text=text)
    if findings:
        found = "; ".join(f"{finding.kind} (“{finding.text}”)" for finding in findings)
        raise ValidationError(
            {
                field: _(
                    "This looks like personal information: %(found)s. Please remove it. Write about the services, "
                    "never about a person: no names, no diagnoses, no contact details."
                )
                % {"found": found}
            },
            code="phi",
        )


# --- Dialogues --------------------------------------------------------------------------------


def facilitators_check(*, facilitators: list[dict]) -> None:
    roles = {facilitator["role"] for facilitator in facilitators}
    if not roles & CONSUMER_ROLES or not roles & PROVIDER_SIDE_ROLES:
        raise ValidationError(
            _(
                "A dialogue is led by at least two people together: one consumer or family member, and one "
                "provider, peer provider or staff member. Add the co-facilitator who is missing."
            ),
            code="facilitators",
        )


@transaction.atomic
def dialogue_save(
    *,
    dialogue: Dialogue,
    facilitators: list[dict],
    headcounts: list[dict] | None = None,
    matrix_items=None,
    by=None,
    change_reason: str = "",
) -> Dialogue:
    """Create or update a dialogue with its co-facilitators (name, role) and headcounts (role, planned, actual).

    The co-facilitators and headcounts given replace the ones recorded.
    """
    facilitators = [f for f in facilitators if (f.get("name") or "").strip()]
    facilitators_check(facilitators=facilitators)
    if dialogue.kind == DialogueKind.FOCUSED and not dialogue.focus:
        raise ValidationError({"focus": _("Say which issue this focused dialogue takes up.")}, code="focus")
    if dialogue.ends_at and dialogue.ends_at <= dialogue.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")}, code="ends")
    phi_check(text=dialogue.themes, field="themes")
    phi_check(text=dialogue.themes_es, field="themes_es")
    creating = dialogue.pk is None
    if creating and by is not None:
        dialogue.created_by = by
    dialogue._change_reason = change_reason or (_("Dialogue added") if creating else _("Dialogue edited"))
    if by is not None:
        dialogue._history_user = by
    dialogue.save()
    if matrix_items is not None:
        dialogue.matrix_items.set(matrix_items)
    _facilitators_replace(dialogue, facilitators)
    if headcounts is not None:
        dialogue.headcounts.all().delete()
        DialogueHeadcount.objects.bulk_create(
            [
                DialogueHeadcount(
                    dialogue=dialogue, role=row["role"], planned=row.get("planned") or 0, actual=row.get("actual")
                )
                for row in headcounts
                if row.get("planned") or row.get("actual") is not None
            ]
        )
    return dialogue


def _facilitators_replace(dialogue: Dialogue, facilitators: list[dict]) -> None:
    """The co-facilitators become those given. One recorded with the same name and role is kept as it
    is, with the account it is linked to (an edit must not unlink it); the others are removed."""
    recorded = {}
    for facilitator in dialogue.facilitators.all():
        recorded.setdefault((facilitator.name, facilitator.role), facilitator)
    new = []
    for wanted in facilitators:
        name = wanted["name"].strip()
        facilitator = recorded.pop((name, wanted["role"]), None)
        if facilitator is None:
            facilitator = DialogueFacilitator(dialogue=dialogue, name=name, role=wanted["role"])
            new.append(facilitator)
        if wanted.get("user") and facilitator.user != wanted["user"]:
            facilitator.user = wanted["user"]
            if facilitator.pk:
                facilitator.save(update_fields=["user"])
    DialogueFacilitator.objects.filter(pk__in=[f.pk for f in recorded.values()]).delete()
    DialogueFacilitator.objects.bulk_create(new)


# --- Sign-up ----------------------------------------------------------------------------------


def dialogue_signup_refusal(*, dialogue: Dialogue, now=None, signups_count: int | None = None) -> str:
    """Why this dialogue takes no sign-ups now, in plain words; empty when it does."""
    now = now or timezone.now()
    if dialogue.status == DialogueStatus.CANCELLED:
        return _("This dialogue has been cancelled. We are sorry. Other dialogues are listed on the dialogues page.")
    if dialogue.status == DialogueStatus.HELD or dialogue.starts_at <= now:
        return _("This dialogue has already taken place. Please choose an upcoming one.")
    if not dialogue.signup_open:
        return _("Sign-up for this dialogue is closed. Please choose another one, or come back later.")
    if dialogue.capacity is not None:
        if signups_count is None:
            signups_count = dialogue.signups.count()
        if signups_count >= dialogue.capacity:
            return _("This dialogue is full. Thank you for your interest. Please choose another one.")
    return ""


class DuplicateSignup(ValidationError):
    """The same person (e-mail, or phone number however written) is already signed up for this dialogue."""


@transaction.atomic
def dialogue_signup_create(
    *,
    dialogue: Dialogue,
    name: str,
    email: str = "",
    phone: str = "",
    role: str,
    preferred_language: str = "en",
    accommodations: str = "",
    consent_to_contact: bool,
) -> DialogueSignup:
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    refusal = dialogue_signup_refusal(dialogue=dialogue)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if not consent_to_contact:
        raise ValidationError(_("We need your agreement to contact you about the dialogue."), code="consent")
    # One sign-up per person: the same e-mail, or the same phone number however it is written.
    contact_key = contact_key_for(email=email, phone=phone)
    signup = DialogueSignup(
        dialogue=dialogue,
        name=name.strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        contact_key=contact_key,
        role=role,
        preferred_language=preferred_language,
        accommodations=accommodations,
        consent_to_contact=True,
    )
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError as error:
        raise DuplicateSignup(_("You are already signed up for this dialogue."), code="duplicate") from error
    return signup


# --- Improvement opportunities ----------------------------------------------------------------


@transaction.atomic
def opportunity_surface(
    *,
    dialogue: Dialogue,
    title: str,
    description: str = "",
    title_es: str = "",
    description_es: str = "",
    by=None,
) -> ImprovementOpportunity:
    """Record an improvement opportunity that came up at a dialogue (with its Spanish, when given)."""
    for field, text in (
        ("title", title),
        ("title_es", title_es),
        ("description", description),
        ("description_es", description_es),
    ):
        phi_check(text=text, field=field)
    # Recorded by QI staff from the dialogue's notes, so approved as it is added (staff are the reviewers).
    opportunity = ImprovementOpportunity(
        dialogue=dialogue,
        title=title.strip(),
        title_es=title_es.strip(),
        description=description.strip(),
        description_es=description_es.strip(),
        proposed_by=by,
        review_status=ReviewStatus.APPROVED,
    )
    opportunity._change_reason = _("Surfaced at a dialogue")
    if by is not None:
        opportunity._history_user = by
    opportunity.full_clean(exclude=["matrix_items"])
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_hand_to_cell(*, opportunity: ImprovementOpportunity, cell: CqiCell, by=None) -> ImprovementOpportunity:
    """Hand an opportunity to a CQI cell to work on; the cell's page shows where it came from."""
    opportunity = ImprovementOpportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.cell_id == cell.pk:
        return opportunity
    opportunity.cell = cell
    opportunity.handed_to_cell_at = timezone.now()
    opportunity._change_reason = _("Handed to the cell %(cell)s") % {"cell": cell.name}
    if by is not None:
        opportunity._history_user = by
    opportunity.save()
    return opportunity
