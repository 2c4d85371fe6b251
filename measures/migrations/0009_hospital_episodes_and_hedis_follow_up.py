"""Placeholder: filled in by the work on issue 14."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("measures", "0008_disclosure_audit")]

    operations = []
