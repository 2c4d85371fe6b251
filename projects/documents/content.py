"""A performance improvement project (PIP) as the report the state's external quality reviewer reads:
plain data in one language, built once and laid out as PDF (``pdf.py``) and as Word (``docx.py``).

The outline is the one California's external quality review organization for specialty mental health
(CalEQRO, run by Behavioral Health Concepts) validates PIPs against: the steps of CMS's EQR Protocol 1,
"Validation of Performance Improvement Projects" (CMS External Quality Review Protocols, February 2023):
the topic, the aim statement, the population, sampling, the variables and performance measures, data
collection, data analysis and interpretation, the improvement strategies, and whether significant and
sustained improvement occurred (is it real, likely the result of the interventions, and has it held).
The steps are in the protocol's order; each section is written from what the project holds, never typed
twice. Every string is translated and formatted for the document's language here: the renderers only
lay it out.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from measures.charts._common import number
from projects.documents.chart import PrintChart, print_chart
from projects.models import ImprovementProject, LocalMeasure, LocalPeriod
from projects.selectors.cycles import project_cycles
from projects.selectors.drivers import DriverNode, driver_tree
from projects.selectors.local_charts import LocalCharts, local_measure_charts
from projects.selectors.measures import period_start_of, project_family
from projects.selectors.progress import project_progress
from projects.selectors.projects import aim_statement, project_team

#: Where the outline comes from, as the report cites it (the README says the same).
OUTLINE_SOURCE = (
    "CMS, External Quality Review (EQR) Protocols, February 2023: Protocol 1, Validation of Performance "
    "Improvement Projects"
)


@dataclass
class Table:
    caption: str
    headings: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """One step of the outline: its ``heading``, paragraphs, then tables and bullet ``items``."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    #: The control chart drawn for print (PDF only), and what it is, for its title and screen readers.
    chart: PrintChart | None = None
    chart_label: str = ""


@dataclass
class PipReport:
    language: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    source: str
    produced: str
    slug: str

    @property
    def filename(self) -> str:
        """Without extension: ``pip-report-follow-up-within-7-days-es``."""
        return f"pip-report-{self.slug}-{self.language}"


def outline_headings() -> list[str]:
    """The nine steps' headings in the active language, in the order the report gives them."""
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


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _period(measure: LocalMeasure, day: date) -> str:
    if measure.period == LocalPeriod.WEEK:
        return _("week of %(day)s") % {"day": _day(day)}
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def _value(measure: LocalMeasure, value: float | None) -> str:
    if measure.is_proportion:
        return number(value, decimals=1, suffix=" %")
    return number(value, decimals=1)


def _topic(project: ImprovementProject) -> Section:
    section = Section(outline_headings()[0])
    section.paragraphs.append(project.display_title)
    if project.display_summary:
        section.paragraphs.append(project.display_summary)
    if project.origin_problem_id:
        section.paragraphs.append(
            _("The project started from a problem the county raised: %(title)s.") % {"title": project.origin_problem}
        )
    aims = [aim.display_name for aim in project.aims.all()]
    if aims:
        section.paragraphs.append(_("Aims of the quality framework it serves: %(aims)s.") % {"aims": ", ".join(aims)})
    for item in project.matrix_items.order_by("code"):
        section.items.append(f"{item.code} {item.display_text}")
    return section


def _question(project: ImprovementProject) -> Section:
    section = Section(outline_headings()[1])
    section.paragraphs.append(aim_statement(project))
    what = project.display_aim_what or project.display_title
    section.paragraphs.append(
        _("The question: do the changes tested in this project improve %(what)s for %(whom)s?")
        % {"what": what, "whom": project.display_aim_for_whom or _("the people served")}
    )
    if not project.aim_is_set:
        section.paragraphs.append(
            _("The aim statement lacks: %(parts)s.") % {"parts": ", ".join(str(p) for p in project.missing_aim_parts())}
        )
    return section


def _population(project: ImprovementProject, locals_: list[LocalMeasure]) -> Section:
    section = Section(outline_headings()[2])
    section.paragraphs.append(project.display_aim_for_whom or _("The population is not described yet."))
    for measure in locals_:
        if measure.is_proportion:
            section.items.append(
                _("%(name)s counts, each period, %(denominator)s.")
                % {"name": measure.display_name, "denominator": measure.display_denominator_label}
            )
    return section


def _sampling() -> Section:
    return Section(
        outline_headings()[3],
        paragraphs=[
            _(
                "No sample is drawn: each indicator counts every eligible case in the period, the whole "
                "population. The local measures are counted by the team from its own records; the registry's "
                "measures are computed from every record the county holds."
            )
        ],
    )


