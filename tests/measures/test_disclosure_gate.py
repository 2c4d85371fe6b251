"""The recompute and the breakdown publish only a release that passes the disclosure audit; the command
audits what is published now."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import kept_for_the_module
from measures.compute import populations, publication
from measures.compute.populations import population_results_recompute
from measures.compute.services import measures_recompute
from measures.disclosure.audit import AuditReport, FormAudit
from measures.models import ComputationStatus, MeasureResult, PopulationResult, PopulationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """A county imported, computed and broken down by population once for this module's tests (each rolls back
    what it writes)."""
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    with kept_for_the_module(django_db_blocker):
        folder = tmp_path_factory.mktemp("county")
        county_write(out_dir=folder, clients=300, months=3, seed=5, start=date(2025, 1, 1))
        import_files(paths=[(kind, folder / f"{kind}.csv") for kind in KINDS])
        computation = measures_recompute(trigger="manual")
        assert computation.status == ComputationStatus.SUCCEEDED, computation.message
        computation = population_results_recompute(computation=computation)
        assert computation.population_status == PopulationStatus.SUCCEEDED, computation.population_message
        yield computation


@pytest.fixture
def published(published_for_the_module, db):
    published_for_the_module.refresh_from_db()
    return published_for_the_module


@pytest.fixture
def audit_fails(monkeypatch):
    """The protection ends with one hidden count still narrowed to a single value."""
    real = publication.release_protect

    def protect(release, **options):
        report = real(release, **options)
        terms = ((0, 1.0),)
        report.forms[terms] = FormAudit(terms, 3.0, 3.0, 3.0, exact=True, passed=False)
        return report

    monkeypatch.setattr(publication, "release_protect", protect)


def test_a_successful_recompute_records_its_audit_and_hides_beyond_the_small_counts(published):
    audit = published.disclosure_audit

    assert audit["passed"] is True
    assert audit["failure_count"] == 0
    assert audit["counts_audited"] > 0
    assert (
        audit["hidden_primary"]
        == MeasureResult.objects.filter(suppression_reason__in=["small_count", "small_complement"]).count()
        + audit_closure_primaries()
    )
    assert published.population_disclosure_audit["passed"] is True


def audit_closure_primaries() -> int:
    hidden = 0
    for row in MeasureResult.objects.filter(stratum="all", measure__code="requests-first-service"):
        for entry in (row.details.get("closure_reasons") or {}).values():
            hidden += entry["suppressed"] and 1 <= entry["count"] <= 10
    return hidden


def test_a_recompute_whose_release_fails_the_audit_publishes_nothing_new(published, audit_fails):
    before = set(MeasureResult.objects.values_list("pk", "computation_id"))

    failed = measures_recompute(trigger="manual")

    assert failed.status == ComputationStatus.FAILED
    assert failed.message.startswith("DisclosureAuditFailed: The public release did not pass the disclosure audit")
    assert failed.disclosure_audit["passed"] is False
    assert set(MeasureResult.objects.values_list("pk", "computation_id")) == before, "the last release stays"


def test_a_breakdown_whose_release_fails_the_audit_is_not_stored(published, monkeypatch):
    computation = measures_recompute(trigger="manual")
    summary = {"passed": False, "failure_count": 1, "failures": [{"count": "a count", "lower": 3, "upper": 3}]}

    def fails(rows, **options):
        raise publication.DisclosureAuditFailed(summary)

    monkeypatch.setattr(populations, "release_protect_rows", fails)

    computation = population_results_recompute(computation=computation)

    assert computation.population_status == PopulationStatus.FAILED
    assert "did not pass the disclosure audit" in computation.population_message
    assert computation.population_disclosure_audit == summary
    assert not PopulationResult.objects.filter(computation=computation).exists()
    assert PopulationResult.objects.filter(computation=published).exists(), "the last breakdown stays"


def test_the_command_prints_the_audit_of_the_release_and_passes(published, capsys):
    call_command("disclosure_audit")

    out = capsys.readouterr().out
    assert f"Release of computation {published.pk}" in out
    assert "groups to their total" in out
    assert "populations to everyone" in out
    assert "Passed: no hidden count can be narrowed to fewer than six values." in out


def test_the_command_fails_when_a_small_count_is_shown(published):
    row = MeasureResult.objects.filter(suppression_reason="small_count", stratum="race_ethnicity").first()
    MeasureResult.objects.filter(pk=row.pk).update(suppressed=False, suppression_reason="")

    with pytest.raises(CommandError, match="can be narrowed below six values"):
        call_command("disclosure_audit")


def test_population_rows_come_from_one_audited_release(published):
    assert PopulationResult.objects.filter(computation=published).exists()
    assert (
        not PopulationResult.objects.filter(suppressed=False, numerator__gte=1, numerator__lte=10)
        .exclude(stratum="all")
        .exclude(measure__code__in=["penetration-rate", "approved-dollars-per-client", "approved-dollars-per-eligible"])
        .exists()
    )


def test_an_audit_report_fails_with_any_failing_count():
    report = AuditReport()
    report.forms[((1, 1.0),)] = FormAudit(((1, 1.0),), 4.0, 0.0, 9.0, passed=True)
    assert report.passed
    report.forms[((2, 1.0),)] = FormAudit(((2, 1.0),), 4.0, 4.0, 4.0, passed=False)
    assert not report.passed
