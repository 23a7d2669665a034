from django.db import models

from pif.measures.models.indicator import Indicator
from pif.spc.vocabulary import Assurance, Direction, Rag, Signal, Variation


class IndicatorStatus(models.Model):
    """The stored result of the status engine, so lists never recompute it per row.

    Read it as ``indicator.current_status``, which is :data:`NO_STATUS` for an indicator
    never computed. The status words and their labels come from :mod:`pif.spc.vocabulary`;
    empty means not computed, not enough data or no target.
    """

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="status",
                                     primary_key=True)
    latest_period = models.CharField(max_length=30, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    previous_value = models.FloatField(null=True, blank=True)
    points = models.PositiveIntegerField(default=0)
    variation = models.CharField(max_length=30, blank=True, choices=Variation.choices())
    assurance = models.CharField(max_length=30, blank=True, choices=Assurance.choices())
    rag = models.CharField(max_length=10, blank=True, choices=Rag.choices())
    direction = models.CharField(max_length=20, blank=True, choices=Direction.choices())
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

    @property
    def signal(self) -> Signal:
        """What the variation says, for outcome roll-ups: improving, concern, no signal..."""
        return Signal.of_status(self.variation, self.points)


class NoStatus:
    """The status of an indicator never computed: every field of IndicatorStatus, empty."""

    latest_period = submitted_period = ""
    latest_value = previous_value = target_value = mean = lower_limit = upper_limit = None
    variation = assurance = rag = direction = ""
    sparkline: tuple = ()
    sparkline_svg = ""
    points = awaiting_approval = 0
    signal = Signal.NO_DATA


NO_STATUS = NoStatus()
