"""The project's progress score, worked out from what the project holds, never typed in: hand-kept
scores drift. Adapted from the IHI / ACT Academy 1–5 progress scale:

1. the aim is set (what, for whom, how much, by when);
2. changes are being tested (a PDSA cycle has started);
3. a change is adopted (a cycle ended in "adopt");
4. improvement is shown by the chart rules on the outcome measure (a special cause in the direction
   of improvement, :mod:`projects.improvement`);
5. the improvement is sustained (it holds for :data:`projects.improvement.SUSTAIN_POINTS` more points).

The score is the highest step reached with every step before it; each step says why it is met or not.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dialogues.models import PdsaDecision
from measures import spc
from measures.compute.trend import MIN_POINTS
from projects.improvement import SUSTAIN_POINTS, ImprovementFinding, improvement_finding
from projects.models import ImprovementProject, LocalPeriod
from projects.selectors.cycles import project_cycles
from projects.selectors.measures import (
    ChartInput,
    local_measure_chart_input,
    period_start_of,
    project_outcome_measure,
    registry_measure_chart_input,
)

#: The chart rule a signal met, in words (NHSRplotthedots labels, :mod:`measures.spc`).
RULE_WORDS = {
    spc.ABOVE_UCL: gettext_lazy("a point above the upper limit"),
    spc.BELOW_LCL: gettext_lazy("a point below the lower limit"),
    spc.TREND_UP: gettext_lazy("seven points in a row going up"),
    spc.TREND_DOWN: gettext_lazy("seven points in a row going down"),
    spc.TWO_OF_THREE_ABOVE: gettext_lazy("two of three points near the upper limit"),
    spc.TWO_OF_THREE_BELOW: gettext_lazy("two of three points near the lower limit"),
    spc.SHIFT_ABOVE: gettext_lazy("seven points above the centre line"),
    spc.SHIFT_BELOW: gettext_lazy("seven points below the centre line"),
}


@dataclass(frozen=True)
class ProgressStep:
    number: int
    label: str
    met: bool
    reason: str


@dataclass(frozen=True)
class ProgressScore:
    score: int
    steps: list[ProgressStep]


def _period_label(day, period: str) -> str:
    if period == LocalPeriod.WEEK:
        return _("the week of %(day)s") % {"day": date_format(day, "DATE_FORMAT")}
    return date_format(day, "YEAR_MONTH_FORMAT")


def _chart_steps(project: ImprovementProject, first_cycle_start) -> tuple[ProgressStep, ProgressStep]:
    label4, label5 = _("Improvement shown on the chart"), _("Improvement sustained")
    entry = project_outcome_measure(project=project)
    if entry is None:
        reason = _("No outcome measure in the family of measures yet.")
        return ProgressStep(4, label4, False, reason), ProgressStep(5, label5, False, reason)
    data: ChartInput = (
        local_measure_chart_input(measure=entry.local_measure)
        if entry.local_measure_id
        else registry_measure_chart_input(measure=entry.measure)
    )
    if data.improvement not in ("increase", "decrease"):
        reason = _("The outcome measure %(name)s has no direction of improvement.") % {"name": entry.name}
        return ProgressStep(4, label4, False, reason), ProgressStep(5, label5, False, reason)
    baseline = 0
    if first_cycle_start is not None:
        first_period = period_start_of(first_cycle_start, data.period)
        baseline = sum(1 for period in data.periods if period < first_period)
    finding: ImprovementFinding = improvement_finding(
        data.chart,
        data.values,
        data.denominators,
        improvement=data.improvement,
        multiply=data.multiply,
        baseline=baseline,
    )
    name = entry.name
    if not finding.enough:
        reason = ngettext(
            "%(name)s has %(count)d data point; the chart rules need %(needed)d.",
            "%(name)s has %(count)d data points; the chart rules need %(needed)d.",
            finding.points,
        ) % {"name": name, "count": finding.points, "needed": MIN_POINTS}
        return ProgressStep(4, label4, False, reason), ProgressStep(5, label5, False, reason)
    if finding.first_signal is None:
        reason = _("No special cause in the direction of improvement on %(name)s yet (%(count)d points).") % {
            "name": name,
            "count": finding.points,
        }
        return ProgressStep(4, label4, False, reason), ProgressStep(
            5, label5, False, _("Improvement has to show on the chart first.")
        )
    when = _period_label(data.periods[finding.first_signal], data.period)
    step4 = ProgressStep(
        4,
        label4,
        True,
        _("%(name)s shows a special cause in the direction of improvement from %(when)s (%(rule)s).")
        % {"name": name, "when": when, "rule": RULE_WORDS.get(finding.rule, finding.rule)},
    )
    if finding.sustained:
        reason5 = _("The last %(n)d points are all on the improved side of the centre line.") % {"n": SUSTAIN_POINTS}
    elif finding.after < SUSTAIN_POINTS:
        reason5 = ngettext(
            "%(after)d point after the signal so far; %(n)d are needed to call it sustained.",
            "%(after)d points after the signal so far; %(n)d are needed to call it sustained.",
            finding.after,
        ) % {"after": finding.after, "n": SUSTAIN_POINTS}
    else:
        reason5 = _("Not every one of the last %(n)d points is on the improved side of the centre line.") % {
            "n": SUSTAIN_POINTS
        }
    return step4, ProgressStep(5, label5, finding.sustained, reason5)


def project_progress(*, project: ImprovementProject) -> ProgressScore:
    """The 1–5 score and, for each step, whether it is met and why (see the module docstring)."""
    label1, label2, label3 = _("Aim set"), _("Changes being tested"), _("A change adopted")
    if project.aim_is_set:
        step1 = ProgressStep(1, label1, True, _("The aim says what will improve, for whom, how much and by when."))
    else:
        step1 = ProgressStep(
            1,
            label1,
            False,
            _("The aim statement lacks: %(parts)s.") % {"parts": ", ".join(project.missing_aim_parts())},
        )
    cycles = list(project_cycles(project=project))
    today = timezone.localdate()
    started = [cycle for cycle in cycles if cycle.starts_on <= today]
    if started:
        reason = ngettext(
            "%(count)d PDSA cycle started, the first on %(day)s.",
            "%(count)d PDSA cycles started, the first on %(day)s.",
            len(started),
        ) % {"count": len(started), "day": date_format(started[0].starts_on, "DATE_FORMAT")}
        step2 = ProgressStep(2, label2, True, reason)
    else:
        step2 = ProgressStep(2, label2, False, _("No PDSA cycle has started from a change idea yet."))
    adopted = [cycle for cycle in cycles if cycle.act_decision == PdsaDecision.ADOPT]
    if adopted:
        step3 = ProgressStep(3, label3, True, _("Adopted after testing: %(title)s.") % {"title": adopted[0]})
    else:
        step3 = ProgressStep(3, label3, False, _("No PDSA cycle has ended in a decision to adopt its change yet."))
    step4, step5 = _chart_steps(project, started[0].starts_on if started else None)
    steps = [step1, step2, step3, step4, step5]
    score = 0
    for step in steps:
        if not step.met:
            break
        score = step.number
    return ProgressScore(score, steps)
