"""Joining a CQI cell: applications from the public form, staff decisions, invitations, and what a
member does on their own pages (propose an opportunity, answer the participation survey).

E-mails are plain text, in the applicant's language, and go out only once the transaction commits,
so a rolled-back decision never tells anyone anything.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from dialogues.models import (
    APPLICANT_TO_PARTNER_ROLE,
    ApplicantRole,
    ApplicationStatus,
    CqiCell,
    ImprovementOpportunity,
    JoinApplication,
    Language,
    Membership,
    ReviewStatus,
    SurveyResponse,
)
from dialogues.selectors.joining import cell_for_member, quarter_start
from dialogues.services.contacts import contact_key_for
from qic.accounts.services import user_assign_role
from qic.roles import Role

#: The database's guard against the same person applying twice for the same cell (or twice for any cell).
ONE_PENDING_CONSTRAINT = "dialogues_application_one_pending_per_person_and_cell"
#: Declined applications are deleted this long after the decision (the privacy notice says six months).
DECLINED_RETENTION_DAYS = 183


class DuplicateApplication(ValidationError):
    """The same person already has an application waiting for the same cell (or for any cell)."""


def _send_on_commit(*, to: str, subject: str, body: str) -> None:
    def send():
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

    transaction.on_commit(send)


def _render_email(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Subject and body of ``dialogues/joining/email/<template>.txt`` in ``language``.

    The template's first line is the subject.
    """
    with override(language if language in Language.values else Language.ENGLISH):
        text = render_to_string(f"dialogues/joining/email/{template}.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


@transaction.atomic
def application_submit(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    role: str,
    preferred_language: str = Language.ENGLISH,
    availability: str = "",
    accommodations: str = "",
    cell: CqiCell | None = None,
    consent_to_contact: bool,
    consent_to_privacy_notice: bool,
) -> JoinApplication:
    """Store an application to join ``cell`` (``None``: any cell) and acknowledge it by e-mail.

    Raises ``ValidationError`` for missing consent or contact details, and ``DuplicateApplication``
    when the same person already has one waiting for the same cell. The unique constraint, not a
    look-up first, decides: two identical submissions at the same moment still make one row.
    """
    name = (name or "").strip()
    email = (email or "").strip()
    phone = (phone or "").strip()
    if not name:
        raise ValidationError(_("Please tell us your name."), code="no_name")
    if not (consent_to_contact and consent_to_privacy_notice):
        raise ValidationError(
            _("We can only take your application if you agree to be contacted and have read the privacy notice."),
            code="no_consent",
        )
    if cell is not None and not cell.accepts_applications:
        raise ValidationError(_("This cell is not taking new members just now."), code="cell_closed")
    contact_key = contact_key_for(email=email, phone=phone)
    application = JoinApplication(
        name=name,
        email=email,
        phone=phone,
        contact_key=contact_key,
        role=role,
        preferred_language=preferred_language,
        availability=(availability or "").strip(),
        accommodations=(accommodations or "").strip(),
        cell=cell,
        consent_to_contact=True,
        consent_to_privacy_notice=True,
    )
    try:
        with transaction.atomic():  # a savepoint, so the outer transaction survives the failed insert
            application.save()
    except IntegrityError as error:
        if ONE_PENDING_CONSTRAINT in str(error):
            raise DuplicateApplication(
                _("Your application is already waiting for a decision. We will be in touch soon."),
                code="duplicate",
            ) from error
        raise
    if email:
        subject, body = _render_email(
            template="acknowledgement",
            language=application.preferred_language,
            context={"application": application, "cell_name": cell.name if cell else ""},
        )
        _send_on_commit(to=email, subject=subject, body=body)
    return application


@dataclass(frozen=True)
class Decision:
    """What deciding an application did. ``already_decided``: someone decided it before; nothing changed."""

    application: JoinApplication
    already_decided: bool = False
    user: object | None = None
    membership: Membership | None = None
    created_user: bool = False
    already_member: bool = False
    invitation_path: str = ""


def user_invitation_path(*, user) -> str:
    """The set-password link for someone without a password yet ('' if they have one).

    Django's password-reset tokens: valid for ``PASSWORD_RESET_TIMEOUT`` and spent once the
    password is set (the token hashes the password).
    """
    if user.has_usable_password():
        return ""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:invitation", args=[uidb64, default_token_generator.make_token(user)])


def _unique_username(*, application: JoinApplication) -> str:
    user_model = get_user_model()
    base = slugify(application.email.split("@")[0] if application.email else application.name)[:140]
    base = base or "member"
    candidate, number = base, 1
    while user_model.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _user_for_application(*, application: JoinApplication):
    """The applicant's account, found by e-mail (any case), or a new one without a password."""
    user_model = get_user_model()
    if application.email:
        existing = user_model.objects.filter(email__iexact=application.email).order_by("pk").first()
        if existing is not None:
            return existing, False
    user = user_model(
        username=_unique_username(application=application),
        email=application.email,
        first_name=application.name[:150],
        preferred_language=application.preferred_language,
    )
    user.set_unusable_password()
    user.save()
    return user, True


def _locked_pending(application: JoinApplication) -> JoinApplication | None:
    """The application, locked until the transaction ends; ``None`` if it was already decided."""
    locked = JoinApplication.objects.select_for_update().get(pk=application.pk)
    return locked if locked.status == ApplicationStatus.PENDING else None


@transaction.atomic
def application_approve(
    *, application: JoinApplication, decided_by, cell: CqiCell | None = None, site_url: str = ""
) -> Decision:
    """Approve an application: the account (found or made), the consumer role, the membership, the e-mail.

    ``cell`` is required when the person applied for any cell. Deciding twice (a double click, two
    staff at once) changes nothing the second time: the row lock makes the second one wait and then
    see it was decided. ``site_url`` (e.g. ``https://qic.example.org``) makes the e-mailed link absolute.
    """
    locked = _locked_pending(application)
    if locked is None:
        application.refresh_from_db()
        return Decision(application=application, already_decided=True)
    cell = cell or locked.cell
    if cell is None:
        raise ValidationError(_("Choose the cell this person will join."), code="cell_required")

    user, created = _user_for_application(application=locked)
    if locked.role in (ApplicantRole.CONSUMER, ApplicantRole.FAMILY):
        user_assign_role(user=user, role=Role.CONSUMER)
    locked.status = ApplicationStatus.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.cell = cell
    locked.save(update_fields=["status", "decided_by", "decided_at", "cell"])

    membership = Membership.objects.filter(cell=cell, user=user, left_on__isnull=True).first()
    already_member = membership is not None
    if membership is None:
        membership = Membership.objects.create(
            cell=cell,
            user=user,
            role=APPLICANT_TO_PARTNER_ROLE[ApplicantRole(locked.role)],
            joined_on=timezone.localdate(),
            application=locked,
        )
    invitation_path = user_invitation_path(user=user)
    if locked.email:
        subject, body = _render_email(
            template="approved",
            language=locked.preferred_language,
            context={
                "application": locked,
                "cell": cell,
                "invitation_url": f"{site_url}{invitation_path}" if invitation_path else "",
                "sign_in_url": f"{site_url}{reverse('accounts:login')}",
            },
        )
        _send_on_commit(to=locked.email, subject=subject, body=body)
    application.refresh_from_db()
    return Decision(
        application=locked,
        user=user,
        membership=membership,
        created_user=created,
        already_member=already_member,
        invitation_path=invitation_path,
    )


@transaction.atomic
def application_decline(*, application: JoinApplication, decided_by, reason: str) -> Decision:
    """Decline an application with a reason, and tell the applicant kindly (reason included)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason. The applicant will read it."), code="reason_required")
    locked = _locked_pending(application)
    if locked is None:
        application.refresh_from_db()
        return Decision(application=application, already_decided=True)
    locked.status = ApplicationStatus.DECLINED
    locked.decline_reason = reason
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    if locked.email:
        subject, body = _render_email(
            template="declined", language=locked.preferred_language, context={"application": locked}
        )
        _send_on_commit(to=locked.email, subject=subject, body=body)
    application.refresh_from_db()
    return Decision(application=locked)


def application_delete(*, application: JoinApplication) -> None:
    """Delete an application at the applicant's request. A membership it led to stays (its link is cleared)."""
    application.delete()


def applications_expired_delete(*, now=None) -> int:
    """Delete declined applications decided more than ``DECLINED_RETENTION_DAYS`` ago; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=DECLINED_RETENTION_DAYS)
    deleted, _counts = JoinApplication.objects.filter(status=ApplicationStatus.DECLINED, decided_at__lt=cutoff).delete()
    return deleted


# --- A member's own pages ---------------------------------------------------------------------


def _require_member(*, cell: CqiCell, user) -> None:
    if cell_for_member(user=user, slug=cell.slug) is None:
        raise ValidationError(_("Only current members of this cell can do this."), code="not_member")


@transaction.atomic
def opportunity_propose(*, cell: CqiCell, user, title: str, description: str = "") -> ImprovementOpportunity:
    """A current member's idea for something the cell could improve, waiting for QI staff's review.

    Until staff approve it (``improvement.opportunity_review``), only the member and staff see it: an
    idea typed in a hurry may name someone or hold health information.
    """
    _require_member(cell=cell, user=user)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Please give your idea a short title."), code="no_title")
    return ImprovementOpportunity.objects.create(
        cell=cell,
        proposed_by=user,
        title=title,
        description=(description or "").strip(),
        review_status=ReviewStatus.PROPOSED,
    )


@transaction.atomic
def survey_response_save(
    *, cell: CqiCell, user, answers: dict[str, int], comment: str = "", on: date | None = None
) -> SurveyResponse:
    """Save a member's participation survey for the quarter of ``on`` (today); answering again updates it."""
    _require_member(cell=cell, user=user)
    values = {}
    for question in SurveyResponse.QUESTIONS:
        value = int(answers[question])
        if not 1 <= value <= 5:
            raise ValidationError(_("Each answer is a number from 1 to 5."), code="out_of_range")
        values[question] = value
    response, _created = SurveyResponse.objects.update_or_create(
        cell=cell,
        respondent=user,
        period=quarter_start(on or timezone.localdate()),
        defaults={**values, "comment": (comment or "").strip()},
    )
    return response
