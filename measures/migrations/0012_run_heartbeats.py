"""Runs that recover: when a running recompute and its breakdown by population were last heard from.

A run writes its heartbeat at each step and from a background thread while it runs
(measures.compute.runs); one not heard from within the lease is taken as interrupted. Runs left
"running" before this migration have no heartbeat: a recompute is then judged by when it started,
a breakdown as not heard from, so either is closed by the first sweep.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("measures", "0011_triple_aim_and_per_capita_cost")]

    operations = [
        migrations.AddField(
            model_name="measurecomputation",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last heard from"),
        ),
        migrations.AddField(
            model_name="measurecomputation",
            name="population_heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="breakdown by population: last heard from"),
        ),
    ]
