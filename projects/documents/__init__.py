"""The PIP report as PDF and Word (the same content, :mod:`projects.documents.content`)."""
