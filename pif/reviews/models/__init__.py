"""Stage 6: stat meetings, self-assessment and the review that closes a cycle."""

from pif.reviews.models.assessments import (
    AgreedScore,
    Agreement,
    Assessment,
    AssessmentMethod,
    AssessmentStage,
    Assessor,
    Compliance,
    Evidence,
    Finding,
    FindingKind,
    NodeTag,
    Score,
    SurveyAnswer,
    SurveyComment,
    SurveyInvitation,
    SurveyResponse,
)
from pif.reviews.models.cycles import Cycle, CycleState
from pif.reviews.models.frameworks import (
    AssessmentFramework,
    AssessmentFrameworkVersion,
    AssessmentNode,
    NodeKind,
    NodeMatch,
    NodeType,
    Scale,
)
from pif.reviews.models.meetings import (
    Cadence,
    ExceptionReason,
    FocusKind,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ItemSection,
    Meeting,
    MeetingItem,
    MeetingSeries,
    MeetingStage,
    RotationStep,
)

__all__ = [
    "AgreedScore", "Agreement", "Assessment", "AssessmentFramework",
    "AssessmentFrameworkVersion", "AssessmentMethod", "AssessmentNode", "AssessmentStage",
    "Assessor", "Cadence", "Compliance", "Cycle", "CycleState", "Evidence", "ExceptionReason",
    "Finding", "FindingKind", "FocusKind", "FollowUp", "FollowUpKind", "FollowUpStatus",
    "ItemSection", "Meeting", "MeetingItem", "MeetingSeries", "MeetingStage", "NodeKind",
    "NodeMatch", "NodeTag", "NodeType", "RotationStep", "Scale", "Score", "SurveyAnswer",
    "SurveyComment", "SurveyInvitation", "SurveyResponse",
]
