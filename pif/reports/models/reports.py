"""Reports: a document built from how the partnership stood on a date, kept so it reads the
same later. Its content is frozen when it is built; a report meant for the public needs an
editor's sign-off, and a correction after publication is logged and shown."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Partnership


class ReportKind(models.TextChoices):
    BOARD = "board", "Board report"
    EXCEPTION = "exception", "Exception report"
    SCORECARD = "scorecard", "Scorecard"
    MEETING_MEMO = "meeting-memo", "Stat meeting briefing memo"
    FOLLOW_UP_MEMO = "follow-up-memo", "Stat meeting follow-up memo"
    LOIP_PROGRESS = "loip-progress", "Annual LOIP progress report"
    LOCALITY_PROGRESS = "locality-progress", "Annual locality plan progress report"
    IJB_PERFORMANCE = "ijb-performance", "Integration joint board annual performance report"
    SPI = "spi", "Statutory performance information report"


class Audience(models.TextChoices):
    INTERNAL = "internal", "Internal: members of the partnership"
    PUBLIC = "public", "The public: published on the public pages once signed off"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed-off", "Signed off"
    PUBLISHED = "published", "Published"


class Report(models.Model):
    Kind = ReportKind
    State = ReportState

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="reports")
    kind = models.CharField(max_length=30, choices=ReportKind.choices)
    title = models.CharField(max_length=200)
    as_of = models.DateField(
        "as it stood on",
        help_text="The report shows figures and status as they stood at the end of this day.")
    # What the person chose: outcome and indicator ids, a meeting, a locality, a year.
    options = models.JSONField(default=dict, blank=True)
    # Text written for the sections PIF cannot fill from its own records, by section key.
    narrative = models.JSONField(default=dict, blank=True)
    # The built document (pif.reports.document): frozen so the report reads the same later.
    content = models.JSONField(default=dict, blank=True, editable=False)
    built_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The values are read as they were recorded at this moment (for the periods ending by
    # as_of): the end of as_of, or the moment it was built when that was earlier, so a rebuild
    # reads the same; a correction moves it on, so a figure fixed since is taken in.
    recorded_by = models.DateTimeField(null=True, blank=True, editable=False)
    audience = models.CharField(max_length=10, choices=Audience.choices,
                                default=Audience.INTERNAL)
    state = models.CharField(max_length=12, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    schedule = models.ForeignKey("reports.ReportSchedule", null=True, blank=True,
                                 on_delete=CLEAR_WITH_HISTORY, related_name="reports")
    emailed_to = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["partnership", "kind", "as_of"])]
        # A schedule makes one report a day, however often its task runs.
        constraints = [models.UniqueConstraint(
            fields=["schedule", "as_of"], condition=models.Q(schedule__isnull=False),
            name="one_scheduled_report_a_day")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report", args=[self.partnership.short_name, self.pk])

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED


class ReportCorrection(models.Model):
    """A change to a report after it was published: what changed and why, shown on it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField("what was corrected and why")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    # The content as it stood before the correction, so the change can be seen.
    previous_content = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["previous_content"])

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"Correction to {self.report_id}"


class ReportFile(models.Model):
    """A published report drawn in one format, kept once drawn: the public download serves
    these bytes, so a visitor never makes the server draw a PDF again, and the file stays
    exactly what was published. A correction clears them."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    fmt = models.CharField(max_length=5)
    body = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "fmt"],
                                               name="one_file_per_report_format")]

    def __str__(self) -> str:
        return f"{self.fmt} of report {self.report_id}"
