"""Import benchmark: one million access requests (with their clients) into PostgreSQL.

Generates a synthetic county once, then imports it in a fresh subprocess per method against a
freshly truncated database, so each run's peak memory (``ru_maxrss``) is its own:

* ``copy``     - the QIC import (streaming validation, COPY into a staging table, INSERT ... SELECT);
* ``batched``  - the QIC import with the portable writer (validation + ``bulk_create``), with ``--also-batched``;
* ``baseline`` - a naive loader: ``csv.DictReader``, model objects, ``bulk_create(batch_size=1000)``, no checks.

Run from the project root (see bench/README.md)::

    .venv/bin/python bench/import_bench.py --requests 1000000

The bench database is dropped and recreated: never point ``--database-url`` at a database you want to keep.
"""

import argparse
import csv
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    child_report,
    child_run,
    database_migrate,
    database_recreate,
    database_reset,
    django_setup,
    files_generate,
    machine_facts,
    peak_rss_mb,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qic_bench"
CHUNK = 1000
LABELS = {
    "copy": "QIC import, COPY",
    "batched": "QIC import, batched",
    "baseline": "naive bulk_create(1000)",
}


# --- the measured runs (in a subprocess each) ------------------------------------------------------------------


def run_import(files: Path, method: str) -> dict:
    from measures.imports.services import import_files
    from measures.models import ImportSource

    started = time.perf_counter()
    upload = import_files(
        paths=[("clients", files / "clients.csv"), ("requests", files / "requests.csv")],
        source=ImportSource.COMMAND,
        method=method,
    )
    seconds = time.perf_counter() - started
    result = {"seconds": seconds, "status": upload.status, "errors": upload.error_count, "message": upload.message}
    if upload.started_at and upload.finished_at:
        # created_at: the upload record (start); started_at: loading claimed; finished_at: set just before COMMIT.
        before_commit = (upload.finished_at - upload.created_at).total_seconds()
        result["phases"] = {
            "store (checksum + copy of the files)": (upload.started_at - upload.created_at).total_seconds(),
            "validate + stage + check + INSERT": (upload.finished_at - upload.started_at).total_seconds(),
            "COMMIT (deferred FK checks) + clean-up": seconds - before_commit,
        }
    if upload.errors:
        result["first_errors"] = upload.errors[:5]
    return result


def _bool(text: str) -> bool:
    return text.strip().lower() in {"true", "t", "yes", "y", "1"}


