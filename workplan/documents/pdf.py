"""The document as a printable, tagged PDF: an HTML template laid out by WeasyPrint.

``pdf/ua-1`` makes WeasyPrint write a tagged PDF (headings, tables with header cells, reading order)
with the document's language (/Lang) and title, which screen readers and the state's accessibility
checks read. WeasyPrint needs Pango at run time (Debian: libpango-1.0-0, libpangoft2-1.0-0), which is
why it is imported here, when a PDF is asked for, and not when the app loads.
"""

from django.template.loader import render_to_string
from django.utils import translation

from workplan.documents.content import Document

#: Letter is what a California county prints on; A4 for readers elsewhere.
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


def document_html(document: Document, *, page_size: str = "letter") -> str:
    with translation.override(document.language):
        return render_to_string(
            "workplan/documents/document.html", {"document": document, "page_size": PAGE_SIZES[page_size]}
        )


def document_pdf(document: Document, *, page_size: str = "letter", compress: bool = True) -> bytes:
    """The PDF's bytes. ``compress=False`` leaves the streams readable (the tests look inside)."""
    from weasyprint import HTML

    return HTML(string=document_html(document, page_size=page_size)).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=not compress
    )
