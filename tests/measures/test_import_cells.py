"""Reading one cell: local times around daylight-saving changes, offsets and odd characters."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures.imports.cells import CellError, LocalTime, instant_before, parse_client_key

PACIFIC = "America/Los_Angeles"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-07 10:00", ("2025-03-07 10:00:00-08:00", "2025-03-07")),
        ("2025-03-09 01:59", ("2025-03-09 01:59:00-08:00", "2025-03-09")),
        ("2025-03-09 03:00", ("2025-03-09 03:00:00-07:00", "2025-03-09")),
        ("2025-11-02 01:30", ("2025-11-02 01:30:00-07:00", "2025-11-02")),
        ("2025-11-02 02:30", ("2025-11-02 02:30:00-08:00", "2025-11-02")),
        ("2025-07-01T23:15:30", ("2025-07-01 23:15:30-07:00", "2025-07-01")),
        ("2025-07-01T23:15-04:00", ("2025-07-01 23:15:00-04:00", "2025-07-01")),
        ("2025-07-02T03:15Z", ("2025-07-02 03:15:00+00:00", "2025-07-01")),
    ],
)
def test_local_times_keep_their_wall_clock_and_gain_their_offset(value, expected):
    local_time = LocalTime(PACIFIC)

    assert local_time.parse(value) == expected
    assert local_time.parse(value) == expected, "the cached hour gives the same answer"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-03-09 02:30", "did not happen in America/Los_Angeles"),
        ("2025-02-29 10:00", "is not a real date and time"),
        ("2025-03-07 24:00", "is not a real date and time"),
        ("2025-03-07 10:60", "is not a real date and time"),
        ("2025-03-07 10:0²", "write date and time as"),
        ("2025-03-07", "needs a time as well as a date"),
        ("7 March 2025", "write date and time as"),
    ],
)
def test_times_that_never_happened_or_are_malformed_are_refused_every_time(value, reason):
    local_time = LocalTime(PACIFIC)
    local_time.parse("2025-03-07 10:00")

    for _attempt in range(2):
        with pytest.raises(CellError, match=reason):
            local_time.parse(value)


@given(moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)))
def test_the_fast_path_agrees_with_the_time_zone_database(moment):
    local_time = LocalTime(PACIFIC)
    value = moment.strftime("%Y-%m-%d %H:%M")
    try:
        first = local_time.parse(value)
    except CellError:
        with pytest.raises(CellError):
            local_time.parse(value)
        return

    assert local_time.parse(value) == first
    stamp, local_date = first
    parsed = datetime.fromisoformat(stamp)
    assert parsed.replace(tzinfo=None) == moment.replace(second=0, microsecond=0)
    assert local_date == value[:10]


def test_instants_are_compared_across_offsets():
    assert instant_before("2025-11-02 01:30:00-07:00", "2025-11-02 01:10:00-08:00")
    assert not instant_before("2025-03-07 10:00:00-08:00", "2025-03-07 10:00:00-08:00")
    assert instant_before("2025-03-07 09:59:00-08:00", "2025-03-07 10:00:00-08:00")


@pytest.mark.parametrize("key", ["123-45-6789", "123456789", "(916) 555-0100", "+1 916 555 0100", "916.555.0100"])
def test_client_keys_that_look_like_ssns_or_telephones_are_refused(key):
    with pytest.raises(CellError, match="Social Security or telephone"):
        parse_client_key(key)


@pytest.mark.parametrize("key", ["C0000001", "a1b2c3", "1234567", "K-9:12"])
def test_pseudonymous_keys_pass(key):
    assert parse_client_key(key) == key
