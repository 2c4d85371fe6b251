"""The council approving the QI work plan or its annual evaluation at a held meeting.

The work plan app cannot import the council, so it records an approval as counts of participants by role
and a meeting reference; this fills them from the meeting's recorded attendance.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from council.models import CouncilMeeting, CouncilMeetingStatus, CouncilRole
from council.selectors.body import meeting_day
from workplan.models import Evaluation, WorkPlan
from workplan.services import evaluation_approve, evaluation_start, plan_approve

APPROVE_PLAN = "plan"
APPROVE_EVALUATION = "evaluation"

# The work plan's field for each seat.
_COUNT_FIELDS = {
    CouncilRole.CONSUMER: "consumers_present",
    CouncilRole.FAMILY: "family_members_present",
    CouncilRole.PROVIDER: "providers_present",
    CouncilRole.COUNTY_STAFF: "county_staff_present",
    CouncilRole.DIRECTOR: "directors_present",
}


def meeting_approval_values(*, meeting: CouncilMeeting) -> dict:
    """The approval a work plan records for ``meeting``: its day, its title and who attended by seat."""
    counts = dict(
        meeting.attendance.filter(attended=True).values_list("member__role").annotate(n=Count("id")).order_by()
    )
    day = meeting_day(meeting)
    values = {field: counts.get(role, 0) for role, field in _COUNT_FIELDS.items()}
    values["approved_on"] = day
    # The day is ``approved_on``; the reference names the meeting.
    values["meeting_reference"] = meeting.title[:200]
    return values


@transaction.atomic
def meeting_workplan_approve(*, meeting: CouncilMeeting, plan: WorkPlan, what: str, by=None) -> WorkPlan | Evaluation:
    """Record that ``meeting`` approved ``plan`` (``what="plan"``) or its annual evaluation
    (``what="evaluation"``), counting the members who attended by seat.

    ``ValidationError`` (and nothing recorded) when the meeting was not held, has no attendance recorded, or no
    consumer or family member attended (the state asks for their involvement; the work plan's table refuses
    it too), or when ``what`` is neither.
    """
    if meeting.status != CouncilMeetingStatus.HELD:
        raise ValidationError(_("Only a meeting that was held can approve the work plan or its evaluation."))
    if what not in (APPROVE_PLAN, APPROVE_EVALUATION):
        raise ValidationError(_("Choose the work plan or its annual evaluation."))
    values = meeting_approval_values(meeting=meeting)
    if not any(values[field] for field in _COUNT_FIELDS.values()):
        raise ValidationError(_("Record who attended this meeting first."))
    if not (values["consumers_present"] or values["family_members_present"]):
        raise ValidationError(
            _(
                "No consumer or family member attended this meeting, so it cannot approve the work plan or its "
                "evaluation: the state asks for their involvement."
            )
        )
    if what == APPROVE_PLAN:
        return plan_approve(plan=plan, approval=values)
    return evaluation_approve(evaluation=evaluation_start(plan=plan), approval=values)
