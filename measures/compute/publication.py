"""What the public may see of a computation: the release, protected across every linked table and audited.

The recompute and the breakdown by population call :func:`release_protect_rows` on the results they
are about to store. It writes the release down (:mod:`measures.disclosure`), hides the secondary
cells it needs (marking the result dicts ``suppressed`` with the reason ``secondary``), audits it,
and raises :class:`DisclosureAuditFailed` when a hidden count could still be narrowed: the job then
fails before writing, so the public keeps the last release that passed and staff see why.
"""

from collections.abc import Iterable

from measures.disclosure.audit import WITHDRAWN, audit_summary
from measures.disclosure.protect import release_protect
from measures.disclosure.release import release_build

#: The columns of a stored result a release reads (with the measure, by id or code).
RELEASE_FIELDS = (
    "period_type",
    "period_start",
    "stratum",
    "group",
    "numerator",
    "denominator",
    "details",
    "suppressed",
    "suppression_reason",
)


class DisclosureAuditFailed(Exception):
    """The protected release still lets a hidden count be narrowed; ``summary`` says which."""

    def __init__(self, summary: dict):
        self.summary = summary
        example = (summary.get("failures") or [{}])[0]
        super().__init__(
            f"The public release did not pass the disclosure audit: {summary['failure_count']} hidden "
            f"count(s) of 1 to 10 can be narrowed to fewer than six values (for example {example.get('count')}, "
            f"between {example.get('lower')} and {example.get('upper')}). The public keeps the last release "
            "that passed."
        )


def release_protect_rows(
    rows: Iterable[tuple[str, str, dict]], *, fixed_populations: Iterable[str] = (), nestings: dict | None = None
) -> dict:
    """Protect and audit the release of ``rows`` ((population or "", measure code, result dict)).

    Result dicts are changed in place (``suppressed`` and the reason, under ``suppression_reason``
    or ``reason``, whichever they carry). ``nestings``: the groups of the strata made of another's
    (``measures.compute.strata.strata_nestings``). Returns the audit's summary; raises
    ``DisclosureAuditFailed`` when it fails.
    """
    fixed = set(fixed_populations)
    release = release_build(rows, fixed_populations=fixed, nestings=nestings)
    only = withdraw = None
    if fixed:
        # The fixed part passed its own audit; what can change is where the new cells are: their
        # counts, and the fixed counts of the same measures and periods.
        reach = {(cell.key[1], cell.key[2], cell.key[3]) for cell in release.cells if not cell.fixed}

        def only(cell):
            return not cell.fixed or (cell.key[1], cell.key[2], cell.key[3]) in reach

        def withdraw(cell):
            return (cell.key[1], cell.key[2], cell.key[3])

    report = release_protect(release, only=only, withdraw=withdraw)
    for cell in release.cells:
        target = cell.target
        # A withdrawn cell says so even when it was already hidden: it is no longer part of the release.
        if target is None or not cell.hidden or (target.get("suppressed") and cell.reason != WITHDRAWN):
            continue
        target["suppressed"] = True
        if cell.kind == "result":
            target["suppression_reason" if "suppression_reason" in target else "reason"] = cell.reason
    summary = audit_summary(release, report)
    if not summary["passed"]:
        raise DisclosureAuditFailed(summary)
    return summary
