"""Roles are Django groups with permissions (PRODUCT.md section 1).

``ROLE_PERMISSIONS`` is the single place that says what each role may do; ``roles_sync()`` makes
the groups in the database match it. Later apps add their permissions here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Values are the group names stored in the database, so they stay in English.
    CONSUMER = "consumer", _("Consumer or family member")
    QI_STAFF = "qi_staff", _("QI staff")
    DIRECTOR = "director", _("Director")
    ADMINISTRATOR = "administrator", _("Administrator")

    @property
    def label_en(self) -> str:
        return GROUP_NAMES[self]


GROUP_NAMES = {
    Role.CONSUMER: "Consumer or family member",
    Role.QI_STAFF: "QI staff",
    Role.DIRECTOR: "Director",
    Role.ADMINISTRATOR: "Administrator",
}

FRAMEWORK_VIEW = [
    "aims.view_aim",
    "aims.view_level",
    "aims.view_matrixitem",
    "aims.view_berwicklevel",
    "aims.view_frameworkdefinition",
    "aims.view_redesignrule",
]
FRAMEWORK_EDIT = [
    "aims.add_matrixitem",
    "aims.change_matrixitem",
]

MEASURES_VIEW = ["measures.view_measure", "measures.view_measurecomputation"]
MEASURES_EDIT = ["measures.change_measure_target", "measures.run_measurecomputation"]

DATA_IMPORT = [
    "measures.view_importupload",
    "measures.add_importupload",
    "measures.view_importbatch",
    "measures.view_code",
]

# Consumer partnership. Directors see the work; only QI staff (and administrators) see the contact
# details in applications and sign-ups, and only they run cells and dialogues.
_PARTNERSHIP_MODELS = [
    "dialogue",
    "cqicell",
    "membership",
    "meeting",
    "attendance",
    "stipendentry",
    "improvementopportunity",
    "actionstep",
    "outcomestandard",
    "pdsacycle",
    "indicatorattestation",
    "oversightcommittee",
    "councilinitiative",
]
PARTNERSHIP_VIEW = [f"dialogues.view_{model}" for model in _PARTNERSHIP_MODELS]
PARTNERSHIP_RUN = (
    PARTNERSHIP_VIEW
    + [f"dialogues.{action}_{model}" for model in _PARTNERSHIP_MODELS for action in ("add", "change")]
    + [
        "dialogues.view_joinapplication",
        "dialogues.change_joinapplication",
        "dialogues.delete_joinapplication",
        "dialogues.view_dialoguesignup",
        "dialogues.view_surveyresponse",
    ]
)

# Problem escalation: QI staff and directors raise, escalate, take and resolve problems (directors
# "take escalated problems", PRODUCT.md section 1).
PROBLEMS = [
    "dialogues.view_problem",
    "dialogues.add_problem",
    "dialogues.change_problem",
    "dialogues.view_problemescalation",
]

# The QI work plan and its annual evaluation: QI staff write them and record the council's approval;
# directors read the drafts. Everyone reads approved plans and evaluations without a permission.
_WORKPLAN_MODELS = ["workplan", "goal", "objective", "activity", "objectivefigure", "evaluation", "objectivereview"]
WORKPLAN_VIEW = [f"workplan.view_{model}" for model in _WORKPLAN_MODELS]
WORKPLAN_EDIT = WORKPLAN_VIEW + [
    f"workplan.{action}_{model}" for model in _WORKPLAN_MODELS for action in ("add", "change")
]
# Improvement projects (projects/): QI staff run them all, directors see them all. A team member sees and
# works on their own project (drivers, change ideas, PDSA cycles, spread) through their place on the
# team, not a permission.
_PROJECT_MODELS = [
    "improvementproject",
    "projectmember",
    "driver",
    "changeidea",
    "changeideacycle",
    "localmeasure",
    "localdatapoint",
    "projectmeasure",
    "spreadsite",
]
PROJECTS_VIEW = [f"projects.view_{model}" for model in _PROJECT_MODELS]
PROJECTS_RUN = (
    PROJECTS_VIEW
    + [f"projects.{action}_{model}" for model in _PROJECT_MODELS for action in ("add", "change")]
    + [f"projects.delete_{model}" for model in ("projectmember", "driver", "changeidea", "spreadsite")]
)
# Council meetings (council/). QI staff run the council's meetings; directors see them. A consumer who
# sits on the council sees their own meetings and action items through their membership, not a
# permission; the public sees published minutes and decisions only.
_COUNCIL_MODELS = [
    "councilmember",
    "councilmeeting",
    "agendaitem",
    "councilattendance",
    "councilstipendentry",
    "decision",
    "actionitem",
    "councilmailing",
    # The yearly Whole System Quality self-assessment (seed 004).
    "selfassessment",
    "elementrating",
]
COUNCIL_VIEW = [f"council.view_{model}" for model in _COUNCIL_MODELS]
COUNCIL_RUN = (
    COUNCIL_VIEW
    + [f"council.{action}_{model}" for model in _COUNCIL_MODELS for action in ("add", "change")]
    + ["council.delete_agendaitem", "council.publish_councilmeeting", "council.send_councilmeeting"]
)

# Reminders (reminders/): everyone signed in chooses their own reminders without a permission; QI staff and
# administrators see the work that has not moved in weeks, by owner and tier.
STALLED_WORK = ["reminders.view_stalled_work"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CONSUMER: [],
    Role.QI_STAFF: FRAMEWORK_VIEW
    + FRAMEWORK_EDIT
    + DATA_IMPORT
    + MEASURES_VIEW
    + MEASURES_EDIT
    + PARTNERSHIP_RUN
    + PROBLEMS
    + WORKPLAN_EDIT
    + PROJECTS_RUN
    + COUNCIL_RUN
    + STALLED_WORK,
    Role.DIRECTOR: FRAMEWORK_VIEW
    + MEASURES_VIEW
    + PARTNERSHIP_VIEW
    + PROBLEMS
    + WORKPLAN_VIEW
    + PROJECTS_VIEW
    + COUNCIL_VIEW,
    Role.ADMINISTRATOR: FRAMEWORK_VIEW
    + FRAMEWORK_EDIT
    + DATA_IMPORT
    + MEASURES_VIEW
    + MEASURES_EDIT
    + PARTNERSHIP_RUN
    + PROBLEMS
    + WORKPLAN_EDIT
    + PROJECTS_RUN
    + COUNCIL_RUN
    + STALLED_WORK
    + [
        "measures.withdraw_importbatch",
        "measures.add_code",
        "measures.change_code",
        "aims.change_aim",
        "aims.change_level",
        "aims.change_berwicklevel",
        "aims.change_frameworkdefinition",
        "aims.change_redesignrule",
        "aims.delete_matrixitem",
        # The work plan's starting template: the council's wording of the state's review areas.
        "workplan.view_reviewarea",
        "workplan.add_reviewarea",
        "workplan.change_reviewarea",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    ],
}

# Roles whose members work in the Django admin.
STAFF_ROLES = {Role.ADMINISTRATOR}


def group_label(name: str) -> str:
    """A group's name in the reader's language: a role's group is stored under its English name (``GROUP_NAMES``)."""
    for role, english in GROUP_NAMES.items():
        if name == english:
            return str(role.label)
    return name
