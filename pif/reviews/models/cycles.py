"""Improvement cycles: a year of the partnership's work, closed with a review and followed by
the next. A closed cycle keeps a snapshot of how everything stood, so it reads the same
whatever changes later."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.outcomes.models.plan import financial_year
from pif.partnerships.models import Partnership


class CycleState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Cycle(models.Model):
    State = CycleState

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="cycles")
    first_year = models.PositiveSmallIntegerField(
        "financial year", validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The financial year the cycle covers, for example 2026 for 2026/27.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=10, choices=CycleState.choices,
                             default=CycleState.OPEN)
    what_worked = models.TextField(
        "what worked", blank=True,
        help_text="What the did-it-work register and the year's results say worked.")
    lessons = models.TextField("lessons learned", blank=True)
    assessment = models.ForeignKey("reviews.Assessment", null=True, blank=True,
                                   on_delete=CLEAR_WITH_HISTORY, related_name="+",
                                   verbose_name="self-assessment")
    performance_summary = models.TextField("the year's performance", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["-first_year", "-id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "first_year"],
                                               name="cycle_year_unique_in_partnership",
                                               violation_error_message="This partnership "
                                               "already has a cycle for that year.")]

    def __str__(self) -> str:
        return f"Cycle {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("cycle", args=[self.partnership.short_name, self.pk])

    @property
    def label(self) -> str:
        return financial_year(self.first_year)

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED
