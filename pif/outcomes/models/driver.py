"""Driver diagrams: an aim, primary and secondary drivers, and change ideas, as a tree."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.outcomes.models.outcome import Outcome
from pif.partnerships.models import Partnership

CHILD_KIND = {"primary": "secondary", "secondary": "change_idea"}


class DriverDiagram(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="driver_diagrams")
    title = models.CharField(max_length=200)
    aim = models.TextField(help_text="What we are trying to accomplish: how much, by when, "
                                     "for whom.")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                related_name="driver_diagrams",
                                help_text="The outcome this diagram helps achieve.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DriverNode(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"
        CHANGE_IDEA = "change_idea", "Change idea"

    diagram = models.ForeignKey(DriverDiagram, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    title = models.CharField(max_length=200)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                related_name="+")
    indicator = models.ForeignKey("measures.Indicator", null=True, blank=True,
                                  on_delete=CLEAR_WITH_HISTORY, related_name="driver_nodes",
                                  help_text="A measure that shows whether this is working.")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.parent_id is None:
            if self.kind != self.Kind.PRIMARY:
                raise ValidationError({"parent": "Choose the driver this belongs under."})
            return
        if self.parent.diagram_id != self.diagram_id:
            raise ValidationError({"parent": "Choose a driver from this diagram."})
        expected = CHILD_KIND.get(self.parent.kind)
        if expected is None:
            raise ValidationError({"parent": "Change ideas are the last column: add this "
                                             "under a secondary driver instead."})
        if self.kind != expected:
            raise ValidationError({"kind": f"Under a {self.parent.get_kind_display().lower()} "
                                           f"add a {self.Kind(expected).label.lower()}."})
