"""How an objective's figures become its status through the year and its rating at the evaluation.

Pure functions: numbers and dates in, a status out (no ORM). The pages print the same rule in their
help text (``STATUS_RULE`` and ``RATING_RULE``), so what a reader is told is what is computed.

The measures app has no "status against target" of its own to reuse: its Making Data Count assurance
icon (``measures.spc.mdc_assurance``) says whether the *process* will reliably hit a target, from the
control limits, which is a different question from "is this year's objective on its way from its
baseline to its target by its due date". The work plan asks the second question, so it has this rule.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

Number = float | Decimal | int


class Direction(models.TextChoices):
    """Which way is better for an objective; the same words as ``measures.models.Direction``."""

    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class ObjectiveStatus(models.TextChoices):
    NO_DATA = "no_data", _("No figures yet")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_RATED = "not_rated", _("Not rated: no figures")


#: Off track: what the council agenda lists besides the objectives falling due.
OFF_TRACK = (ObjectiveStatus.AT_RISK, ObjectiveStatus.NOT_MET)

STATUS_RULE = _(
    "Met: the latest figure has reached the target (at or above it when higher is better, at or below it "
    "when lower is better). Not met: the due date has passed and it has not, or there is no figure. "
    "Otherwise the latest figure is compared with a straight line drawn from the baseline on 1 July to the "
    "target on the due date: on track when it is on the line or on the better side of it on the date of the "
    "figure, at risk when it is on the worse side."
)

RATING_RULE = _(
    "Met: the latest figure of the year reached the target. Partly met: it did not, but it moved from the "
    "baseline towards the target. Not met: it stayed at the baseline or moved away from the target. "
    "Objectives without any figure are not rated."
)


def is_better_or_equal(value: Number, than: Number, direction: str) -> bool:
    """Whether ``value`` is at least as good as ``than`` in ``direction``."""
    if direction == Direction.INCREASE:
        return value >= than
    return value <= than


def expected_on_line(*, baseline: Number, target: Number, start: date, due: date, on: date) -> float:
    """The value on the straight line from ``baseline`` at ``start`` to ``target`` at ``due``, on ``on``.

    Before the start the line is the baseline; after the due date it is the target.
    """
    span = (due - start).days
    share = 1.0 if span <= 0 else min(max((on - start).days / span, 0.0), 1.0)
    return float(baseline) + (float(target) - float(baseline)) * share


def objective_status(
    *,
    latest: Number | None,
    latest_on: date | None,
    baseline: Number,
    target: Number,
    direction: str,
    start: date,
    due: date,
    today: date,
) -> ObjectiveStatus:
    """The status of an objective on ``today`` from its latest figure (``latest``, dated ``latest_on``).

    See ``STATUS_RULE``. The line is read at the figure's date, not today's, so a figure for September
    read in December is judged against where the objective should have been in September.
    """
    if latest is None or latest_on is None:
        return ObjectiveStatus.NOT_MET if today > due else ObjectiveStatus.NO_DATA
    if is_better_or_equal(latest, target, direction):
        return ObjectiveStatus.MET
    if today > due:
        return ObjectiveStatus.NOT_MET
    expected = expected_on_line(baseline=baseline, target=target, start=start, due=due, on=latest_on)
    return (
        ObjectiveStatus.ON_TRACK if is_better_or_equal(float(latest), expected, direction) else ObjectiveStatus.AT_RISK
    )


def objective_rating(*, latest: Number | None, baseline: Number, target: Number, direction: str) -> Rating:
    """Met, partly met or not met at the annual evaluation (``RATING_RULE``)."""
    if latest is None:
        return Rating.NOT_RATED
    if is_better_or_equal(latest, target, direction):
        return Rating.MET
    if latest != baseline and is_better_or_equal(latest, baseline, direction):
        return Rating.PARTLY_MET
    return Rating.NOT_MET
