"""An import recomputes the measures once it commits (apart from tests/measures/test_recompute.py, whose tests
share a computed county)."""

from datetime import date

import pytest

from measures.imports.services import import_files
from measures.models import ComputationStatus, MeasureComputation
from measures.synthetic import KINDS, county_write

pytestmark = pytest.mark.django_db


def test_an_import_triggers_a_recompute_once_it_commits(tmp_path, django_capture_on_commit_callbacks):
    county_write(out_dir=tmp_path, clients=150, months=3, seed=9, start=date(2025, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])

    latest = MeasureComputation.objects.latest("started_at")
    assert (latest.trigger, latest.status) == ("import", ComputationStatus.SUCCEEDED)
    assert latest.results.exists()
