from django.core.management.base import BaseCommand

from aims.services import framework_fixture_load
from measures.services import code_lists_load_defaults, measure_registry_load_defaults


class Command(BaseCommand):
    help = (
        "Add the default code lists (race/ethnicity groups, languages, programs, ...) and measure definitions "
        "that are missing; what administrators and QI staff changed is kept. The framework the measures are "
        "tagged to is loaded first if the database has none."
    )

    def handle(self, *args, **options):
        framework_fixture_load()
        codes = code_lists_load_defaults()
        measures = measure_registry_load_defaults()
        self.stdout.write(self.style.SUCCESS(f"Code lists ready ({codes} codes added); {measures} measures added."))
