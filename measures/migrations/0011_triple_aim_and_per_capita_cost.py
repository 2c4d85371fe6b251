"""Placeholder: filled in by the work on issue 14."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("measures", "0010_region_and_threshold_language_strata")]

    operations = []
