"""Self-assessments: a checklist survey (anonymous, Likert statements) or a full assessment
(assessors score independently with evidence, then agree a score at a consensus step), and
the strengths and areas for improvement it finds."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Partnership
from pif.reviews.models.frameworks import AssessmentFrameworkVersion, AssessmentNode

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class AssessmentMethod(models.TextChoices):
    CHECKLIST = "checklist", "Checklist survey"
    FULL = "full", "Full assessment"


class AssessmentStage(models.TextChoices):
    DRAFT = "draft", "Being set up"
    OPEN = "open", "Open"  # survey open, or assessors scoring
    CONSENSUS = "consensus", "Consensus"
    CLOSED = "closed", "Closed"


class Compliance(models.TextChoices):
    COMPLIANCE_PLUS = "compliance_plus", "Compliance Plus"
    COMPLIANCE = "compliance", "Compliance"
    PARTIAL = "partial", "Partial compliance"
    NON_COMPLIANCE = "non_compliance", "Non-compliance"


class Agreement(models.IntegerChoices):
    STRONGLY_AGREE = 4, "Strongly agree"
    AGREE = 3, "Agree"
    DISAGREE = 2, "Disagree"
    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DONT_KNOW = 0, "Don't know"


class Assessment(models.Model):
    Method = AssessmentMethod
    Stage = AssessmentStage

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="assessments")
    framework_version = models.ForeignKey(AssessmentFrameworkVersion, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="framework")
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=AssessmentMethod.choices)
    scope = models.CharField("what is assessed", max_length=200, blank=True,
                             help_text="For example the whole partnership, or Waste Services.")
    stage = models.CharField(max_length=20, choices=AssessmentStage.choices,
                             default=AssessmentStage.DRAFT)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    cycle = models.ForeignKey("reviews.Cycle", null=True, blank=True,
                              on_delete=CLEAR_WITH_HISTORY, related_name="assessments")
    previous_round = models.ForeignKey("self", null=True, blank=True, on_delete=CLEAR_WITH_HISTORY,
                                 related_name="+", verbose_name="previous round")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment", args=[self.partnership.short_name, self.pk])


class Assessor(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="assessors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "user"],
                                               name="assessor_once")]

    def __str__(self) -> str:
        return f"Assessor {self.user_id} of {self.assessment_id}"


class SurveyInvitation(models.Model):
    """A personal link to a checklist survey. It records whether it was used, never which
    response it gave: answers are anonymous."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_used = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "email"],
                                               name="survey_invitation_once")]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"


class SurveyResponse(models.Model):
    """One anonymous response. Random keys and no date: nothing orders the responses, so none
    can be matched with the time an invitation was used."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="responses")

    def __str__(self) -> str:
        return "Survey response"


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    node = models.ForeignKey(AssessmentNode, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=Agreement.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "node"],
                                               name="survey_answer_once")]

    def __str__(self) -> str:
        return self.get_rating_display()


class SurveyComment(models.Model):
    """The two free-text boxes of a section: strengths and suggested improvements."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="comments")
    node = models.ForeignKey(AssessmentNode, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(blank=True)
    improvements = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Comments on {self.node_id}"


class Score(models.Model):
    """One assessor's own score of a node, given before the consensus step."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey(AssessmentNode, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    percent = models.PositiveSmallIntegerField(null=True, blank=True, validators=PERCENT)
    attributes = models.JSONField(
        default=dict, blank=True, help_text="RADAR attribute scores, by attribute key.")
    compliance = models.CharField(max_length=20, choices=Compliance.choices, blank=True)
    rationale = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "node", "assessor"],
                                               name="score_once_per_assessor")]

    def __str__(self) -> str:
        return f"{self.percent}% for {self.node_id}"


class AgreedScore(models.Model):
    """The score the assessors agreed at the consensus step: people decide it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="agreed_scores")
    node = models.ForeignKey(AssessmentNode, on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(null=True, blank=True, validators=PERCENT)
    compliance = models.CharField(max_length=20, choices=Compliance.choices, blank=True)
    note = models.TextField(blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "node"],
                                               name="agreed_score_once")]

    def __str__(self) -> str:
        return f"Agreed {self.percent}% for {self.node_id}"


class Evidence(models.Model):
    """Evidence for a node: text, a link, a PIF record, or an uploaded file."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="evidence")
    node = models.ForeignKey(AssessmentNode, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    indicator = models.ForeignKey("measures.Indicator", null=True, blank=True,
                                  on_delete=CLEAR_WITH_HISTORY, related_name="+")
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=CLEAR_WITH_HISTORY, related_name="+")
    pdsa_cycle = models.ForeignKey("improvement.PdsaCycle", null=True, blank=True,
                                   on_delete=CLEAR_WITH_HISTORY, related_name="+",
                                   verbose_name="PDSA cycle")
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["node", "created", "id"]

    def __str__(self) -> str:
        return self.file_name or self.url or self.text[:80]


class NodeTag(models.Model):
    """An indicator, action or PDSA cycle tagged against a framework node: evidence kept once
    and offered for the matching nodes of other frameworks."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="assessment_tags")
    node = models.ForeignKey(AssessmentNode, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("measures.Indicator", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    pdsa_cycle = models.ForeignKey("improvement.PdsaCycle", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(
            condition=(models.Q(indicator__isnull=False, action__isnull=True,
                                pdsa_cycle__isnull=True)
                       | models.Q(indicator__isnull=True, action__isnull=False,
                                  pdsa_cycle__isnull=True)
                       | models.Q(indicator__isnull=True, action__isnull=True,
                                  pdsa_cycle__isnull=False)),
            name="node_tag_tags_one_thing")]

    def __str__(self) -> str:
        return f"Tag on {self.node_id}"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"


class Finding(models.Model):
    """A strength or an area for improvement; an area becomes an improvement-plan row, and
    so an action, in one step."""

    Kind = FindingKind

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="findings")
    node = models.ForeignKey(AssessmentNode, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    text = models.TextField()
    priority = models.PositiveSmallIntegerField(null=True, blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             verbose_name="lead officer")
    timescale = models.DateField("complete by", null=True, blank=True)
    resources = models.TextField("resources required", blank=True)
    risks = models.TextField(blank=True)
    measures = models.TextField("performance measures", blank=True)
    action = models.ForeignKey("improvement.Action", null=True, blank=True,
                               on_delete=CLEAR_WITH_HISTORY, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "kind", "priority", "id"]

    def __str__(self) -> str:
        return self.text[:80]
