"""The plan or its evaluation as one document: plain data in one language, built once and rendered as PDF
(``pdf.py``) and as Word (``docx.py``), so both say the same thing.

Every string here is already translated and formatted (numbers, dates) for the document's language: the
renderers only lay it out. Figures are read as the reader may see them: ``public`` leaves out the
suppressed measure results, exactly as the public pages do (``selectors.objectives_progress``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from measures.charts._common import number
from qic.core.i18n import SECOND_LANGUAGE, active_language_code
from workplan import selectors
from workplan.documents.chart import ChartGeometry, chart_geometry
from workplan.models import Activity, Evaluation, Goal, WorkPlan
from workplan.status import RATING_RULE, STATUS_RULE

PLAN = "plan"
EVALUATION = "evaluation"


@dataclass(frozen=True)
class Row:
    """One line of a two-column table (what, value)."""

    label: str
    value: str


@dataclass
class ObjectiveEntry:
    title: str
    #: "en" when a Spanish document shows the English title for want of a translation (else ""), so the
    #: renderers can say so to screen readers and spell checkers.
    title_lang: str
    #: "On track", "At risk"… for the plan; "Met", "Partly met"… for the evaluation.
    standing: str
    facts: list[Row]
    figures: list[Row]
    chart: ChartGeometry | None
    activities: list[list[str]] = field(default_factory=list)
    #: (heading, text) for the evaluation's narrative, barriers and next steps.
    review: list[Row] = field(default_factory=list)


@dataclass
class GoalSection:
    title: str
    title_lang: str
    description: str
    objectives: list[ObjectiveEntry]


@dataclass
class Document:
    kind: str
    language: str
    title: str
    fiscal_year: str
    #: The fiscal year in file names, the same in both languages ("FY2025-26").
    year_code: str
    draft: bool
    public: bool
    #: "Approved by the council on …" or "Draft: not approved…".
    approval: str
    participants: list[Row]
    introduction: str
    rule_heading: str
    rule: str
    figures_note: str
    goals: list[GoalSection]
    labels: dict[str, str]

    @property
    def filename(self) -> str:
        """Without extension: ``qi-work-plan-FY2025-26-es``, ``qi-work-plan-evaluation-FY2025-26-en-draft``."""
        stem = "qi-work-plan" if self.kind == PLAN else "qi-work-plan-evaluation"
        return f"{stem}-{self.year_code}-{self.language}" + ("-draft" if self.draft else "")

    @property
    def objective_count(self) -> int:
        return sum(len(goal.objectives) for goal in self.goals)


def _fallback_lang(instance, field_name: str) -> str:
    """ "en" when the active language is Spanish and ``field_name`` has no Spanish text (``localized``
    then shows the English), else ""."""
    if active_language_code() == SECOND_LANGUAGE and not getattr(instance, f"{field_name}_{SECOND_LANGUAGE}", ""):
        return "en"
    return ""


def _date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _approval(document: WorkPlan | Evaluation) -> tuple[str, list[Row]]:
    if not document.is_approved:
        return _("Draft: not approved by the council yet. Only QI staff and directors see it."), []
    text = _("Approved by the council on %(on)s (%(meeting)s).") % {
        "on": _date(document.approved_on),
        "meeting": document.meeting_reference,
    }
    return text, [Row(str(role), str(count)) for role, count in document.participants]


def _labels(*, day: date) -> dict[str, str]:
    """Headings and column names the renderers print, translated once here."""
    return {
        "produced": _("Produced by QIC on %(day)s.") % {"day": _date(day)},
        "value": _("Value"),
        "objective": capfirst(_("objective")),
        "standing": _("Status"),
        "figure_date": _("Date of the figure"),
        "figure_value": _("Value"),
        "figures": _("Figures"),
        "no_figures": _("No figures yet."),
        "activities": _("Activities"),
        "activity": capfirst(_("activity")),
        "responsible": _("Responsible"),
        "due": _("Due"),
        "participants": _("Who took part:").rstrip(":"),
        "role": _("Role"),
        "count": capfirst(_("number")),
        "objectives_table": _("The objectives at a glance"),
        "goal": capfirst(_("goal")),
        "draft": _("Draft").upper(),
        "path": _("Path from baseline to target"),
        "target": _("Target"),
        "chart": _("Chart"),
        "detail": _("Detail"),
    }


def _entry(
    objective, points: list, *, latest_value, latest_on, standing: str, review_rows: list[Row]
) -> ObjectiveEntry:
    suffix = objective.unit_suffix
    plan = objective.goal.plan
    facts = [
        Row(_("Baseline"), number(objective.baseline, suffix=suffix)),
        Row(_("Target"), number(objective.target, suffix=suffix)),
        Row(
            _("Latest figure"),
            number(latest_value, suffix=suffix) + (f" ({_date(latest_on)})" if latest_on else ""),
        ),
        Row(_("Due"), _date(objective.due_date)),
        Row(_("Responsible"), objective.responsible),
    ]
    if objective.unit_text:
        facts.insert(0, Row(_("Unit"), objective.unit_text))
    if objective.baseline_note:
        facts.insert(2, Row(capfirst(_("baseline from")), objective.baseline_note))
    figures = [Row(_date(point.on), number(point.value, suffix=suffix)) for point in points]
    chart = chart_geometry(
        points,
        baseline=float(objective.baseline),
        target=float(objective.target),
        start=plan.fiscal_year_start,
        due=objective.due_date,
        date_label=_date,
    )
    activities = [
        [
            activity.display_description,
            activity.responsible or "—",
            _date(activity.due_date),
            str(activity.get_status_display()),
        ]
        for activity in objective.document_activities
    ]
    return ObjectiveEntry(
        title=objective.display_title,
        title_lang=_fallback_lang(objective, "title"),
        standing=standing,
        facts=facts,
        figures=figures,
        chart=chart,
        activities=activities,
        review=review_rows,
    )


def _with_activities(objectives: list) -> list:
    by_objective = defaultdict(list)
    for activity in Activity.objects.filter(objective__in=objectives).order_by("objective_id", "order", "id"):
        by_objective[activity.objective_id].append(activity)
    for objective in objectives:
        objective.document_activities = by_objective.get(objective.pk, [])
    return objectives


def _goal_sections(plan: WorkPlan, entries: dict[int, ObjectiveEntry], objectives: list) -> list[GoalSection]:
    by_goal = defaultdict(list)
    for objective in objectives:
        by_goal[objective.goal_id].append(entries[objective.pk])
    return [
        GoalSection(
            title=goal.display_title,
            title_lang=_fallback_lang(goal, "title"),
            description=goal.display_description,
            objectives=by_goal.get(goal.pk, []),
        )
        for goal in Goal.objects.filter(plan=plan).order_by("order", "id")
    ]


def _figures_note(public: bool) -> str:
    if public:
        return _("Only figures published on this site are used: figures hidden to protect privacy are left out.")
    return _("Internal copy: it includes figures hidden from the public to protect privacy. Do not publish it.")


def plan_document_build(*, plan: WorkPlan, public: bool, language: str, today: date | None = None) -> Document:
    """The work plan as a :class:`Document` in ``language`` ("en" or "es"), with the figures a public reader
    (``public``) or QI staff see, and each objective's status on ``today``. A fixed number of queries."""
    with translation.override(language):
        objectives = _with_activities(list(selectors.plan_objectives(plan=plan)))
        progress = selectors.objectives_progress(plan=plan, objectives=objectives, public=public, today=today)
        entries = {}
        for objective in objectives:
            row = progress[objective.pk]
            latest = row.latest
            entries[objective.pk] = _entry(
                objective,
                row.points,
                latest_value=latest.value if latest else None,
                latest_on=latest.on if latest else None,
                standing=str(row.status_label),
                review_rows=[],
            )
        approval, participants = _approval(plan)
        return Document(
            kind=PLAN,
            language=language,
            title=str(plan),
            fiscal_year=plan.label,
            year_code=plan.code,
            draft=not plan.is_approved,
            public=public,
            approval=approval,
            participants=participants,
            introduction=plan.display_introduction,
            rule_heading=_("How the status is worked out"),
            rule=str(STATUS_RULE),
            figures_note=_figures_note(public),
            goals=_goal_sections(plan, entries, objectives),
            labels=_labels(day=today or selectors.status_day()),
        )


