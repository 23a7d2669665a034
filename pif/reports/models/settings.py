"""The partnership's reporting settings: which statutory reports it makes, so the reporting
calendar shows only those (a community planning partnership owes the LOIP and locality
progress reports, not an integration joint board's or a council's)."""

from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership
from pif.reports.models.reports import ReportKind

#: The statutory reports a partnership makes until an admin says otherwise: community
#: planning partnerships are PIF's main users.
DEFAULT_STATUTORY_REPORTS = (ReportKind.LOIP_PROGRESS.value,
                             ReportKind.LOCALITY_PROGRESS.value)


def default_statutory_reports() -> list[str]:
    return list(DEFAULT_STATUTORY_REPORTS)


class ReportingSettings(models.Model):
    """What the partnership reports: ``statutory_reports`` lists the ``ReportKind`` values
    of the statutory reports it makes (pif.reports.kinds.TEMPLATES with a due date)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE,
                                       related_name="reporting_settings", primary_key=True)
    statutory_reports = models.JSONField(
        "statutory reports", default=default_statutory_reports, blank=True,
        help_text="The statutory reports the partnership makes: the reporting calendar "
                  "shows their due dates.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reporting settings"
        verbose_name_plural = "reporting settings"

    def __str__(self) -> str:
        return f"Reporting settings of {self.partnership_id}"

    @classmethod
    def for_partnership(cls, partnership) -> "ReportingSettings":
        """The partnership's settings, or unsaved defaults (reading never writes)."""
        found = cls.objects.filter(partnership=partnership).first()
        return found or cls(partnership=partnership)

    @property
    def makes(self) -> frozenset[str]:
        return frozenset(self.statutory_reports or ())
