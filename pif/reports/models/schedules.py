"""Reports produced on a schedule by the background worker (`pif worker`), kept with their
date and emailed to a list."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership
from pif.reports.models.reports import ReportKind


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"
    YEARLY = "yearly", "Every year"


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "Web page (HTML)"
    XLSX = "xlsx", "Excel spreadsheet"


class ReportSchedule(models.Model):
    Frequency = Frequency

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="report_schedules")
    kind = models.CharField(max_length=30, choices=ReportKind.choices)
    title = models.CharField(max_length=200)
    options = models.JSONField(default=dict, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    next_run_on = models.DateField(
        "next produced on", help_text="The report is produced early that morning, as the "
        "partnership stood at the end of the day before.")
    recipients = models.TextField(
        "email to", blank=True,
        help_text="Email addresses of members of the partnership, one on each line.")
    format = models.CharField(max_length=5, choices=ReportFormat.choices,
                              default=ReportFormat.PDF)
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    # What the last run that worked wants people to know (say, a recipient no longer a
    # member was not emailed): not an error.
    last_note = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_run_on", "id"]

    def __str__(self) -> str:
        return self.title
