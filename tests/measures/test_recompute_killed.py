"""A recompute killed half way through writing leaves the last good results, and blocks nothing."""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from conftest import database_url_for_tests, missing_service
from measures.compute.services import measures_recompute
from measures.models import ComputationStatus, MeasureComputation, MeasureResult

ROOT = Path(__file__).resolve().parents[2]

# Runs in its own process: a recompute that stalls inside its writing transaction, after the old
# results are deleted and the new ones inserted, and says so by creating a file.
STALLING_RECOMPUTE = """
import sys, time, django
django.setup()
from measures.compute.services import measures_recompute
from measures.models import MeasureDisparity

def stall(*args, **kwargs):
    open(sys.argv[1], "w").close()
    time.sleep(600)

MeasureDisparity.objects.bulk_create = stall
measures_recompute(trigger="schedule")
"""


@pytest.fixture
def loaded_county(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        missing_service("killing a recompute needs a database two processes share: PostgreSQL (set DATABASE_URL)")
    from aims.services import framework_fixture_load
    from measures.imports.services import import_files
    from measures.services import code_lists_load_defaults, measure_registry_load_defaults
    from measures.synthetic import KINDS, county_write

    framework_fixture_load()  # a transactional test starts from an empty database
    code_lists_load_defaults()
    measure_registry_load_defaults()
    county_write(out_dir=tmp_path, clients=300, months=3, seed=5, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])


def test_a_recompute_killed_while_writing_keeps_the_last_results_and_the_next_one_runs(loaded_county, tmp_path):
    first = measures_recompute(trigger="manual")
    before = set(MeasureResult.objects.values_list("pk", "value"))
    assert first.status == ComputationStatus.SUCCEEDED
    assert before

    flag = tmp_path / "writing"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qic.settings.test",
        "DATABASE_URL": database_url_for_tests(),
    }
    process = subprocess.Popen([sys.executable, "-c", STALLING_RECOMPUTE, str(flag)], cwd=ROOT, env=environment)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert process.poll() is None, "the recompute process ended before it began writing"
            assert time.monotonic() < deadline, "the recompute never reached its writing step"
            time.sleep(0.2)
        process.kill()
    finally:
        process.wait(timeout=30)

    assert set(MeasureResult.objects.values_list("pk", "value")) == before
    killed = MeasureComputation.objects.get(status=ComputationStatus.RUNNING)
    assert killed.step == "writing"

    again = measures_recompute(trigger="manual")

    assert again is not None, "the dead process's lock went with its connection"
    assert again.status == ComputationStatus.SUCCEEDED
    killed.refresh_from_db()
    assert killed.status == ComputationStatus.FAILED
    assert "Interrupted" in killed.message