def _variables(family) -> Section:
    section = Section(outline_headings()[4])
    rows = []
    for entry in family:
        if entry.local_measure_id:
            measure = entry.local_measure
            if measure.is_proportion:
                calculation = _("%(numerator)s out of %(denominator)s, in percent") % {
                    "numerator": measure.display_numerator_label,
                    "denominator": measure.display_denominator_label,
                }
            else:
                calculation = _("a count")
            rows.append(
                [
                    entry.get_role_display(),
                    measure.display_name,
                    calculation,
                    measure.get_period_display(),
                    measure.get_direction_display(),
                ]
            )
        else:
            rows.append(
                [
                    entry.get_role_display(),
                    entry.measure.display_name,
                    _("a measure of the county's registry"),
                    _("Month"),
                    entry.measure.get_direction_display(),
                ]
            )
    if rows:
        section.tables.append(
            Table(
                _("The family of measures"),
                [_("Role"), _("Indicator"), _("How it is calculated"), _("Collected per"), _("Improvement")],
                rows,
            )
        )
    else:
        section.paragraphs.append(_("No indicators are defined yet."))
    return section


def _collection(locals_: list[LocalMeasure]) -> Section:
    section = Section(outline_headings()[5])
    section.paragraphs.append(
        _(
            "The team enters each period's figures in QIC by hand or pasted from a spreadsheet. Every figure is "
            "checked before it is saved (no future period, the period's first day, a numerator not above its "
            "denominator) and records who entered it and when; every change is kept in its history."
        )
    )
    for measure in locals_:
        points = list(measure.data_points.all())
        people = {point.entered_by_id for point in points if point.entered_by_id}
        text = _("%(name)s: %(definition)s") % {"name": measure.display_name, "definition": measure.display_definition}
        if points:
            text += " " + _("%(count)d periods from %(first)s to %(last)s, entered by %(people)d people.") % {
                "count": len(points),
                "first": _period(measure, points[0].period_start),
                "last": _period(measure, points[-1].period_start),
                "people": len(people),
            }
        section.items.append(text)
    return section


def _analysis(project: ImprovementProject, locals_: list[LocalMeasure], charts: dict[int, LocalCharts]) -> Section:
    section = Section(outline_headings()[6])
    cycles = list(project_cycles(project=project))
    section.paragraphs.append(
        _(
            "Each local measure is read on a run chart (Anhøj rules) and a control chart (a P chart for a "
            "proportion, a C chart for a count; Making Data Count rules in the direction of improvement), the "
            "same engine as the county's registry. When the first PDSA cycle started after at least six "
            "periods, those periods are the baseline: the centre line and limits come from them."
        )
    )
    for measure in locals_:
        local = charts[measure.pk]
        sub = Section(measure.display_name)
        sub.paragraphs.append(_("Control chart: %(verdict)s") % {"verdict": local.control.verdict_text})
        sub.paragraphs.append(_("Run chart: %(verdict)s") % {"verdict": local.run.verdict_text})
        sub.paragraphs.append(local.control.summary)
        points = list(measure.data_points.all())
        result = local.control.result
        if result is not None:
            sub.chart = print_chart(
                [point.period_start for point in points],
                list(result.values),
                centre=list(result.centre),
                upper=list(result.ucl),
                lower=list(result.lcl),
                outside=list(result.sigma_signal),
                cycles=[(cycle.starts_on, f"PDSA: {cycle.title[:30]}") for cycle in cycles],
                period_label=lambda day, measure=measure: _period(measure, day),
                value_label=lambda value, measure=measure: _value(measure, value),
            )
            sub.chart_label = _("Control chart: %(name)s") % {"name": measure.display_name}
        rows = []
        for index, point in enumerate(points):
            row = [_period(measure, point.period_start), str(point.numerator)]
            if measure.is_proportion:
                row.append(str(point.denominator))
            row.append(_value(measure, point.value))
            if result is not None:
                # On the chart's scale already: percent for a P chart (multiply=100), the count for a C chart.
                row.append(_value(measure, result.centre[index]))
            rows.append(row)
        if rows:
            headings = [_("Period"), _("Numerator") if measure.is_proportion else _("Count")]
            if measure.is_proportion:
                headings.append(_("Denominator"))
            headings.append(_("Value"))
            if result is not None:
                headings.append(_("Centre line"))
            sub.tables.append(Table(_("The figures of %(name)s") % {"name": measure.display_name}, headings, rows))
        section.subsections.append(sub)
    if not locals_:
        section.paragraphs.append(_("No local measure has data yet."))
    return section


