"""Learning and development activity: what was offered, to whom and how many took part."""

from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Organisation, Partnership
from pif.people.models.capability import MOST_PEOPLE


class LearningActivity(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        WORKSHOP = "workshop", "Workshop"
        E_LEARNING = "e_learning", "E-learning"
        COACHING = "coaching", "Coaching"
        LEARNING_SET = "learning_set", "Learning set"
        CONFERENCE = "conference", "Conference"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="learning_activities")
    title = models.CharField("title or topic", max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURSE)
    audience = models.CharField(max_length=200, blank=True,
                                help_text="Who it is for, for example Team leaders.")
    start_date = models.DateField("starts on")
    end_date = models.DateField("ends on", null=True, blank=True,
                                help_text="Leave blank for a one-day activity.")
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+",
        help_text="The organisations whose staff took part.")
    participants = models.PositiveIntegerField(
        "number of participants", null=True, blank=True,
        validators=[MaxValueValidator(MOST_PEOPLE)])
    outcomes = models.ManyToManyField("outcomes.Outcome", blank=True, related_name="+",
                                      help_text="The outcomes this learning supports.")
    projects = models.ManyToManyField("improvement.Project", blank=True, related_name="+",
                                      verbose_name="improvement projects",
                                      help_text="The improvement projects it supports.")
    description = models.TextField(blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[organisations, outcomes, projects])

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from pif.people.rules import check_activity_dates
        from pif.rules import refuse

        refuse(check_activity_dates(self.start_date, self.end_date))
