"""The PIP report as a tagged PDF (WeasyPrint, ``pdf/ua-1``), laid out like the work plan's documents.

The page sizes and the Word helpers come from :mod:`workplan.documents`: projects may import the work
plan (it sits beside the partnership app, below projects and the council) and nothing in ``workplan``
imports ``projects`` (tests/projects/test_pip_report.py checks it). WeasyPrint is imported when a PDF is
asked for, not when the app loads: it needs Pango at run time.
"""

import logging

from django.template.loader import render_to_string
from django.utils import translation

from projects.documents.content import ProjectReport
from workplan.documents.pdf import PAGE_SIZES

logger = logging.getLogger(__name__)


def report_html(report: ProjectReport, *, page_size: str = "letter") -> str:
    with translation.override(report.language):
        return render_to_string(
            "projects/documents/project_report.html", {"report": report, "page_size": PAGE_SIZES[page_size]}
        )


def report_pdf(report: ProjectReport, *, page_size: str = "letter", compress: bool = True) -> bytes:
    """The PDF's bytes; untagged (with its language and title) when WeasyPrint cannot tag a layout, as
    :func:`workplan.documents.pdf.document_pdf` does."""
    from weasyprint import HTML

    html = HTML(string=report_html(report, page_size=page_size))
    try:
        return html.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compress)
    except ValueError:
        logger.warning("WeasyPrint could not tag the PDF of %r; it is written untagged", report.title, exc_info=True)
        return html.write_pdf(uncompressed_pdf=not compress)
