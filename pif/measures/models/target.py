from django.db import models
from simple_history.models import HistoricalRecords

from pif.measures.models.indicator import Indicator


class Target(models.Model):
    """A target for an indicator: one value, or a trajectory with a value per period."""

    class Level(models.TextChoices):
        MINIMUM = "minimum", "Minimum"
        STANDARD = "standard", "Standard"
        STRETCH = "stretch", "Stretch"

    class ToleranceKind(models.TextChoices):
        RELATIVE = "relative", "Relative (% of the target)"
        ABSOLUTE = "absolute", "Absolute (in the indicator's unit)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.STANDARD)
    value = models.FloatField(null=True, blank=True,
                              help_text="Leave blank for a trajectory with a value per period.")
    valid_from = models.CharField(max_length=30, blank=True,
                                  help_text="First period the target applies to (blank: always).")
    valid_to = models.CharField(max_length=30, blank=True,
                                help_text="Last period the target applies to (blank: open).")
    valid_from_start = models.DateField(null=True, blank=True, editable=False)
    valid_to_end = models.DateField(null=True, blank=True, editable=False)
    tolerance = models.FloatField(
        default=0, help_text="How far short of the target still counts as amber: a percentage "
                             "of the target (relative) or an amount in the unit (absolute).")
    tolerance_kind = models.CharField(max_length=10, choices=ToleranceKind.choices,
                                      default=ToleranceKind.RELATIVE)
    source = models.CharField(max_length=200, blank=True,
                              help_text="Where the target comes from, for example a national "
                                        "standard.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "level", "valid_from_start"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} target for {self.indicator.code}"

    @property
    def is_trajectory(self) -> bool:
        return self.value is None


class TargetPoint(models.Model):
    """One period's value on a target trajectory."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="points")
    period = models.CharField(max_length=30)
    period_start = models.DateField()
    value = models.FloatField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "period_start"]
        constraints = [models.UniqueConstraint(fields=["target", "period"],
                                               name="one_trajectory_value_per_period")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"
