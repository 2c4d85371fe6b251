"""Property tests of a local measure's paste: whatever is pasted, it is saved whole or not at all, every
refused row says why, and a saved row obeys the rules the database keeps too."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.services import local_data as services
from tests.projects import local_fixtures
from tests.projects.local_fixtures import mondays_back

weekly_share = local_fixtures.weekly_share

pytestmark = pytest.mark.django_db

WEEKS = mondays_back(30)

#: A row as a person might paste it: a week near today (a Monday or not, in either date form, or garbage),
#: a numerator and a denominator that may be too big, zero, negative or words.
row = st.tuples(
    st.one_of(
        st.sampled_from(WEEKS)
        .flatmap(
            lambda monday: st.sampled_from(
                [monday, monday + timedelta(days=2), monday + timedelta(weeks=2), monday + timedelta(weeks=60)]
            )
        )
        .flatmap(lambda day: st.sampled_from([day.isoformat(), f"{day.month}/{day.day}/{day.year}"])),
        st.sampled_from(["", "soon", "13/45/2026", "2026-02-30"]),
    ),
    st.one_of(st.integers(-2, 80).map(str), st.sampled_from(["", "x", "1.5"])),
    st.one_of(st.integers(-1, 80).map(str), st.sampled_from(["", "many"])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=12), separator=st.sampled_from([",", "\t"]))
def test_a_paste_lands_whole_or_not_at_all(weekly_share, team_member, rows, separator):
    text = "\n".join(separator.join(cells) for cells in rows)
    with transaction.atomic():
        parsed = services.data_rows_parse(text=text, measure=weekly_share)
        try:
            saved = services.data_rows_save(measure=weekly_share, rows=parsed, replace=False, by=team_member)
        except ValidationError:
            assert weekly_share.data_points.count() == 0
            assert any(not row.ok for row in parsed) or not parsed
            assert all(row.errors for row in parsed if not row.ok)
        else:
            assert weekly_share.data_points.count() == len(parsed) == len(saved)
            for point in saved:
                assert point.period_start.weekday() == 0
                assert point.denominator > 0
                assert point.numerator <= point.denominator
        transaction.set_rollback(True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    figures=st.lists(
        st.tuples(st.sampled_from(WEEKS), st.integers(1, 80)).flatmap(
            lambda pair: st.tuples(st.just(pair[0]), st.integers(0, pair[1]), st.just(pair[1]))
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda figure: figure[0],
    ),
    us_dates=st.booleans(),
)
def test_good_rows_are_always_saved_as_typed(weekly_share, team_member, figures, us_dates):
    lines = [
        f"{week.month}/{week.day}/{week.year}\t{num}\t{den}" if us_dates else f"{week},{num},{den}"
        for week, num, den in figures
    ]
    with transaction.atomic():
        parsed = services.data_rows_parse(text="\n".join(lines), measure=weekly_share)
        services.data_rows_save(measure=weekly_share, rows=parsed, replace=False, by=team_member)
        stored = {p.period_start: (p.numerator, p.denominator) for p in weekly_share.data_points.all()}
        assert stored == {week: (num, den) for week, num, den in figures}
        transaction.set_rollback(True)
