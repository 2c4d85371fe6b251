"""The plan and its evaluation as documents: a tagged PDF and a Word file, in English or Spanish, with
the figures the reader may see, downloaded by whoever may read the page."""

import re
import time
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument

from conftest import services_required

try:
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox
except OSError as error:  # WeasyPrint is installed with QIC; Pango, a system library it loads, is not
    if services_required():
        raise
    pytest.skip(
        f"WeasyPrint needs Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}",
        allow_module_level=True,
    )

from tests.workplan.conftest import COUNCIL, YEAR
from workplan import services
from workplan.documents.chart import chart_geometry
from workplan.documents.content import evaluation_document_build, plan_document_build
from workplan.documents.docx import document_docx
from workplan.documents.pdf import document_html, document_pdf
from workplan.models import Activity, Evaluation, ObjectiveReview
from workplan.selectors import Point

pytestmark = pytest.mark.django_db

TITLE_EN = "Offer a routine appointment within 10 business days"
TITLE_ES = "Ofrecer una cita de rutina en 10 días hábiles"


def plan_url(fmt: str, **query) -> str:
    url = reverse("workplan:plan_document", args=[YEAR, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def evaluation_url(fmt: str, **query) -> str:
    url = reverse("workplan:evaluation_document", args=[YEAR, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def laid_out_text(document) -> str:
    """The words WeasyPrint puts on the pages (its own layout, before the PDF is written)."""
    pages = HTML(string=document_html(document)).render().pages
    return " ".join(box.text for page in pages for box in page._page_box.descendants() if isinstance(box, TextBox))


def word(content: bytes) -> WordDocument:
    return WordDocument(BytesIO(content))


def headings(document: WordDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture
def with_figures(make_objective, measure, monthly_results):
    """An objective measured by the registry: September published, October hidden (a small cell)."""
    objective = make_objective(measure=measure)
    monthly_results(measure, {date(2025, 9, 1): 66.0, date(2025, 10, 1): 83.25}, hidden={date(2025, 10, 1)})
    Activity.objects.create(
        objective=objective,
        description="Add evening intake slots",
        description_es="Añadir citas de admisión por la tarde",
    )
    return objective


@pytest.fixture
def evaluation(approved_plan, with_figures):
    evaluation = Evaluation.objects.create(plan=approved_plan, summary="A good year.", summary_es="Un buen año.")
    ObjectiveReview.objects.create(
        evaluation=evaluation,
        objective=with_figures,
        narrative="Evening slots opened in March.",
        narrative_es="Las citas de la tarde abrieron en marzo.",
    )
    return evaluation


class TestTheDocumentContent:
    def test_the_plan_in_spanish_uses_the_spanish_titles_and_the_catalogues_words(self, approved_plan, with_figures):
        document = plan_document_build(plan=approved_plan, public=True, language="es")
        assert document.title == "Plan de trabajo de QI AF 2025-26"
        assert document.goals[0].title == "Acceso puntual"
        entry = document.goals[0].objectives[0]
        assert entry.title == TITLE_ES
        assert entry.standing == "Va bien encaminado"
        assert entry.activities[0][0] == "Añadir citas de admisión por la tarde"
        assert document.filename == "qi-work-plan-FY2025-26-es"

    def test_a_missing_spanish_title_falls_back_to_english(self, approved_plan, make_objective):
        make_objective(title="Answer test calls", title_es="")
        document = plan_document_build(plan=approved_plan, public=True, language="es")
        assert document.goals[0].objectives[0].title == "Answer test calls"
        # ...and says it is English, for screen readers (the goal has its Spanish title).
        assert document.goals[0].objectives[0].title_lang == "en"
        assert document.goals[0].title_lang == ""
        assert '<h3 lang="en">Answer test calls</h3>' in document_html(document)
        (heading,) = [p for p in word(document_docx(document)).paragraphs if p.text == "Answer test calls"]
        assert heading.style.name == "Heading 3"
        assert 'w:val="en-US"' in heading._p.xml

    def test_the_public_document_leaves_out_the_suppressed_figure(self, approved_plan, with_figures):
        public = plan_document_build(plan=approved_plan, public=True, language="en")
        internal = plan_document_build(plan=approved_plan, public=False, language="en")
        assert [row.value for row in public.goals[0].objectives[0].figures] == ["66.0 %"]
        assert [row.value for row in internal.goals[0].objectives[0].figures] == ["66.0 %", "83.3 %"]
        assert "83.3" not in laid_out_text(public)

    def test_a_draft_is_marked_draft_and_named_so(self, plan, make_objective):
        make_objective()
        document = plan_document_build(plan=plan, public=False, language="en")
        assert document.draft
        assert document.filename == "qi-work-plan-FY2025-26-en-draft"
        assert "DRAFT" in laid_out_text(document)

    def test_the_evaluation_carries_the_rating_and_the_review(self, evaluation):
        document = evaluation_document_build(evaluation=evaluation, public=True, language="es")
        entry = document.goals[0].objectives[0]
        assert document.introduction == "Un buen año."
        assert ("Qué pasó", "Las citas de la tarde abrieron en marzo.") in [(r.label, r.value) for r in entry.review]
        assert document.filename == "qi-work-plan-evaluation-FY2025-26-es-draft"

    def test_an_approved_evaluation_keeps_its_figures_when_later_data_arrive(
        self, evaluation, measure, monthly_results
    ):
        services.evaluation_approve(evaluation=evaluation, approval=COUNCIL)
        monthly_results(measure, {date(2025, 12, 1): 79.0})
        document = evaluation_document_build(evaluation=evaluation, public=True, language="en")
        entry = document.goals[0].objectives[0]
        assert [row.value for row in entry.figures] == ["66.0 %"]
        assert ("Latest figure", "66.0 % (30 Sep 2025)") in [(r.label, r.value) for r in entry.facts]
        assert not document.draft

    def test_building_a_document_takes_the_same_queries_however_many_objectives(
        self, approved_plan, make_objective, measure, django_assert_num_queries
    ):
        make_objective(measure=measure)
        with CaptureQueriesContext(connection) as one:
            plan_document_build(plan=approved_plan, public=True, language="en")
        for n in range(3):
            objective = make_objective(title=f"Objective {n}", unit_label="calls")
            Activity.objects.create(objective=objective, description="Call the line at night")
        with django_assert_num_queries(len(one)):
            plan_document_build(plan=approved_plan, public=True, language="en")


class TestThePdf:
    def test_it_is_a_tagged_pdf_with_its_language_and_title(self, approved_plan, with_figures):
        document = plan_document_build(plan=approved_plan, public=True, language="es")
        content = document_pdf(document, compress=False)
        assert content.startswith(b"%PDF-")
        assert b"/Lang (es)" in content
        assert b"/StructTreeRoot" in content  # tagged: headings, tables and their header cells
        assert re.search(rb"/Title \(Plan de trabajo de QI AF 2025-26\)", content)
        for tag in (b"/H1", b"/H2", b"/H3", b"/TH", b"/Table"):
            assert tag in content, tag

    def test_a_layout_weasyprint_cannot_tag_is_still_a_pdf_with_its_language_and_title(
        self, approved_plan, with_figures, monkeypatch, caplog
    ):
        real = HTML.write_pdf

        def tagging_fails(html, *args, pdf_variant=None, **kwargs):
            if pdf_variant:
                raise ValueError("Table wrapper without a table")  # WeasyPrint 68 on some page breaks
            return real(html, *args, **kwargs)

        monkeypatch.setattr(HTML, "write_pdf", tagging_fails)
        document = plan_document_build(plan=approved_plan, public=True, language="es")

        content = document_pdf(document, compress=False)

        assert content.startswith(b"%PDF-")
        assert b"/Lang (es)" in content
        assert re.search(rb"/Title \(Plan de trabajo de QI AF 2025-26\)", content)
        assert "could not tag the PDF" in caplog.text

    def test_the_objectives_are_on_the_pages_in_the_chosen_language(self, approved_plan, with_figures):
        spanish = laid_out_text(plan_document_build(plan=approved_plan, public=True, language="es"))
        english = laid_out_text(plan_document_build(plan=approved_plan, public=True, language="en"))
        assert TITLE_ES in spanish
        assert TITLE_EN not in spanish
        assert TITLE_EN in english
        assert "Acceso puntual" not in english

    def test_the_html_has_real_headings_tables_and_the_chart(self, approved_plan, with_figures):
        html = document_html(plan_document_build(plan=approved_plan, public=True, language="en"))
        assert '<html lang="en">' in html
        assert "<h1>QI work plan FY2025-26</h1>" in html
        assert '<th scope="col">' in html
        assert "<polyline" in html
        assert 'role="img"' in html

    def test_letter_by_default_a4_on_request(self, approved_plan):
        document = plan_document_build(plan=approved_plan, public=True, language="en")
        assert b"/MediaBox [0 0 612 792]" in document_pdf(document, compress=False)
        assert b"/MediaBox [0 0 595.2" in document_pdf(document, page_size="a4", compress=False)

    def test_a_small_plan_renders_quickly(self, approved_plan, with_figures):
        document = plan_document_build(plan=approved_plan, public=True, language="en")
        started = time.perf_counter()
        document_pdf(document)
        assert time.perf_counter() - started < 10


class TestTheWordFile:
    def test_headings_use_words_heading_styles_and_the_objectives_table_is_there(self, approved_plan, with_figures):
        document = word(document_docx(plan_document_build(plan=approved_plan, public=True, language="en")))
        assert ("Heading 1", "QI work plan FY2025-26") in headings(document)
        assert ("Heading 2", "Timely access") in headings(document)
        assert ("Heading 3", TITLE_EN) in headings(document)
        overview = document.tables[1]  # after the participants
        assert [cell.text for cell in overview.rows[0].cells] == ["Goal", "Objective", "Status"]
        assert overview.rows[1].cells[1].text == TITLE_EN
        assert document.core_properties.title == "QI work plan FY2025-26"
        assert document.core_properties.language == "en-US"

    def test_the_spanish_file_is_in_spanish(self, evaluation):
        document = word(document_docx(evaluation_document_build(evaluation=evaluation, public=True, language="es")))
        text = "\n".join(p.text for p in document.paragraphs)
        assert ("Heading 3", TITLE_ES) in headings(document)
        assert "Las citas de la tarde abrieron en marzo." in text
        assert document.core_properties.language == "es-US"
        # Word's proofing language for every style, and each table's first row a header row.
        assert 'w:val="es-US"' in document.styles.element.xml
        assert all("<w:tblHeader" in table.rows[0]._tr.xml for table in document.tables)
        assert document.core_properties.title.startswith("Evaluación")


class TestDownloads:
    def test_the_public_downloads_an_approved_plan_as_pdf_with_a_clear_name(self, client, approved_plan, with_figures):
        response = client.get(plan_url("pdf", lang="es"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="qi-work-plan-FY2025-26-es.pdf"'
        assert response.content.startswith(b"%PDF-")
        assert "no-store" not in response.get("Cache-Control", "")  # public, like the page it comes from

    def test_without_lang_the_document_is_in_the_language_of_the_request(self, client, approved_plan, with_figures):
        response = client.get(plan_url("docx"), HTTP_ACCEPT_LANGUAGE="es")
        assert response["Content-Disposition"] == 'attachment; filename="qi-work-plan-FY2025-26-es.docx"'
        assert ("Heading 3", TITLE_ES) in headings(word(response.content))

    def test_the_public_never_gets_the_suppressed_figure(
        self, client, consumer, client_for, approved_plan, with_figures
    ):
        for user in (None, consumer):
            response = client_for(user).get(plan_url("docx", lang="en"))
            text = "\n".join(
                cell.text for table in word(response.content).tables for row in table.rows for cell in row.cells
            )
            assert "66.0 %" in text
            assert "83.3" not in text

    def test_a_draft_plan_is_not_found_by_the_public_or_a_consumer(self, client_for, consumer, plan):
        assert client_for(None).get(plan_url("pdf")).status_code == 404
        assert client_for(consumer).get(plan_url("docx")).status_code == 404

    def test_directors_download_the_draft_with_every_figure(
        self, client_for, director, plan, make_objective, measure, monthly_results
    ):
        make_objective(measure=measure)
        monthly_results(measure, {date(2025, 10, 1): 83.25}, hidden={date(2025, 10, 1)})
        response = client_for(director).get(plan_url("docx", lang="en"))
        assert response["Content-Disposition"] == 'attachment; filename="qi-work-plan-FY2025-26-en-draft.docx"'
        assert "no-store" in response["Cache-Control"]
        document = word(response.content)
        assert document.paragraphs[0].text == "DRAFT"
        assert "83.3 %" in [cell.text for table in document.tables for row in table.rows for cell in row.cells]

    def test_an_unapproved_evaluation_is_not_found_by_the_public(self, client, evaluation):
        assert client.get(evaluation_url("pdf")).status_code == 404

    def test_the_public_downloads_an_approved_evaluation(self, client, evaluation):
        Evaluation.objects.filter(pk=evaluation.pk).update(**COUNCIL)
        response = client.get(evaluation_url("docx", lang="en"))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="qi-work-plan-evaluation-FY2025-26-en.docx"'

    def test_an_unknown_language_is_a_bad_request(self, client, approved_plan):
        assert client.get(plan_url("pdf", lang="fr")).status_code == 400

    def test_a4_paper_on_request_and_an_unknown_size_is_a_bad_request(self, client, approved_plan):
        assert client.get(plan_url("pdf", lang="en", paper="a4")).status_code == 200
        assert client.get(plan_url("pdf", paper="legal")).status_code == 400

    def test_an_unknown_format_is_not_found(self, client, approved_plan):
        assert client.get(plan_url("odt")).status_code == 404

    def test_downloads_are_get_only(self, client, approved_plan):
        assert client.post(plan_url("pdf")).status_code == 405

    def test_the_plan_and_evaluation_pages_link_to_both_formats_in_both_languages(self, client, evaluation):
        Evaluation.objects.filter(pk=evaluation.pk).update(**COUNCIL)
        for page, url in (
            (reverse("workplan:plan_detail", args=[YEAR]), plan_url),
            (reverse("workplan:evaluation_detail", args=[YEAR]), evaluation_url),
        ):
            html = client.get(page).content.decode()
            for fmt in ("pdf", "docx"):
                for lang in ("en", "es"):
                    assert f'href="{url(fmt, lang=lang)}"' in html


def test_the_chart_puts_later_figures_further_right_and_better_figures_higher():
    geometry = chart_geometry(
        [Point(date(2025, 9, 30), 66.0), Point(date(2025, 12, 31), 75.0)],
        baseline=60.0,
        target=80.0,
        start=date(2025, 7, 1),
        due=date(2026, 6, 30),
    )
    (x1, y1), (x2, y2) = geometry.markers
    assert x2 > x1
    assert y2 < y1
    assert geometry.target_y < geometry.path[1]  # the target line above the baseline
    assert chart_geometry([], baseline=1, target=2, start=date(2025, 7, 1), due=date(2026, 6, 30)) is None