def _chunks(reader, size: int = CHUNK):
    chunk = []
    for row in reader:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_baseline(files: Path) -> dict:
    """The naive loader: DictReader, model objects, bulk_create in batches of 1,000, no validation."""
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from measures.imports.validation import ENGLISH_OR_UNKNOWN, HISPANIC_GROUP, CodeBook
    from measures.models import (
        AccessRequest,
        BatchStatus,
        Client,
        DataKind,
        ImportBatch,
        ImportSource,
        ImportUpload,
        UploadStatus,
    )

    zone = ZoneInfo(settings.TIME_ZONE)

    def local(text: str):
        return dt.datetime.fromisoformat(text).replace(tzinfo=zone) if text else None

    started = time.perf_counter()
    codebook = CodeBook.load()
    upload = ImportUpload.objects.create(source=ImportSource.COMMAND, status=UploadStatus.WRITING)
    batches = {
        kind: ImportBatch.objects.create(
            upload=upload,
            kind=kind,
            file_name=f"{kind}.csv",
            size_bytes=(files / f"{kind}.csv").stat().st_size,
            sha256=f"baseline-{kind}",
        )
        for kind in (DataKind.CLIENTS, DataKind.REQUESTS)
    }
    client_ids: dict[str, int] = {}
    written = {"clients": 0, "requests": 0}
    with transaction.atomic():
        batch_id = batches[DataKind.CLIENTS].pk
        with (files / "clients.csv").open(newline="", encoding="utf-8") as handle:
            for chunk in _chunks(csv.DictReader(handle)):
                objects = []
                for row in chunk:
                    hispanic = _bool(row["hispanic_latino"])
                    language = row["primary_language"]
                    threshold = row.get("threshold_language") or ""
                    limited = row.get("limited_english") or ""
                    objects.append(
                        Client(
                            batch_id=batch_id,
                            client_key=row["client_key"],
                            birth_year=int(row["birth_year"]) if row.get("birth_year") else None,
                            age_group=row.get("age_group") or "",
                            gender=row["gender"],
                            hispanic_latino=hispanic,
                            race=row["race"],
                            race_ethnicity=HISPANIC_GROUP if hispanic else codebook.race_group[row["race"]],
                            primary_language=language,
                            threshold_language=_bool(threshold)
                            if threshold
                            else language in codebook.threshold_languages,
                            limited_english=_bool(limited) if limited else language not in ENGLISH_OR_UNKNOWN,
                            region=row.get("region") or "",
                        )
                    )
                Client.objects.bulk_create(objects, batch_size=CHUNK)
                client_ids.update((client.client_key, client.pk) for client in objects)
                written["clients"] += len(objects)
        batch_id = batches[DataKind.REQUESTS].pk
        with (files / "requests.csv").open(newline="", encoding="utf-8") as handle:
            for chunk in _chunks(csv.DictReader(handle)):
                objects = []
                for row in chunk:
                    requested = local(row["request_datetime"])
                    rendered = row.get("first_rendered_date") or ""
                    objects.append(
                        AccessRequest(
                            batch_id=batch_id,
                            request_id=row["request_id"],
                            client_id=client_ids[row["client_key"]],
                            request_datetime=requested,
                            request_date=requested.date(),
                            urgency=row["urgency"],
                            prior_auth_required=_bool(row["prior_auth_required"]),
                            service_line=row["service_line"],
                            first_offered_datetime=local(row.get("first_offered_datetime") or ""),
                            first_rendered_date=dt.date.fromisoformat(rendered) if rendered else None,
                            program=row["program"],
                            closure_reason=row.get("closure_reason") or "",
                            delay_reason=row.get("delay_reason") or "",
                        )
                    )
                AccessRequest.objects.bulk_create(objects, batch_size=CHUNK)
                written["requests"] += len(objects)
        now = timezone.now()
        for kind, batch in batches.items():
            batch.rows_written = batch.rows_total = written[kind]
            batch.status = BatchStatus.LOADED
            batch.loaded_at = now
            batch.save()
        upload.rows_total = upload.rows_written = sum(written.values())
        upload.status = UploadStatus.LOADED
        upload.finished_at = now
        upload.save()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "status": upload.status, "errors": 0, "message": ""}


def run_one(method: str, files: Path, expected: dict[str, int]) -> dict:
    from measures.models import AccessRequest, Client

    result = run_import(files, method) if method in {"copy", "batched"} else run_baseline(files)
    result["peak_mb"] = peak_rss_mb()
    result["clients"] = Client.objects.count()
    result["requests"] = AccessRequest.objects.count()
    result["ok"] = (
        result["status"] == "loaded"
        and result["clients"] == expected["clients"]
        and result["requests"] == expected["requests"]
    )
    return result


