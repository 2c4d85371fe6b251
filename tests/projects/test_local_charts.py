"""A local measure's run and control charts: the registry's engine and rules on a worked example, each
PDSA cycle drawn where it starts, words for a reader who has never seen a control chart, and the same
reading as the progress score."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from dialogues.models import PdsaCycle
from measures import spc
from measures.compute.trend import IMPROVING, TOO_FEW
from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, LocalDataPoint
from projects.selectors.local_charts import local_measure_charts
from projects.selectors.progress import project_progress
from tests.projects import local_fixtures
from tests.projects.local_fixtures import firsts_back, mondays_back

# The shared fixtures of the local-measure tests (tests/projects/conftest.py is the projects helper's).
weekly_share, monthly_count = local_fixtures.weekly_share, local_fixtures.monthly_count

#: Eight weeks at about half the calls answered, then eight at about three in four (out of 60 calls).
BEFORE = [30, 28, 31, 29, 30, 32, 29, 31]
AFTER = [45, 46, 44, 47, 45, 46, 48, 45]


@pytest.fixture
def weeks():
    return mondays_back(17)[:-1]  # sixteen whole weeks


@pytest.fixture
def worked_example(weekly_share, weeks, project):
    LocalDataPoint.objects.bulk_create(
        LocalDataPoint(measure=weekly_share, period_start=week, numerator=num, denominator=60)
        for week, num in zip(weeks, BEFORE + AFTER, strict=True)
    )
    driver = Driver.objects.create(project=project, text="People reach a person")
    idea = ChangeIdea.objects.create(driver=driver, text="A second person on the phones at 9")
    cycle = PdsaCycle.objects.create(
        title="Second person at 9", plan_prediction="More answered", starts_on=weeks[8] + timedelta(days=1)
    )
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)
    return cycle


def figure(chart) -> dict:
    return json.loads(chart.figure_json)


@pytest.mark.django_db
class TestTheWorkedExample:
    def test_the_control_chart_is_a_p_chart_whose_lines_come_from_the_eight_weeks_before_the_cycle(
        self, weekly_share, worked_example
    ):
        charts = local_measure_charts(measure=weekly_share)
        assert charts.control.chart_type == "p"
        assert charts.baseline == 8
        centre = 100 * sum(BEFORE) / (60 * 8)
        assert charts.control.result.centre[0] == pytest.approx(centre)
        assert charts.control.result.centre[-1] == pytest.approx(centre)  # frozen: the later weeks do not move it
        sigma = 100 * (centre / 100 * (1 - centre / 100) / 60) ** 0.5
        assert charts.control.result.ucl[0] == pytest.approx(centre + 3 * sigma)

    def test_every_week_after_the_cycle_is_above_the_upper_limit_and_the_verdict_is_improving(
        self, weekly_share, worked_example
    ):
        charts = local_measure_charts(measure=weekly_share)
        assert list(charts.control.result.sigma_signal) == [False] * 8 + [True] * 8
        assert charts.control.verdict == IMPROVING
        assert charts.control.verdict_text == "Special cause: improving."
        assert charts.run.verdict == IMPROVING  # eight in a row above the baseline's median: a long run

    def test_the_finding_names_the_first_week_after_the_cycle_and_says_it_held(self, weekly_share, worked_example):
        charts = local_measure_charts(measure=weekly_share)
        assert charts.finding.first_signal == 8
        assert charts.finding.rule == spc.ABOVE_UCL
        assert charts.finding.sustained
        assert "a point above the upper limit" in charts.finding_text
        assert "It has held since." in charts.finding_text

    def test_the_progress_score_reads_the_same_signal(self, weekly_share, worked_example):
        steps = project_progress(project=weekly_share.project).steps
        assert steps[3].met
        assert "a point above the upper limit" in steps[3].reason
        assert steps[4].met

    def test_the_pdsa_cycle_is_a_dotted_line_where_it_starts_with_its_title(self, weekly_share, worked_example):
        charts = local_measure_charts(measure=weekly_share)
        for chart in (charts.control, charts.run):
            layout = figure(chart)["layout"]
            marks = [shape for shape in layout["shapes"] if shape.get("name") == "annotation"]
            assert [mark["x0"][:10] for mark in marks] == [worked_example.starts_on.isoformat()]
            assert any(note["text"] == "PDSA: Second person at 9" for note in layout["annotations"])
            assert any(shape.get("name") == "baseline" for shape in layout["shapes"])

    def test_the_words_say_what_the_chart_shows_for_a_first_time_reader(self, weekly_share, weeks, worked_example):
        charts = local_measure_charts(measure=weekly_share)
        assert "control limits, where chance alone keeps the dots" in charts.control.explanation
        assert "Each dot is one week's percentage: calls answered by a person out of calls." in (
            charts.control.explanation
        )
        assert "the first 8 points, before the first PDSA cycle" in charts.control.explanation
        assert "The line across is the median" in charts.run.explanation
        assert "8 points outside the control limits" in charts.control.summary
        assert date_format(weeks[8], "DATE_FORMAT") in charts.control.summary  # each week named by its Monday


@pytest.mark.django_db
class TestOtherSeries:
    def test_a_count_gets_a_c_chart(self, monthly_count):
        LocalDataPoint.objects.bulk_create(
            LocalDataPoint(measure=monthly_count, period_start=month, numerator=n)
            for month, n in zip(firsts_back(12), [5, 7, 6, 4, 8, 6, 5, 7, 6, 5, 4, 6], strict=True)
        )
        charts = local_measure_charts(measure=monthly_count)
        assert charts.control.chart_type == "c"
        assert charts.control.verdict != TOO_FEW
        assert "a C chart, for a count" in charts.control.explanation

    def test_with_few_points_the_chart_is_drawn_but_gives_no_verdict(self, weekly_share):
        LocalDataPoint.objects.bulk_create(
            LocalDataPoint(measure=weekly_share, period_start=week, numerator=3, denominator=6)
            for week in mondays_back(4)
        )
        charts = local_measure_charts(measure=weekly_share)
        assert charts.control.figure_json is not None
        assert charts.control.verdict == TOO_FEW
        assert "too few to tell a change from chance" in charts.control.verdict_text

    def test_with_no_points_there_is_no_figure(self, weekly_share):
        charts = local_measure_charts(measure=weekly_share)
        assert charts.control.figure_json is None
        assert "at least two" in charts.control.summary


@pytest.mark.django_db
class TestThePages:
    def test_the_measure_page_shows_both_charts_and_the_verdict(
        self, client_for, team_member, weekly_share, worked_example
    ):
        page = client_for(team_member).get(
            reverse("projects:local_measure", args=[weekly_share.project.public_id, weekly_share.pk])
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert 'id="local-control"' in text
        assert 'id="local-run"' in text
        assert "Special cause: improving." in text
        assert "vendor/plotly/plotly.min.js" in text

    def test_the_project_page_shows_the_control_chart_in_the_family_of_measures(
        self, client_for, director, weekly_share, worked_example
    ):
        page = client_for(director).get(weekly_share.project.get_absolute_url())
        text = page.content.decode()
        assert f'id="family-{weekly_share.pk}-control"' in text
        assert "Improvement shown by the chart rules from" in text
        assert reverse("projects:local_measure", args=[weekly_share.project.public_id, weekly_share.pk]) in text
