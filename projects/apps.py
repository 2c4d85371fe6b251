from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Improvement projects: a cell's work, a council initiative or a PIP, with its aim statement, team,
    driver diagram, family of measures (registry or local), PDSA cycles and spread. It sits above
    dialogues and below council: it may import aims, measures and dialogues; they never import it.

    Projects are not registered as a tagged kind of the framework (``aims.tagging``): the matrix pages
    are public and a project is seen by its team, QI staff and directors only."""

    name = "projects"
    verbose_name = _("Improvement projects")

    def ready(self):
        from dialogues.models import register_cycle_url_without_cell
        from projects.selectors.cycles import cycle_url_without_cell

        register_cycle_url_without_cell(cycle_url_without_cell)
