"""Governance groups, their members, and the resources partners commit to outcomes."""

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.outcomes.models.outcome import Outcome
from pif.partnerships.models import Organisation, Partnership


class Group(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        EXECUTIVE = "executive", "Executive or management group"
        DELIVERY = "delivery", "Delivery group"
        WORKING = "working", "Working group"
        FORUM = "forum", "Community forum"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="governance_groups")
    name = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    remit = models.TextField(help_text="What the group decides or oversees.")
    reports_to = models.ForeignKey("self", null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                   related_name="sub_groups")
    meets = models.CharField("how often it meets", max_length=100, blank=True,
                             help_text="For example Quarterly.")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="groups",
                                      verbose_name="outcomes it oversees")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[outcomes])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(
            fields=["partnership", "name"], name="group_name_unique_in_partnership",
            violation_error_message="This partnership already has a group with that name.")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("name or post", max_length=200,
                            help_text="A person's name or their post, for example Chief "
                                      "Executive.")
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=CLEAR_WITH_HISTORY, related_name="+")
    role = models.CharField("role in the group", max_length=100, default="Member")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", "Money (£)"
        STAFF = "staff", "Staff time (full-time equivalent)"
        IN_KIND = "in_kind", "In kind (estimated value, £)"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="resources")
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="+",
                                     verbose_name="contributing organisation")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                related_name="resources")
    kind = models.CharField("type of resource", max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0, "Enter 0 or more")])
    financial_year = models.PositiveSmallIntegerField(
        help_text="The financial year it is committed for, for example 2026 for 2026/27.")
    description = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "organisation__name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display()} {self.amount}"

    @property
    def financial_year_label(self) -> str:
        from pif.outcomes.models.plan import financial_year

        return financial_year(self.financial_year)

    @property
    def amount_display(self) -> str:
        if self.kind == self.Kind.STAFF:
            return f"{self.amount.normalize():f} FTE"
        return f"£{self.amount:,.0f}"
