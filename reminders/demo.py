"""Demo data for "from signal to action": the draft problems the demo county's chart signals raise, reminder
settings for the demo accounts, and the team's problem handed to its cell as an improvement opportunity.

``reminders_demo_load()`` is safe to run again. Run it last (after the county, so its charts have signals,
and after the partnership demo, whose problem and cell it links).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from dialogues.models import CqiCell, Problem, ProblemStatus, ProblemTier
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


def _hand_team_problem_to_its_cell() -> int:
    problem = (
        Problem.objects.filter(status=ProblemStatus.OPEN, tier=ProblemTier.TEAM, opportunities__isnull=True)
        .exclude(cell=None)
        .order_by("pk")
        .first()
    )
    qi_staff = get_user_model().objects.filter(username="qi_staff").first()
    if problem is None or qi_staff is None or problem.cell.status == "closed":
        return 0
    problem_opportunity_create(
        problem=problem,
        cell=CqiCell.objects.get(pk=problem.cell_id),
        title="Answer the intake line until 6 pm",
        description="From the problem board: calls after four go unanswered. Try a rota of two staff until six.",
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
    _hand_team_problem_to_its_cell()
    return {
        "drafts": Problem.objects.filter(status=ProblemStatus.DRAFT).count(),
        "settings": ReminderSettings.objects.count(),
    }
