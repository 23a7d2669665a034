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
    ReportFile,
    ReportKind,
    ReportState,
)
from pif.reports.models.schedules import Frequency, ReportFormat, ReportSchedule
from pif.reports.models.settings import DEFAULT_STATUTORY_REPORTS, ReportingSettings

__all__ = [
    "DEFAULT_STATUTORY_REPORTS", "LICENCE_URIS", "Audience", "Frequency", "Licence",
    "Publication", "PublicSettings", "Report", "ReportCorrection", "ReportFile", "ReportFormat",
    "ReportKind", "ReportSchedule", "ReportState", "ReportingSettings", "Suppression",
]
