"""Did it work? What the data said about each linked measure when a change closed."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership
from pif.spc.vocabulary import ChangeVerdict


class Verdict(models.Model):
    """The SPC verdict on one indicator for one finished action or PDSA cycle, kept as it
    was on the day (exactly one of `action` and `cycle` is set)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="verdicts")
    indicator = models.ForeignKey("measures.Indicator", on_delete=models.CASCADE,
                                  related_name="verdicts")
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="verdicts")
    cycle = models.ForeignKey("improvement.PdsaCycle", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="verdicts")
    change_period_start = models.DateField(
        help_text="The first period after the change: where the new points begin.")
    judged_on = models.DateField()
    verdict = models.CharField(max_length=30, choices=ChangeVerdict.choices())
    points_before = models.PositiveIntegerField()
    points_after = models.PositiveIntegerField()
    explanation = models.TextField(help_text="The verdict in plain words, as it was shown.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-judged_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(action__isnull=False, cycle__isnull=True)
                       | models.Q(action__isnull=True, cycle__isnull=False)),
            name="verdict_for_action_or_cycle")]

    def __str__(self) -> str:
        return f"{ChangeVerdict.label_of(self.verdict)} on {self.indicator_id}"
