"""Recompute benchmark: every measure, period and stratum for a county of one million access requests.

Loads the synthetic county (all seven kinds of file, as the generator makes them) into PostgreSQL
once, then, each in a fresh subprocess so its peak memory (``ru_maxrss``) is its own:

* ``recompute``   - ``measures_recompute(trigger="bench")``: read, compute, replace the stored results;
* ``lower-bound`` - one SQL aggregate that reads the same rows once (see ``LOWER_BOUND_SQL``);
* ``populations`` (``--populations``) - the follow-on job after the recompute,
  ``population_results_recompute``: the equity dashboard's results within each age group and program.

``--check-unchanged`` compares the stored results (and disparities) before the recomputes with those
after each, field by field through a digest, to show that a change left the recompute's results alone.

Run from the project root (see bench/README.md)::

    .venv/bin/python bench/compute_bench.py              # load the county, then time the recompute
    .venv/bin/python bench/compute_bench.py --reuse      # skip the load when the database holds the county

Without ``--reuse`` the bench database is dropped and recreated: never point ``--database-url`` at a
database you want to keep.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from _common import (
    child_report,
    child_run,
    database_exists,
    database_migrate,
    database_name,
    database_recreate,
    django_setup,
    files_generate,
    machine_facts,
    peak_rss_mb,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qic_compute_bench"
TARGET_SECONDS = 30
TARGET_MB = 2048
# The rows the recompute reads, each with its client's strata, read once in one statement: requests,
# appointments kept or missed, stays, services. It sums one column per table and per client so that
# every row and its client row are fetched; it computes nothing. The recompute cannot be faster than
# this (it reads the services twice: visits for follow-up, all of them for penetration).
LOWER_BOUND_SQL = """
SELECT sum(rows), sum(checksum) FROM (
    SELECT count(*) AS rows, sum(r.client_id + c.birth_year + length(r.program)) AS checksum
      FROM measures_accessrequest r JOIN measures_client c ON c.id = r.client_id
    UNION ALL
    SELECT count(*), sum(a.client_id + c.birth_year + length(a.program))
      FROM measures_appointment a JOIN measures_client c ON c.id = a.client_id
     WHERE a.status IN ('kept', 'no_show')
    UNION ALL
    SELECT count(*), sum(h.client_id + c.birth_year + length(h.facility_type))
      FROM measures_hospitalization h JOIN measures_client c ON c.id = h.client_id
    UNION ALL
    SELECT count(*), sum(s.client_id + c.birth_year + s.approved_amount)
      FROM measures_service s JOIN measures_client c ON c.id = s.client_id
) AS parts
"""


# --- loading -----------------------------------------------------------------------------------------------------


def county_loaded(database_url: str) -> dict | None:
    """The counts recorded by a completed load of this database, or ``None``."""
    if not database_exists(database_url):
        return None
    import psycopg2

    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
            )
            comment = cursor.fetchone()[0]
    finally:
        connection.close()
    try:
        return json.loads(comment) if comment else None
    except ValueError:
        return None


def registry_load() -> None:
    """The framework and the measure pack: the recompute computes the active measures."""
    from aims.services import framework_fixture_load
    from measures.services import measure_registry_load_defaults

    framework_fixture_load(force=True)
    measure_registry_load_defaults()


def county_load(database_url: str, files: Path, counts: dict[str, int]) -> float:
    """Import every file in one upload, vacuum and analyse, and record the counts on the database."""
    from django.db import connection

    from measures.imports.services import import_files
    from measures.models import ImportSource
    from measures.signals import service_data_changed

    # The import would run a recompute once it commits (jobs are in-process without a broker); the
    # benchmark runs its own, in a fresh process.
    service_data_changed.disconnect(dispatch_uid="measures-recompute-on-data")
    started = time.perf_counter()
    upload = import_files(paths=[(kind, files / f"{kind}.csv") for kind in counts], source=ImportSource.COMMAND)
    if upload.status != "loaded":
        raise SystemExit(f"The county did not load: {upload.status} {upload.message} {upload.errors[:5]}")
    with connection.cursor() as cursor:
        # As autovacuum would leave the tables some minutes later: statistics and the visibility map.
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
        cursor.execute(
            f"COMMENT ON DATABASE {connection.ops.quote_name(database_name(database_url))} IS %s",
            [json.dumps(counts)],
        )
    return time.perf_counter() - started


# --- the measured runs (in a subprocess each) ------------------------------------------------------------------


class Profile:
    """Exclusive wall time per label, from wrappers around the recompute's own functions."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.stack: list[list] = []

    @contextmanager
    def part(self, label: str):
        started = time.perf_counter()
        self.stack.append([label, 0.0])
        try:
            yield
        finally:
            _label, inner = self.stack.pop()
            spent = time.perf_counter() - started
            self.seconds[label] += spent - inner
            if self.stack:
                self.stack[-1][1] += spent

    def wrap(self, owner, name: str, label) -> None:
        """Replace ``owner.name`` with a timed version; ``label`` is a string or a function of the arguments."""
        original = getattr(owner, name, None)
        if original is None:
            return

        @wraps(original)
        def timed(*args, **kwargs):
            with self.part(label if isinstance(label, str) else label(args, kwargs)):
                return original(*args, **kwargs)

        setattr(owner, name, timed)


