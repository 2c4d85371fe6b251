"""The seven markers of success (seed 001), for one CQI cell or the council as a whole.

Each indicator is either COMPUTED from the data or ATTESTED by a person with evidence (the latest
attestation counts). The evidence is given in words, so a reader can check it.

Survey results are aggregates only, and shown only when at least ``SURVEY_MINIMUM_RESPONDENTS``
members have answered, so no one's answers can be picked out.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogues.models import (
    CONSUMER_ROLES,
    CONSUMER_SHARE_MINIMUM,
    DIALOGUE_RECENCY_DAYS,
    CellStatus,
    CompensationKind,
    CqiCell,
    Dialogue,
    DialogueStatus,
    Indicator,
    IndicatorAttestation,
    OversightCommittee,
    SurveyResponse,
)
from dialogues.selectors.cells import cell_consumer_share, cells_with_consumer_share

#: The fewest members who must have answered the survey before any result is shown.
SURVEY_MINIMUM_RESPONDENTS = 5
#: A mission is current when it was reviewed within this many days.
MISSION_REVIEW_DAYS = 365

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
COMPUTED = "computed"
ATTESTED = "attested"


@dataclass
class IndicatorResult:
    indicator: str
    status: str
    basis: str
    evidence: str
    attestation: IndicatorAttestation | None = None
    attestable: bool = False
    details: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return Indicator(self.indicator).label

    @property
    def status_label(self) -> str:
        return {MET: _("Met"), NOT_MET: _("Not met"), UNKNOWN: _("Not yet known")}[self.status]

    @property
    def is_met(self) -> bool:
        return self.status == MET

    @property
    def is_computed(self) -> bool:
        return self.basis == COMPUTED


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _days_ago(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("%(days)s day ago", "%(days)s days ago", days) % {"days": days}


def latest_attestation(*, indicator: str, cell: CqiCell | None) -> IndicatorAttestation | None:
    return (
        IndicatorAttestation.objects.filter(indicator=indicator, cell=cell)
        .select_related("attested_by")
        .order_by("-attested_on", "-id")
        .first()
    )


# --- One cell ---------------------------------------------------------------------------------


def _mission(cell: CqiCell, today: date, attestation: IndicatorAttestation | None = None) -> IndicatorResult:
    if not cell.mission_statement.strip():
        return IndicatorResult(Indicator.MISSION, NOT_MET, COMPUTED, _("There is no mission statement yet."))
    reviewed_on, basis = cell.mission_reviewed_on, COMPUTED
    if attestation is not None and (reviewed_on is None or attestation.attested_on >= reviewed_on):
        if not attestation.met:
            return IndicatorResult(
                Indicator.MISSION,
                NOT_MET,
                ATTESTED,
                _("Reviewed on %(day)s and found not yet consistent: %(evidence)s")
                % {"day": _day(attestation.attested_on), "evidence": attestation.evidence},
                attestation=attestation,
            )
        reviewed_on, basis = attestation.attested_on, ATTESTED
    if reviewed_on is None:
        return IndicatorResult(
            Indicator.MISSION,
            NOT_MET,
            COMPUTED,
            _("There is a mission statement, but no review by the members has been recorded."),
        )
    days = (today - reviewed_on).days
    status = MET if days <= MISSION_REVIEW_DAYS else NOT_MET
    if status == MET:
        evidence = _("Mission statement last reviewed %(day)s, %(ago)s.")
    else:
        evidence = _("Mission statement last reviewed %(day)s, %(ago)s: more than 12 months ago.")
    return IndicatorResult(
        Indicator.MISSION,
        status,
        basis,
        evidence % {"day": _day(reviewed_on), "ago": _days_ago(days)},
        attestation=attestation if basis == ATTESTED else None,
    )


def _process(cell: CqiCell) -> IndicatorResult:
    if cell.process_description.strip() and cell.process_document:
        evidence = _("The process is described in words and in a chart.")
    elif cell.process_description.strip():
        evidence = _("The process is described in words.")
    elif cell.process_document:
        evidence = _("The process is documented in a chart.")
    else:
        return IndicatorResult(Indicator.PROCESS, NOT_MET, COMPUTED, _("The CQI process is not documented yet."))
    return IndicatorResult(Indicator.PROCESS, MET, COMPUTED, evidence)


def _share_words(share) -> str:
    return ngettext(
        "%(consumers)s of %(members)s member (%(percent)s%%) is a consumer or family member",
        "%(consumers)s of %(members)s members (%(percent)s%%) are consumers or family members",
        share.members,
    ) % {"consumers": share.consumer_members, "members": share.members, "percent": share.percent}


def _consumer_share(share) -> IndicatorResult:
    if not share.members:
        return IndicatorResult(Indicator.CONSUMER_SHARE, UNKNOWN, COMPUTED, _("The cell has no members yet."))
    status = NOT_MET if share.below_minimum else MET
    return IndicatorResult(Indicator.CONSUMER_SHARE, status, COMPUTED, _share_words(share) + ".")


def _compensation(cell: CqiCell) -> IndicatorResult:
    if cell.compensation_kind == CompensationKind.PER_MEETING and cell.stipend_per_meeting:
        return IndicatorResult(
            Indicator.COMPENSATION,
            MET,
            COMPUTED,
            _("$%(amount)s per meeting attended.") % {"amount": number_format(cell.stipend_per_meeting, 2)},
        )
    return IndicatorResult(
        Indicator.COMPENSATION,
        NOT_MET,
        COMPUTED,
        _("No compensation plan: %(reason)s") % {"reason": cell.no_compensation_reason or _("no reason given")},
    )


def _dialogues(today: date) -> IndicatorResult:
    last = Dialogue.objects.filter(status=DialogueStatus.HELD).order_by("-starts_at").values("starts_at").first()
    if last is None:
        return IndicatorResult(
            Indicator.DIALOGUES, NOT_MET, COMPUTED, _("No dialogue has been held yet (counted council-wide).")
        )
    held_on = timezone.localdate(last["starts_at"])
    days = (today - held_on).days
    status = MET if days <= DIALOGUE_RECENCY_DAYS else NOT_MET
    evidence = _("Last dialogue held %(day)s, %(ago)s (counted council-wide; needed: within %(limit)s days).") % {
        "day": _day(held_on),
        "ago": _days_ago(days),
        "limit": DIALOGUE_RECENCY_DAYS,
    }
    return IndicatorResult(Indicator.DIALOGUES, status, COMPUTED, evidence)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def survey_window_start(today: date) -> date:
    """The first day of the previous quarter: the survey counts the current quarter and the one before."""
    current = quarter_start(today)
    return quarter_start(current - timedelta(days=1))


@dataclass
class SurveySummary:
    respondents: int
    means: list  # (question label, mean) pairs; empty when too few answered

    @property
    def shown(self) -> bool:
        return self.respondents >= SURVEY_MINIMUM_RESPONDENTS


def survey_summary(*, cells, today: date) -> SurveySummary:
    responses = SurveyResponse.objects.filter(cell__in=cells, period__gte=survey_window_start(today), period__lte=today)
    aggregates = responses.aggregate(
        respondents=Count("respondent", distinct=True),
        **{question: Avg(question) for question in SurveyResponse.QUESTIONS},
    )
    respondents = aggregates["respondents"]
    means = []
    if respondents >= SURVEY_MINIMUM_RESPONDENTS:
        for question in SurveyResponse.QUESTIONS:
            label = SurveyResponse._meta.get_field(question).verbose_name
            means.append((label, Decimal(str(aggregates[question])).quantize(Decimal("0.1"))))
    return SurveySummary(respondents=respondents, means=means)


def _satisfaction(summary: SurveySummary) -> IndicatorResult:
    if not summary.respondents:
        return IndicatorResult(
            Indicator.SATISFACTION, NOT_MET, COMPUTED, _("No survey answers in the last two quarters.")
        )
    if summary.shown:
        evidence = _("%(count)s members answered the survey in the last two quarters (1 to 5, 5 = strongly agree).") % {
            "count": summary.respondents
        }
    else:
        evidence = _(
            "The survey was answered in the last two quarters. Fewer than %(minimum)s answers: not shown, "
            "to protect who said what."
        ) % {"minimum": SURVEY_MINIMUM_RESPONDENTS}
    return IndicatorResult(Indicator.SATISFACTION, MET, COMPUTED, evidence, details=summary.means)


def _oversight(today: date, attestation: IndicatorAttestation | None) -> IndicatorResult:
    committee = OversightCommittee.objects.filter(active=True).order_by("name").first()
    members = []
    if committee is not None:
        members = [
            member
            for member in committee.members.all()
            if (member.joined_on is None or member.joined_on <= today)
            and (member.left_on is None or member.left_on > today)
        ]
    if members:
        consumers = sum(1 for member in members if member.role in CONSUMER_ROLES)
        chaired = any(member.chairs and member.role in CONSUMER_ROLES for member in members)
        half = consumers * 2 >= len(members)
        words = ngettext(
            "%(name)s: %(consumers)s of %(members)s member is a consumer or family member",
            "%(name)s: %(consumers)s of %(members)s members are consumers or family members",
            len(members),
        ) % {"name": str(committee), "consumers": consumers, "members": len(members)}
        words += "; " + (
            _("chaired by a consumer or family member.")
            if chaired
            else _("not chaired by a consumer or family member.")
        )
        if not half:
            words += " " + _("At least half the members must be consumers or family members.")
        return IndicatorResult(Indicator.OVERSIGHT, MET if half and chaired else NOT_MET, COMPUTED, words)
    if attestation is not None:
        return IndicatorResult(
            Indicator.OVERSIGHT, MET if attestation.met else NOT_MET, ATTESTED, attestation.evidence, attestation
        )
    if committee is None:
        return IndicatorResult(
            Indicator.OVERSIGHT, UNKNOWN, COMPUTED, _("No active oversight committee is recorded, and none attested.")
        )
    return IndicatorResult(
        Indicator.OVERSIGHT, UNKNOWN, COMPUTED, _("%(name)s has no members recorded.") % {"name": str(committee)}
    )


def cell_scorecard(*, cell: CqiCell, today: date | None = None) -> list[IndicatorResult]:
    """The seven indicators for one cell. Dialogues and oversight are council-wide."""
    today = today or timezone.localdate()
    mission = _mission(cell, today, latest_attestation(indicator=Indicator.MISSION, cell=cell))
    mission.attestable = True
    oversight = _oversight(today, latest_attestation(indicator=Indicator.OVERSIGHT, cell=None))
    return [
        mission,
        _process(cell),
        _consumer_share(cell_consumer_share(cell=cell, on=today)),
        _compensation(cell),
        _dialogues(today),
        _satisfaction(survey_summary(cells=[cell], today=today)),
        oversight,
    ]


# --- The council ------------------------------------------------------------------------------


def _every_cell(indicator: str, results: dict, *, empty_words: str) -> IndicatorResult:
    """Met when every active cell meets it; otherwise the cells that don't are named."""
    if not results:
        return IndicatorResult(indicator, UNKNOWN, COMPUTED, empty_words)
    failing = sorted(name for name, result in results.items() if result.status == NOT_MET)
    unknown = sorted(name for name, result in results.items() if result.status == UNKNOWN)
    total = len(results)
    if failing:
        evidence = ngettext(
            "%(count)s of %(total)s active cell does not meet it: %(names)s.",
            "%(count)s of %(total)s active cells do not meet it: %(names)s.",
            total,
        ) % {"count": len(failing), "total": total, "names": ", ".join(failing)}
        status = NOT_MET
    elif unknown:
        evidence = _("Not yet known for: %(names)s.") % {"names": ", ".join(unknown)}
        status = UNKNOWN
    else:
        evidence = ngettext("The active cell meets it.", "All %(total)s active cells meet it.", total) % {
            "total": total
        }
        status = MET
    if failing and unknown:
        evidence += " " + _("Not yet known for: %(names)s.") % {"names": ", ".join(unknown)}
    return IndicatorResult(indicator, status, COMPUTED, evidence)


