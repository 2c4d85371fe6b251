"""Typing in and pasting a local measure's data: who may, what is checked, and that a paste with one bad
row saves nothing."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from projects.models import LocalDataPoint
from projects.services import local_data as services
from tests.projects import local_fixtures
from tests.projects.local_fixtures import firsts_back, mondays_back

# The shared fixtures of the local-measure tests (tests/projects/conftest.py is the projects helper's).
weekly_share, monthly_count = local_fixtures.weekly_share, local_fixtures.monthly_count


def url(name, measure, *args):
    return reverse(f"projects:{name}", args=[measure.project.public_id, measure.pk, *args])


def paste(client, measure, text, *, action="save", replace=False):
    data = {"text": text, "action": action}
    if replace:
        data["replace"] = "on"
    return client.post(url("data_paste", measure), data)


def twelve_weeks(figures=None) -> str:
    weeks = mondays_back(13)[:-1]  # twelve whole weeks before this one
    figures = figures or [(30 + i, 60) for i in range(12)]
    lines = ["Week,Answered,Calls"]
    lines += [f"{week:%m/%d/%Y},{num},{den}" for week, (num, den) in zip(weeks, figures, strict=True)]
    return "\n".join(lines)


@pytest.mark.django_db
class TestWhoMayEnterData:
    def test_a_team_member_pastes_twelve_weeks_and_each_point_says_who_entered_it(
        self, client_for, team_member, weekly_share
    ):
        response = paste(client_for(team_member), weekly_share, twelve_weeks())
        assert response.status_code == 302
        points = list(weekly_share.data_points.order_by("period_start"))
        assert len(points) == 12
        assert {point.entered_by for point in points} == {team_member}
        assert points[0].numerator == 30
        assert points[0].denominator == 60
        history = LocalDataPoint.history.filter(measure_id=weekly_share.pk)
        assert history.count() == 12
        assert {record.history_user for record in history} == {team_member}

    def test_qi_staff_add_one_point(self, client_for, qi_staff, weekly_share):
        week = mondays_back(2)[0]
        response = client_for(qi_staff).post(
            url("data_point_add", weekly_share), {"period_start": week.isoformat(), "numerator": 5, "denominator": 9}
        )
        assert response.status_code == 302
        assert weekly_share.data_points.get().entered_by == qi_staff

    def test_the_page_with_both_forms_has_no_id_twice(self, client_for, team_member, weekly_share):
        # The one-point form and the paste form both have a "replace" box; the paste's ids carry a prefix.
        html = client_for(team_member).get(url("local_measure", weekly_share)).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert [name for name, count in Counter(ids).items() if count > 1] == []
        assert 'id="id_paste_replace"' in html
        assert 'name="replace"' in html  # the names posted are unchanged

    def test_a_director_sees_the_page_but_may_not_enter_data(self, client_for, director, weekly_share):
        client = client_for(director)
        page = client.get(url("local_measure", weekly_share))
        assert page.status_code == 200
        assert "Paste rows from a spreadsheet" not in page.content.decode()
        assert paste(client, weekly_share, twelve_weeks()).status_code == 403
        assert not weekly_share.data_points.exists()

    def test_an_outsider_gets_403(self, client_for, outsider, weekly_share):
        client = client_for(outsider)
        assert client.get(url("local_measure", weekly_share)).status_code == 403
        assert paste(client, weekly_share, twelve_weeks()).status_code == 403

    def test_a_visitor_goes_to_the_login_page(self, client, weekly_share):
        response = client.get(url("local_measure", weekly_share))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]
        assert paste(client, weekly_share, twelve_weeks()).status_code == 302
        assert not weekly_share.data_points.exists()

    def test_the_team_corrects_and_deletes_a_point_and_the_history_keeps_both(
        self, client_for, team_member, weekly_share
    ):
        client = client_for(team_member)
        paste(client, weekly_share, twelve_weeks())
        point = weekly_share.data_points.order_by("period_start").first()
        response = client.post(url("data_point_edit", weekly_share, point.pk), {"numerator": 40, "denominator": 60})
        assert response.status_code == 302
        point.refresh_from_db()
        assert point.numerator == 40
        assert client.post(url("data_point_delete", weekly_share, point.pk)).status_code == 302
        assert not LocalDataPoint.objects.filter(pk=point.pk).exists()
        kinds = list(
            LocalDataPoint.history.filter(id=point.pk).order_by("history_id").values_list("history_type", flat=True)
        )
        assert kinds == ["+", "~", "-"]

    def test_a_correction_above_the_denominator_is_refused(self, client_for, team_member, weekly_share):
        client = client_for(team_member)
        paste(client, weekly_share, twelve_weeks())
        point = weekly_share.data_points.first()
        response = client.post(url("data_point_edit", weekly_share, point.pk), {"numerator": 61, "denominator": 60})
        assert response.status_code == 400
        assert "above the denominator" in response.content.decode()

    def test_an_outsider_may_not_delete(self, client_for, outsider, team_member, weekly_share):
        paste(client_for(team_member), weekly_share, twelve_weeks())
        point = weekly_share.data_points.first()
        client = client_for(outsider)
        assert client.post(url("data_point_delete", weekly_share, point.pk)).status_code == 403
        assert LocalDataPoint.objects.filter(pk=point.pk).exists()


@pytest.mark.django_db
class TestBadInputSavesNothing:
    def test_a_paste_with_one_bad_row_saves_nothing_and_names_the_row(self, client_for, team_member, weekly_share):
        figures = [(30, 60)] * 12
        figures[4] = (70, 60)  # more answered than calls
        response = paste(client_for(team_member), weekly_share, twelve_weeks(figures))
        assert response.status_code == 400
        page = response.content.decode()
        assert "nothing has been saved" in page
        assert "The numerator (70) is above the denominator (60)." in page
        assert not weekly_share.data_points.exists()

    def test_a_future_week_is_refused(self, client_for, team_member, weekly_share):
        future = mondays_back(1)[0] + timedelta(weeks=1)
        response = client_for(team_member).post(
            url("data_point_add", weekly_share), {"period_start": future.isoformat(), "numerator": 1, "denominator": 2}
        )
        assert response.status_code == 400
        assert "is in the future" in response.content.decode()
        assert not weekly_share.data_points.exists()

    def test_a_week_not_given_by_its_monday_is_refused_with_the_monday_to_use(
        self, client_for, team_member, weekly_share
    ):
        monday = mondays_back(3)[0]
        wednesday = monday + timedelta(days=2)
        response = paste(client_for(team_member), weekly_share, f"{wednesday.isoformat()}\t3\t9")
        assert response.status_code == 400
        page = response.content.decode()
        assert "is a Wednesday, not a Monday" in page
        assert f"enter the week by its Monday, {date_format(monday, 'DATE_FORMAT')}." in page
        assert not weekly_share.data_points.exists()

    def test_a_month_not_given_by_its_first_day_is_refused(self, monthly_count, qi_staff):
        first = firsts_back(3)[0]
        rows = services.data_rows_parse(text=f"{first + timedelta(days=4):%Y-%m-%d},3", measure=monthly_count)
        services.data_rows_check(measure=monthly_count, rows=rows, replace=False)
        assert "is not the first of a month" in " ".join(rows[0].errors)

    def test_a_zero_denominator_a_word_for_a_number_and_a_bad_date_each_say_what_is_wrong(self, weekly_share):
        week = mondays_back(3)[0]
        text = f"{week},0,0\n{week - timedelta(weeks=1)},many,10\n31/12/2025,1,2\n{week - timedelta(weeks=2)},1"
        rows = services.data_rows_parse(text=text, measure=weekly_share)
        services.data_rows_check(measure=weekly_share, rows=rows, replace=False)
        assert "The denominator must be more than 0." in rows[0].errors
        assert "“many” is not a whole number of 0 or more." in rows[1].errors
        assert any("is not a date" in error for error in rows[2].errors)
        assert any("three cells" in error for error in rows[3].errors)

    def test_the_same_period_twice_in_a_paste_is_refused(self, weekly_share):
        week = mondays_back(3)[0]
        rows = services.data_rows_parse(text=f"{week},1,2\n{week},2,3", measure=weekly_share)
        services.data_rows_check(measure=weekly_share, rows=rows, replace=False)
        assert rows[0].ok
        assert "This period is already on line 1 of the paste." in rows[1].errors

    def test_a_period_already_entered_is_refused_unless_replace_is_ticked(self, client_for, team_member, weekly_share):
        client = client_for(team_member)
        paste(client, weekly_share, twelve_weeks())
        week = mondays_back(13)[0]
        refused = paste(client, weekly_share, f"{week},59,60")
        assert refused.status_code == 400
        assert "tick “replace”" in refused.content.decode()
        assert weekly_share.data_points.get(period_start=week).numerator == 30

        preview = paste(client, weekly_share, f"{week},59,60", action="preview", replace=True)
        assert preview.status_code == 200
        assert "the figure entered before (30/60)" in preview.content.decode()
        assert weekly_share.data_points.get(period_start=week).numerator == 30  # a preview saves nothing

        assert paste(client, weekly_share, f"{week},59,60", replace=True).status_code == 302
        assert weekly_share.data_points.get(period_start=week).numerator == 59

    def test_the_service_saves_all_or_none(self, weekly_share, team_member):
        weeks = mondays_back(4)[:3]
        text = f"{weeks[0]},1,2\n{weeks[1]},3,2\n{weeks[2]},1,2"
        rows = services.data_rows_parse(text=text, measure=weekly_share)
        with pytest.raises(services.ValidationError):
            services.data_rows_save(measure=weekly_share, rows=rows, replace=False, by=team_member)
        assert not weekly_share.data_points.exists()

    def test_a_count_takes_two_cells_and_no_header_is_needed(self, monthly_count, team_member):
        months = firsts_back(3)
        rows = services.data_rows_parse(
            text="\n".join(f"{m:%Y-%m-%d}\t{i}" for i, m in enumerate(months)), measure=monthly_count
        )
        saved = services.data_rows_save(measure=monthly_count, rows=rows, replace=False, by=team_member)
        assert [point.numerator for point in saved] == [0, 1, 2]
        assert all(point.denominator is None for point in saved)

    def test_the_current_week_may_be_entered_but_not_next_weeks(self, weekly_share):
        this_monday = mondays_back(1)[0]
        rows = services.data_rows_parse(
            text=f"{this_monday},1,2\n{this_monday + timedelta(weeks=1)},1,2", measure=weekly_share
        )
        services.data_rows_check(measure=weekly_share, rows=rows, replace=False, today=timezone.localdate())
        assert rows[0].ok
        assert not rows[1].ok


def test_a_paste_of_more_than_the_limit_says_so_on_the_rows_beyond_it():
    from projects.models import LocalMeasure

    measure = LocalMeasure(kind="proportion", period="week")
    text = "\n".join("2026-01-05,1,2" for _line in range(services.MAX_ROWS + 2))
    rows = services.data_rows_parse(text=text, measure=measure)
    assert all(row.ok for row in rows[: services.MAX_ROWS])
    assert all("Paste at most 400 rows at a time." in row.errors for row in rows[services.MAX_ROWS :])
