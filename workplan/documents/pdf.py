"""The document as a printable, tagged PDF: an HTML template laid out by WeasyPrint.

``pdf/ua-1`` makes WeasyPrint write a tagged PDF (headings, tables with header cells, reading order)
with the document's language (/Lang) and title, which screen readers and the state's accessibility
checks read. WeasyPrint needs Pango at run time (Debian: libpango-1.0-0, libpangoft2-1.0-0), which is
why it is imported here, when a PDF is asked for, and not when the app loads.
"""

import logging

from django.template.loader import render_to_string
from django.utils import translation

from workplan.documents.content import Document

logger = logging.getLogger(__name__)

#: Letter is what a California county prints on; A4 for readers elsewhere.
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


def document_html(document: Document, *, page_size: str = "letter") -> str:
    with translation.override(document.language):
        return render_to_string(
            "workplan/documents/document.html", {"document": document, "page_size": PAGE_SIZES[page_size]}
        )


def document_pdf(document: Document, *, page_size: str = "letter", compress: bool = True) -> bytes:
    """The PDF's bytes. ``compress=False`` leaves the streams readable (the tests look inside).

    WeasyPrint (68) sometimes fails to tag a page layout it has just made ("Table wrapper without a
    table": a table split at a page break after a chart, seen on the demo's evaluation on Letter paper).
    Then the reader gets the same PDF untagged, with its language and title, rather than an error; the
    failure is logged so that it can be reported and the version raised.
    """
    from weasyprint import HTML

    html = HTML(string=document_html(document, page_size=page_size))
    try:
        return html.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compress)
    except ValueError:
        logger.warning("WeasyPrint could not tag the PDF of %r; it is written untagged", document.title, exc_info=True)
        return html.write_pdf(uncompressed_pdf=not compress)
