from django.core.management.base import BaseCommand, CommandError

from measures.compute.services import measures_recompute
from measures.models import ComputationStatus, ComputationTrigger


class Command(BaseCommand):
    help = "Recompute every measure into stored results now (the same job the worker runs after imports)."

    def handle(self, *args, **options):
        computation = measures_recompute(trigger=ComputationTrigger.MANUAL)
        if computation is None:
            raise CommandError("Another recompute is running; try again when it has finished.")
        if computation.status != ComputationStatus.SUCCEEDED:
            raise CommandError(f"The recompute failed and the previous results were kept: {computation.message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{computation.results_written} results stored (data as of {computation.data_as_of or '—'})."
            )
        )
