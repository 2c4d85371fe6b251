"""The work plan and its evaluation as documents: one content model (``content``), rendered as a tagged
PDF (``pdf``, WeasyPrint) and as an editable Word file (``docx``, python-docx), in English or Spanish."""
