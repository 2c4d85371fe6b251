"""What the benchmarks share: the bench database, Django set-up, the synthetic files and measured child runs.

Each benchmark runs its measured step in a fresh Python process (the script calls itself), so the
step's peak memory (``ru_maxrss``) is its own. The child prints one line starting with
``RESULT_MARKER`` followed by JSON; ``child_run`` starts it and reads that line back.
"""

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARKER = "BENCH-RESULT "
# The synthetic county of both benchmarks: 24 months from January 2024, one seed.
WINDOW_MONTHS = 24
WINDOW_START = dt.date(2024, 1, 1)
SEED = 2026


# --- environment -----------------------------------------------------------------------------------------------


def django_setup(database_url: str, media_root: Path) -> None:
    """Settings for a run: local settings on the bench database, DEBUG off (no query log), files in a temp dir."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "qic.settings.local"
    os.environ["DATABASE_URL"] = database_url
    # DEBUG keeps every SQL statement in memory; the baseline's inserts would count against its peak memory.
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # The import keeps a copy of each uploaded file until it is loaded; keep those out of the work tree.
    os.environ["QIC_MEDIA_ROOT"] = str(media_root)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    ``VmHWM`` from ``/proc/self/status`` where there is one: Linux carries ``ru_maxrss`` over
    ``execve`` from the process that was replaced, so a child started by a parent that once held
    1.8 GB reports at least that much there.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def database_name(database_url: str) -> str:
    name = urlsplit(database_url).path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to use database {name!r} for a benchmark; give a bench database in --database-url.")
    return name


def _admin_connection(database_url: str):
    import psycopg2

    connection = psycopg2.connect(urlunsplit(urlsplit(database_url)._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def database_exists(database_url: str) -> bool:
    name = database_name(database_url)
    connection = _admin_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def database_recreate(database_url: str) -> None:
    from psycopg2 import sql

    name = database_name(database_url)
    connection = _admin_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def database_migrate() -> None:
    """Create the schema and the default code lists in a fresh bench database."""
    from django.core.management import call_command

    from measures.services import code_lists_load_defaults

    call_command("migrate", verbosity=0)
    code_lists_load_defaults()


def data_tables() -> list[str]:
    from measures.imports.formats import SPECS
    from measures.models import ImportBatch, ImportUpload

    return [spec.model._meta.db_table for spec in SPECS.values()] + [
        ImportBatch._meta.db_table,
        ImportUpload._meta.db_table,
    ]


def database_reset() -> None:
    """Empty the service-data and import tables and flush dirty pages, so every run starts alike."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(data_tables())} RESTART IDENTITY CASCADE")
        cursor.execute("CHECKPOINT")


def machine_facts() -> dict[str, str]:
    from django.db import connection

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size", "synchronous_commit"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": postgres,
        "postgresql settings": ", ".join(f"{name}={value}" for name, value in settings.items()),
    }


# --- data --------------------------------------------------------------------------------------------------------


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for _line in handle) - 1, 0)


def trim_csv(path: Path, rows: int) -> None:
    """Keep the header and the first ``rows`` rows (the generator writes one row per line)."""
    trimmed = path.with_suffix(".trim")
    with path.open("rb") as source, trimmed.open("wb") as target:
        for number, line in enumerate(source):
            if number > rows:
                break
            target.write(line)
    trimmed.replace(path)


def files_generate(out_dir: Path, requests: int, kinds: Collection[str] = ("clients", "requests")) -> dict[str, int]:
    """Write ``<kind>.csv`` for ``kinds`` with exactly ``requests`` request rows; return row counts.

    The client count is chosen from clients and requests alone (the generator's ``only`` does not
    change what it writes), so the other kinds come from the same county of clients.
    """
    from measures.synthetic import KINDS, county_write

    meta_path = out_dir / "bench-files.json"
    wanted = {"requests": requests, "seed": SEED, "months": WINDOW_MONTHS, "start": WINDOW_START.isoformat()}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if {key: meta.get(key) for key in wanted} == wanted and set(kinds) <= set(meta["counts"]):
            print(f"Reusing the files in {out_dir}")
            return {kind: meta["counts"][kind] for kind in KINDS if kind in meta["counts"]}
    clients = max(int(requests / 1.2) + 100, 10)
    window = {"months": WINDOW_MONTHS, "seed": SEED, "start": WINDOW_START}
    while True:
        counts = county_write(out_dir=out_dir, clients=clients, only=["clients", "requests"], **window)
        if counts["requests"] >= requests:
            break
        clients = int(clients * requests / max(counts["requests"], 1) * 1.02) + 100
    if counts["requests"] > requests:
        trim_csv(out_dir / "requests.csv", requests)
    others = [kind for kind in KINDS if kind in kinds and kind not in {"clients", "requests"}]
    if others:
        county_write(out_dir=out_dir, clients=clients, only=others, **window)
    counts = {kind: count_rows(out_dir / f"{kind}.csv") for kind in KINDS if kind in {*kinds, "clients", "requests"}}
    if counts["requests"] != requests:
        raise SystemExit(f"Generated {counts['requests']} request rows, wanted {requests}.")
    meta_path.write_text(json.dumps({**wanted, "counts": counts}))
    return counts


# --- measured child runs ---------------------------------------------------------------------------------------


def child_run(script: Path, arguments: list[str], *, what: str) -> dict:
    """Run ``script`` with ``arguments`` in a fresh Python process and return its result line's JSON."""
    command = [sys.executable, str(script), *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    result = None
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            result = json.loads(line.removeprefix(RESULT_MARKER))
    if completed.returncode != 0 or result is None:
        sys.stderr.write(completed.stdout[-5000:] + completed.stderr[-5000:])
        raise SystemExit(f"The {what} run failed (exit code {completed.returncode}).")
    return result


def child_report(result: dict) -> None:
    """The child's side of ``child_run``: print the result line."""
    print(RESULT_MARKER + json.dumps(result, default=str), flush=True)
