"""The council's models, by subject: the body (members and terms), meetings (agenda, attendance,
stipends), records (decisions, action items, mailings) and the yearly
self-assessment."""

from council.models.assessment import WSQ_TARGET_STAGE, ElementRating, SelfAssessment, WsqElement, WsqStage
from council.models.body import CONSUMER_VOICE_ROLES, CouncilMember, CouncilRole
from council.models.meetings import (
    DEFAULT_MEETING_TITLE,
    DEFAULT_STIPEND,
    UNPUBLISHED_SOURCES,
    AgendaItem,
    AgendaSource,
    CouncilAttendance,
    CouncilMeeting,
    CouncilMeetingStatus,
    CouncilStipendEntry,
)
from council.models.records import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionItemStatus,
    CouncilMailing,
    Decision,
    DecisionChange,
    DecisionMethod,
    MailingKind,
)

__all__ = [
    "CONSUMER_VOICE_ROLES",
    "DEFAULT_MEETING_TITLE",
    "DEFAULT_STIPEND",
    "OPEN_ACTION_STATUSES",
    "UNPUBLISHED_SOURCES",
    "WSQ_TARGET_STAGE",
    "ActionItem",
    "ActionItemStatus",
    "AgendaItem",
    "AgendaSource",
    "CouncilAttendance",
    "CouncilMailing",
    "CouncilMeeting",
    "CouncilMeetingStatus",
    "CouncilMember",
    "CouncilRole",
    "CouncilStipendEntry",
    "Decision",
    "DecisionChange",
    "DecisionMethod",
    "ElementRating",
    "MailingKind",
    "SelfAssessment",
    "WsqElement",
    "WsqStage",
]
