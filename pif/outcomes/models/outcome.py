"""The outcome tree and the cause-and-effect links of the strategy map."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.outcomes.models.plan import YEAR_VALIDATORS, Locality
from pif.partnerships.models import Organisation, Partnership


class Outcome(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="outcomes")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.RESTRICT,
                               related_name="children", verbose_name="contributes to")
    code = models.CharField(max_length=20, blank=True,
                            help_text="A short reference, for example LO2.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                          on_delete=CLEAR_WITH_HISTORY, related_name="+")
    lead_person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    horizon = models.PositiveSmallIntegerField(
        "time horizon", null=True, blank=True, validators=YEAR_VALIDATORS,
        help_text="The year the outcome should be achieved by, for example 2030.")
    locality = models.ForeignKey(Locality, null=True, blank=True,
                                 on_delete=CLEAR_WITH_HISTORY,
                                 related_name="outcomes",
                                 help_text="Leave blank for an outcome for the whole area.")
    perspective = models.ForeignKey(
        "outcomes.FrameworkNode", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="Where the outcome sits on the strategy map.")
    framework_node = models.ForeignKey(
        "outcomes.FrameworkNode", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The national outcome this row stands for, if it is one.")
    national_outcomes = models.ManyToManyField(
        "outcomes.FrameworkNode", blank=True, related_name="serving_outcomes",
        verbose_name="national outcomes served")
    indicators = models.ManyToManyField("measures.Indicator", related_name="outcomes",
                                        blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[national_outcomes, indicators])

    class Meta:
        ordering = ["level", "position", "code", "title"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("outcome", args=[self.partnership.short_name, self.pk])


class OutcomeLink(models.Model):
    """A cause-and-effect hypothesis on the strategy map: achieving `cause` helps `effect`."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="outcome_links")
    cause = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="effect_links")
    effect = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="cause_links")
    note = models.CharField(max_length=300, blank=True,
                            help_text="Why the partnership believes one leads to the other.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["cause_id", "effect_id"]
        constraints = [models.UniqueConstraint(
            fields=["cause", "effect"], name="outcome_link_unique",
            violation_error_message="These two outcomes are linked already.")]

    def __str__(self) -> str:
        return f"{self.cause} leads to {self.effect}"
