from django.core.management.base import BaseCommand, CommandError

from measures.compute.populations import population_results_recompute
from measures.compute.services import measures_recompute
from measures.models import ComputationStatus, ComputationTrigger, PopulationStatus


class Command(BaseCommand):
    help = (
        "Recompute every measure into stored results now, then break the equity dashboard's results down by "
        "age group and program (the same jobs the worker runs after imports)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-populations", action="store_true", help="Do not break the results down by age group and program."
        )

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
        if options["skip_populations"]:
            return
        computation = population_results_recompute(computation=computation)
        if computation.population_status != PopulationStatus.SUCCEEDED:
            raise CommandError(
                "The breakdown by age group and program did not finish and the previous one was kept: "
                f"{computation.get_population_status_display()} {computation.population_message}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{computation.population_results_written} results by age group and program stored.")
        )
