"""Placeholder: filled in by the work on issue 14."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("measures", "0011_triple_aim_and_per_capita_cost")]

    operations = []