def _points_as_evaluated(evaluation: Evaluation, row: dict) -> list:
    """The figures up to the one the council's rating rests on: once approved, a figure that arrives
    later does not slip into the approved document (``ObjectiveReview`` keeps the latest figure)."""
    points = row["progress"].points
    review = row["review"]
    if not (evaluation.is_approved and review is not None and review.rating):
        return points
    if row["latest_on"] is None:
        return []
    return [point for point in points if point.on <= row["latest_on"]]


def evaluation_document_build(
    *, evaluation: Evaluation, public: bool, language: str, today: date | None = None
) -> Document:
    """The plan's annual evaluation as a :class:`Document`: each objective with its rating, figures and
    review. Once approved, the rating and latest figure are those kept at approval
    (``selectors.evaluation_rows``)."""
    plan = evaluation.plan
    with translation.override(language):
        rows = selectors.evaluation_rows(evaluation=evaluation, public=public, today=today)
        objectives = _with_activities([row["objective"] for row in rows])
        entries = {}
        for row in rows:
            review = row["review"]
            review_rows = []
            if review is not None:
                review_rows = [
                    Row(_("What happened"), review.display_narrative or "—"),
                    Row(_("Barriers"), review.display_barriers or "—"),
                    Row(_("Next steps"), review.display_next_steps or "—"),
                ]
            entries[row["objective"].pk] = _entry(
                row["objective"],
                _points_as_evaluated(evaluation, row),
                latest_value=row["latest_value"],
                latest_on=row["latest_on"],
                standing=str(row["rating_label"]),
                review_rows=review_rows,
            )
        approval, participants = _approval(evaluation)
        return Document(
            kind=EVALUATION,
            language=language,
            title=str(evaluation),
            fiscal_year=plan.label,
            year_code=plan.code,
            draft=not evaluation.is_approved,
            public=public,
            approval=approval,
            participants=participants,
            introduction=evaluation.display_summary,
            rule_heading=_("How each objective is rated"),
            rule=str(RATING_RULE),
            figures_note=_figures_note(public),
            goals=_goal_sections(plan, entries, objectives),
            labels=_labels(day=today or selectors.status_day()),
        )
