from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from aims.services import framework_fixture_load
from council.demo import council_demo_load
from dialogues.demo import partnership_demo_load
from measures.models import UploadStatus
from measures.services import code_lists_load_defaults, demo_county_load, measure_registry_load_defaults
from projects.demo import projects_demo_load
from qic.accounts.services import demo_users_reset, roles_sync
from reminders.demo import reminders_demo_load
from workplan.demo import workplan_demo_load


class Command(BaseCommand):
    help = (
        "Prepare a demo: role groups, the quality framework and code lists, a synthetic county loaded through "
        "the import (unless data is already loaded) and one demo user per role with a new random password, "
        "printed. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Skip the demo users.")
        parser.add_argument("--no-data", action="store_true", help="Skip the synthetic county.")
        parser.add_argument("--clients", type=int, default=5000, help="Clients in the synthetic county.")
        parser.add_argument("--months", type=int, default=24, help="Months of synthetic data, ending last month.")

    def handle(self, *args, no_users=False, no_data=False, clients=5000, months=24, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("setup_demo creates accounts with printed passwords: not in production.")
        roles_sync()
        loaded = framework_fixture_load()
        self.stdout.write("Framework loaded from fixtures/framework.json." if loaded else "Framework already present.")
        self.stdout.write(f"Code lists ready ({code_lists_load_defaults()} codes added).")
        self.stdout.write(f"Measure registry ready ({measure_registry_load_defaults()} measures added).")
        passwords = {} if no_users else demo_users_reset()
        if not no_users:
            counts = partnership_demo_load()
            self.stdout.write(f"Partnership demo ready ({counts['cells']} cells, {counts['dialogues']} dialogues).")
        if not no_data:
            self._load_county(clients=clients, months=months)
        if not no_users:
            # After the county, so last year's evaluation is approved on its computed figures.
            counts = workplan_demo_load()
            self.stdout.write(f"Work plan demo ready ({counts['plans']} plans, {counts['objectives']} objectives).")
            # After the partnership demo, whose people, cells and problems the projects use.
            counts = projects_demo_load()
            self.stdout.write(f"Projects demo ready ({counts['projects']} projects).")
            # After the county, so the next meeting's agenda shows its chart signals and missed targets.
            counts = council_demo_load()
            self.stdout.write(f"Council demo ready ({counts['meetings']} meetings).")
            # Last: the drafts come from the county's chart signals; the settings are for the accounts above.
            counts = reminders_demo_load()
            drafts, settings_count = counts["drafts"], counts["settings"]
            self.stdout.write(f"Signal to action ready ({drafts} draft problems, {settings_count} reminder settings).")
        if passwords:
            self.stdout.write(self.style.SUCCESS("Demo accounts (passwords are new each time this runs):"))
            for username, password in passwords.items():
                self.stdout.write(f"  {username:<10} {password}")

    def _load_county(self, *, clients: int, months: int) -> None:
        loader = get_user_model().objects.filter(username="admin").first()
        self.stdout.write(f"Generating a synthetic county ({clients} clients, {months} months) and importing it...")
        upload = demo_county_load(clients=clients, months=months, user=loader)
        if upload is None:
            self.stdout.write("Service data already loaded; the synthetic county was not added again.")
        elif upload.status != UploadStatus.LOADED:
            raise CommandError(f"The synthetic county did not load: {upload.message} {upload.errors[:3]}")
        else:
            self.stdout.write(f"Synthetic county loaded: {upload.rows_written} rows (import #{upload.pk}).")
