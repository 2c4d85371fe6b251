"""A problem handed on to a cell: as an improvement opportunity, or as a PDSA cycle testing a change.

The new item keeps a link to the problem (``problem``), and the problem's history says where it went, so
the problem's page shows what was done about it and the item's page where it came from.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import CqiCell, ImprovementOpportunity, PdsaCycle, Problem
from dialogues.services.improvement import opportunity_save, pdsa_cycle_save
from dialogues.services.problems import _open_for_update
from dialogues.services.sessions import phi_check


def _note_on_problem(problem: Problem, *, reason: str, by) -> None:
    problem._change_reason = reason
    problem._history_user = by
    problem.save(update_fields=["updated_at"])


@transaction.atomic
def problem_opportunity_create(
    *,
    problem: Problem,
    cell: CqiCell,
    title: str,
    description: str,
    title_es: str = "",
    description_es: str = "",
    by,
) -> ImprovementOpportunity:
    """Hand an open problem to ``cell`` as an improvement opportunity (approved: QI staff add it)."""
    locked = _open_for_update(problem)
    texts = {"title": title, "title_es": title_es, "description": description, "description_es": description_es}
    for field, text in texts.items():
        phi_check(text=text, field=field)
    opportunity = opportunity_save(
        opportunity=ImprovementOpportunity(
            **{field: text.strip() for field, text in texts.items()}, cell=cell, problem=locked
        ),
        changed_by=by,
    )
    _note_on_problem(locked, reason=_("Handed to %(cell)s as an improvement opportunity") % {"cell": cell.name}, by=by)
    return opportunity


@transaction.atomic
def problem_pdsa_create(
    *,
    problem: Problem,
    cell: CqiCell,
    title: str,
    plan_prediction: str,
    starts_on,
    title_es: str = "",
    plan_prediction_es: str = "",
    measure=None,
    by,
) -> PdsaCycle:
    """Start a PDSA cycle in ``cell`` that tests a change against an open problem (its plan only)."""
    locked = _open_for_update(problem)
    texts = {
        "title": title,
        "title_es": title_es,
        "plan_prediction": plan_prediction,
        "plan_prediction_es": plan_prediction_es,
    }
    for field, text in texts.items():
        phi_check(text=text, field=field)
    cycle = pdsa_cycle_save(
        cycle=PdsaCycle(
            cell=cell,
            problem=locked,
            **{field: text.strip() for field, text in texts.items()},
            starts_on=starts_on,
            measure=measure,
        ),
        changed_by=by,
    )
    _note_on_problem(locked, reason=_("A PDSA cycle started in %(cell)s") % {"cell": cell.name}, by=by)
    return cycle
