"""Consumer partnership (PRODUCT.md section 3; seed 001): dialogues, CQI cells, joining, compensation,
improvement work and the success indicators.

Consumers and family members take part as equal, paid partners. Two rules run through the schema:
- nothing here holds health information: themes, notes and applications are about the system, and
  the forms say so;
- contact details (applications, sign-ups) are for QI staff only; pages for consumers and the public
  show aggregates.

The models live in modules by subject; every name is re-exported here, so ``from dialogues.models
import X`` works wherever X lives.
"""

from dialogues.models.cells import (
    Attendance,
    CellStatus,
    CompensationKind,
    CqiCell,
    Meeting,
    MeetingStatus,
    Membership,
    StipendEntry,
    StipendStatus,
)
from dialogues.models.council import (
    CouncilInitiative,
    InitiativeStatus,
)
from dialogues.models.improvement import (
    ActionStatus,
    ActionStep,
    ImprovementOpportunity,
    OpportunityStatus,
    OutcomeStandard,
    PdsaCycle,
    PdsaDecision,
    PriorityVote,
    ReviewStatus,
    register_cycle_url_without_cell,
)
from dialogues.models.indicators import (
    Indicator,
    IndicatorAttestation,
    OversightCommittee,
    OversightMember,
    SurveyResponse,
)
from dialogues.models.joining import (
    ApplicationStatus,
    JoinApplication,
)
from dialogues.models.partnership import (
    APPLICANT_TO_PARTNER_ROLE,
    CONSUMER_ROLES,
    CONSUMER_SHARE_MINIMUM,
    COUNCIL_INITIATIVE_LIMIT,
    DIALOGUE_RECENCY_DAYS,
    ApplicantRole,
    Language,
    PartnerRole,
)
from dialogues.models.problems import (
    CLOSED_DRAFT_STATUSES,
    Problem,
    ProblemEscalation,
    ProblemStatus,
    ProblemTier,
)
from dialogues.models.sessions import (
    Dialogue,
    DialogueFacilitator,
    DialogueFocus,
    DialogueHeadcount,
    DialogueKind,
    DialogueSignup,
    DialogueStatus,
)

# Imported by the module this package replaced, and imported from here by other apps.
from measures.alerts import SignalKind

__all__ = [
    "APPLICANT_TO_PARTNER_ROLE",
    "CLOSED_DRAFT_STATUSES",
    "CONSUMER_ROLES",
    "CONSUMER_SHARE_MINIMUM",
    "COUNCIL_INITIATIVE_LIMIT",
    "DIALOGUE_RECENCY_DAYS",
    "ActionStatus",
    "ActionStep",
    "ApplicantRole",
    "ApplicationStatus",
    "Attendance",
    "CellStatus",
    "CompensationKind",
    "CouncilInitiative",
    "CqiCell",
    "Dialogue",
    "DialogueFacilitator",
    "DialogueFocus",
    "DialogueHeadcount",
    "DialogueKind",
    "DialogueSignup",
    "DialogueStatus",
    "ImprovementOpportunity",
    "Indicator",
    "IndicatorAttestation",
    "InitiativeStatus",
    "JoinApplication",
    "Language",
    "Meeting",
    "MeetingStatus",
    "Membership",
    "OpportunityStatus",
    "OutcomeStandard",
    "OversightCommittee",
    "OversightMember",
    "PartnerRole",
    "PdsaCycle",
    "PdsaDecision",
    "PriorityVote",
    "Problem",
    "ProblemEscalation",
    "ProblemStatus",
    "ProblemTier",
    "ReviewStatus",
    "SignalKind",
    "StipendEntry",
    "StipendStatus",
    "SurveyResponse",
    "register_cycle_url_without_cell",
]
