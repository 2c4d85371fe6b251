"""Writes for the yearly Whole System Quality self-assessment (seed 004, Table 5): rating the elements,
and turning an element rated below stage 2 into an objective of the current year's QI work plan."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from council.models import WSQ_TARGET_STAGE, ElementRating, SelfAssessment, WsqElement, WsqStage
from council.services._history import save_with_history
from workplan.models import Objective
from workplan.services import objective_add_under_goal, plan_for_day

#: The work plan goal objectives from the self-assessment go under (made when missing).
WSQ_GOAL = gettext_noop("Whole system quality")


@dataclass(frozen=True)
class RatingInput:
    element: str
    stage: int
    evidence: str
    evidence_es: str = ""


@transaction.atomic
def assessment_rate(*, year: int, ratings: list[RatingInput], by) -> SelfAssessment:
    """Record the council's stage for each element given, for ``year`` (the year's assessment is made the
    first time). Rating an element again changes its row (the history keeps the earlier stage).

    Every rating is checked before any is written: ``ValidationError`` (and nothing saved) when an element
    is unknown or given twice, a stage is not 0–3, or the evidence is blank.
    """
    errors = []
    seen = set()
    for rating in ratings:
        if rating.element not in WsqElement.values or rating.element in seen:
            errors.append(_("Unknown or repeated element: %(element)s.") % {"element": rating.element})
        seen.add(rating.element)
        if rating.stage not in WsqStage.values:
            errors.append(_("The stage must be 0, 1, 2 or 3."))
        if not rating.evidence.strip():
            errors.append(_("Say what the stage rests on: the evidence cannot be blank."))
    if not ratings:
        errors.append(_("Rate at least one element."))
    if errors:
        raise ValidationError(errors)
    assessment, _created = SelfAssessment.objects.get_or_create(year=year, defaults={"created_by": by})
    now = timezone.now()
    for rating in ratings:
        row = ElementRating.objects.filter(assessment=assessment, element=rating.element).first()
        if row is None:
            row = ElementRating(assessment=assessment, element=rating.element)
        row.stage = rating.stage
        row.evidence = rating.evidence.strip()
        row.evidence_es = rating.evidence_es.strip()
        row.rated_by = by if getattr(by, "is_authenticated", False) else None
        row.rated_at = now
        save_with_history(row, by=by, reason=_("Element rated"))
    return assessment


@transaction.atomic
def rating_objective_create(*, rating: ElementRating, by, today: date | None = None) -> Objective:
    """Make an element rated below stage 2 an objective of the work plan of the fiscal year ``today`` falls
    in, under the goal "Whole system quality": figures staff enter, baseline the stage, target stage 2.

    ``ValidationError`` when the element is at stage 2 or above, is not from the latest self-assessment,
    already became an objective, or the year has no work plan yet.
    """
    rating = ElementRating.objects.select_for_update().get(pk=rating.pk)
    if rating.stage >= WSQ_TARGET_STAGE:
        raise ValidationError(_("Only an element rated below stage 2 becomes an objective."))
    latest = SelfAssessment.objects.order_by("-year").values_list("pk", flat=True).first()
    if rating.assessment_id != latest:
        raise ValidationError(_("Only the latest self-assessment's elements become objectives."))
    if rating.objective_id is not None:
        raise ValidationError(_("This element is already an objective of the work plan."))
    plan = plan_for_day(day=today or timezone.localdate())
    if plan is None:
        raise ValidationError(_("There is no work plan for this fiscal year yet: start it first."))
    texts = {}
    for language in ("en", "es"):
        with override(language):
            texts[language] = (
                str(_(WSQ_GOAL)),
                _("Reach stage 2 on: %(element)s") % {"element": WsqElement(rating.element).label},
                _("Self-assessment %(year)s") % {"year": rating.assessment.year},
                _("stage (0–3)"),
            )
    en, es = texts["en"], texts["es"]
    objective = objective_add_under_goal(
        plan=plan,
        goal_title=en[0],
        goal_title_es=es[0],
        title=en[1][:300],
        title_es=es[1][:300],
        baseline=Decimal(rating.stage),
        baseline_note=en[2],
        target=Decimal(WSQ_TARGET_STAGE),
        unit_label=en[3],
        responsible=_("QI staff and the council"),
    )
    rating.objective = objective
    save_with_history(rating, by=by, reason=_("Made a work plan objective"), update_fields=["objective", "updated_at"])
    return objective
