"""Framework templates: versioned reference data loaded from the files in `frameworks/`.

A framework (the National Performance Framework, the Balanced Scorecard...) has versions,
and each version a tree of nodes: a purpose, national outcomes, perspectives, questions.
These rows belong to no partnership; partnerships link their outcomes to them.
"""

from django.db import models


class Framework(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    licence = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=60)
    is_current = models.BooleanField(default=False)
    uncertain = models.BooleanField(
        default=False, help_text="Parts of this version could not be checked against a source.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["framework__name", "label"]
        constraints = [models.UniqueConstraint(fields=["framework", "label"],
                                               name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework.name} ({self.label})"


class FrameworkNode(models.Model):
    class Kind(models.TextChoices):
        PURPOSE = "purpose", "Purpose"
        VALUE = "value", "Value"
        NATIONAL_OUTCOME = "national_outcome", "National outcome"
        PERSPECTIVE = "perspective", "Perspective"
        TERM = "term", "Term"
        QUESTION = "question", "Question"

    class Change(models.TextChoices):
        """How a node differs from the framework's previous version (blank: not stated)."""
        NEW = "new", "New"
        AMENDED = "amended", "Amended"
        UNCHANGED = "unchanged", "Unchanged"

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE,
                                related_name="nodes")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    position = models.PositiveIntegerField(default=0)
    uncertain = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    change = models.CharField(
        max_length=10, choices=Change.choices, blank=True,
        help_text="How this node differs from the framework's previous version.")

    class Meta:
        ordering = ["version_id", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"],
                                               name="framework_node_code_unique")]

    def __str__(self) -> str:
        return self.title
