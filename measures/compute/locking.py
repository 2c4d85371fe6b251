"""One recompute at a time, even across processes and machines; and a lock a dead worker cannot keep.

On PostgreSQL the lock is a session-level advisory lock: the database releases it by itself when
the connection holding it closes. Advisory locks belong to the whole server, so the lock's key pairs the
database's name with the job's number: two QIC databases on one server (staging beside production, two
test runs) never wait for each other. A killed process's connection is closed by its kernel at once; a
machine that vanishes closes nothing, so the session asks the server to probe an idle client with
TCP keepalives and drop it within about two minutes (the server's default waits two hours).

Other databases (SQLite in the demo, where jobs run in-process) use an entry in the shared cache
that expires after the job lease (``QIC_JOB_LEASE_SECONDS``); the running job's heartbeat renews it
(``measures.compute.runs``), so it outlives a long run but not a dead worker by more than the lease.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection

LOCK_KEY = "qic:measures-recompute-lock"
#: The job's half of the advisory lock's key: any 32-bit number no other part of QIC uses.
ADVISORY_LOCK_ID = 0x51_4D_45_41  # "QMEA"
#: The lock's two keys: this database (PostgreSQL's own hash of its name) and the job.
ADVISORY_KEYS_SQL = "hashtext(current_database()), %s"
#: Seconds of silence before the server probes the client, between probes, and probes unanswered before it
#: drops the session (and its lock): 60 + 6 × 10 s, inside the job lease.
TCP_KEEPALIVES = {"tcp_keepalives_idle": "60", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "6"}


class HeldLock:
    """What ``recompute_lock`` yields: true when this process holds the lock, and a way to keep it."""

    def __init__(self, held: bool, *, key: str | None = None, token: str | None = None):
        self.held = held
        self.key = key
        self.token = token

    def __bool__(self) -> bool:
        return self.held

    def renew(self) -> None:
        """Push a cache lock's expiry a lease ahead, while it is still ours (an advisory lock needs nothing)."""
        if self.held and self.key is not None and cache.get(self.key) == self.token:
            cache.touch(self.key, lock_seconds())


def lock_seconds() -> int:
    return int(settings.QIC_JOB_LEASE_SECONDS)


@contextmanager
def recompute_lock(*, key: str = LOCK_KEY, advisory_id: int = ADVISORY_LOCK_ID) -> Iterator[HeldLock]:
    """Yield a ``HeldLock``, true when this process holds the lock, false when another recompute does.

    Another job (the breakdown by population) passes its own ``key`` and ``advisory_id`` so that
    it never stops a recompute from starting.
    """
    if connection.vendor == "postgresql":
        with advisory_lock(advisory_id=advisory_id) as held:
            yield held
    else:
        with cache_lock(key=key) as held:
            yield held


@contextmanager
def advisory_lock(*, advisory_id: int) -> Iterator[HeldLock]:
    """PostgreSQL's session advisory lock, on a session that lets the server drop a vanished client."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in TCP_KEEPALIVES),
            [part for setting in TCP_KEEPALIVES.items() for part in setting],
        )
        cursor.execute(f"SELECT pg_try_advisory_lock({ADVISORY_KEYS_SQL})", [advisory_id])
        held = cursor.fetchone()[0]
    try:
        yield HeldLock(held)
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_advisory_unlock({ADVISORY_KEYS_SQL})", [advisory_id])


@contextmanager
def cache_lock(*, key: str) -> Iterator[HeldLock]:
    """An entry in the shared cache that expires after the lease unless renewed (``HeldLock.renew``)."""
    token = uuid.uuid4().hex
    held = cache.add(key, token, lock_seconds())
    try:
        yield HeldLock(held, key=key, token=token)
    finally:
        if held and cache.get(key) == token:
            cache.delete(key)
