"""The PIP report for the state's external quality reviewer: the outline of CMS EQR Protocol 1 in English
and Spanish, as a tagged PDF and a Word file, with the project's own aim, indicators, data, PDSA cycles
and the improvement the chart rules show; for whoever may see the project."""

import ast
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document as WordDocument

from conftest import missing_service
from projects.documents.content import outline_headings, project_report_build
from projects.documents.docx import report_docx
from projects.documents.pdf import report_html, report_pdf
from projects.models import ProjectKind
from tests.projects import local_fixtures, test_local_charts

# The worked example of the charts' tests, with its measure and weeks.
weekly_share = local_fixtures.weekly_share
weeks, worked_example = test_local_charts.weeks, test_local_charts.worked_example

ROOT = Path(__file__).resolve().parents[2]


def url(project, fmt, **query):
    address = reverse("projects:report", args=[project.public_id, fmt])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def headings_in(language: str) -> list[str]:
    with translation.override(language):
        return [str(heading) for heading in outline_headings()]


def laid_out_text(report) -> str:
    """The words WeasyPrint puts on the pages (as the work plan's document tests read them)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    pages = HTML(string=report_html(report)).render().pages
    text = " ".join(box.text for page in pages for box in page._page_box.descendants() if isinstance(box, TextBox))
    return re.sub(r"\s+", " ", text)


def word_headings(content: bytes) -> list[str]:
    document = WordDocument(BytesIO(content))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture
def pip(project, weekly_share, worked_example):
    project.title_es = "Menos llamadas sin respuesta"
    project.save()
    return project


@pytest.mark.django_db
class TestTheContent:
    def test_the_nine_steps_of_the_protocol_in_order(self, pip):
        report = project_report_build(project=pip, language="en")
        assert [section.heading for section in report.sections] == headings_in("en")
        assert report.sections[0].heading == "Step 1. The PIP topic"
        assert report.sections[8].heading == "Step 9. Significant and sustained improvement"
        assert "Protocol 1, Validation of Performance Improvement Projects" in report.source

    def test_the_sections_say_what_the_project_holds(self, pip, weekly_share):
        report = project_report_build(project=pip, language="en")
        text = lambda index: " ".join(  # noqa: E731
            [*report.sections[index].paragraphs, *report.sections[index].items]
            + [p for sub in report.sections[index].subsections for p in sub.paragraphs]
        )
        assert "Kept first appointments for Adults referred to the clinic from 6 in 10 kept to 8 in 10 kept" in text(1)
        indicators = report.sections[4].tables[0].rows
        assert indicators[0][:2] == ["Outcome", "Calls answered by a person"]
        assert "16 periods" in text(5)
        strategies = report.sections[7]
        assert "Change idea: A second person on the phones at 9" in strategies.items
        assert strategies.tables[0].rows[0][2] == "Second person at 9"
        improvement = text(8)
        assert "Improvement shown by the chart rules from" in improvement
        assert "likely to be the result of the changes tested" in improvement
        assert "Sustained: yes" in improvement
        assert "Before the first PDSA cycle: 50.0 % on average over 8 periods; since: 76.3 % over 8 periods." in (
            improvement
        )

    def test_the_spanish_report_uses_the_spanish_title_and_the_spanish_outline(self, pip):
        report = project_report_build(project=pip, language="es")
        assert report.title == "Menos llamadas sin respuesta"
        assert [section.heading for section in report.sections] == headings_in("es")
        assert report.filename.endswith("-es")

    def test_the_word_file_has_the_outline_as_word_headings_in_both_languages(self, pip):
        for language in ("en", "es"):
            found = word_headings(report_docx(project_report_build(project=pip, language=language)))
            for heading in headings_in(language):
                assert heading in found
            properties = WordDocument(BytesIO(report_docx(project_report_build(project=pip, language=language))))
            assert properties.core_properties.language == {"en": "en-US", "es": "es-US"}[language]


def test_projects_may_import_the_work_plan_because_the_work_plan_never_imports_projects():
    for path in (ROOT / "workplan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            assert not any(module.split(".")[0] == "projects" for module in modules), path


@pytest.mark.django_db
class TestTheDownloads:
    @pytest.fixture(autouse=True)
    def _weasyprint(self):
        try:
            import weasyprint  # noqa: F401
        except OSError as error:  # Pango, a system library WeasyPrint loads, is missing: a failure in CI
            missing_service(
                f"WeasyPrint needs Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}"
            )

    def test_a_team_member_downloads_a_tagged_pdf_in_spanish(self, client_for, team_member, pip):
        response = client_for(team_member).get(url(pip, "pdf", lang="es"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Language"] == "es"
        assert '-es.pdf"' in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF-")

    def test_the_pdf_is_tagged_with_its_language_and_title(self, pip):
        content = report_pdf(project_report_build(project=pip, language="es"), compress=False)
        assert b"/Lang (es)" in content
        assert b"/StructTreeRoot" in content
        for tag in (b"/H1", b"/H2", b"/H3", b"/TH", b"/Table"):
            assert tag in content, tag

    def test_the_pages_carry_the_outline_in_the_chosen_language(self, pip):
        for language in ("en", "es"):
            words = laid_out_text(project_report_build(project=pip, language=language))
            for heading in headings_in(language):
                assert heading in words, heading
        assert "Menos llamadas sin respuesta" in laid_out_text(project_report_build(project=pip, language="es"))

    def test_qi_staff_download_the_word_file_in_english(self, client_for, qi_staff, pip):
        response = client_for(qi_staff).get(url(pip, "docx", lang="en"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "Step 7. Data analysis and interpretation of results" in word_headings(response.content)

    def test_a_director_may_download_an_outsider_may_not_a_visitor_signs_in(
        self, client, client_for, director, outsider, pip
    ):
        assert client.get(url(pip, "docx")).status_code == 302
        assert client_for(outsider).get(url(pip, "docx")).status_code == 403
        assert client_for(director).get(url(pip, "docx")).status_code == 200

    def test_bad_requests_say_what_is_wrong(self, client_for, qi_staff, pip):
        client = client_for(qi_staff)
        assert client.get(url(pip, "txt")).status_code == 404
        assert client.get(url(pip, "pdf", lang="fr")).status_code == 400

    def test_the_project_page_links_to_the_report_in_both_languages(self, client_for, team_member, pip):
        page = client_for(team_member).get(pip.get_absolute_url()).content.decode()
        assert url(pip, "pdf", lang="es") in page
        assert url(pip, "docx", lang="en") in page


@pytest.mark.django_db
def test_the_pdf_draws_each_local_measures_control_chart_with_the_pdsa_cycle(pip):
    html = report_html(project_report_build(project=pip, language="en"))
    assert 'role="img" aria-label="Control chart: Calls answered by a person"' in html
    assert "PDSA: Second person at 9" in html
    assert html.count('fill="#d55e00"') == 8  # the eight weeks above the upper limit, marked


def test_the_print_chart_puts_later_points_right_higher_values_up_and_the_cycle_between_its_weeks():
    from datetime import date

    from projects.documents.chart import print_chart

    weeks = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    chart = print_chart(
        weeks,
        [10, 20, 30],
        centre=[20, 20, 20],
        upper=[35, 35, 35],
        lower=[5, 5, 5],
        outside=[False, False, False],
        cycles=[(date(2026, 1, 15), "PDSA: test")],
    )
    (xa, ya, _), (xb, yb, _), (xc, _yc, _) = chart.points
    assert xb > xa
    assert yb < ya  # SVG's y grows downwards
    assert xb < chart.cycles[0][0] < xc  # January 15 lies between the weeks of the 12th and the 19th
    assert print_chart(weeks[:1], [1], centre=[1], upper=[1], lower=[1], outside=[False]) is None


@pytest.fixture
def cells_project(pip, cell):
    """The worked example as a cell's own work: the same aim, measure, weeks and PDSA cycle, not a PIP."""
    pip.kind = ProjectKind.CELL_WORK
    pip.cell = cell
    pip.save()
    pip.spread_sites.create(place="Eastside clinic front desk", place_es="Recepción de la clínica Eastside")
    return pip


