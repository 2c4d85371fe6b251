"""Dashboard load benchmark: the wait-time and equity dashboards served by gunicorn under concurrent load.

Uses the county the recompute benchmark loads (run ``bench/compute_bench.py --reuse`` first, or let
this script recompute when the database holds no results), starts gunicorn with production settings
on PostgreSQL with a Redis cache shared by its workers, as in docker-compose.yml, and sends the
dashboards' pages from concurrent clients for a fixed time, public and as a director, with and
without filters. It prints requests per second, the median and 95th percentile latency, and errors. The load comes
from ``wrk`` (Debian's package) when it is installed, otherwise from Python threads.

    .venv/bin/python bench/dashboard_bench.py                   # 20 clients for 60 seconds
    .venv/bin/python bench/dashboard_bench.py --clients 20 --seconds 60 --workers 3 --python-client

Target (issue 5), on a 2-core machine: median under 100 ms, p95 under 300 ms, no errors.
"""

import argparse
import http.client
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, database_migrate, django_setup, machine_facts

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qic_compute_bench"
TARGET_MEDIAN_MS = 100
TARGET_P95_MS = 300
# What a council meeting looks at: both dashboards, the defaults and the filters people change.
PATHS = [
    "/data/dashboards/wait-times/",
    "/data/dashboards/wait-times/?period=month&population=",
    "/data/dashboards/wait-times/?period=quarter&population=program%3Aadult_north",
    "/data/dashboards/wait-times/?period=fiscal_year&population=age_group%3A21_64",
    "/data/dashboards/equity/",
    "/data/dashboards/equity/?period=month&stratum=language&measure=routine-non-psychiatry-offered-10-days",
    "/data/dashboards/equity/?period=quarter&stratum=age_group&measure=follow-up-7-days",
    "/data/dashboards/equity/?period=fiscal_year&stratum=limited_english&measure=penetration-rate",
    "/data/dashboards/equity/?period=quarter&population=age_group%3A21_64&stratum=race_ethnicity",
    "/data/dashboards/equity/?period=fiscal_year&population=program%3Aadult_north&stratum=language",
]


