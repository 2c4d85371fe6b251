"""Writes for the PDSA cycles a project starts from its change ideas.

A cycle is a ``dialogues.PdsaCycle``, saved through the dialogues service so its note on a registry
measure's chart stays in step. A cell's project gives its cycles the cell, so the cell's pages list
them too; other projects' cycles have no cell. ``ChangeIdeaCycle`` ties each to its change idea.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import PdsaCycle
from dialogues.services.improvement import pdsa_cycle_save
from projects.models import ChangeIdea, ChangeIdeaCycle, ImprovementProject

#: What a team plans when it starts a cycle, and what it fills in as the cycle runs.
#: Each typed text has its Spanish beside it (``title_es``...).
_PLAN_TEXTS = ("title", "plan_prediction", "plan_who", "plan_where", "plan_measure")
_RUN_TEXTS = ("do_notes", "study_notes", "act_notes")
PLAN_FIELDS = (*_PLAN_TEXTS, *(f"{name}_es" for name in _PLAN_TEXTS), "starts_on", "measure")
RUN_FIELDS = ("ends_on", *_RUN_TEXTS, *(f"{name}_es" for name in _RUN_TEXTS), "act_decision")


def _check_measure(project: ImprovementProject, measure) -> None:
    if measure is not None and not project.family.filter(measure=measure).exists():
        raise ValidationError({"measure": _("Choose a registry measure in this project's family of measures.")})


@transaction.atomic
def cycle_start(*, idea: ChangeIdea, by, previous: PdsaCycle | None = None, **plan) -> PdsaCycle:
    """Plan a PDSA cycle that tests ``idea`` (``plan``: :data:`PLAN_FIELDS`). ``previous`` is a cycle of
    the same idea this one adapts."""
    project = idea.driver.project
    _check_measure(project, plan.get("measure"))
    if previous is not None and not ChangeIdeaCycle.objects.filter(cycle=previous, change_idea=idea).exists():
        raise ValidationError({"previous": _("A cycle can only follow a cycle of the same change idea.")})
    if previous is not None and PdsaCycle.objects.filter(previous=previous).exists():
        raise ValidationError(_("That cycle already has a next cycle."), code="has_next")
    cycle = PdsaCycle(cell=project.cell, previous=previous, **plan)
    cycle = pdsa_cycle_save(cycle=cycle, changed_by=by, whose=project)
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    return cycle


@transaction.atomic
def cycle_update(*, cycle: PdsaCycle, by, **fields) -> PdsaCycle:
    """Record how a project's cycle went: what happened, what was learned, and the decision
    (``fields``: any of :data:`PLAN_FIELDS` and :data:`RUN_FIELDS`)."""
    link = ChangeIdeaCycle.objects.select_related("change_idea__driver__project").get(cycle=cycle)
    project = link.change_idea.driver.project
    cycle = PdsaCycle.objects.select_for_update().get(pk=cycle.pk)
    for name, value in fields.items():
        if name not in PLAN_FIELDS + RUN_FIELDS:
            raise TypeError(f"cycle_update() got an unexpected field {name!r}")
        setattr(cycle, name, value)
    if "measure" in fields:
        _check_measure(project, fields["measure"])
    return pdsa_cycle_save(cycle=cycle, changed_by=by, whose=project)
