from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Improvement projects: a cell's work, a council initiative or a PIP, with its aim statement, team,
    driver diagram, family of measures (registry or local), PDSA cycles and spread. It sits above
    dialogues and below council: it may import aims, measures and dialogues; they never import it."""

    name = "projects"
    verbose_name = _("Improvement projects")

    def ready(self):
        from aims.tagging import register_tagged_kind
        from dialogues.models import register_cycle_url_without_cell
        from projects.models import ImprovementProject
        from projects.selectors.cycles import cycle_url_without_cell

        register_tagged_kind(
            key="projects", label=_("Improvement projects"), model=ImprovementProject, related_name="projects"
        )
        register_cycle_url_without_cell(cycle_url_without_cell)
