"""A project's report to download: plain data in one language, built once and laid out as PDF (``pdf.py``)
and as Word (``docx.py``). Each section is written by ``sections.py`` from what the project holds; this module
chooses the outline and gives each section its heading.

A performance improvement project (PIP) is reported as California's external quality review organization for
specialty mental health (CalEQRO, run by Behavioral Health Concepts) validates it: the steps of CMS's EQR
Protocol 1, "Validation of Performance Improvement Projects" (CMS External Quality Review Protocols, February
2023): the topic, the aim statement, the population, sampling, the variables and performance measures, data
collection, data analysis and interpretation, the improvement strategies, and whether significant and sustained
improvement occurred (is it real, likely the result of the interventions, and has it held).

Any other project (a cell's work, a council initiative) is reported along the three questions of the Model for
Improvement that its team worked with (Langley et al., *The Improvement Guide*, 2nd ed., 2009, as IHI teaches it):
what are we trying to accomplish, how will we know that a change is an improvement, what changes can we make;
then the PDSA cycles that tested them, what the data show, and where the change is spread.
"""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projects.documents import sections
from projects.documents.sections import Section, Table, day_text
from projects.models import ImprovementProject
from projects.selectors.drivers import driver_tree
from projects.selectors.local_charts import local_measure_charts
from projects.selectors.measures import project_family
from projects.selectors.projects import project_team

__all__ = ["ProjectReport", "Section", "Table", "outline_headings", "project_report_build"]

#: Where each outline comes from, as the report cites it (the README says the same).
OUTLINE_SOURCE = (
    "CMS, External Quality Review (EQR) Protocols, February 2023: Protocol 1, Validation of Performance "
    "Improvement Projects"
)
MODEL_FOR_IMPROVEMENT_SOURCE = (
    "Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP. The Improvement Guide, 2nd ed. "
    "Jossey-Bass, 2009 (the Model for Improvement, as taught by the Institute for Healthcare Improvement)"
)


@dataclass
class ProjectReport:
    language: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    source: str
    produced: str
    slug: str
    is_pip: bool

    @property
    def filename(self) -> str:
        """Without extension: ``pip-report-follow-up-within-7-days-es``, ``project-report-fewer-repeat-calls-en``."""
        kind = "pip" if self.is_pip else "project"
        return f"{kind}-report-{self.slug}-{self.language}"


def outline_headings() -> list[str]:
    """The PIP's nine steps' headings in the active language, in the order the report gives them."""
    return [
        _("Step 1. The PIP topic"),
        _("Step 2. The aim statement (the PIP question)"),
        _("Step 3. The population"),
        _("Step 4. Sampling"),
        _("Step 5. The variables and performance indicators"),
        _("Step 6. Data collection procedures"),
        _("Step 7. Data analysis and interpretation of results"),
        _("Step 8. Improvement strategies (interventions)"),
        _("Step 9. Significant and sustained improvement"),
    ]


def improvement_headings() -> list[str]:
    """A cell's or the council's project: the Model for Improvement's questions, then what came of them."""
    return [
        _("The project"),
        _("What are we trying to accomplish?"),
        _("How will we know that a change is an improvement?"),
        _("What changes can we make that will result in improvement?"),
        _("What the data show"),
        _("Has it improved, and has it held?"),
        _("Spreading the change"),
    ]


def _pip_sections(project, family, locals_, charts) -> list[Section]:
    h = outline_headings()
    return [
        sections.topic_section(h[0], project),
        sections.question_section(h[1], project),
        sections.population_section(h[2], project, locals_),
        sections.sampling_section(h[3]),
        sections.variables_section(h[4], family),
        sections.collection_section(h[5], locals_),
        sections.analysis_section(h[6], project, locals_, charts),
        sections.strategies_section(h[7], project, driver_tree(project=project)),
        sections.improvement_section(h[8], project, locals_, charts, family),
    ]


def _improvement_sections(project, family, locals_, charts) -> list[Section]:
    h = improvement_headings()
    question = sections.question_section(h[1], project)
    # Who it is for belongs with the aim here; the PIP gives the population a step of its own.
    question.paragraphs[1:1] = sections.population_section("", project, locals_).paragraphs
    measures = sections.variables_section(h[2], family)
    measures.subsections.append(sections.collection_section(_("How the figures are collected"), locals_))
    return [
        sections.topic_section(h[0], project),
        question,
        measures,
        sections.strategies_section(h[3], project, driver_tree(project=project)),
        sections.analysis_section(h[4], project, locals_, charts),
        sections.improvement_section(h[5], project, locals_, charts, family),
        sections.spread_section(h[6], project),
    ]


def project_report_build(*, project: ImprovementProject, language: str) -> ProjectReport:
    """The report of ``project`` in ``language`` ("en" or "es"): a PIP's in the reviewer's outline, any other
    project's along the Model for Improvement."""
    with translation.override(language):
        family = project_family(project=project)
        locals_ = [entry.local_measure for entry in family if entry.local_measure_id]
        charts = {measure.pk: local_measure_charts(measure=measure) for measure in locals_}
        team = project_team(project=project)
        facts = [
            (_("Kind"), project.get_kind_display()),
            (_("Stage"), project.get_stage_display()),
            (_("Began"), day_text(project.starts_on)),
            (
                _("Team"),
                "; ".join(f"{member.display_name} ({member.get_role_display()})" for member in team) or "—",
            ),
        ]
        if project.is_pip:
            body = _pip_sections(project, family, locals_, charts)
            subtitle = _("Performance improvement project report")
            source = _(
                "Outline: %(source)s, as used by California's external quality review organization (CalEQRO)."
            ) % {"source": OUTLINE_SOURCE}
        else:
            body = _improvement_sections(project, family, locals_, charts)
            subtitle = _("Improvement project report")
            source = _("Outline: the Model for Improvement (%(source)s).") % {"source": MODEL_FOR_IMPROVEMENT_SOURCE}
        return ProjectReport(
            language=language,
            title=project.display_title,
            subtitle=subtitle,
            facts=facts,
            sections=body,
            source=source,
            produced=_("Produced by QIC on %(day)s from the project's own records.")
            % {"day": day_text(timezone.localdate())},
            slug=slugify(project.title)[:60] or "project",
            is_pip=project.is_pip,
        )
