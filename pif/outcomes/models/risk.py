"""The risk register: what could stop the partnership reaching its outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from simple_history.models import HistoricalRecords

from pif.outcomes.models.outcome import Outcome
from pif.outcomes.rules import RISK_SCALE
from pif.partnerships.models import Organisation, Partnership

LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def rating(score: int) -> str:
    """A score of likelihood × impact in words (a common 5x5 matrix banding)."""
    if score >= 15:
        return "Very high"
    if score >= 10:
        return "High"
    if score >= 5:
        return "Medium"
    return "Low"


class RiskQuerySet(models.QuerySet):
    def with_review_overdue(self, today):
        """Each risk with `review_overdue`: its review date has passed and it is still open.
        The one definition, for the register, its export and the overview's counts."""
        overdue = Q(review_date__lt=today) & ~Q(status=Risk.Status.CLOSED)
        return self.annotate(review_overdue=ExpressionWrapper(overdue,
                                                              output_field=BooleanField()))

    def review_overdue(self, today):
        return self.with_review_overdue(today).filter(review_overdue=True)


class Risk(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        TREATING = "treating", "Being treated"
        TOLERATED = "tolerated", "Tolerated"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20, help_text="For example R01.")
    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="Because of…")
    effect = models.TextField(help_text="…this could happen, leading to…")
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT,
                                           related_name="+", verbose_name="owning organisation")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name="risk owner")
    inherent_likelihood = models.PositiveSmallIntegerField(validators=RISK_SCALE)
    inherent_impact = models.PositiveSmallIntegerField(validators=RISK_SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(validators=RISK_SCALE)
    residual_impact = models.PositiveSmallIntegerField(validators=RISK_SCALE)
    controls = models.TextField(blank=True, help_text="What is in place to reduce the risk.")
    review_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="risks")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[outcomes])

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(
            fields=["partnership", "reference"], name="risk_reference_unique_in_partnership",
            violation_error_message="This partnership already has a risk with that reference.")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def residual_rating(self) -> str:
        return rating(self.residual_score)

    @property
    def inherent_rating(self) -> str:
        return rating(self.inherent_score)
