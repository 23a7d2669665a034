"""Stat meetings (CitiStat): a series with a chair, meetings that focus on one service,
organisation or outcome, the items of each meeting's pack, and the follow-ups that come back
at every later meeting until they are closed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Organisation, Partnership


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"


class FocusKind(models.TextChoices):
    WHOLE = "whole", "The whole partnership"
    ORGANISATION = "organisation", "A partner organisation"
    OUTCOME = "outcome", "An outcome"
    SERVICE = "service", "A service"


class Focus(models.Model):
    """What a meeting (or a step of the series' rotation) looks at; its pack is scoped to it."""

    focus_kind = models.CharField("focus", max_length=20, choices=FocusKind.choices,
                                  default=FocusKind.WHOLE)
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=CLEAR_WITH_HISTORY, related_name="+")
    outcome = models.ForeignKey("outcomes.Outcome", null=True, blank=True,
                                on_delete=CLEAR_WITH_HISTORY, related_name="+")
    service = models.CharField(max_length=150, blank=True,
                               help_text="The service the meeting looks at, for example "
                                         "Roads or Home care.")

    class Meta:
        abstract = True


class MeetingSeries(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="meeting_series")
    name = models.CharField(max_length=150, help_text="For example PartnershipStat.")
    purpose = models.TextField(blank=True)
    cadence = models.CharField(max_length=20, choices=Cadence.choices,
                               default=Cadence.MONTHLY)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    briefing_hours_before = models.PositiveSmallIntegerField(
        "briefing memo due (hours before the meeting)", default=48)
    follow_up_days = models.PositiveSmallIntegerField(
        "follow-up memo due (days after the meeting)", default=2)
    escalate_after = models.PositiveSmallIntegerField(
        "escalate to the chair after this many carry-overs", default=3)
    commitments_indicator = models.ForeignKey(
        "measures.Indicator", null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
        related_name="+", verbose_name="indicator of commitments closed on time",
        help_text="The share of commitments closed by the next meeting, kept as an indicator.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meeting_series", args=[self.partnership.short_name, self.pk])


class RotationStep(Focus):
    """One place in the series' rotating schedule of foci: the next meeting takes the step
    after the last meeting's."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE,
                               related_name="rotation")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "position", "id"]

    def __str__(self) -> str:
        return f"Step {self.position}: {self.get_focus_kind_display()}"


class MeetingStage(models.TextChoices):
    PLANNED = "planned", "Planned"
    BRIEFED = "briefed", "Briefing memo issued"
    HELD = "held", "Held"
    FOLLOWED_UP = "followed_up", "Follow-up memo issued"


class Meeting(Focus):
    Stage = MeetingStage

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE,
                               related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    location = models.CharField(max_length=200, blank=True)
    data_to = models.DateField(
        "data up to", null=True, blank=True,
        help_text="The pack shows values for periods ending on or before this date.")
    period_locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    stage = models.CharField(max_length=20, choices=MeetingStage.choices,
                             default=MeetingStage.PLANNED)
    briefing_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    briefing_issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                     verbose_name="who attended")
    notes = models.TextField("meeting notes", blank=True)
    follow_up_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[present])

    class Meta:
        ordering = ["series", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.series.name}, {self.day:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.series.partnership.short_name, self.pk])

    @property
    def day(self):
        """The meeting's date where it takes place: a meeting at 00:30 in summer time is on
        that day, not on the day before as UTC has it."""
        return timezone.localtime(self.starts_at).date() if self.starts_at else None


class ItemSection(models.TextChoices):
    FOLLOW_UP = "follow_up", "Follow-up from earlier meetings"
    STANDING = "standing", "Standing items"
    EXCEPTION = "exception", "New exceptions"


class ExceptionReason(models.TextChoices):
    SPECIAL_CAUSE_CONCERN = "special_cause_concern", "Special cause of concern"
    FAILING_ASSURANCE = "failing_assurance", "Consistently failing the target"
    RED_STATUS = "red_status", "Red status"
    LATE_DATA = "late_data", "Data late"
    MISSING_DATA = "missing_data", "Data missing"
    OVERDUE_ACTION = "overdue_action", "Action overdue"
    RISK_PAST_REVIEW = "risk_past_review", "Risk past its review date"
    OTHER = "other", "Raised by the analyst"


class MeetingItem(models.Model):
    """One item of a meeting's pack, in the briefing memo and the presentation view."""

    Section = ItemSection
    Reason = ExceptionReason

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=20, choices=ItemSection.choices)
    reason = models.CharField(max_length=30, choices=ExceptionReason.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=250)
    indicator = models.ForeignKey("measures.Indicator", null=True, blank=True,
                                  on_delete=CLEAR_WITH_HISTORY, related_name="+")
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=CLEAR_WITH_HISTORY, related_name="+")
    risk = models.ForeignKey("outcomes.Risk", null=True, blank=True,
                             on_delete=CLEAR_WITH_HISTORY, related_name="+")
    follow_up = models.ForeignKey("reviews.FollowUp", null=True, blank=True,
                                  on_delete=CLEAR_WITH_HISTORY, related_name="items")
    questions = models.TextField("suggested questions", blank=True,
                                 help_text="One question on each line.")
    notes = models.TextField(blank=True)
    is_discussed = models.BooleanField("discussed", default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class FollowUpKind(models.TextChoices):
    COMMITMENT = "commitment", "Commitment"
    DATA_REQUEST = "data_request", "Data request"
    DECISION = "decision", "Decision"
    RECOMMENDATION = "recommendation", "Recommendation"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class FollowUp(models.Model):
    """A typed outcome of a meeting item. Open ones come back at every later meeting of the
    series until closed; a commitment is also an action in the plan."""

    Kind = FollowUpKind
    Status = FollowUpStatus

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE,
                               related_name="follow_ups")
    raised_at = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="raised")
    item = models.ForeignKey(MeetingItem, null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                             related_name="outcomes")
    kind = models.CharField(max_length=20, choices=FollowUpKind.choices)
    text = models.TextField("what was agreed")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    report_back = models.TextField("what will be reported back", blank=True)
    status = models.CharField(max_length=10, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    times_carried_over = models.PositiveSmallIntegerField(default=0, editable=False)
    escalated_on = models.DateField(null=True, blank=True, editable=False)
    closed_at = models.ForeignKey(Meeting, null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                  related_name="closed", verbose_name="closed at the meeting")
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=CLEAR_WITH_HISTORY, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "raised_at__starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
