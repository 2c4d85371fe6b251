from django.core.management.base import BaseCommand

from qic.accounts.services import roles_sync
from qic.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Create or update the role groups (consumer, QI staff, director, administrator) and their permissions."

    def handle(self, *args, **options):
        groups = roles_sync()
        for role, group in groups.items():
            self.stdout.write(f"{group.name}: {len(ROLE_PERMISSIONS[role])} permissions")
