"""Assessment frameworks (EFQM 2013 and 2020, PSIF, Customer Service Excellence, a
partnership's own): versioned reference data loaded from `frameworks/assessment/`, each node
with its points and weight. The wording of a copyrighted model is not shipped: a licence
holder imports it into `text`."""

from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership


class Scale(models.TextChoices):
    RADAR = "radar", "RADAR percentage (0 to 100 in steps of 5)"
    COMPLIANCE = "compliance", "Compliance (Compliance Plus to Non-compliance)"
    LIKERT = "likert", "Agreement (Strongly agree to Strongly disagree)"


class AssessmentFramework(models.Model):
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE,
        related_name="assessment_frameworks",
        help_text="Set for a partnership's own framework; empty for a shipped one.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"],
                                               name="assessment_framework_slug_unique",
                                               nulls_distinct=False)]

    def __str__(self) -> str:
        return self.name


class AssessmentFrameworkVersion(models.Model):
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.CASCADE,
                                  related_name="versions")
    label = models.CharField(max_length=60)
    scale = models.CharField(max_length=20, choices=Scale.choices)
    total_points = models.PositiveIntegerField(null=True, blank=True)
    source = models.TextField(blank=True)
    licence = models.TextField(blank=True)
    note = models.TextField(blank=True)
    uncertain = models.BooleanField(
        default=False, help_text="Parts of this version could not be checked against a source.")
    text_imported = models.BooleanField(
        default=False, help_text="A licence holder has imported the full wording.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework__name", "label"]
        constraints = [models.UniqueConstraint(fields=["framework", "label"],
                                               name="assessment_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework.name} ({self.label})"


class NodeKind(models.TextChoices):
    BLOCK = "block", "Block"
    CRITERION = "criterion", "Criterion"
    PART = "part", "Criterion part"
    SUB_CRITERION = "sub_criterion", "Sub-criterion"
    ELEMENT = "element", "Element"
    SECTION = "section", "Section"
    QUESTION = "question", "Question"
    STATEMENT = "statement", "Statement"


class NodeType(models.TextChoices):
    ENABLER = "enabler", "Enabler"
    RESULT = "result", "Result"


class AssessmentNode(models.Model):
    Kind = NodeKind
    Type = NodeType

    # Not `version`: that is the edit counter, as on every record people edit (pif/editing.py).
    framework_version = models.ForeignKey(AssessmentFrameworkVersion, on_delete=models.CASCADE,
                                          related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=NodeKind.choices)
    label = models.CharField("short label", max_length=200)
    text = models.TextField("full wording", blank=True)
    node_type = models.CharField(max_length=10, choices=NodeType.choices, blank=True)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True,
        help_text="Its share of its parent's score (blank: shared equally with its siblings).")
    is_scored = models.BooleanField(
        default=False, help_text="Assessors score at this node (a part, element or question).")
    position = models.PositiveIntegerField(default=0)
    uncertain = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework_version_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["framework_version", "code"],
                                               name="assessment_node_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class NodeMatch(models.Model):
    """Two nodes of different frameworks that ask about the same thing, from
    `frameworks/assessment/mappings.toml`: evidence for one is offered for the other."""

    node = models.ForeignKey(AssessmentNode, on_delete=models.CASCADE, related_name="+")
    matches = models.ForeignKey(AssessmentNode, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "matches"],
                                               name="assessment_node_match_unique")]

    def __str__(self) -> str:
        return f"{self.node_id} matches {self.matches_id}"
