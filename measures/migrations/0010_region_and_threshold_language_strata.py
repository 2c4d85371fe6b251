"""Placeholder: filled in by the work on issue 14."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_hospital_episodes_and_hedis_follow_up")]

    operations = []
