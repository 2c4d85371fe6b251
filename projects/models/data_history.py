"""Every change to a local measure's data point is kept (who typed, replaced or deleted which figure,
and when), as the registry keeps its measures' history: a team's own figures feed the PIP report the
state's reviewer validates, so a changed figure must be traceable.

Registered here rather than as a field on :class:`projects.models.measures.LocalDataPoint` so that the
data-entry work stays in its own modules.
"""

from simple_history import register

from projects.models.measures import LocalDataPoint

register(LocalDataPoint, app="projects")
