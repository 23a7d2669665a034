"""Improvement projects on the Model for Improvement: an aim, a team, a family of measures,
change ideas, and PDSA cycles testing them in ramps of increasing scale."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Organisation, Partnership


class Project(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered, waiting for approval"
        ACTIVE = "active", "Active"
        COMPLETE = "complete", "Complete"
        STOPPED = "stopped", "Stopped"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="projects")
    title = models.CharField(max_length=200)
    aim_what = models.TextField("what will improve",
                                help_text="For example Falls with harm in our care homes.")
    aim_how_much = models.CharField("by how much", max_length=200,
                                    help_text="For example Reduce by 25%.")
    aim_by_when = models.DateField("by when")
    background = models.TextField(blank=True, help_text="Why this matters now.")
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="+",
                                     verbose_name="lead organisation")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             verbose_name="project lead")
    team = models.TextField(blank=True,
                            help_text="Who is in the team and their part, one per line.")
    outcome = models.ForeignKey("outcomes.Outcome", null=True, blank=True,
                                on_delete=CLEAR_WITH_HISTORY, related_name="projects",
                                help_text="The outcome this project helps achieve.")
    driver_diagram = models.ForeignKey("outcomes.DriverDiagram", null=True, blank=True,
                                       on_delete=CLEAR_WITH_HISTORY, related_name="projects")
    status = models.CharField(max_length=20, choices=Status.choices,
                              default=Status.REGISTERED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("project", args=[self.partnership.short_name, self.pk])

    @property
    def aim(self) -> str:
        return f"{self.aim_what}: {self.aim_how_much} by {self.aim_by_when:%-d %B %Y}"


class ProjectMeasure(models.Model):
    """One of the project's family of measures, each an ordinary indicator."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome measure"
        PROCESS = "process", "Process measure"
        BALANCING = "balancing", "Balancing measure"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    indicator = models.ForeignKey("measures.Indicator", on_delete=models.CASCADE,
                                  related_name="project_measures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(
            fields=["project", "indicator"], name="project_measure_unique",
            violation_error_message="This indicator is already one of the project's measures.")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.indicator_id}"


class ChangeIdea(models.Model):
    """A change the team will test. Its PDSA cycles, in order, are its ramp."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    driver_node = models.ForeignKey("outcomes.DriverNode", null=True, blank=True,
                                    on_delete=CLEAR_WITH_HISTORY, related_name="+",
                                    verbose_name="driver diagram entry")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class PdsaCycle(models.Model):
    """One Plan-Do-Study-Act cycle testing a change idea."""

    class Decision(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles")
    change_idea = models.ForeignKey(ChangeIdea, on_delete=models.CASCADE,
                                    related_name="cycles")
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                 related_name="followed_by",
                                 verbose_name="follows cycle")
    title = models.CharField(max_length=200)
    scale = models.CharField(max_length=200, blank=True,
                             help_text="How big the test is, for example 1 nurse, 1 shift.")
    # Plan
    objective = models.TextField()
    question = models.TextField("questions", blank=True)
    prediction = models.TextField(blank=True)
    plan_who = models.CharField("who", max_length=300, blank=True)
    plan_where = models.CharField("where", max_length=300, blank=True)
    start_date = models.DateField("starts on")
    end_date = models.DateField("ends on", null=True, blank=True)
    plan_data = models.TextField("what data will be collected", blank=True)
    # Do, Study, Act
    do_notes = models.TextField("what happened", blank=True)
    study_notes = models.TextField("the result against the prediction", blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    act_notes = models.TextField("what next", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    indicators = models.ManyToManyField(
        "measures.Indicator", blank=True, related_name="pdsa_cycles",
        help_text="The measures that should show the change.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pdsa_cycle", args=[self.project.partnership.short_name,
                                           self.project_id, self.pk])

    @property
    def stage(self) -> str:
        """Plan, Do, Study, Act or Complete: the first part not yet written."""
        if self.completed_on:
            return "Complete"
        if not self.do_notes:
            return "Plan"
        if not self.study_notes:
            return "Do"
        return "Study" if not self.decision else "Act"


SCORES = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))]


class ProgressScore(models.Model):
    """The team's own judgement of progress on the IHI scale (0.5 to 5.0 in half steps),
    dated, with the wording version it was given against (frameworks/ihi-progress-scale)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    scored_on = models.DateField()
    score = models.DecimalField(max_digits=2, decimal_places=1, validators=SCORES)
    scale_version = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-scored_on", "-id"]

    def __str__(self) -> str:
        return f"{self.score} on {self.scored_on}"
