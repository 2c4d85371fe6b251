"""Demo data for the consumer partnership: cells with members, meetings, stipends, opportunities,
votes, action steps, an outcome standard and a PDSA cycle, and two dialogues.

``partnership_demo_load()`` is safe to run again: everything is looked up by a natural key first.
Members other than the demo ``consumer`` are new accounts that cannot sign in (example.org e-mails).

What the public and consumers read has its Spanish (``_es``), filled in on a demo loaded before there
was any; one action step is left in English only, so the demo shows how a page marks it.
"""

from django.contrib.auth import get_user_model

from dialogues.demo.cells import (
    CELLS,
    DEMO_MEASURE,
    cell_load,
    improvement_load,
    meetings_load,
    memberships_load,
    survey_load,
)
from dialogues.demo.council import council_load, problems_load
from dialogues.demo.sessions import dialogues_load, focused_dialogue_load
from dialogues.models import CompensationKind, CqiCell, Dialogue

__all__ = ["CELLS", "DEMO_MEASURE", "partnership_demo_load"]


def partnership_demo_load() -> dict[str, int]:
    """Load (or complete) the partnership demo. Returns how many cells and dialogues there are."""
    creator = get_user_model().objects.filter(username="qi_staff").first()
    held = dialogues_load(creator)
    focused_dialogue_load(creator)
    for spec in CELLS:
        cell = cell_load(spec)
        members = memberships_load(cell, spec)
        if members and cell.compensation_kind == CompensationKind.PER_MEETING:
            meetings_load(cell, members, creator)
        if spec["slug"] == "first-appointment":
            improvement_load(cell, members, held, creator)
            survey_load(cell, members)
    council_load(creator)
    problems_load(creator)
    return {"cells": CqiCell.objects.count(), "dialogues": Dialogue.objects.count()}