def director_session() -> str:
    """A signed-in director's session key, made directly (no login form, so no throttling in the way)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from qic.accounts.services import roles_sync, user_assign_role
    from qic.roles import Role

    roles_sync()
    user, _created = get_user_model().objects.get_or_create(username="bench_director")
    user_assign_role(user=user, role=Role.DIRECTOR)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def results_ready() -> None:
    from measures.compute.services import measures_recompute
    from measures.models import MeasureComputation

    if not MeasureComputation.objects.filter(status="succeeded").exists():
        print("No results stored yet: recomputing once (see bench/compute_bench.py for its timing)", flush=True)
        assert measures_recompute(trigger="manual").status == "succeeded"


def gunicorn_start(database_url: str, port: int, workers: int, cache_url: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qic.settings.production",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_CACHE_URL": cache_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable, "-m", "gunicorn", "qic.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    # Production serves hashed static files from STATIC_ROOT (whitenoise's manifest), as the image does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )
    process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def fetch(connection: http.client.HTTPConnection, path: str, cookie: str | None) -> tuple[int, float]:
    headers = {"Accept-Language": "en", "Cookie": f"sessionid={cookie}"} if cookie else {"Accept-Language": "en"}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status, (time.perf_counter() - started) * 1000


def load(port: int, *, clients: int, seconds: float, cookie: str) -> tuple[list[float], dict[str, list[float]], int]:
    """``clients`` threads, each on its own keep-alive connection, cycling through every page as the
    public and as a director until the time is up. Returns latencies (ms), latencies per page, errors."""
    variants = [(path, None) for path in PATHS] + [(path, cookie) for path in PATHS]
    latencies: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = offset
        while time.monotonic() < stop_at:
            path, session = variants[index % len(variants)]
            index += 1
            try:
                status, elapsed = fetch(connection, path, session)
            except (OSError, http.client.HTTPException):
                status, elapsed = 0, 0.0
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                if status != 200:
                    errors += 1
                else:
                    latencies.append(elapsed)
                    by_page.setdefault(f"{'director' if session else 'public'} {path}", []).append(elapsed)

    threads = [threading.Thread(target=client, args=(offset,)) for offset in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, by_page, errors


WRK_SCRIPT = """
local paths = {%(paths)s}
local cookie = "%(cookie)s"
local counter = 0
request = function()
  counter = counter + 1
  local index = counter %% (2 * #paths)
  local headers = {["Accept-Language"] = "en"}
  if index >= #paths then headers["Cookie"] = "sessionid=" .. cookie end
  return wrk.format("GET", paths[(index %% #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-RESULT %%d %%d %%d %%f %%f %%f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def load_with_wrk(port: int, *, clients: int, seconds: float, cookie: str) -> dict:
    """The same mix from wrk (C, two threads), which leaves the cores to the server far more than Python would."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{path}"' for path in PATHS), "cookie": cookie})
    try:
        completed = subprocess.run(  # noqa: S603
            [shutil.which("wrk"), "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "30s", "-s", str(script),
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        script.unlink()
    line = next(line for line in completed.stdout.splitlines() if line.startswith("WRK-RESULT"))
    requests, errors, duration_us, median, p95, p99 = line.split()[1:]
    return {
        "requests": int(requests),
        "errors": int(errors),
        "seconds": int(duration_us) / 1e6,
        "median": float(median),
        "p95": float(p95),
        "p99": float(p99),
    }


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a database holding the county")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the image's WEB_CONCURRENCY is 2)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/13", help="the cache the workers share")
    parser.add_argument("--python-client", action="store_true", help="load from Python threads even if wrk is there")
    args = parser.parse_args(argv)

    # The director's session is made here and read by gunicorn: both sign with the same key.
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(60)
    with tempfile.TemporaryDirectory(prefix="qic-dashboard-bench-") as folder:
        django_setup(args.database_url, Path(folder))
        database_migrate()
        results_ready()
        cookie = director_session()
        from measures.models import AccessRequest, MeasureResult

        requests, results = AccessRequest.objects.count(), MeasureResult.objects.count()
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()  # start cold: the first requests build the figures

        server = gunicorn_start(args.database_url, args.port, args.workers, args.cache_url)
        try:
            cold = {}
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            for path in PATHS:
                for who, session in (("public", None), ("director", cookie)):
                    status, elapsed = fetch(connection, path, session)
                    if status != 200:
                        raise SystemExit(f"{who} {path} answered {status}")
                    cold[f"{who} {path}"] = elapsed
            if shutil.which("wrk") and not args.python_client:
                figures = load_with_wrk(args.port, clients=args.clients, seconds=args.seconds, cookie=cookie)
                by_page = {}
            else:
                latencies, by_page, errors = load(args.port, clients=args.clients, seconds=args.seconds, cookie=cookie)
                figures = {
                    "requests": len(latencies),
                    "errors": errors,
                    "seconds": args.seconds,
                    "median": statistics.median(latencies),
                    "p95": percentile(latencies, 95),
                    "p99": percentile(latencies, 99),
                }
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    facts = machine_facts()
    print("\n" + "=" * 100)
    for name, value in facts.items():
        print(f"{name:>20}: {value}")
    print(f"\nCounty: {requests:,} access requests; {results:,} stored results")
    print(f"gunicorn: {args.workers} sync workers, production settings, Redis cache; {args.clients} clients")
    print("\nFirst request of each page (builds and caches its figures):")
    for page, elapsed in cold.items():
        print(f"  {elapsed:8.0f} ms  {page}")
    median, p95, errors = figures["median"], figures["p95"], figures["errors"]
    client = "wrk, 2 threads" if not by_page else "Python threads, one keep-alive connection each"
    rate = figures["requests"] / figures["seconds"]
    print(f"\nUnder load for {figures['seconds']:.0f} s ({client}): {figures['requests']:,} requests, {rate:.1f}/s")
    print(f"  median {median:.1f} ms, p95 {p95:.1f} ms, p99 {figures['p99']:.1f} ms, errors {errors}")
    if by_page:
        print("\nMedian per page:")
        for page, values in sorted(by_page.items()):
            print(f"  {statistics.median(values):8.1f} ms  {page}")
    met = median < TARGET_MEDIAN_MS and p95 < TARGET_P95_MS and errors == 0
    print(
        f"\nTarget (median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms, no errors): {'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
