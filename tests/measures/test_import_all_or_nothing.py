"""Property: whatever is done to the rows of a file, the whole upload lands or nothing does."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measures.models import UploadStatus

from .importing import CLIENTS, CLIENTS_HEADER, REQUESTS, REQUESTS_HEADER, csv_bytes, incoming, row_counts, run_import

pytestmark = pytest.mark.django_db

CELL_NOISE = st.one_of(
    st.just(""),
    st.sampled_from(["C1", "R1", "2025-02-30 10:00", "2025-03-09 02:30", "yes", "urgent", "-1", "C99", '"', ";"]),
    st.text(max_size=12),
)


@st.composite
def mangled_rows(draw, rows: list[str]) -> list[str]:
    """The good rows with some cells replaced, rows repeated, dropped or cut short."""
    mangled = [row.split(",") for row in rows]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        action = draw(st.sampled_from(["cell", "repeat", "drop", "truncate"]))
        if not mangled:
            break
        index = draw(st.integers(min_value=0, max_value=len(mangled) - 1))
        if action == "cell":
            column = draw(st.integers(min_value=0, max_value=len(mangled[index]) - 1))
            mangled[index][column] = draw(CELL_NOISE)
        elif action == "repeat":
            mangled.append(list(mangled[index]))
        elif action == "drop":
            mangled.pop(index)
        else:
            mangled[index] = mangled[index][:-1]
    return [",".join(cells) for cells in mangled]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clients=mangled_rows(CLIENTS), requests=mangled_rows(REQUESTS))
def test_an_upload_lands_whole_or_not_at_all(method, clients, requests):
    with transaction.atomic():
        upload = run_import(
            incoming("clients.csv", csv_bytes(CLIENTS_HEADER, clients), "clients"),
            incoming("requests.csv", csv_bytes(REQUESTS_HEADER, requests), "requests"),
            method=method,
        )
        counts = row_counts()
        if upload.status == UploadStatus.LOADED:
            assert counts["Client"] == upload.batches.get(kind="clients").rows_total
            assert counts["AccessRequest"] == upload.batches.get(kind="requests").rows_total
            assert upload.error_count == 0
        else:
            assert upload.status == UploadStatus.REJECTED
            assert counts["Client"] == counts["AccessRequest"] == 0
            assert upload.error_count >= 1
            assert all(problem["reason"] for problem in upload.errors)
        transaction.set_rollback(True)
