from django.db import models

from pif.measures.models.indicator import Indicator


class IndicatorStatus(models.Model):
    """The stored result of the status engine, so lists never recompute it per row."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="status",
                                     primary_key=True)
    latest_period = models.CharField(max_length=30, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    previous_value = models.FloatField(null=True, blank=True)
    points = models.PositiveIntegerField(default=0)
    variation = models.CharField(max_length=30, blank=True)
    assurance = models.CharField(max_length=30, blank=True)
    rag = models.CharField(max_length=10, blank=True)
    direction = models.CharField(max_length=20, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    lower_limit = models.FloatField(null=True, blank=True)
    upper_limit = models.FloatField(null=True, blank=True)
    sparkline = models.JSONField(default=list, blank=True)
    # Drawn when the status is computed: drawing 500 sparklines took 40% of the scorecard.
    sparkline_svg = models.TextField(blank=True, editable=False)
    awaiting_approval = models.PositiveIntegerField(default=0)
    # The latest period with any value, approved or awaiting approval: what is due next
    # follows it, so a figure sent in is not asked for again while it waits.
    submitted_period = models.CharField(max_length=30, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Status of {self.indicator_id}"
