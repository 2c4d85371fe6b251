"""Demo data for "from signal to action": the draft problems the demo county's chart signals raise, reminder
settings for the demo accounts, and the council's problem about Spanish-speaking clinicians handed to a cell
as an improvement opportunity.

``reminders_demo_load()`` is safe to run again. Run it last (after the county, so its charts have signals,
and after the partnership demo, whose problem and cell it links).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from dialogues.models import CqiCell, Problem, ProblemStatus
from dialogues.services.problem_drafts import problem_drafts_sync
from dialogues.services.problem_handoff import problem_opportunity_create
from reminders.models import ReminderSettings, Weekday

# username -> choices: the consumer wants a weekly digest only, in time for Thursday's cell meeting; QI staff
# everything, every day; the director a Monday digest of problems and meetings; María (Spanish) both.
SETTINGS = {
    "consumer": {"daily": False, "weekly_digest": True, "digest_weekday": Weekday.WEDNESDAY},
    "qi_staff": {"daily": True, "weekly_digest": True, "digest_weekday": Weekday.MONDAY},
    "director": {
        "daily": False,
        "weekly_digest": True,
        "digest_weekday": Weekday.MONDAY,
        "actions": False,
        "pdsa": False,
    },
    "demo.maria": {"daily": True, "weekly_digest": True, "digest_weekday": Weekday.FRIDAY},
}


#: The partnership demo's problem the council took on, handed to the cell of Spanish-speaking members (the
#: projects demo starts its PIP from the team's problem, so the two links show on different problems).
HANDED_PROBLEM = "No Spanish-speaking clinician at the north clinic on Fridays"
HANDED_TO_CELL = "spanish-speakers"


def _hand_problem_to_a_cell() -> int:
    problem = Problem.objects.filter(
        title=HANDED_PROBLEM, status=ProblemStatus.OPEN, opportunities__isnull=True
    ).first()
    cell = CqiCell.objects.filter(slug=HANDED_TO_CELL).first()
    qi_staff = get_user_model().objects.filter(username="qi_staff").first()
    if problem is None or cell is None or qi_staff is None:
        return 0
    problem_opportunity_create(
        problem=problem,
        cell=cell,
        title="Friday appointments with a Spanish-speaking clinician",
        description="From the problem board: members list which Friday services they need in Spanish, "
        "and the clinic tries a shared bilingual clinician two Fridays a month.",
        by=qi_staff,
    )
    return 1


@transaction.atomic
def reminders_demo_load() -> dict[str, int]:
    """Load the demo once. Returns how many drafts are waiting and how many people have reminder settings."""
    problem_drafts_sync()
    users = {user.username: user for user in get_user_model().objects.filter(username__in=SETTINGS)}
    for username, choices in SETTINGS.items():
        if username in users:
            ReminderSettings.objects.get_or_create(user=users[username], defaults=choices)
    _hand_problem_to_a_cell()
    return {
        "drafts": Problem.objects.filter(status=ProblemStatus.DRAFT).count(),
        "settings": ReminderSettings.objects.count(),
    }
