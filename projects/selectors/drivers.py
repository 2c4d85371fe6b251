"""The driver diagram as a tree: primary drivers, their secondary drivers, and the change ideas under
each, with the PDSA cycles that test every idea. One tree feeds the nested list and the drawing."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, ImprovementProject


@dataclass
class DriverNode:
    driver: Driver
    children: list["DriverNode"] = field(default_factory=list)
    ideas: list[ChangeIdea] = field(default_factory=list)


def driver_tree(*, project: ImprovementProject) -> list[DriverNode]:
    """Primary drivers in order, each with its secondary drivers and change ideas; every idea carries
    ``cycles`` (its PDSA cycles, oldest first). Three queries whatever the size of the diagram."""
    links = ChangeIdeaCycle.objects.select_related("cycle").order_by("cycle__starts_on", "cycle_id")
    ideas = ChangeIdea.objects.order_by("position", "id").prefetch_related(
        Prefetch("cycle_links", queryset=links, to_attr="links")
    )
    drivers = list(
        Driver.objects.filter(project=project)
        .order_by("position", "id")
        .prefetch_related(Prefetch("change_ideas", queryset=ideas, to_attr="ideas"))
    )
    nodes = {driver.pk: DriverNode(driver) for driver in drivers}
    roots = []
    for driver in drivers:
        node = nodes[driver.pk]
        for idea in driver.ideas:
            idea.cycles = [link.cycle for link in idea.links]
        node.ideas = driver.ideas
        if driver.parent_id is None:
            roots.append(node)
        else:
            nodes[driver.parent_id].children.append(node)
    return roots


def primary_drivers(*, project: ImprovementProject):
    return Driver.objects.filter(project=project, parent__isnull=True).order_by("position", "id")
