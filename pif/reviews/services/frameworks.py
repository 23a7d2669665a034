"""Stage 6 services: assessment frameworks. Every change takes the actor first.

Shipped frameworks (EFQM, PSIF, Customer Service Excellence) are loaded from files by
pif/reviews/assessment_frameworks.py and are read-only here; a partnership creates and
changes its own framework: its name and scale, and its nodes one by one or from a CSV file.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from pif import history_writes
from pif.editing import PROGRAM_CHANGE, LoadedVersion, claim_version
from pif.reviews import assessment_frameworks
from pif.reviews import models as m
from pif.reviews.rules import frameworks as rules
from pif.rules import refuse

VERBS = [
    ("assessment_framework_created", "Assessment framework created"),
    ("assessment_framework_nodes_uploaded", "Assessment framework nodes uploaded"),
]
CSV_COLUMNS = ("code", "label", "text", "kind", "points", "weight", "parent")
#: Records that point at a node: a node any of them uses cannot be removed.
USES = ("Score", "AgreedScore", "SurveyAnswer", "SurveyComment", "Evidence", "NodeTag",
        "Finding")


def frameworks_for(partnership):
    """The versions a partnership may use: shipped ones and its own."""
    from django.db.models import Q

    return (m.AssessmentFrameworkVersion.objects
            .filter(Q(framework__partnership=None) | Q(framework__partnership=partnership))
            .select_related("framework").order_by("framework__partnership", "framework__name",
                                                  "label"))


def _free_slug(partnership, name: str) -> str:
    base = slugify(name)[:50] or "framework"
    taken = set(m.AssessmentFramework.objects.filter(partnership=partnership,
                                                     slug__startswith=base)
                .values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_framework(actor, partnership, *, name: str, scale: str, description: str = ""
                     ) -> m.AssessmentFrameworkVersion:
    template = assessment_frameworks.read("custom")
    framework = m.AssessmentFramework(partnership=partnership, name=name,
                                      slug=_free_slug(partnership, name),
                                      description=description or template["description"])
    actor.stamp(framework)
    framework.save()
    version = m.AssessmentFrameworkVersion(
        framework=framework, label=template["versions"][0]["label"], scale=scale,
        source=f"Written by {partnership.name}", licence="The partnership's own.",
        note=template["versions"][0].get("note", ""))
    actor.stamp(version)
    version.save()
    actor.event(partnership, "assessment_framework_created",
                f"Assessment framework “{name}” created", framework)
    return version


def _siblings(version, parent, exclude=None):
    rows = m.AssessmentNode.objects.filter(framework_version=version, parent=parent)
    return rows.exclude(pk=exclude.pk) if exclude and exclude.pk else rows


def _below(node) -> set[int]:
    """The ids of `node` and every node under it."""
    found, level = {node.pk}, {node.pk}
    while level:
        level = set(m.AssessmentNode.objects.filter(parent_id__in=level)
                    .values_list("pk", flat=True)) - found
        found |= level
    return found


def _check_node(partnership, node) -> None:
    version = node.framework_version
    codes = set(m.AssessmentNode.objects.filter(framework_version=version).exclude(pk=node.pk)
                .values_list("code", flat=True))
    parent = node.parent
    weights = [w for w in _siblings(version, parent, node).values_list("weight", flat=True)
               if w is not None]
    refuse([
        *rules.check_own_framework(partnership.pk, version.framework.partnership_id),
        *rules.check_code(node.code, codes),
        *rules.check_parent(parent is None or parent.framework_version_id == version.pk,
                            bool(parent and node.pk and parent.pk in _below(node))),
        *rules.check_weight(node.weight, weights),
        *rules.check_points(node.points),
        *rules.check_framework_in_use(in_use(version), _moves_scores(node))])
    # The model's own limits (max_digits, max_length) hold on every path, not only the form.
    node.full_clean(validate_unique=False, validate_constraints=False)


def in_use(version) -> bool:
    """Has an assessment on this version left draft? Then its scores read its numbers."""
    return m.Assessment.objects.filter(framework_version=version).exclude(
        stage=m.AssessmentStage.DRAFT).exists()


#: The fields that decide what is scored and how much it counts.
SCORING_FIELDS = ("weight", "points", "is_scored", "parent_id")


def _moves_scores(node) -> bool:
    if node.pk is None:
        return node.is_scored
    stored = m.AssessmentNode.objects.filter(pk=node.pk).values(*SCORING_FIELDS).first()
    return stored is not None and any(stored[f] != getattr(node, f) for f in SCORING_FIELDS)


@transaction.atomic
def save_node(actor, partnership, node: m.AssessmentNode, *,
              loaded_version: LoadedVersion = None, scored_by_kind: bool = False
              ) -> m.AssessmentNode:
    """Add or change a node of the partnership's own framework (a new node goes last). A
    change claims the edit version the person loaded; `scored_by_kind` (the CSV upload)
    marks parts, questions and statements as scored."""
    if scored_by_kind:
        node.is_scored = node.kind in SCORED_KINDS
    _check_node(partnership, node)
    if node.pk is None:
        last = m.AssessmentNode.objects.filter(framework_version=node.framework_version)
        node.position = (last.order_by("-position").values_list("position", flat=True)
                         .first() or 0) + 1
    else:
        claim_version(node, loaded_version)
    actor.stamp(node)
    node.save()
    return node


#: Kinds assessors score by default when a node is added on the page or by CSV.
SCORED_KINDS = {m.NodeKind.PART, m.NodeKind.SUB_CRITERION, m.NodeKind.ELEMENT,
                m.NodeKind.QUESTION, m.NodeKind.STATEMENT}


def is_used(node) -> bool:
    return any(getattr(m, name).objects.filter(node=node).exists() for name in USES)


def remove_node(actor, partnership, node: m.AssessmentNode) -> None:
    owner = node.framework_version.framework.partnership_id
    refuse([*rules.check_own_framework(partnership.pk, owner),
            *rules.check_no_children(node.children.exists()),
            *rules.check_framework_in_use(in_use(node.framework_version), True),
            *rules.check_not_used(is_used(node))])
    history_writes.delete(actor, node)


# Uploading nodes as CSV: all rows or none.

def upload_nodes(actor, partnership, version, content: str) -> int:
    """Add or change the nodes in CSV text (columns code, label, text, kind, points, weight,
    parent; a parent must come earlier or exist already). All rows or none: every problem
    is reported with its row and column."""
    refuse(rules.check_own_framework(partnership.pk, version.framework.partnership_id))
    rows = _read_rows(content)
    with transaction.atomic():
        saved, problems = 0, []
        for number, row in rows:
            try:
                save_node(actor, partnership, _node_from_row(version, row),
                          loaded_version=PROGRAM_CHANGE, scored_by_kind=True)
                saved += 1
            except ValidationError as error:
                problems += [f"Row {number}, column {field}: {' '.join(messages)}"
                             for field, messages in _fields(error)]
        if problems:
            transaction.set_rollback(True)
            raise ValidationError(problems)
    actor.event(partnership, "assessment_framework_nodes_uploaded",
                f"{saved} node(s) uploaded to “{version.framework.name}”", version.framework)
    return saved


def _fields(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(field if field != "__all__" else "code", messages)
                for field, messages in error.message_dict.items()]
    return [("code", error.messages)]


def _read_rows(content: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    names = [name.strip().lower() for name in reader.fieldnames or []]
    if not {"code", "label", "kind"} <= set(names):
        raise ValidationError("The first row must name the columns: "
                              + ",".join(CSV_COLUMNS) + " (code, label and kind at least).")
    rows = [(number, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k})
            for number, row in enumerate(reader, start=2)]
    if not rows:
        raise ValidationError("The file has no rows after the column names.")
    return rows


def _node_from_row(version, row: dict) -> m.AssessmentNode:
    errors = {}
    node = (m.AssessmentNode.objects.filter(framework_version=version, code=row["code"]).first()
            or m.AssessmentNode(framework_version=version, code=row["code"]))
    node.label, node.text = row["label"], row.get("text", "")
    if not node.label:
        errors["label"] = "Enter a label"
    if row["kind"] not in m.NodeKind.values:
        errors["kind"] = f"use one of {', '.join(m.NodeKind.values)}"
    node.kind = row["kind"]
    for field in ("points", "weight"):
        try:
            number = Decimal(row[field]) if row.get(field) else None
        except InvalidOperation:
            number = None
        if number is not None and not number.is_finite():
            number = None  # NaN and Infinity cannot be stored or compared
        if row.get(field) and number is None:
            errors[field] = f"'{row[field]}' is not a number"
        setattr(node, field, number)
    parent_code = row.get("parent", "")
    node.parent = (m.AssessmentNode.objects.filter(framework_version=version,
                                                   code=parent_code).first()
                   if parent_code else None)
    if parent_code and node.parent is None:
        errors["parent"] = f"there is no node {parent_code} above this row"
    if errors:
        raise ValidationError(errors)
    return node
