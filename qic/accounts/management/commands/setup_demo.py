from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aims.services import framework_fixture_load
from qic.accounts.services import demo_users_reset, roles_sync


class Command(BaseCommand):
    help = (
        "Prepare a demo: role groups, the quality framework (unless already loaded) and one demo "
        "user per role with a new random password, printed. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Skip the demo users.")

    def handle(self, *args, no_users=False, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("setup_demo creates accounts with printed passwords: not in production.")
        roles_sync()
        loaded = framework_fixture_load()
        self.stdout.write("Framework loaded from fixtures/framework.json." if loaded else "Framework already present.")
        if no_users:
            return
        self.stdout.write(self.style.SUCCESS("Demo accounts (passwords are new each time this runs):"))
        for username, password in demo_users_reset().items():
            self.stdout.write(f"  {username:<10} {password}")
