"""Reports, public performance pages and open data."""

from pif.reports.models.publishing import (
    LICENCE_URIS,
    Licence,
    Publication,
    PublicSettings,
    Suppression,
)
from pif.reports.models.reports import (
    Audience,
    Report,
    ReportCorrection,
    ReportKind,
    ReportState,
)
from pif.reports.models.schedules import Frequency, ReportFormat, ReportSchedule

__all__ = [
    "LICENCE_URIS", "Audience", "Frequency", "Licence", "Publication", "PublicSettings",
    "Report", "ReportCorrection", "ReportFormat", "ReportKind", "ReportSchedule",
    "ReportState", "Suppression",
]
