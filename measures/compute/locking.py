"""One recompute at a time, even across processes and machines.

On PostgreSQL the lock is a session-level advisory lock: the database releases it by itself when
the process holding it dies, so a killed worker never blocks the next recompute. Other databases
(SQLite in the demo, where jobs run in-process) use an entry in the shared cache with a time limit.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection

LOCK_KEY = "qic:measures-recompute-lock"
LOCK_SECONDS = 60 * 60
#: The advisory lock's key: any 64-bit number no other part of QIC uses.
ADVISORY_LOCK_ID = 0x51_49_43_5F_4D_45_41_53  # "QIC_MEAS"


@contextmanager
def recompute_lock(*, key: str = LOCK_KEY, advisory_id: int = ADVISORY_LOCK_ID) -> Iterator[bool]:
    """Yield True when this process holds the lock, False when another recompute does.

    Another job (the breakdown by population) passes its own ``key`` and ``advisory_id`` so that
    it never stops a recompute from starting.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [advisory_id])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [advisory_id])
        return
    token = uuid.uuid4().hex
    held = cache.add(key, token, LOCK_SECONDS)
    try:
        yield held
    finally:
        if held and cache.get(key) == token:
            cache.delete(key)
