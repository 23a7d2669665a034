"""A partnership's own thresholds for action plans."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ActionSettings(models.Model):
    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE,
                                       related_name="action_settings")
    on_track_at = models.PositiveSmallIntegerField(
        "on track at", default=90, validators=PERCENT,
        help_text="An action is on track when its progress is at least this percentage of "
                  "the progress expected by now.")
    off_track_at = models.PositiveSmallIntegerField(
        "off track at", default=70, validators=PERCENT,
        help_text="An action is off track when its progress is at most this percentage of "
                  "the progress expected by now. Between the two it is at risk.")
    stale_after_days = models.PositiveSmallIntegerField(
        "stale after (days)", default=60, validators=[MinValueValidator(1)],
        help_text="An open action with no progress update for this many days is stale.")
    due_soon_days = models.PositiveSmallIntegerField(
        "due soon notice (days)", default=14, validators=[MinValueValidator(1)],
        help_text="Owners are emailed when an action is due within this many days.")
    closing_needs_sign_off = models.BooleanField(
        "completing an action needs an editor's sign-off", default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Action settings for {self.partnership}"