def council_scorecard(*, today: date | None = None) -> list[IndicatorResult]:
    """The seven indicators for the council: each cell-level one must hold in every active cell."""
    today = today or timezone.localdate()
    cells = cells_with_consumer_share(queryset=CqiCell.objects.filter(status=CellStatus.ACTIVE), on=today)
    mission_attestations = {}
    for attestation in (
        IndicatorAttestation.objects.filter(indicator=Indicator.MISSION, cell__in=cells)
        .select_related("attested_by")
        .order_by("cell_id", "-attested_on", "-id")
    ):
        mission_attestations.setdefault(attestation.cell_id, attestation)
    none_active = _("There is no active cell yet.")
    mission = _every_cell(
        Indicator.MISSION,
        {str(cell): _mission(cell, today, mission_attestations.get(cell.pk)) for cell in cells},
        empty_words=none_active,
    )
    process = _every_cell(Indicator.PROCESS, {str(cell): _process(cell) for cell in cells}, empty_words=none_active)
    share_results = {str(cell): _consumer_share(cell.consumer_share) for cell in cells}
    share = _every_cell(Indicator.CONSUMER_SHARE, share_results, empty_words=none_active)
    if cells:
        share.evidence += " " + _("Each cell needs at least %(percent)s%%.") % {
            "percent": int(CONSUMER_SHARE_MINIMUM * 100)
        }
    compensation = _every_cell(
        Indicator.COMPENSATION, {str(cell): _compensation(cell) for cell in cells}, empty_words=none_active
    )
    answered = set(
        SurveyResponse.objects.filter(
            cell__in=cells, period__gte=survey_window_start(today), period__lte=today
        ).values_list("cell_id", flat=True)
    )
    satisfaction = _every_cell(
        Indicator.SATISFACTION,
        {
            str(cell): IndicatorResult(Indicator.SATISFACTION, MET if cell.pk in answered else NOT_MET, COMPUTED, "")
            for cell in cells
        },
        empty_words=none_active,
    )
    summary = survey_summary(cells=cells, today=today)
    satisfaction.details = summary.means
    if summary.respondents and not summary.shown:
        satisfaction.evidence += " " + _(
            "Fewer than %(minimum)s answers in all: not shown, to protect who said what."
        ) % {"minimum": SURVEY_MINIMUM_RESPONDENTS}
    elif summary.shown:
        satisfaction.evidence += " " + _("%(count)s members answered in all.") % {"count": summary.respondents}
    oversight = _oversight(today, latest_attestation(indicator=Indicator.OVERSIGHT, cell=None))
    oversight.attestable = True
    return [mission, process, share, compensation, _dialogues(today), satisfaction, oversight]