def _strategies(project: ImprovementProject, tree: list[DriverNode]) -> Section:
    section = Section(outline_headings()[7])

    def walk(node: DriverNode, depth: int) -> None:
        prefix = _("Primary driver") if depth == 0 else _("Secondary driver")
        section.items.append(f"{prefix}: {node.driver.display_text}")
        for idea in node.ideas:
            section.items.append(_("Change idea: %(text)s") % {"text": idea.display_text})
        for child in node.children:
            walk(child, depth + 1)

    for node in tree:
        walk(node, 0)
    rows = [
        [
            _day(cycle.starts_on),
            _day(cycle.ends_on),
            cycle.title,
            cycle.plan_prediction,
            cycle.study_notes or "—",
            cycle.get_act_decision_display() or _("not decided yet"),
        ]
        for cycle in project_cycles(project=project)
    ]
    if rows:
        section.tables.append(
            Table(
                _("PDSA cycles"),
                [_("Started"), _("Ended"), _("Change tested"), _("Prediction"), _("What was learned"), _("Decision")],
                rows,
            )
        )
    else:
        section.paragraphs.append(_("No PDSA cycle has started yet."))
    return section


def _improvement(project: ImprovementProject, locals_, charts, family) -> Section:
    section = Section(outline_headings()[8])
    first_cycle = project_cycles(project=project).first()
    outcome = next((entry for entry in family if entry.role == "outcome"), None)
    for measure in locals_:
        local = charts[measure.pk]
        points = list(measure.data_points.all())
        finding = local.finding
        text = [local.finding_text]
        if local.baseline and len(points) > local.baseline:
            before = points[: local.baseline]
            after = points[local.baseline :]
            text.append(
                _(
                    "Before the first PDSA cycle: %(before)s on average over %(n_before)d periods; since: "
                    "%(after)s over %(n_after)d periods."
                )
                % {
                    "before": _value(measure, _mean(measure, before)),
                    "n_before": len(before),
                    "after": _value(measure, _mean(measure, after)),
                    "n_after": len(after),
                }
            )
        if finding.first_signal is not None and first_cycle is not None:
            signal_day = points[finding.first_signal].period_start
            if signal_day >= period_start_of(first_cycle.starts_on, measure.period):
                text.append(
                    _(
                        "The signal comes after the first PDSA cycle started (%(day)s): the improvement is likely "
                        "to be the result of the changes tested, not chance."
                    )
                    % {"day": _day(first_cycle.starts_on)}
                )
        if finding.first_signal is not None:
            text.append(
                _("Sustained: yes, the improvement has held.") if finding.sustained else _("Sustained: not yet shown.")
            )
        label = measure.display_name
        if outcome is not None and outcome.local_measure_id == measure.pk:
            label = _("%(name)s (outcome)") % {"name": label}
        section.subsections.append(Section(label, paragraphs=text))
    progress = project_progress(project=project)
    section.paragraphs.append(_("Progress score: %(score)d of 5.") % {"score": progress.score})
    for step in progress.steps:
        state = _("met") if step.met else _("not yet")
        section.items.append(f"{step.number}. {step.label} ({state}): {step.reason}")
    return section


def _mean(measure: LocalMeasure, points) -> float | None:
    if not points:
        return None
    if measure.is_proportion:
        denominator = sum(point.denominator or 0 for point in points)
        return 100 * sum(point.numerator for point in points) / denominator if denominator else None
    return sum(point.numerator for point in points) / len(points)


def pip_report_build(*, project: ImprovementProject, language: str) -> PipReport:
    """The report of ``project`` in ``language`` ("en" or "es")."""
    with translation.override(language):
        family = project_family(project=project)
        locals_ = [entry.local_measure for entry in family if entry.local_measure_id]
        charts = {measure.pk: local_measure_charts(measure=measure) for measure in locals_}
        team = project_team(project=project)
        facts = [
            (_("Kind"), project.get_kind_display()),
            (_("Stage"), project.get_stage_display()),
            (_("Began"), _day(project.starts_on)),
            (
                _("Team"),
                "; ".join(f"{member.display_name} ({member.get_role_display()})" for member in team) or "—",
            ),
        ]
        sections = [
            _topic(project),
            _question(project),
            _population(project, locals_),
            _sampling(),
            _variables(family),
            _collection(locals_),
            _analysis(project, locals_, charts),
            _strategies(project, driver_tree(project=project)),
            _improvement(project, locals_, charts, family),
        ]
        return PipReport(
            language=language,
            title=project.display_title,
            subtitle=_("Performance improvement project report"),
            facts=facts,
            sections=sections,
            source=_("Outline: %(source)s, as used by California's external quality review organization (CalEQRO).")
            % {"source": OUTLINE_SOURCE},
            produced=_("Produced by QIC on %(day)s from the project's own records.")
            % {"day": _day(timezone.localdate())},
            slug=slugify(project.title)[:60] or "project",
        )
