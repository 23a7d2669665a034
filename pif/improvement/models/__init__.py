"""Stage 3: action plans, improvement projects and PDSA cycles, and what the data said."""

from pif.improvement.models.action import (
    CLOSED_STATUSES,
    Action,
    ActionSource,
    ActionStatus,
    Milestone,
    ProgressUpdate,
)
from pif.improvement.models.project import (
    ChangeIdea,
    PdsaCycle,
    ProgressScore,
    Project,
    ProjectMeasure,
)
from pif.improvement.models.settings import ActionSettings
from pif.improvement.models.verdict import Verdict

__all__ = [
    "CLOSED_STATUSES", "Action", "ActionSettings", "ActionSource", "ActionStatus",
    "ChangeIdea", "Milestone", "PdsaCycle", "ProgressScore", "ProgressUpdate", "Project",
    "ProjectMeasure", "Verdict",
]
