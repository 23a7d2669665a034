from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pif.measures.models.indicator import Indicator


class Commentary(models.Model):
    """What the data shows for a period, why, and what is being done about it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="commentaries")
    period = models.CharField(max_length=30)
    period_start = models.DateField()
    what_it_shows = models.TextField("what the data shows")
    why = models.TextField("why", blank=True)
    actions = models.TextField("what we are doing about it", blank=True)
    is_public = models.BooleanField(
        "show on the public pages", default=False,
        help_text="Shown with the indicator on the public pages the next time an editor "
                  "publishes them.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"],
                                               name="one_commentary_per_period")]

    def __str__(self) -> str:
        return f"Commentary on {self.indicator_id} for {self.period}"


class Annotation(models.Model):
    """A note on the chart at a period; a rebase also starts new limits there."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="annotations")
    period = models.CharField(max_length=30)
    period_start = models.DateField()
    text = models.CharField(max_length=300)
    is_rebase = models.BooleanField(
        "recalculate limits from here", default=False,
        help_text="Start a new phase with its own mean and limits, after a sustained change.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]

    def __str__(self) -> str:
        return self.text
