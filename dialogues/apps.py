from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    """Consumer partnership: dialogues, CQI cells, joining, stipends, PDSA cycles, success indicators."""

    name = "dialogues"
    verbose_name = _("Dialogues and CQI cells")

    def ready(self):
        from aims.tagging import register_tagged_kind
        from dialogues.models import CqiCell, Dialogue, PdsaCycle

        register_tagged_kind(
            key="cells",
            label=_("CQI cells"),
            model=CqiCell,
            related_name="cqi_cells",
            cell_counter=_cells_per_grid_cell,
        )
        register_tagged_kind(key="dialogues", label=_("dialogues"), model=Dialogue, related_name="dialogues")
        register_tagged_kind(key="pdsa", label=_("PDSA cycles"), model=PdsaCycle, related_name="pdsa_cycles")

        from measures.signals import measures_recomputed

        measures_recomputed.connect(_drafts_after_recompute, dispatch_uid="dialogues-problem-drafts-on-recompute")


def _drafts_after_recompute(sender, computation_id=None, **kwargs):
    # Sent once the recompute's results have committed: queue the job, do nothing here.
    from dialogues.tasks import sync_problem_drafts

    sync_problem_drafts.delay(computation_id)


def _cells_per_grid_cell() -> dict[tuple[int, int], int]:
    """A CQI cell covers every aim × level it names, and the grid cell of every matrix item it names."""
    from dialogues.models import CqiCell

    covered: dict[tuple[int, int], set[int]] = {}
    for cell_id, aim_id, level_id in CqiCell.objects.filter(aims__isnull=False, levels__isnull=False).values_list(
        "id", "aims", "levels"
    ):
        covered.setdefault((aim_id, level_id), set()).add(cell_id)
    items = CqiCell.matrix_items.through.objects.values_list("cqicell_id", "matrixitem__aim_id", "matrixitem__level_id")
    for cell_id, aim_id, level_id in items:
        covered.setdefault((aim_id, level_id), set()).add(cell_id)
    return {key: len(cells) for key, cells in covered.items()}
