"""A real Celery worker for the tests that kill one mid-run (tests/measures/test_worker_killed.py).

Test-only: nothing in QIC reads these variables. Run as ``python -m tests.measures.stalling_worker``:

- ``QIC_TEST_QUEUE``: the worker's own queue, so that no other worker on this Redis takes its tasks;
- ``QIC_TEST_QUEUE_FOR_FOLLOW_ONS``: where the tasks it queues go (the breakdown after a recompute, say):
  its own queue, or one nobody reads, which the test drops;
- ``QIC_TEST_STALL``: ``recompute`` or ``breakdown`` makes that job stop half way (its run recorded as
  running, nothing written yet), create the file ``QIC_TEST_STALL_FLAG`` and wait to be killed;
- ``QIC_TEST_REDELIVER_AFTER``: seconds after which Redis hands a dead worker's message to this one
  (the visibility timeout), checked every second; production waits longer than any run.
"""

import os
import time

import django

django.setup()

from measures.compute import populations, services  # noqa: E402 (after django.setup)
from qic.celery import app  # noqa: E402


def _stall(*args, **kwargs):
    with open(os.environ["QIC_TEST_STALL_FLAG"], "w"):
        pass
    time.sleep(600)


STALL = os.environ.get("QIC_TEST_STALL", "")
if STALL == "recompute":
    services._release_protect = _stall  # the step after reading and computing: "protecting"
elif STALL == "breakdown":
    populations.population_results_compute = _stall
elif STALL:
    raise SystemExit(f"QIC_TEST_STALL: unknown job {STALL!r}")

queue = os.environ["QIC_TEST_QUEUE"]
app.conf.task_default_queue = os.environ.get("QIC_TEST_QUEUE_FOR_FOLLOW_ONS") or queue
if os.environ.get("QIC_TEST_REDELIVER_AFTER"):
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,  # the run's key prefix among them (qic/settings/test.py)
        "visibility_timeout": float(os.environ["QIC_TEST_REDELIVER_AFTER"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
app.worker_main(
    [
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--queues",
        queue,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
)
