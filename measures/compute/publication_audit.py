"""The audit of what the public can see now: the stored release of the latest computation, as a whole.

``manage.py disclosure_audit`` calls :func:`current_release_audit`; the recompute and the breakdown
audit their releases before storing them (:mod:`measures.compute.publication`).
"""

from measures.compute.publication import RELEASE_FIELDS
from measures.compute.strata import strata_nestings
from measures.disclosure.audit import audit_summary, release_audit
from measures.disclosure.release import release_build
from measures.models import ComputationStatus, MeasureComputation, MeasureResult, PopulationResult, PopulationStatus

FIELDS = ("measure__code", *RELEASE_FIELDS)


def current_release_audit(*, exact: bool = False) -> tuple[MeasureComputation | None, dict]:
    """(the computation the public sees, the audit summary of everything it publishes)."""
    computation = (
        MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED).order_by("-finished_at", "-id").first()
    )
    if computation is None:
        return None, {}
    everyone = [("", row.pop("measure__code"), row) for row in MeasureResult.objects.values(*FIELDS)]
    nestings = strata_nestings()
    release = release_build(everyone, nestings=nestings)
    summary = audit_summary(release, release_audit(release, exact=exact))
    populations = []
    if computation.population_status == PopulationStatus.SUCCEEDED:
        for row in PopulationResult.objects.filter(computation=computation).values(
            "population_stratum", "population_group", *FIELDS
        ):
            population = f"{row.pop('population_stratum')}:{row.pop('population_group')}"
            populations.append((population, row.pop("measure__code"), row))
    if populations:
        # Everyone's figures together with the breakdown: the counts of the breakdown, and everyone's
        # counts of the same measures and periods (the only ones the breakdown is related to).
        whole = release_build(everyone + populations, nestings=nestings)
        reach = {(c.key[1], c.key[2], c.key[3]) for c in whole.cells if c.key[0]}
        forms = whole.sensitive_forms(lambda cell: (cell.key[1], cell.key[2], cell.key[3]) in reach)
        summary = summaries_merge(summary, audit_summary(whole, release_audit(whole, forms, exact=exact)))
    return computation, summary


def summaries_merge(everyone: dict, both: dict) -> dict:
    """One summary of everyone's release and of everyone's with the breakdown (counts not repeated)."""
    merged = dict(both)
    for key in ("counts_audited", "bounded_one_by_one", "programmes", "seconds"):
        merged[key] = everyone[key] + both[key]
    merged["passed"] = everyone["passed"] and both["passed"]
    merged["failures"] = everyone["failures"] + both["failures"]
    merged["failure_count"] = everyone["failure_count"] + both["failure_count"]
    narrowest = [s["narrowest"] for s in (everyone, both) if s["narrowest"]]
    merged["narrowest"] = min(narrowest, key=_width, default=None)
    return merged


def _width(form: dict) -> float:
    lower = form["lower"] if form["lower"] is not None else form["value"]
    return form["upper"] - lower
