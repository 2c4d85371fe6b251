"""The projects demo: this year's two PIPs with data that shows improvement, and a cell's own project."""

import pytest

from dialogues.demo import partnership_demo_load
from projects.demo import projects_demo_load
from projects.models import ImprovementProject, ProjectKind
from projects.selectors.drivers import driver_tree
from projects.selectors.progress import project_progress
from projects.selectors.projects import consumer_voice_missing, project_team, projects_overview
from qic.accounts.services import demo_users_reset

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_users_reset()
    partnership_demo_load()
    return projects_demo_load()


def test_the_demo_has_one_pip_of_each_kind_and_a_cells_project(demo):
    assert demo == {"projects": 3}
    assert projects_overview().missing_pip_kinds == []
    assert ImprovementProject.objects.filter(kind=ProjectKind.CELL_WORK, cell__slug="first-appointment").exists()


def test_loading_twice_adds_nothing(demo):
    assert projects_demo_load() == {"projects": 3}


def test_the_clinical_pip_shows_improvement_not_yet_sustained(demo):
    pip = ImprovementProject.objects.get(kind=ProjectKind.PIP_CLINICAL)
    progress = project_progress(project=pip)
    assert progress.score == 4, [step.reason for step in progress.steps]
    assert pip.local_measures.get(name__startswith="Follow-up").data_points.count() == 12


def test_the_non_clinical_pip_has_sustained_its_improvement_and_spreads(demo):
    pip = ImprovementProject.objects.get(kind=ProjectKind.PIP_NON_CLINICAL)
    assert project_progress(project=pip).score == 5
    assert pip.spread_sites.count() == 2
    assert pip.origin_problem.title == "Intake line goes unanswered after 4 pm"


def test_the_pips_teams_include_a_consumer_or_family_member(demo):
    for pip in ImprovementProject.objects.filter(kind__startswith="pip"):
        assert not consumer_voice_missing(project=pip, team=project_team(project=pip))
        assert driver_tree(project=pip)


def test_the_cells_project_is_testing_with_too_few_points_for_the_chart(demo):
    project = ImprovementProject.objects.get(kind=ProjectKind.CELL_WORK)
    progress = project_progress(project=project)
    assert progress.score == 2
    assert "6 data points; the chart rules need 10" in progress.steps[3].reason