@pytest.mark.django_db
class TestTheReportOfAProjectThatIsNotAPip:
    """A cell's or the council's project is reported along the Model for Improvement it worked with, not in
    the reviewer's nine steps, with the same figures, charts and cycles."""

    def test_it_follows_the_model_for_improvement_in_both_languages(self, cells_project):
        english = project_report_build(project=cells_project, language="en")
        assert [section.heading for section in english.sections] == [
            "The project",
            "What are we trying to accomplish?",
            "How will we know that a change is an improvement?",
            "What changes can we make that will result in improvement?",
            "What the data show",
            "Has it improved, and has it held?",
            "Spreading the change",
        ]
        assert english.subtitle == "Improvement project report"
        assert "Model for Improvement" in english.source
        assert "Improvement Guide" in english.source
        assert english.filename.startswith("project-report-")
        assert english.filename.endswith("-en")
        spanish = project_report_build(project=cells_project, language="es")
        assert spanish.sections[1].heading == "¿Qué estamos tratando de lograr?"
        assert spanish.sections[-1].tables[0].rows[0][0] == "Recepción de la clínica Eastside"

    def test_it_carries_the_control_chart_and_the_pdsa_cycle(self, cells_project):
        html = report_html(project_report_build(project=cells_project, language="en"))
        assert 'role="img" aria-label="Control chart: Calls answered by a person"' in html
        assert "PDSA: Second person at 9" in html
        assert "Step 4. Sampling" not in html

    def test_the_team_downloads_it_as_word_and_an_outsider_may_not(
        self, client_for, team_member, outsider, cells_project
    ):
        response = client_for(team_member).get(url(cells_project, "docx", lang="es"))
        assert response.status_code == 200
        assert response["Content-Language"] == "es"
        assert "¿Qué estamos tratando de lograr?" in word_headings(response.content)
        assert 'filename="project-report-' in response["Content-Disposition"]
        assert client_for(outsider).get(url(cells_project, "docx")).status_code == 403

    def test_the_project_page_links_to_the_project_report(self, client_for, team_member, cells_project):
        page = client_for(team_member).get(cells_project.get_absolute_url()).content.decode()
        assert url(cells_project, "pdf", lang="en") in page
        assert "PIP report" not in page
