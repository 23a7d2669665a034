"""Locked reporting periods: once a period is locked (before a stat meeting, say), its values
cannot be entered or changed on any path until a partnership admin unlocks it."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership


class PeriodLock(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="period_locks")
    locked_through = models.DateField(
        "locked up to", help_text="Values of periods ending on or before this date are locked.")
    reason = models.CharField(max_length=300, blank=True,
                              help_text="For example PartnershipStat, 12 November 2026.")
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(auto_now_add=True)
    unlocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-locked_through", "-id"]

    def __str__(self) -> str:
        return f"Locked up to {self.locked_through:%-d %B %Y}"

    @property
    def is_active(self) -> bool:
        return self.unlocked_at is None
