"""Writes for problem escalation (PRODUCT.md section 7; IHI whole-system quality, seed 004).

A problem, or a signal on a control chart, becomes an item with an owner, a due date and a tier
(team, program, department, council). When its tier cannot solve it, it is escalated one or more
tiers up, always with a reason; a director can take an escalated problem; it is closed by saying how
it was resolved. Every change is kept in the problem's history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dialogues.models import Problem, ProblemEscalation, ProblemStatus, ProblemTier
from dialogues.services.sessions import phi_check


def _check_text(problem: Problem) -> None:
    for field in ("title", "title_es", "description", "description_es"):
        phi_check(text=getattr(problem, field), field=field)


def _check_due(due_on) -> None:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")}, code="due_past")


def _open_for_update(problem: Problem) -> Problem:
    """The problem's row, locked until the transaction ends, so two people cannot change it at once."""
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if locked.status == ProblemStatus.DRAFT:
        raise ValidationError(_("This is a draft: take it up first."), code="draft")
    if locked.status == ProblemStatus.RESOLVED:
        raise ValidationError(_("This problem is resolved: it can no longer be changed."), code="resolved")
    if locked.status != ProblemStatus.OPEN:
        raise ValidationError(_("This draft was dismissed or withdrawn: it can no longer be changed."), code="closed")
    return locked


@transaction.atomic
def problem_raise(*, problem: Problem, by=None) -> Problem:
    """Record a new problem (title, owner, due date, tier; optionally the measure and month of a chart signal)."""
    problem.title = problem.title.strip()
    problem.title_es = problem.title_es.strip()
    _check_text(problem)
    _check_due(problem.due_on)
    if problem.signal_month is not None:
        problem.signal_month = problem.signal_month.replace(day=1)
    problem.status = ProblemStatus.OPEN
    problem.raised_by = by
    problem._change_reason = _("Problem raised")
    if by is not None:
        problem._history_user = by
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_escalate(
    *, problem: Problem, to_tier: str, reason: str, by, owner=None, due_on=None, problem_url: str = ""
) -> Problem:
    """Move an open problem up to ``to_tier``, saying why; the new tier may give it a new owner and date.

    Its owner, unless it is the person escalating, is told by e-mail (in their language), with
    ``problem_url`` to open it, once the change has committed; without a ``problem_url`` (the demo,
    a script) nobody is e-mailed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this problem needs the next tier.")}, code="reason")
    phi_check(text=reason, field="reason")
    locked = _open_for_update(problem)
    if ProblemTier(to_tier).rank <= ProblemTier(locked.tier).rank:
        raise ValidationError(
            {"to_tier": _("A problem is escalated to a higher tier than the one it is at.")}, code="not_higher"
        )
    if due_on is not None:
        _check_due(due_on)
        locked.due_on = due_on
    escalation = ProblemEscalation.objects.create(
        problem=locked, from_tier=locked.tier, to_tier=to_tier, reason=reason, by=by
    )
    locked.tier = to_tier
    if owner is not None:
        locked.owner = owner
    locked._change_reason = _("Escalated to %(tier)s") % {"tier": ProblemTier(to_tier).label}
    locked._history_user = by
    locked.save()
    if problem_url and locked.owner.email and locked.owner_id != getattr(by, "pk", None):
        _owner_tell(locked, escalation=escalation, by=by, problem_url=problem_url)
    return locked


def _owner_tell(problem: Problem, *, escalation: ProblemEscalation, by, problem_url: str) -> None:
    owner = problem.owner
    language = owner.preferred_language if owner.preferred_language in dict(settings.LANGUAGES) else "en"
    context = {"problem": problem, "owner": owner, "by": by, "escalation": escalation, "problem_url": problem_url}
    with override(language):
        text = render_to_string("dialogues/problems/email/escalated.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    transaction.on_commit(
        lambda: send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [owner.email])
    )


@transaction.atomic
def problem_take(*, problem: Problem, by) -> Problem:
    """The person asking becomes the owner of an open problem (a director taking an escalated one)."""
    locked = _open_for_update(problem)
    if locked.owner_id != by.pk:
        locked.owner = by
        locked._change_reason = _("Taken by its new owner")
        locked._history_user = by
        locked.save()
    return locked


@transaction.atomic
def problem_resolve(*, problem: Problem, resolution: str, resolution_es: str = "", by) -> Problem:
    """Close an open problem, saying how it was resolved (in Spanish too, when given)."""
    resolution = (resolution or "").strip()
    resolution_es = (resolution_es or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how the problem was resolved.")}, code="resolution")
    phi_check(text=resolution, field="resolution")
    phi_check(text=resolution_es, field="resolution_es")
    locked = _open_for_update(problem)
    locked.status = ProblemStatus.RESOLVED
    locked.resolution = resolution
    locked.resolution_es = resolution_es
    locked.resolved_at = timezone.now()
    locked._change_reason = _("Resolved")
    locked._history_user = by
    locked.save()
    return locked
