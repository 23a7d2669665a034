"""Stage 4, develop people: learning and development activity, improvement capability held as
counts of people per organisation, level and date, and (only when a partnership turns them
on) personal training records."""

from pif.people.models.capability import (
    CapabilityCount,
    CapabilityLevel,
    PeopleSettings,
    TrainingRecord,
)
from pif.people.models.learning import LearningActivity

__all__ = ["CapabilityCount", "CapabilityLevel", "LearningActivity", "PeopleSettings",
           "TrainingRecord"]
