"""The demo's PIPs, read by the local measures' charts and the PIP report: a year of data that improves
after a PDSA cycle (the data is the projects demo's own, :mod:`projects.demo`)."""

import pytest

from dialogues.demo import partnership_demo_load
from measures.compute.trend import IMPROVING
from projects.demo import projects_demo_load
from projects.documents.content import project_report_build
from projects.models import ImprovementProject, ProjectKind
from projects.selectors.local_charts import local_measure_charts
from qic.accounts.services import demo_users_reset

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_users_reset()
    partnership_demo_load()
    projects_demo_load()


@pytest.mark.parametrize("kind", [ProjectKind.PIP_CLINICAL, ProjectKind.PIP_NON_CLINICAL])
def test_each_demo_pip_shows_improvement_after_its_pdsa_cycle(demo, kind):
    pip = ImprovementProject.objects.get(kind=kind)
    outcome = pip.family.get(role="outcome").local_measure
    charts = local_measure_charts(measure=outcome)
    assert charts.points >= 12
    assert charts.control.verdict == IMPROVING
    assert charts.baseline >= 6
    assert charts.finding.first_signal >= charts.baseline
    assert '"name":"annotation"' in charts.control.figure_json.replace(" ", "")
    report = project_report_build(project=pip, language="es")
    assert len(report.sections) == 9
