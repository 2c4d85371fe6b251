"""The sections of a project's report, each written from what the project holds, never typed twice.

``content.py`` puts them in an outline (the PIP's nine steps, or the Model for Improvement's questions) and
gives each its heading; every string is translated for the report's language here, so the renderers only lay
it out.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from measures.charts._common import number
from projects.documents.chart import PrintChart, print_chart
from projects.models import ImprovementProject, LocalMeasure, LocalPeriod
from projects.selectors.cycles import project_cycles
from projects.selectors.drivers import DriverNode
from projects.selectors.local_charts import LocalCharts
from projects.selectors.measures import period_start_of
from projects.selectors.progress import project_progress
from projects.selectors.projects import aim_statement


@dataclass
class Table:
    caption: str
    headings: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """One part of the outline: its ``heading``, paragraphs, then tables and bullet ``items``."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    #: The control chart drawn for print (PDF only), and what it is, for its title and screen readers.
    chart: PrintChart | None = None
    chart_label: str = ""


def day_text(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def period_label(measure: LocalMeasure, day: date) -> str:
    if measure.period == LocalPeriod.WEEK:
        return _("week of %(day)s") % {"day": day_text(day)}
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def value_label(measure: LocalMeasure, value: float | None) -> str:
    if measure.is_proportion:
        return number(value, decimals=1, suffix=" %")
    return number(value, decimals=1)


def topic_section(heading: str, project: ImprovementProject) -> Section:
    section = Section(heading)
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


def question_section(heading: str, project: ImprovementProject) -> Section:
    section = Section(heading)
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


def population_section(heading: str, project: ImprovementProject, locals_: list[LocalMeasure]) -> Section:
    section = Section(heading)
    section.paragraphs.append(project.display_aim_for_whom or _("The population is not described yet."))
    for measure in locals_:
        if measure.is_proportion:
            section.items.append(
                _("%(name)s counts, each period, %(denominator)s.")
                % {"name": measure.display_name, "denominator": measure.display_denominator_label}
            )
    return section


def sampling_section(heading: str) -> Section:
    return Section(
        heading,
        paragraphs=[
            _(
                "No sample is drawn: each indicator counts every eligible case in the period, the whole "
                "population. The local measures are counted by the team from its own records; the registry's "
                "measures are computed from every record the county holds."
            )
        ],
    )


def variables_section(heading: str, family) -> Section:
    section = Section(heading)
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


def collection_section(heading: str, locals_: list[LocalMeasure]) -> Section:
    section = Section(heading)
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
                "first": period_label(measure, points[0].period_start),
                "last": period_label(measure, points[-1].period_start),
                "people": len(people),
            }
        section.items.append(text)
    return section


def analysis_section(
    heading: str, project: ImprovementProject, locals_: list[LocalMeasure], charts: dict[int, LocalCharts]
) -> Section:
    section = Section(heading)
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
                cycles=[(cycle.starts_on, f"PDSA: {cycle.localized('title').text[:30]}") for cycle in cycles],
                period_label=lambda day, measure=measure: period_label(measure, day),
                value_label=lambda value, measure=measure: value_label(measure, value),
            )
            sub.chart_label = _("Control chart: %(name)s") % {"name": measure.display_name}
        rows = []
        for index, point in enumerate(points):
            row = [period_label(measure, point.period_start), str(point.numerator)]
            if measure.is_proportion:
                row.append(str(point.denominator))
            row.append(value_label(measure, point.value))
            if result is not None:
                # On the chart's scale already: percent for a P chart (multiply=100), the count for a C chart.
                row.append(value_label(measure, result.centre[index]))
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


def strategies_section(heading: str, project: ImprovementProject, tree: list[DriverNode]) -> Section:
    section = Section(heading)

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
            day_text(cycle.starts_on),
            day_text(cycle.ends_on),
            cycle.localized("title").text,
            cycle.localized("plan_prediction").text,
            cycle.localized("study_notes").text or "—",
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


def improvement_section(heading: str, project: ImprovementProject, locals_, charts, family) -> Section:
    section = Section(heading)
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
                    "before": value_label(measure, _mean(measure, before)),
                    "n_before": len(before),
                    "after": value_label(measure, _mean(measure, after)),
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
                    % {"day": day_text(first_cycle.starts_on)}
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


def spread_section(heading: str, project: ImprovementProject) -> Section:
    """Where an adopted change goes next: each place with its status and date."""
    section = Section(heading)
    rows = [
        [site.display_place, site.get_status_display(), day_text(site.on), site.display_note or "—"]
        for site in project.spread_sites.all()
    ]
    if rows:
        section.tables.append(
            Table(_("Where the change is spread"), [_("Where"), _("Status"), _("Date"), _("Note")], rows)
        )
    else:
        section.paragraphs.append(_("No change has been adopted for spreading yet."))
    return section
