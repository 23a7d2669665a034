"""Driver diagrams: an aim, primary and secondary drivers, and change ideas, as a tree."""

from django.db import models
from simple_history.models import HistoricalRecords

from pif import rules
from pif.history_writes import CLEAR_WITH_HISTORY
from pif.outcomes.models.outcome import Outcome
from pif.outcomes.rules import check_driver_node
from pif.partnerships.models import Partnership


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
        parent = self.parent if self.parent_id is not None else None
        rules.refuse(check_driver_node(
            self.kind, parent.kind if parent else None,
            parent_in_diagram=parent is None or parent.diagram_id == self.diagram_id))
