"""A small county (300 clients) is published like a large one: the recompute and the breakdown pass the
disclosure audit, and the public pages answer without an error. Small counts stay hidden."""

from datetime import date

import pytest
from django.urls import reverse

from measures.models import ComputationStatus, PopulationStatus

pytestmark = pytest.mark.django_db


def test_a_county_of_300_clients_is_computed_audited_and_shown_to_the_public(client, tmp_path):
    """This county has a month whose only discharge is of a client with no recorded language: the recompute used
    to fail with AuditError (see test_disclosure's month in which no row has a group)."""
    from measures.compute.populations import population_results_recompute
    from measures.compute.services import measures_recompute
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=300, months=12, seed=2026, start=date(2024, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    computation = measures_recompute(trigger="manual")
    assert computation.status == ComputationStatus.SUCCEEDED, computation.message
    assert computation.disclosure_audit["passed"]
    computation = population_results_recompute(computation=computation)
    assert computation.population_status == PopulationStatus.SUCCEEDED, computation.population_message
    for url in (reverse("measures:wait_time_dashboard"), reverse("measures:equity_dashboard")):
        assert client.get(url).status_code == 200
