"""Reads of the PDSA cycles a project's change ideas lead to."""

from django.db.models import QuerySet
from django.urls import reverse

from dialogues.models import PdsaCycle
from projects.models import ChangeIdeaCycle, ImprovementProject


def cycle_url_without_cell(cycle: PdsaCycle) -> str:
    """The page of a cycle a project started (registered with dialogues, which links cycles on the
    matrix pages without knowing about projects). Empty for a cycle no change idea leads to."""
    link = ChangeIdeaCycle.objects.select_related("change_idea__driver__project").filter(cycle=cycle).first()
    if link is None:
        return ""
    return reverse("projects:cycle_detail", args=[link.change_idea.driver.project.public_id, cycle.pk])


def project_cycles(*, project: ImprovementProject) -> QuerySet[PdsaCycle]:
    """Every PDSA cycle of the project's change ideas, oldest first, with its change idea."""
    return (
        PdsaCycle.objects.filter(change_idea_link__change_idea__driver__project=project)
        .select_related("change_idea_link__change_idea", "measure", "cell")
        .order_by("starts_on", "id")
    )


def project_cycle_get(*, project: ImprovementProject, pk: int) -> PdsaCycle:
    return project_cycles(project=project).select_related("previous").get(pk=pk)
