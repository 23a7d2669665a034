"""Action plans: who will do what by when, how far they have got, and where it came from."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Organisation, Partnership

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DEFERRED = "deferred", "Deferred"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


CLOSED_STATUSES = (ActionStatus.COMPLETE, ActionStatus.CANCELLED)


class ActionSource(models.TextChoices):
    OUTCOME_PLAN = "outcome_plan", "An outcome's plan"
    RISK_TREATMENT = "risk_treatment", "A risk treatment"
    SELF_ASSESSMENT = "self_assessment", "A self-assessment finding"
    AUDIT = "audit", "An audit or inspection recommendation"
    MEETING = "meeting", "A meeting commitment"
    STAFF_SURVEY = "staff_survey", "A staff survey team plan"
    OTHER = "other", "Other"


class ActionQuerySet(models.QuerySet):
    """The one definition of open, overdue and stale actions, for the lists, the overview,
    the stage page and the reminders."""

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today):
        return self.open().filter(is_ongoing=False, due_date__lt=today)

    def stale(self, today, days: int):
        """Open actions with no progress update for `days` days (counting from when the
        action was added, if it has never had one), and started more than `days` days ago:
        the days are counted from the later of the last update (or the adding) and the
        start date, so an action not yet started is never stale."""
        since = today - datetime.timedelta(days=days)
        return self.open().filter(
            Q(last_progress_on__lt=since)
            | Q(last_progress_on__isnull=True, created__date__lt=since)).filter(
            Q(start_date__isnull=True) | Q(start_date__lt=since))

    def owned_by(self, user):
        return self.filter(owner=user)


class Action(models.Model):
    Status = ActionStatus
    Source = ActionSource

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example A01.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name="action owner")
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT,
                                           related_name="+", verbose_name="owning organisation")
    lead_group = models.ForeignKey("outcomes.Group", null=True, blank=True,
                                   on_delete=CLEAR_WITH_HISTORY, related_name="actions",
                                   verbose_name="lead group")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    is_ongoing = models.BooleanField(
        "ongoing", default=False, help_text="Ongoing work has no due date.")
    status = models.CharField(max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    status_overridden = models.BooleanField(
        default=False, help_text="The owner chose the status instead of the suggested one.")
    status_reason = models.TextField(
        "reason for the status", blank=True,
        help_text="Why the status differs from the one PIF suggests.")
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=PERCENT)
    source = models.CharField("where it came from", max_length=20,
                              choices=ActionSource.choices, default=ActionSource.OUTCOME_PLAN)
    source_detail = models.CharField(
        "source in detail", max_length=300, blank=True,
        help_text="For example Care Inspectorate report, March 2026, recommendation 3.")
    outcomes = models.ManyToManyField("outcomes.Outcome", blank=True, related_name="actions")
    indicators = models.ManyToManyField("measures.Indicator", blank=True,
                                        related_name="actions")
    risks = models.ManyToManyField("outcomes.Risk", blank=True, related_name="actions")
    project = models.ForeignKey("improvement.Project", null=True, blank=True,
                                on_delete=CLEAR_WITH_HISTORY, related_name="actions",
                                verbose_name="improvement project")
    last_progress_on = models.DateField(
        null=True, blank=True, editable=False,
        help_text="The date of the latest progress update, for finding stale actions.")
    completed_on = models.DateField(null=True, blank=True)
    completion_evidence = models.TextField(
        "evidence of completion", blank=True,
        help_text="What shows the action is done: a report, a decision, a link.")
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_on = models.DateField(null=True, blank=True)
    published = models.BooleanField(
        "show on the public pages", default=False,
        help_text="Its progress is shown on the public pages the next time an editor "
                  "publishes them.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[outcomes, indicators, risks])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["reference", "id"]
        constraints = [models.UniqueConstraint(
            fields=["partnership", "reference"], name="action_reference_unique_in_partnership",
            violation_error_message="This partnership already has an action with that "
                                    "reference.")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("action", args=[self.partnership.short_name, self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class Milestone(models.Model):
    """A sub-task or milestone of an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """One dated entry in an action's log: what happened, and where that leaves it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    percent_complete = models.PositiveSmallIntegerField(validators=PERCENT)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    text = models.TextField("what has happened")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.action_id} of {self.written_on}"
