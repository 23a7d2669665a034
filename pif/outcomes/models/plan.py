"""The partnership's vision per cycle, its names for outcome levels, and its localities."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership

DEFAULT_LEVEL_NAMES = ("National outcome", "Partnership outcome", "Priority",
                       "Intermediate outcome")
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Vision(models.Model):
    """The vision statement and purpose for one planning cycle (a LOIP runs about ten years)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="visions")
    first_year = models.PositiveSmallIntegerField(
        "first year", validators=YEAR_VALIDATORS,
        help_text="The financial year the plan starts, for example 2026 for 2026/27.")
    last_year = models.PositiveSmallIntegerField(
        "last year", validators=YEAR_VALIDATORS,
        help_text="The financial year the plan ends, for example 2035 for 2035/36.")
    statement = models.TextField("vision statement")
    purpose = models.TextField(blank=True, help_text="Why the partnership exists, in a sentence "
                                                      "or two.")
    is_current = models.BooleanField("current vision", default=True)
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "-id"]

    def __str__(self) -> str:
        return f"Vision {self.cycle_label}"

    @property
    def cycle_label(self) -> str:
        return f"{financial_year(self.first_year)} to {financial_year(self.last_year)}"


def financial_year(year: int) -> str:
    """2026 -> "2026/27"."""
    return f"{year}/{(year + 1) % 100:02d}"


class PlanSettings(models.Model):
    """What a partnership calls its outcome levels, and which frameworks it uses."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE,
                                       related_name="plan_settings")
    level_1 = models.CharField("name of level 1", max_length=60, default=DEFAULT_LEVEL_NAMES[0])
    level_2 = models.CharField("name of level 2", max_length=60, default=DEFAULT_LEVEL_NAMES[1])
    level_3 = models.CharField("name of level 3", max_length=60, default=DEFAULT_LEVEL_NAMES[2])
    level_4 = models.CharField("name of level 4", max_length=60, default=DEFAULT_LEVEL_NAMES[3])
    national_framework = models.ForeignKey(
        "outcomes.FrameworkVersion", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="national outcomes from")
    perspectives = models.ForeignKey(
        "outcomes.FrameworkVersion", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="strategy map perspectives from")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Plan settings of {self.partnership_id}"

    def level_names(self) -> dict[int, str]:
        return {1: self.level_1, 2: self.level_2, 3: self.level_3, 4: self.level_4}


class Locality(models.Model):
    """A locality of the partnership (Community Empowerment (Scotland) Act 2015, s10)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="localities")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    significantly_poorer = models.BooleanField(
        "has significantly poorer outcomes", default=False,
        help_text="Localities with significantly poorer outcomes need a locality plan.")
    indicators = models.ManyToManyField("measures.Indicator", blank=True,
                                        related_name="localities")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"
        constraints = [models.UniqueConstraint(
            fields=["partnership", "name"], name="locality_name_unique_in_partnership",
            violation_error_message="This partnership already has a locality with that name.")]

    def __str__(self) -> str:
        return self.name
