"""Writes for the council as a body: a member's term begins and ends."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from council.models import CouncilMember
from council.services._history import save_with_history


@transaction.atomic
def council_member_add(
    *, user, role: str, term_starts_on: date, term_ends_on: date | None = None, votes: bool = True, by=None
) -> CouncilMember:
    """Seat a person on the council for a term. Terms of the same person may not overlap."""
    if term_ends_on is not None and term_ends_on < term_starts_on:
        raise ValidationError({"term_ends_on": _("The term cannot end before it starts.")}, code="term")
    overlapping = CouncilMember.objects.select_for_update().filter(user=user)
    overlapping = overlapping.filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=term_starts_on))
    if term_ends_on is not None:
        overlapping = overlapping.filter(term_starts_on__lte=term_ends_on)
    if overlapping.exists():
        raise ValidationError(_("This person already has a term on the council at that time."), code="overlap")
    member = CouncilMember(user=user, role=role, term_starts_on=term_starts_on, term_ends_on=term_ends_on, votes=votes)
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            save_with_history(member, by=by, reason=_("Seated on the council"))
    except IntegrityError as error:
        raise ValidationError(
            _("This person already has a term on the council at that time."), code="overlap"
        ) from error
    return member


@transaction.atomic
def council_member_end_term(*, member: CouncilMember, term_ends_on: date, by=None) -> CouncilMember:
    """End a member's term on a day (on or after it began)."""
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if term_ends_on < member.term_starts_on:
        raise ValidationError({"term_ends_on": _("The term cannot end before it starts.")}, code="term")
    member.term_ends_on = term_ends_on
    save_with_history(member, by=by, reason=_("Term ended"))
    return member