def _family(_args: tuple, kwargs: dict) -> str:
    from measures.compute import services

    code = kwargs.get("measure", "")
    for family, codes in (
        ("compute: timeliness %", services.TIMELINESS_MEASURES),
        ("compute: waits", services.WAIT_MEASURES),
        ("compute: no-shows", services.NO_SHOW_MEASURES),
        ("compute: follow-up and readmission", services.DISCHARGE_MEASURES),
    ):
        if code in codes:
            return family
    return "compute: penetration and dollars" if "penetration" in code or "dollars" in code else f"compute: {code}"


def _model_read(args: tuple, kwargs: dict) -> str:
    queryset = args[0] if args else kwargs["queryset"]
    return f"read: {queryset.model._meta.verbose_name_plural}"


def profile_install() -> Profile:
    """Time the recompute's parts by wrapping the functions ``measures.compute.services`` calls."""
    from measures.compute import services

    profile = Profile()
    for name in ("_requests_frame", "_appointments_frame", "_calendar", "_visits_frame", "_services_frame"):
        profile.wrap(services, name, f"read: {name.strip('_').removesuffix('_frame')}")
    profile.wrap(services, "_frame", _model_read)
    profile.wrap(services, "request_waits", "compute: timeliness %")
    for name in ("proportion_results", "wait_results", "ratio_results"):
        profile.wrap(services, name, _family)
    profile.wrap(services, "_discharge_results", "compute: follow-up and readmission")
    profile.wrap(services, "_service_use_results", "compute: penetration and dollars")
    profile.wrap(services, "_for_storage", "results to rows")
    profile.wrap(services, "_compute_all", "other (measure list, as-of date, selections)")
    profile.wrap(services, "_results_replace", "write: delete + insert")
    profile.wrap(services, "release_protect_rows", "disclosure: secondary suppression and audit")
    return profile


def run_recompute() -> dict:
    from django.db import connection

    from measures.compute.services import measures_recompute
    from measures.models import MeasureResult

    profile = profile_install()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # connect before the clock starts
    load = os.getloadavg()[0]
    cpu = time.process_time()
    started = time.perf_counter()
    with profile.part("commit, lock, computation record"):
        computation = measures_recompute(trigger="bench")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        # Python's own CPU time (PostgreSQL's is not in it) and the machine's load before the run:
        # on a shared machine the wall time depends on what else runs.
        "cpu_seconds": time.process_time() - cpu,
        "load_before": load,
        "peak_mb": peak_rss_mb(),
        "status": computation.status if computation else "busy",
        "message": computation.message if computation else "",
        "results_written": computation.results_written if computation else 0,
        "results_stored": MeasureResult.objects.count(),
        "data_as_of": computation.data_as_of if computation else None,
        "audit": computation.disclosure_audit if computation else {},
        "profile": dict(sorted(profile.seconds.items(), key=lambda item: -item[1])),
    }


def run_populations() -> dict:
    """The follow-on job on the latest computation, with where its time went."""
    from django.db import connection

    from measures.compute import populations, services
    from measures.models import MeasureComputation, PopulationResult

    profile = profile_install()
    profile.wrap(populations, "compare_groups", "compare with the reference, summary indices")
    profile.wrap(populations, "_replace", "write: delete + insert")
    profile.wrap(populations, "_wanted_periods", "periods to compute (stored results)")
    profile.wrap(populations, "request_waits", "compute: timeliness %")
    profile.wrap(services, "discharge_outcomes", "compute: follow-up and readmission")
    profile.wrap(populations, "period_start", "windows: each row's period")
    profile.wrap(populations, "release_protect_rows", "disclosure: secondary suppression and audit")
    computation = MeasureComputation.objects.filter(status="succeeded").order_by("-finished_at", "-id").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    load = os.getloadavg()[0]
    cpu = time.process_time()
    started = time.perf_counter()
    with profile.part("other (windows, populations, selections)"):
        computation = populations.population_results_recompute(computation=computation)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "load_before": load,
        "peak_mb": peak_rss_mb(),
        "status": computation.population_status,
        "message": computation.population_message,
        "results_written": computation.population_results_written,
        "results_stored": PopulationResult.objects.count(),
        "audit": computation.population_disclosure_audit,
        "profile": dict(sorted(profile.seconds.items(), key=lambda item: -item[1])),
    }


