"""What a meeting's agenda is built from: everything that happened since the last meeting.

Each source is a function ``(*, meeting, previous) -> list[AgendaProposal]`` listed in
:data:`AGENDA_SOURCES`, in the order its items take on the agenda. ``previous`` is the last meeting
held before this one (None for the first). A proposal's ``source_key`` names what it stands for, so
building the agenda again never adds it twice and never brings back an item QI staff removed.

To add a source, write one more function of the same shape and add it to :data:`AGENDA_SOURCES` where its
items belong.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override

from council.models import ActionItem, ActionItemStatus, AgendaSource, CouncilMeeting, CouncilMeetingStatus
from dialogues.models import (
    CellStatus,
    CouncilInitiative,
    CqiCell,
    InitiativeStatus,
    OversightCommittee,
    Problem,
    ProblemStatus,
    ProblemTier,
)
from measures.compute.trend import IMPROVING, SPECIAL_CAUSE, WORSENING
from measures.models import Direction, Measure, MeasureResult
from measures.selectors import measure_monthly_trend
from projects.models import PIP_KINDS, ImprovementProject, ProjectKind, ProjectStage
from projects.selectors.progress import project_progress
from workplan.selectors import objectives_for_agenda
from workplan.status import ObjectiveStatus


@dataclass(frozen=True)
class AgendaProposal:
    source: str
    source_key: str
    title: str
    title_es: str = ""
    detail: str = ""
    link: str = ""
    detail_es: str = ""


def _both(message: str, **params) -> tuple[str, str]:
    """``message`` (a msgid, translated here) with ``params``, in English and in Spanish.

    A parameter given as a function of the language (``lambda language: ...``) is worked out in each
    language: a date written the Spanish way, a measure's Spanish name.
    """
    texts = []
    for language in ("en", "es"):
        with override(language):
            values = {key: value(language) if callable(value) else value for key, value in params.items()}
            texts.append((_(message) % values)[:200])
    return texts[0], texts[1]


def _typed(row, field: str):
    """A parameter for :func:`_both`: what people typed, in each language (English where no Spanish was typed)."""
    return lambda language: row.localized(field, language).text


def previous_meeting(*, meeting: CouncilMeeting) -> CouncilMeeting | None:
    """The last meeting held before this one."""
    return (
        CouncilMeeting.objects.filter(starts_at__lt=meeting.starts_at, status=CouncilMeetingStatus.HELD)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


# --- The sources, in agenda order -------------------------------------------------------------


def minutes_to_approve(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """The last meeting's minutes, when not yet approved: they are approved at this one."""
    if previous is None or previous.minutes_approved:
        return []
    day = timezone.localtime(previous.starts_at).date()
    en, es = _both(
        gettext_noop("Approve the minutes of the meeting of %(day)s"), day=lambda _language: date_format(day)
    )
    return [
        AgendaProposal(AgendaSource.MINUTES, f"minutes:{previous.public_id}", en, es, link=previous.get_absolute_url())
    ]


