"""The document as an editable Word file (python-docx): the same content as the PDF, with Word's own
heading styles (so the navigation pane and screen readers see the outline), tables with a header row that
repeats on each page, and the title and language in the file's properties."""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workplan.documents.content import Document, Row

#: Word's language tags for the documents' languages (the proofing language of every style).
WORD_LANGUAGES = {"en": "en-US", "es": "es-US"}


def _set_language(word: WordDocument, tag: str) -> None:
    """Word reads a run's language from ``w:lang``; setting it on the default run properties covers every
    style that does not say otherwise."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), tag)


def _heading(word: WordDocument, text: str, *, level: int, lang: str = "") -> None:
    """A heading in Word's heading style; ``lang`` marks an English fallback in a Spanish document."""
    paragraph = word.add_heading(text, level=level)
    if lang:
        for run in paragraph.runs:
            tag = OxmlElement("w:lang")
            tag.set(qn("w:val"), WORD_LANGUAGES.get(lang, lang))
            run._r.get_or_add_rPr().append(tag)


def _header_row(table) -> None:
    """Marks the first row as the table's header (repeated on each page, read as header cells)."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _table(word: WordDocument, headings: list[str], rows: list[list[str]]):
    table = word.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(text)
    _header_row(table)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


def _pairs(word: WordDocument, rows: list[Row], headings: list[str]):
    return _table(word, headings, [[row.label, row.value] for row in rows])


def document_docx(document: Document) -> bytes:
    """The .docx file's bytes."""
    labels = document.labels
    word = WordDocument()
    properties = word.core_properties
    properties.title = document.title
    properties.language = WORD_LANGUAGES.get(document.language, document.language)
    properties.author = "QIC"
    properties.subject = document.fiscal_year
    properties.keywords = labels["draft"] if document.draft else ""
    _set_language(word, properties.language)

    if document.draft:
        run = word.add_paragraph().add_run(labels["draft"])
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    word.add_heading(document.title, level=1)
    word.add_paragraph(document.approval)
    if document.participants:
        _pairs(word, document.participants, [labels["role"], labels["count"]])
    if document.introduction:
        word.add_paragraph(document.introduction)
    word.add_paragraph(document.figures_note)

    word.add_heading(labels["objectives_table"], level=2)
    _table(
        word,
        [labels["goal"], labels["objective"], labels["standing"]],
        [[goal.title, objective.title, objective.standing] for goal in document.goals for objective in goal.objectives],
    )

    for goal in document.goals:
        _heading(word, goal.title, level=2, lang=goal.title_lang)
        if goal.description:
            word.add_paragraph(goal.description)
        for objective in goal.objectives:
            _heading(word, objective.title, level=3, lang=objective.title_lang)
            word.add_paragraph(f"{labels['standing']}: {objective.standing}")
            _pairs(word, objective.facts, [labels["detail"], labels["value"]])
            if objective.figures:
                word.add_heading(labels["figures"], level=4)
                _pairs(word, objective.figures, [labels["figure_date"], labels["figure_value"]])
            else:
                word.add_paragraph(labels["no_figures"])
            for row in objective.review:
                word.add_heading(row.label, level=4)
                word.add_paragraph(row.value)
            if objective.activities:
                word.add_heading(labels["activities"], level=4)
                _table(
                    word,
                    [labels["activity"], labels["responsible"], labels["due"], labels["standing"]],
                    objective.activities,
                )

    word.add_heading(document.rule_heading, level=2)
    word.add_paragraph(document.rule)
    word.add_paragraph(labels["produced"])
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
