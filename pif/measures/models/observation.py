from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from pif.lib.periods import Period
from pif.measures.models.indicator import Breakdown, Indicator


class Observation(models.Model):
    """One value of one indicator for one period, optionally for one breakdown."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        FINAL = "final", "Final"
        ESTIMATED = "estimated", "Estimated"
        SUPPRESSED = "suppressed", "Suppressed"
        REVISED = "revised", "Revised"

    # Every index costs about a second for each million values a large import writes
    # (migration 0020). The index on (indicator, period_start) below serves lookups by
    # indicator, so the foreign key needs none of its own. Values are never searched by who
    # entered or approved them, here or in the history, and by area only within an
    # indicator, or to delete an area, which the partial index below serves.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, db_index=False,
                                  related_name="observations")
    breakdown = models.ForeignKey(Breakdown, null=True, blank=True, on_delete=models.RESTRICT,
                                  db_index=False, related_name="observations")
    period = models.CharField(max_length=30, help_text="The period's key, see pif.lib.periods.")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    missing_code = models.CharField(max_length=10, blank=True,
                                    help_text="Why the value is missing, such as c or ..")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, db_index=False, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, db_index=False, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # The history's index by indicator is migration 0018's, which also orders by time.
    history = HistoricalRecords(no_db_index=["indicator", "breakdown", "entered_by",
                                             "approved_by"])

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        indexes = [
            models.Index(fields=["indicator", "period_start"]),
            # Values awaiting approval: a few among each indicator's many (migration 0019).
            models.Index(fields=["indicator"], condition=Q(approved_at__isnull=True),
                         name="measures_obs_awaiting_approval"),
            # Values by area: the few with one, as most are totals (migration 0020).
            models.Index(fields=["breakdown"], condition=Q(breakdown__isnull=False),
                         name="measures_obs_by_breakdown"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], condition=Q(breakdown__isnull=True),
                name="one_total_observation_per_period"),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"],
                condition=Q(breakdown__isnull=False),
                name="one_breakdown_observation_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}"

    @property
    def period_obj(self) -> Period:
        return Period.from_key(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def entered_token(self) -> str:
        """Names this entry of the value, so a page can tell if it was entered again since."""
        return f"{self.entered_at.timestamp():.6f}" if self.entered_at else ""

    def set_period(self, period: Period) -> None:
        self.period, self.period_start, self.period_end = period.key, period.start, period.end


class Rejection(models.Model):
    """A submitted value an editor rejected, with the reason the contributor is shown.

    Rejecting withdraws the value (the observation goes back to its last approved version,
    or is deleted if it never had one; both are kept in the observation's history), so this
    row is where the rejected figure, who entered it and why it was rejected are kept. It is
    shown until someone enters a value for the same period again (`cleared_at`).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="rejections")
    breakdown = models.ForeignKey(Breakdown, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    period = models.CharField(max_length=30, help_text="The period's key, see pif.lib.periods.")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    missing_code = models.CharField(max_length=10, blank=True)
    # PROTECT, as on Observation: emptying who entered or rejected a value would change
    # the record behind history's back (see pif/history_writes.py).
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()
    reason = models.TextField()
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True,
                                      help_text="When a value was entered again for the period.")
    history = HistoricalRecords()  # who cleared a rejection is its history's user

    class Meta:
        ordering = ["indicator", "period", "-rejected_at"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label} rejected"

    @property
    def period_label(self) -> str:
        return Period.from_key(self.period).label