def open_action_items(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """Action items agreed at earlier meetings and not done: they come back until they are."""
    items = (
        ActionItem.objects.still_open()
        .filter(meeting__starts_at__lt=meeting.starts_at)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    proposals = []
    for item in items:
        en, es = _both(gettext_noop("Action item: %(description)s"), description=_typed(item, "description"))
        owner = item.owner.get_full_name() or item.owner.get_username()
        detail, detail_es = _both(
            gettext_noop("Owner: %(owner)s. Due %(due)s. %(status)s."),
            owner=owner,
            due=lambda _language, due=item.due_on: date_format(due),
            status=lambda _language, status=item.status: str(ActionItemStatus(status).label),
        )
        proposals.append(
            AgendaProposal(AgendaSource.ACTION_ITEM, f"action:{item.pk}", en, es, detail, detail_es=detail_es)
        )
    return proposals


def problems_escalated_to_council(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """Open problems at the council tier (IHI tiered escalation, seed 004), the soonest due first."""
    problems = Problem.objects.filter(status=ProblemStatus.OPEN, tier=ProblemTier.COUNCIL).prefetch_related(
        "escalations"
    )
    proposals = []
    for problem in problems.order_by("due_on", "id"):
        en, es = _both(gettext_noop("Problem escalated to the council: %(title)s"), title=_typed(problem, "title"))
        escalations = list(problem.escalations.all())
        # Why it was escalated is written once (in English); the problem's own description has its Spanish.
        detail, detail_es = (
            (escalations[-1].reason, "") if escalations else (problem.description, problem.description_es)
        )
        proposals.append(
            AgendaProposal(
                AgendaSource.ESCALATED_PROBLEM,
                f"problem:{problem.pk}",
                en,
                es,
                detail,
                problem.get_absolute_url(),
                detail_es,
            )
        )
    return proposals


def _month_seen_at(previous: CouncilMeeting | None) -> date | None:
    """The last full month the council could have seen at its previous meeting."""
    if previous is None:
        return None
    day = timezone.localtime(previous.starts_at).date()
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _missed(measure: Measure, value: float) -> bool:
    target = float(measure.target)
    if measure.direction == Direction.INCREASE:
        return value < target
    if measure.direction == Direction.DECREASE:
        return value > target
    return False


# Marked for translation here, translated in each language when the title is written.
_VERDICT_WORDS = {
    WORSENING: gettext_noop("getting worse"),
    IMPROVING: gettext_noop("getting better"),
    SPECIAL_CAUSE: gettext_noop("a change beyond ordinary variation"),
}


def _measure_name(measure: Measure, language: str) -> str:
    return measure.name_es if language == "es" and measure.name_es else measure.name


def chart_signals_and_missed_targets(
    *, meeting: CouncilMeeting, previous: CouncilMeeting | None
) -> list[AgendaProposal]:
    """Measures whose monthly control chart shows a signal, and measures whose latest month missed the
    target, for months the council has not seen yet (after the last full month before the last meeting) and
    that ended before this meeting's month (an agenda built late for a past meeting reads the chart as it was).

    Read as QI staff read the chart (:func:`measures.selectors.measure_monthly_trend`, staff view): the
    agenda goes to members only, and says no figure that a public page would hide.
    """
    seen = _month_seen_at(previous)
    # Months that ended before the meeting's month: what the council could have had in front of it.
    before = timezone.localtime(meeting.starts_at).date().replace(day=1)
    latest = dict(
        MeasureResult.objects.filter(
            period_type="month", stratum="all", measure__active=True, value__isnull=False, period_start__lt=before
        )
        .values_list("measure")
        .annotate(latest=Max("period_start"))
    )
    proposals = []
    for measure in Measure.objects.filter(pk__in=[pk for pk, month in latest.items() if seen is None or month > seen]):
        month = latest[measure.pk]
        link = reverse("measures:measure_detail", args=[measure.code])
        trend = measure_monthly_trend(measure=measure, internal=True, before=before)["trend"]
        if trend.verdict in _VERDICT_WORDS:
            verdict = _VERDICT_WORDS[trend.verdict]
            en, es = _both(
                gettext_noop("Chart signal on %(measure)s: %(verdict)s"),
                measure=lambda language, measure=measure: _measure_name(measure, language),
                verdict=lambda _language, verdict=verdict: _(verdict),
            )
            proposals.append(
                AgendaProposal(AgendaSource.CHART_SIGNAL, f"signal:{measure.code}:{month:%Y-%m}", en, es, link=link)
            )
        row = MeasureResult.objects.filter(
            measure=measure, period_type="month", stratum="all", period_start=month
        ).first()
        if measure.target is not None and row is not None and row.value is not None and _missed(measure, row.value):
            en, es = _both(
                gettext_noop("Target missed on %(measure)s in %(month)s"),
                measure=lambda language, measure=measure: _measure_name(measure, language),
                month=lambda _language, month=month: date_format(month, "YEAR_MONTH_FORMAT"),
            )
            detail, detail_es = _both(
                gettext_noop("Latest month: %(value)s; target: %(target)s."),
                value=lambda _language, value=row.value: number_format(round(value, 1), 1),
                target=lambda _language, target=measure.target: number_format(target.normalize()),
            )
            key = f"target:{measure.code}:{month:%Y-%m}"
            proposals.append(AgendaProposal(AgendaSource.MISSED_TARGET, key, en, es, detail, link, detail_es))
    return proposals


def initiatives_and_status(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """Every council initiative not completed, with its status (IHI: three to five at a time)."""
    proposals = []
    for initiative in CouncilInitiative.objects.exclude(status=InitiativeStatus.COMPLETED).order_by("title"):
        texts = _both(
            gettext_noop("Initiative: %(title)s (%(status)s)"),
            title=_typed(initiative, "title"),
            status=lambda _language, status=initiative.status: str(InitiativeStatus(status).label),
        )
        proposals.append(AgendaProposal(AgendaSource.INITIATIVE, f"initiative:{initiative.pk}", *texts))
    return proposals


def performance_improvement_projects(
    *, meeting: CouncilMeeting, previous: CouncilMeeting | None
) -> list[AgendaProposal]:
    """Every open performance improvement project (the county's clinical and non-clinical PIPs, which the state's
    reviewer validates), with its stage and its progress score worked out from its data."""
    proposals = []
    for project in ImprovementProject.objects.filter(kind__in=PIP_KINDS).exclude(stage=ProjectStage.CLOSED):
        score = project_progress(project=project).score
        texts = _both(
            gettext_noop("%(kind)s: %(title)s (%(stage)s, progress %(score)s of 5)"),
            kind=lambda _language, kind=project.kind: str(ProjectKind(kind).label),
            title=lambda language, project=project: (language == "es" and project.title_es) or project.title,
            stage=lambda _language, stage=project.stage: str(ProjectStage(stage).label),
            score=score,
        )
        proposals.append(
            AgendaProposal(
                AgendaSource.IMPROVEMENT_PROJECT,
                f"project:{project.public_id}:{project.stage}:{score}",
                *texts,
                link=project.get_absolute_url(),
            )
        )
    return proposals


def work_plan_objectives(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """The QI Work Plan's objectives due since the last meeting or before the next, and those off track
    (at risk or not met), with their status from the published figures (consumer members read the agenda)."""
    since = previous.starts_at.date() if previous else meeting.starts_at.date() - timedelta(days=90)
    until = meeting.starts_at.date() + timedelta(days=31)
    proposals = []
    for row in objectives_for_agenda(since=since, until=until):
        objective = row.objective
        texts = _both(
            gettext_noop("Work plan objective: %(title)s (%(status)s, due %(due)s)"),
            title=lambda language, objective=objective: (language == "es" and objective.title_es) or objective.title,
            status=lambda _language, status=row.status: str(ObjectiveStatus(status).label),
            due=lambda _language, due=objective.due_date: date_format(due, "DATE_FORMAT"),
        )
        proposals.append(
            AgendaProposal(
                AgendaSource.WORK_PLAN,
                f"objective:{objective.pk}:{row.status}",
                *texts,
                link=objective.get_absolute_url(),
            )
        )
    return proposals


def cell_reports(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """A report from each active CQI cell."""
    return [
        AgendaProposal(
            AgendaSource.CELL_REPORT,
            f"cell:{cell.slug}",
            *_both(gettext_noop("Report from the CQI cell %(cell)s"), cell=_typed(cell, "name")),
            link=cell.get_absolute_url(),
        )
        for cell in CqiCell.objects.filter(status=CellStatus.ACTIVE).order_by("name")
    ]


def oversight_committee_items(*, meeting: CouncilMeeting, previous: CouncilMeeting | None) -> list[AgendaProposal]:
    """What the consumer-directed oversight committee brings to the council."""
    return [
        AgendaProposal(
            AgendaSource.OVERSIGHT,
            f"oversight:{committee.pk}",
            *_both(gettext_noop("Items from the %(committee)s"), committee=_typed(committee, "name")),
            link=reverse("dialogues:oversight"),
        )
        for committee in OversightCommittee.objects.filter(active=True).order_by("name")
    ]


AgendaSourceFunction = Callable[..., list[AgendaProposal]]

#: The agenda's sources in the order their items appear. Matters members add, and items QI staff add,
#: follow them.
AGENDA_SOURCES: tuple[AgendaSourceFunction, ...] = (
    minutes_to_approve,
    open_action_items,
    problems_escalated_to_council,
    chart_signals_and_missed_targets,
    initiatives_and_status,
    performance_improvement_projects,
    work_plan_objectives,
    cell_reports,
    oversight_committee_items,
)

#: What each source brings, for the agenda page (in the reader's language; the docstrings are for developers).
AGENDA_SOURCE_DESCRIPTIONS = (
    gettext_lazy("The last meeting's minutes, when not yet approved: they are approved at this one."),
    gettext_lazy("Action items agreed at earlier meetings and not done: they come back until they are."),
    gettext_lazy("Problems escalated to the council tier and still open, the soonest due first."),
    gettext_lazy("Measures whose monthly control chart shows a signal, or whose latest month missed the target."),
    gettext_lazy("Every council initiative not completed, with its status."),
    gettext_lazy("Every open performance improvement project (the county's clinical and non-clinical PIPs)."),
    gettext_lazy("The work plan's objectives due since the last meeting or before the next, and those off track."),
    gettext_lazy("A report from each active CQI cell."),
    gettext_lazy("What the consumer-directed oversight committee brings to the council."),
)


def agenda_proposals(*, meeting: CouncilMeeting) -> list[AgendaProposal]:
    """What every source proposes for ``meeting``, in agenda order."""
    previous = previous_meeting(meeting=meeting)
    proposals = []
    for source in AGENDA_SOURCES:
        proposals.extend(source(meeting=meeting, previous=previous))
    return proposals
