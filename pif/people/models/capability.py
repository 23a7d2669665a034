"""Improvement capability: the levels (data, seeded from frameworks/people/nes-qi-levels.toml
and editable), counts of people at each level, and the privacy setting that decides whether
personal training records are kept at all."""

from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Organisation, Partnership

#: No organisation counts more people than this at one level (a typing slip, not a count).
MOST_PEOPLE = 1_000_000


class CapabilityLevel(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="capability_levels")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(
        default=1, validators=[MaxValueValidator(1000)],
        help_text="Where the level comes in the list: 1 is the first.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(
            fields=["partnership", "name"], name="capability_level_name_unique",
            violation_error_message="This partnership already has a level with that name.")]

    def __str__(self) -> str:
        return self.name


class CapabilityCount(models.Model):
    """How many people in an organisation held a level of improvement skills on a date."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="capability_counts")
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="+")
    level = models.ForeignKey(CapabilityLevel, on_delete=models.RESTRICT,
                              related_name="counts")
    counted_on = models.DateField()
    people = models.PositiveIntegerField(validators=[MaxValueValidator(MOST_PEOPLE)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["counted_on", "organisation_id", "level__position", "level_id"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "level", "counted_on"], name="capability_count_unique",
            violation_error_message="There is already a count for this organisation, level "
                                    "and date.")]

    def __str__(self) -> str:
        return f"{self.people} at {self.level_id} on {self.counted_on}"


class PeopleSettings(models.Model):
    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE,
                                       related_name="people_settings")
    keep_personal_records = models.BooleanField(
        "keep personal training records", default=False,
        help_text="Off: capability is held only as counts of people, and no one's name is "
                  "recorded. Turn on only if the partnership has agreed why it needs named "
                  "records, and has told the people concerned.")
    capability_note = models.TextField(
        "note shown with the capability counts", blank=True, max_length=500,
        help_text="For example where the counts come from, or what they leave out.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return "People settings"


class TrainingRecord(models.Model):
    """A named person's level. Kept only when the partnership keeps personal records."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="training_records")
    person_name = models.CharField("name", max_length=150)
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="+")
    level = models.ForeignKey(CapabilityLevel, on_delete=models.RESTRICT,
                              related_name="training_records")
    achieved_on = models.DateField()
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person_name", "id"]

    def __str__(self) -> str:
        return self.person_name
