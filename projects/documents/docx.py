"""The PIP report as an editable Word file: Word's heading styles for the outline (the navigation pane
and screen readers see it), tables with a header row, the title and language in the file's properties.
The language and header-row helpers are the work plan's (:mod:`workplan.documents.docx`)."""

from io import BytesIO

from docx import Document as WordDocument

from projects.documents.content import ProjectReport, Section
from workplan.documents.docx import WORD_LANGUAGES, _header_row, _set_language


def _table(word, table) -> None:
    word.add_paragraph(table.caption).runs[0].bold = True
    grid = word.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.paragraphs[0].add_run(text)
    _header_row(grid)
    for values in table.rows:
        for cell, text in zip(grid.add_row().cells, values, strict=True):
            cell.text = text


def _section(word, section: Section, level: int) -> None:
    word.add_heading(section.heading, level=level)
    for text in section.paragraphs:
        word.add_paragraph(text)
    for text in section.items:
        word.add_paragraph(text, style="List Bullet")
    for table in section.tables:
        _table(word, table)
    for sub in section.subsections:
        _section(word, sub, level + 1)


def report_docx(report: ProjectReport) -> bytes:
    """The .docx file's bytes."""
    word = WordDocument()
    properties = word.core_properties
    properties.title = report.title
    properties.subject = report.subtitle
    properties.language = WORD_LANGUAGES.get(report.language, report.language)
    properties.author = "QIC"
    _set_language(word, properties.language)
    word.add_heading(report.title, level=0)
    word.add_paragraph(report.subtitle)
    for label, value in report.facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for section in report.sections:
        _section(word, section, 1)
    word.add_paragraph(report.source)
    word.add_paragraph(report.produced)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