def measure(method: str, args: argparse.Namespace, files: Path, counts: dict[str, int], media: Path) -> dict:
    """Run one method in a fresh Python process and read its result line."""
    database_reset()
    arguments = [
        "--run-one",
        method,
        "--database-url",
        args.database_url,
        "--files",
        str(files),
        "--expect",
        f"{counts['clients']},{counts['requests']}",
        "--media-root",
        str(media),
    ]
    print(f"\n== {LABELS[method]} ==", flush=True)
    wall = time.perf_counter()
    result = child_run(Path(__file__).resolve(), arguments, what=method)
    wall = time.perf_counter() - wall
    result["method"] = method
    result["process_seconds"] = wall
    total = result["clients"] + result["requests"]
    print(
        f"status={result['status']} clients={result['clients']:,} requests={result['requests']:,} "
        f"seconds={result['seconds']:.1f} requests/s={result['requests'] / result['seconds']:,.0f} "
        f"rows/s={total / result['seconds']:,.0f} peak={result['peak_mb']:.0f} MB",
        flush=True,
    )
    for phase, seconds in result.get("phases", {}).items():
        print(f"  {phase}: {seconds:.1f} s")
    if not result["ok"]:
        print(f"  NOT OK: {result.get('message')} {result.get('first_errors', '')}")
    return result


# --- report ------------------------------------------------------------------------------------------------------


def report(results: list[dict], facts: dict[str, str]) -> None:
    print("\n" + "=" * 100)
    for name, value in facts.items():
        print(f"{name:>20}: {value}")
    print()
    header = (
        f"{'method':<26} {'clients':>9} {'requests':>10} {'seconds':>8} {'requests/s':>11} {'rows/s':>9} "
        f"{'peak MB':>8} {'ok':>3}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        total = result["clients"] + result["requests"]
        print(
            f"{LABELS[result['method']]:<26} {result['clients']:>9,} {result['requests']:>10,} "
            f"{result['seconds']:>8.1f} {result['requests'] / result['seconds']:>11,.0f} "
            f"{total / result['seconds']:>9,.0f} {result['peak_mb']:>8.0f} {'yes' if result['ok'] else 'NO':>3}"
        )
    by_method = {result["method"]: result for result in results}
    copy = by_method.get("copy")
    if copy:
        print()
        target = "met" if copy["seconds"] < 60 and copy["peak_mb"] < 1024 else "MISSED"
        print(f"Target (1M requests < 60 s, peak < 1 GB) for the COPY import: {target}")
        for other in ("baseline", "batched"):
            if other in by_method:
                print(f"COPY import vs {LABELS[other]}: {by_method[other]['seconds'] / copy['seconds']:.1f}x faster")


# --- command line ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000, help="access-request rows (default 1,000,000)")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="bench database; dropped and recreated")
    parser.add_argument("--keep-files", type=Path, help="write the CSV files here and keep them (reused if present)")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run the naive bulk_create baseline")
    parser.add_argument("--also-batched", action="store_true", help="also run the import with method='batched'")
    parser.add_argument("--run-one", choices=sorted(LABELS), help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--expect", help=argparse.SUPPRESS)
    parser.add_argument("--media-root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.run_one:
        django_setup(args.database_url, args.media_root or Path(tempfile.mkdtemp(prefix="qic-bench-media-")))
        clients, requests = (int(part) for part in args.expect.split(","))
        result = run_one(args.run_one, args.files, {"clients": clients, "requests": requests})
        child_report(result)
        return 0

    work = Path(tempfile.mkdtemp(prefix="qic-bench-"))
    try:
        media = work / "media"
        media.mkdir()
        database_recreate(args.database_url)
        django_setup(args.database_url, media)
        database_migrate()
        facts = machine_facts()

        files = args.keep_files or work / "files"
        files.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        counts = files_generate(files, args.requests)
        sizes = {kind: (files / f"{kind}.csv").stat().st_size / 1e6 for kind in counts}
        print(
            f"Files in {files}: {counts['clients']:,} clients ({sizes['clients']:.0f} MB), "
            f"{counts['requests']:,} requests ({sizes['requests']:.0f} MB); {time.perf_counter() - started:.0f} s",
            flush=True,
        )

        methods = ["copy"] + ["batched"] * args.also_batched + ["baseline"] * (not args.skip_baseline)
        results = [measure(method, args, files, counts, media) for method in methods]
        database_reset()
        report(results, facts)
        return 0 if all(result["ok"] for result in results) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