def results_digest() -> dict:
    """A digest of every stored result and disparity, every field (floats as PostgreSQL prints them exactly)."""
    from django.db import connection

    fields = {
        "measures_measureresult": (
            'period_type, period_start, stratum, "group", numerator, denominator, value, lower, upper, details,'
            " suppressed, suppression_reason",
            'm.code, t.period_type, t.period_start, t.stratum, t."group"',
        ),
        "measures_measuredisparity": (
            "period_type, period_start, stratum, reference_group, reference_rule, groups, index_of_disparity,"
            " between_group_variance, theil, mean_log_deviation, range_ratio",
            "m.code, t.period_type, t.period_start, t.stratum",
        ),
    }
    digest = {}
    with connection.cursor() as cursor:
        for table, (columns, order) in fields.items():
            parts = ", ".join(f"coalesce(t.{column.strip()}::text, '<null>')" for column in columns.split(","))
            cursor.execute(  # the table and column names are the constants above
                f"SELECT count(*), md5(string_agg(concat_ws('|', m.code, {parts}), E'\\n' ORDER BY {order}))"  # noqa: S608
                f" FROM {table} t JOIN measures_measure m ON m.id = t.measure_id"
            )
            digest[table] = list(cursor.fetchone())
    return digest


def run_lower_bound() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        started = time.perf_counter()
        cursor.execute(LOWER_BOUND_SQL)
        rows, checksum = cursor.fetchone()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "rows": int(rows), "checksum": float(checksum)}


RUNS = {"recompute": run_recompute, "lower-bound": run_lower_bound, "populations": run_populations}


def measure(step: str, args: argparse.Namespace, media: Path) -> dict:
    arguments = ["--run-one", step, "--database-url", args.database_url, "--media-root", str(media)]
    result = child_run(Path(__file__).resolve(), arguments, what=step)
    line = f"{step}: {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB"
    if step in {"recompute", "populations"}:
        line += f", {result['status']}, {result['results_written']:,} results written"
        if result["message"]:
            line += f" ({result['message']})"
    else:
        line += f", {result['rows']:,} rows read"
    print(line, flush=True)
    return result


# --- report ------------------------------------------------------------------------------------------------------


def report(facts: dict[str, str], counts: dict[str, int], recomputes: list[dict], lower_bounds: list[dict]) -> bool:
    print("\n" + "=" * 100)
    for name, value in facts.items():
        print(f"{name:>20}: {value}")
    print("\nCounty: " + ", ".join(f"{count:,} {kind}" for kind, count in counts.items()))
    best = min(recomputes, key=lambda result: result["seconds"])
    lower = min(lower_bounds, key=lambda result: result["seconds"])
    print()
    for number, result in enumerate(recomputes, start=1):
        print(
            f"recompute run {number}: {result['seconds']:.1f} s (Python CPU {result['cpu_seconds']:.1f} s, "
            f"load average before {result['load_before']:.2f}), peak {result['peak_mb']:.0f} MB, "
            f"{result['results_written']:,} results written (data as of {result['data_as_of']})"
        )
    if len(recomputes) > 1:
        print(f"median of {len(recomputes)} runs: {statistics.median(r['seconds'] for r in recomputes):.1f} s")
    print(f"lower bound (one SQL aggregate, {lower['rows']:,} rows): {lower['seconds']:.2f} s")
    print(f"recompute / lower bound: {best['seconds'] / lower['seconds']:.1f}x")
    audit_report(best.get("audit") or {})
    print("\nWhere the fastest recompute's time went (exclusive seconds):")
    for label, seconds in best["profile"].items():
        print(f"  {label:<48} {seconds:6.2f}  {100 * seconds / best['seconds']:5.1f} %")
    ok = all(r["status"] == "succeeded" and r["results_written"] == r["results_stored"] > 0 for r in recomputes)
    met = ok and best["seconds"] < TARGET_SECONDS and max(r["peak_mb"] for r in recomputes) < TARGET_MB
    target = f"< {TARGET_SECONDS} s, peak < {TARGET_MB / 1024:.0f} GB"
    print(f"\nTarget ({target}), fastest run: {'met' if met else 'MISSED'}")
    return ok


