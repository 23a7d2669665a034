"""Stage 5 data: indicators, observations, targets, commentary, annotations and status."""

from pif.measures.models.indicator import Breakdown, Indicator, Tag
from pif.measures.models.lock import PeriodLock
from pif.measures.models.notes import Annotation, Commentary
from pif.measures.models.observation import Observation, Rejection
from pif.measures.models.status import IndicatorStatus
from pif.measures.models.target import Target, TargetPoint
from pif.measures.models.upload import Upload

__all__ = [
    "Annotation",
    "Breakdown",
    "Commentary",
    "Indicator",
    "IndicatorStatus",
    "Observation",
    "PeriodLock",
    "Rejection",
    "Tag",
    "Target",
    "TargetPoint",
    "Upload",
]
