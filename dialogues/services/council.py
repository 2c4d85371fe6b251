"""Writes for the council: its initiatives (the IHI paper advises three to five active at once)."""

from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import CouncilInitiative


@transaction.atomic
def initiative_save(*, initiative: CouncilInitiative, cells=None, measures=None, by=None) -> CouncilInitiative:
    """Create or update an initiative. More than five active is allowed; the pages warn about it."""
    initiative._change_reason = _("Initiative edited") if initiative.pk else _("Initiative added")
    if by is not None:
        initiative._history_user = by
    initiative.full_clean(exclude=["cells", "measures"])
    initiative.save()
    if cells is not None:
        initiative.cells.set(cells)
    if measures is not None:
        initiative.measures.set(measures)
    return initiative