def audit_report(audit: dict) -> None:
    """The disclosure audit's own figures: its time and the cells it hid beyond the primary ones."""
    if not audit:
        return
    print(
        f"disclosure audit: {'passed' if audit['passed'] else 'FAILED'} in {audit['seconds']:.1f} s "
        f"({audit['programmes']:,} linear programmes); {audit['cells']:,} cells, {audit['hidden_primary']:,} "
        f"hidden as small counts, {audit['hidden_secondary']:,} hidden beyond them (secondary), "
        f"{audit.get('withdrawn', 0):,} withdrawn; {audit['counts_audited']:,} hidden counts of 1-10 audited; "
        f"narrowest {audit['narrowest']}"
    )


def populations_report(result: dict) -> bool:
    print(
        f"\nFollow-on job (results by age group and program): {result['seconds']:.1f} s (Python CPU "
        f"{result['cpu_seconds']:.1f} s, load average before {result['load_before']:.2f}), peak "
        f"{result['peak_mb']:.0f} MB, {result['status']}, {result['results_written']:,} results written"
    )
    if result["message"]:
        print(f"  {result['message']}")
    audit_report(result.get("audit") or {})
    print("Where its time went (exclusive seconds):")
    for label, seconds in result["profile"].items():
        print(f"  {label:<48} {seconds:6.2f}  {100 * seconds / result['seconds']:5.1f} %")
    return result["status"] == "succeeded" and result["results_written"] == result["results_stored"] > 0


# --- command line ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000, help="access-request rows (default 1,000,000)")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="bench database; recreated unless --reuse")
    parser.add_argument("--reuse", action="store_true", help="skip the load when the database holds this county")
    parser.add_argument("--keep-files", type=Path, help="write the CSV files here and keep them (reused if present)")
    parser.add_argument("--runs", type=int, default=1, help="recompute runs (each in a fresh process; default 1)")
    parser.add_argument(
        "--populations", action="store_true", help="then time the follow-on job (results by age group and program)"
    )
    parser.add_argument(
        "--check-unchanged",
        action="store_true",
        help="check that each recompute stores exactly the results stored before it (by digest)",
    )
    parser.add_argument("--run-one", choices=sorted(RUNS), help=argparse.SUPPRESS)
    parser.add_argument("--media-root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.run_one:
        django_setup(args.database_url, args.media_root or Path(tempfile.mkdtemp(prefix="qic-bench-media-")))
        child_report(RUNS[args.run_one]())
        return 0

    work = Path(tempfile.mkdtemp(prefix="qic-compute-bench-"))
    try:
        media = work / "media"
        media.mkdir()
        counts = county_loaded(args.database_url) if args.reuse else None
        if counts and counts.get("requests") == args.requests:
            django_setup(args.database_url, media)
            # The schema and the measure pack may have grown since the county was loaded.
            database_migrate()
            registry_load()
            print(f"Reusing the county in {database_name(args.database_url)}", flush=True)
        else:
            database_recreate(args.database_url)
            django_setup(args.database_url, media)
            database_migrate()
            registry_load()
            files = args.keep_files or work / "files"
            files.mkdir(parents=True, exist_ok=True)
            from measures.synthetic import KINDS

            started = time.perf_counter()
            counts = files_generate(files, args.requests, kinds=KINDS)
            print(f"Files in {files} ({time.perf_counter() - started:.0f} s): {counts}", flush=True)
            seconds = county_load(args.database_url, files, counts)
            print(f"Loaded {sum(counts.values()):,} rows in {seconds:.0f} s (import, VACUUM ANALYZE)", flush=True)
        facts = machine_facts()

        lower_bounds = [measure("lower-bound", args, media)]  # also warms the page cache for the recompute
        before = results_digest() if args.check_unchanged else None
        recomputes, unchanged = [], True
        for _run in range(args.runs):
            recomputes.append(measure("recompute", args, media))
            if before is not None:
                after = results_digest()
                same = after == before
                unchanged &= same
                verdict = "unchanged" if same else "CHANGED"
                print(f"stored results {verdict}: before {before}, after {after}", flush=True)
        lower_bounds.append(measure("lower-bound", args, media))
        ok = report(facts, counts, recomputes, lower_bounds) and unchanged
        if args.populations:
            ok = populations_report(measure("populations", args, media)) and ok
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
