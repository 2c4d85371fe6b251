from django.core.management.base import BaseCommand

from measures.services import code_lists_load_defaults


class Command(BaseCommand):
    help = "Add the default code lists (race/ethnicity groups, languages, programs, ...) that are missing."

    def handle(self, *args, **options):
        created = code_lists_load_defaults()
        self.stdout.write(self.style.SUCCESS(f"Code lists ready ({created} codes added)."))
