"""From signal to action: after each recompute, every new chart signal becomes a draft problem.

:func:`problem_drafts_sync` reads each measure's current signals (:mod:`measures.alerts`: a special-cause
signal in the worse direction, a target missed) and keeps the drafts in step with them:

* a signal no problem has been raised for becomes a draft problem for the QI staff lead
  (:func:`signal_owner`: measures have no owner of their own);
* a draft whose signal went away, and that nobody took up, is withdrawn.

A signal is raised once, whatever became of its problem: the database allows one problem per measure,
kind of signal and month, withdrawn drafts aside (``dialogues_problem_one_per_signal``), so running the
sync twice, or two at once, raises nothing new. A draft someone took up is an ordinary open problem and is
never closed automatically; a dismissed draft stays dismissed.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from dialogues.models import CLOSED_DRAFT_STATUSES, Problem, ProblemStatus
from dialogues.selectors.problems import problem_owner_choices
from dialogues.services.sessions import phi_check
from measures.alerts import ChartSignal, SignalKind, measure_signals_current
from qic.roles import Role

logger = logging.getLogger(__name__)

#: Days a problem's owner has to act once it is taken up (as the "raise a problem" form suggests).
DAYS_TO_ACT = 30


@dataclass
class DraftSync:
    raised: list[Problem] = field(default_factory=list)
    withdrawn: list[Problem] = field(default_factory=list)
    #: Signals left without a draft because nobody can own one (no QI staff yet).
    unowned: int = 0


def signal_owner():
    """Who gets the drafts: the QI staff lead named by ``QIC_QI_LEAD_USERNAME`` when they may own problems,
    else the active QI staff member with the oldest account (the longest-serving, most likely the lead);
    None when there is no QI staff member at all."""
    owners = problem_owner_choices()
    username = settings.QIC_QI_LEAD_USERNAME
    if username:
        lead = owners.filter(username=username).first()
        if lead is not None:
            return lead
        logger.warning("QIC_QI_LEAD_USERNAME=%s cannot own problems; drafts go to QI staff instead.", username)
    qi_staff = get_user_model().objects.filter(is_active=True, groups__name=Role.QI_STAFF.label_en)
    return qi_staff.order_by("date_joined", "pk").first()


def _texts(signal: ChartSignal, language: str) -> tuple[str, str]:
    """The draft's title and description written in ``language`` (the measure's name and the month too)."""
    measure = signal.measure
    with override(language):
        month = date_format(signal.month, "YEAR_MONTH_FORMAT")
        if signal.kind == SignalKind.SPECIAL_CAUSE:
            title = _("Chart signal, getting worse: %(measure)s since %(month)s")
            why = _(
                "The control chart of %(measure)s shows a special cause in the worse direction, starting in %(month)s."
            )
        else:
            title = _("Target missed: %(measure)s since %(month)s")
            why = _("%(measure)s has missed its target of %(target)s every month since %(month)s.")
        values = {
            "measure": measure.display_name,
            "month": month,
            "target": f"{float(measure.target):g}" if measure.target is not None else "",
        }
        latest = "" if signal.latest_value is None else f"{signal.latest_value:.1f}"
        description = " ".join(
            [
                why % values,
                _("Latest month: %(value)s.") % {"value": latest} if latest else "",
                _(
                    "Raised automatically after the measures were recomputed: take it up to work on it, or "
                    "dismiss it saying why."
                ),
            ]
        )
    return (title % values)[: Problem._meta.get_field("title").max_length], " ".join(description.split())


def _raise_draft(signal: ChartSignal, owner) -> Problem | None:
    """The draft for one signal; None when another run raised it first (the unique constraint says so)."""
    # Written in both languages, so each reader gets theirs (the owner may hand it to someone else).
    title, description = _texts(signal, "en")
    title_es, description_es = _texts(signal, "es")
    draft = Problem(
        title=title,
        title_es=title_es,
        description=description,
        description_es=description_es,
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=DAYS_TO_ACT),
        status=ProblemStatus.DRAFT,
        measure=signal.measure,
        signal_kind=signal.kind,
        signal_month=signal.month,
    )
    draft._change_reason = gettext_noop("Draft raised from a chart signal")
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        return None
    return draft


def problem_drafts_sync(*, signals: list[ChartSignal] | None = None) -> DraftSync:
    """Raise a draft for each new signal and withdraw the drafts whose signal went away (see the module).

    ``signals`` defaults to :func:`measures.alerts.measure_signals_current`, read before the transaction
    starts so that the drafts are locked only while they are written. Safe to run twice.
    """
    return _drafts_sync(measure_signals_current() if signals is None else signals)


@transaction.atomic
def _drafts_sync(signals: list[ChartSignal]) -> DraftSync:
    current = {(signal.measure.pk, signal.kind, signal.month): signal for signal in signals}
    outcome = DraftSync()
    for draft in Problem.objects.select_for_update().filter(status=ProblemStatus.DRAFT).order_by("pk"):
        if (draft.measure_id, draft.signal_kind, draft.signal_month) in current:
            continue
        draft.status = ProblemStatus.WITHDRAWN
        draft.closed_at = timezone.now()
        draft._change_reason = _("Withdrawn: the chart signal went away before anyone took it up")
        draft.save()
        outcome.withdrawn.append(draft)
    raised = set(
        Problem.objects.exclude(signal_kind="")
        .exclude(status=ProblemStatus.WITHDRAWN)
        .values_list("measure_id", "signal_kind", "signal_month")
    )
    # A problem someone raised by hand from the chart's "raise a problem" link already covers its month's signal.
    by_hand = set(
        Problem.objects.filter(signal_kind="", signal_month__isnull=False)
        .exclude(status__in=CLOSED_DRAFT_STATUSES)
        .values_list("measure_id", "signal_month")
    )
    owner = None
    for key, signal in current.items():
        if key in raised or (signal.kind == SignalKind.SPECIAL_CAUSE and (key[0], key[2]) in by_hand):
            continue
        owner = owner or signal_owner()
        if owner is None:
            outcome.unowned += 1
            continue
        draft = _raise_draft(signal, owner)
        if draft is not None:
            outcome.raised.append(draft)
    if outcome.unowned:
        logger.warning(
            "%s chart signals have no draft problem: there is no QI staff member to own them.", outcome.unowned
        )
    return outcome


def _draft_for_update(problem: Problem) -> Problem:
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if locked.status != ProblemStatus.DRAFT:
        raise ValidationError(_("This draft was already taken up, dismissed or withdrawn."), code="not_draft")
    return locked


@transaction.atomic
def problem_draft_take_up(*, problem: Problem, by) -> Problem:
    """The person taking up a draft makes it an open problem they own, due ``DAYS_TO_ACT`` days from today:
    the clock starts when someone takes it up. It is never withdrawn automatically after this."""
    locked = _draft_for_update(problem)
    locked.status = ProblemStatus.OPEN
    locked.owner = by
    locked.due_on = timezone.localdate() + timedelta(days=DAYS_TO_ACT)
    locked._change_reason = _("Draft taken up")
    locked._history_user = by
    locked.save()
    return locked


@transaction.atomic
def problem_draft_dismiss(*, problem: Problem, reason: str, by) -> Problem:
    """Dismiss a draft, saying why. Its signal is not raised again (the reason stays on the problem)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this signal needs no action.")}, code="reason")
    phi_check(text=reason, field="reason")
    locked = _draft_for_update(problem)
    locked.status = ProblemStatus.DISMISSED
    locked.dismissal_reason = reason
    locked.closed_at = timezone.now()
    locked._change_reason = _("Draft dismissed")
    locked._history_user = by
    locked.save()
    return locked
