"""Load the assessment frameworks shipped in `frameworks/assessment/` (see its README section).

Each `*.toml` there is one framework's version(s) with their nodes; `mappings.toml` lists the
nodes of different frameworks that match. Loading is idempotent: rows are matched on slug,
version label and node code and updated in place. Nothing is deleted, and imported wording
(`text`) is kept: assessments' scores point at the nodes. A file marked `template = true`
(custom.toml) is the starting point for a partnership's own framework, not loaded.
"""

import csv
import io
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from pif.reviews import framework_tree
from pif.reviews.models import (
    AssessmentFramework,
    AssessmentFrameworkVersion,
    AssessmentNode,
    NodeKind,
    NodeMatch,
    NodeType,
    Scale,
)

DIR = Path(getattr(settings, "PIF_ASSESSMENT_FRAMEWORKS_DIR",
                   settings.BASE_DIR / "frameworks" / "assessment"))
MAPPINGS = "mappings"
SCORED_BY_DEFAULT = "a node with no children is scored unless the file says is_scored = false"


@dataclass(frozen=True)
class Loaded:
    framework: AssessmentFramework
    versions: int
    nodes: int


def available() -> dict[str, Path]:
    """The framework files by name (file stem), without the mappings."""
    return {p.stem: p for p in sorted(DIR.glob("*.toml")) if p.stem != MAPPINGS}


def shipped() -> dict[str, Path]:
    """The files that are loaded (every one but templates)."""
    return {name: path for name, path in available().items() if not read(name).get("template")}


def read(name: str) -> dict:
    files = available()
    if name not in files:
        raise ValidationError(f"There is no assessment framework file called '{name}'. "
                              f"Use one of: {', '.join(files)}.")
    path = files[name]
    return _parse(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _parse(path: Path, modified: int) -> dict:
    """The checked contents of a file, parsed once per change of the file (`modified`).
    Callers only read the dict."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"{path.name}: not valid TOML ({error}).") from error
    check(path.name, data)
    return data


# Checking a file: every message names the file and the key.

def check(file: str, data: dict) -> None:
    for key in ("slug", "name"):
        if not data.get(key):
            raise ValidationError(f"{file}: the file needs a '{key}'.")
    for number, version in enumerate(data.get("versions", []), start=1):
        where = f"{file}, version {version.get('label') or number}"
        if not version.get("label"):
            raise ValidationError(f"{where}: the version needs a 'label'.")
        if version.get("scale") not in Scale.values:
            raise ValidationError(f"{where}: 'scale' is '{version.get('scale')}'; use one of "
                                  f"{', '.join(Scale.values)}.")
        _check_nodes(where, version.get("nodes", []))


def _check_nodes(where: str, nodes: list[dict]) -> None:
    codes: set[str] = set()
    weights: dict[str | None, Decimal] = {}
    for node in nodes:
        code = node.get("code")
        at = f"{where}, node {code}"
        if not code or not node.get("label"):
            raise ValidationError(f"{at}: every node needs a 'code' and a 'label'.")
        if code in codes:
            raise ValidationError(f"{at}: 'code' {code} is used twice.")
        if node.get("kind") not in NodeKind.values:
            raise ValidationError(f"{at}: 'kind' is '{node.get('kind')}'; use one of "
                                  f"{', '.join(NodeKind.values)}.")
        if node.get("node_type", "") not in [*NodeType.values, ""]:
            raise ValidationError(f"{at}: 'node_type' must be enabler or result.")
        if node.get("parent") and node["parent"] not in codes:
            raise ValidationError(f"{at}: 'parent' {node['parent']} must be a node earlier "
                                  f"in the file.")
        _number(at, node, "points")
        weight = _number(at, node, "weight")
        if weight is not None:
            if not 0 < weight <= 1:
                raise ValidationError(f"{at}: 'weight' is a share of the parent, "
                                      f"more than 0 and at most 1.")
            parent = node.get("parent")
            weights[parent] = weights.get(parent, Decimal(0)) + weight
            if weights[parent] > 1:
                raise ValidationError(f"{at}: the 'weight's under {parent or 'the top'} "
                                      f"add up to more than 1.")
        codes.add(code)


def _number(at: str, node: dict, key: str) -> Decimal | None:
    value = node.get(key)
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"{at}: '{key}' must be a number, not '{value}'.") from None
    if number < 0:
        raise ValidationError(f"{at}: '{key}' cannot be negative.")
    return number


# Loading

@transaction.atomic
def load(name: str) -> Loaded:
    data = read(name)
    framework, _ = AssessmentFramework.objects.update_or_create(
        slug=data["slug"], partnership=None,
        defaults={"name": data["name"], "description": data.get("description", "")})
    count = 0
    for version_data in data.get("versions", []):
        version, _ = AssessmentFrameworkVersion.objects.update_or_create(
            framework=framework, label=version_data["label"], defaults={
                "scale": version_data["scale"],
                "total_points": version_data.get("total_points"),
                "source": version_data.get("source", data.get("source", "")),
                "licence": version_data.get("licence", data.get("licence", "")),
                "note": version_data.get("note", ""),
                "uncertain": version_data.get("uncertain", False)})
        count += _load_nodes(version, version_data.get("nodes", []))
    return Loaded(framework, len(data.get("versions", [])), count)


def _load_nodes(version: AssessmentFrameworkVersion, nodes: list[dict]) -> int:
    by_code = {node.code: node for node in version.nodes.all()}
    parents = {n["parent"] for n in nodes if n.get("parent")}
    for position, data in enumerate(nodes, start=1):
        node = by_code.get(data["code"]) or AssessmentNode(framework_version=version,
                                                           code=data["code"])
        before = _fields(node)
        node.parent = by_code[data["parent"]] if data.get("parent") else None
        node.kind, node.label = data["kind"], data["label"]
        node.node_type = data.get("node_type", "") or (
            node.parent.node_type if node.parent else "")
        node.points = _number("", data, "points")
        node.weight = _number("", data, "weight")
        node.is_scored = data.get("is_scored", data["code"] not in parents)
        node.position, node.uncertain = position, data.get("uncertain", False)
        if node.pk is None or _fields(node) != before:  # no history row for no change
            node.save()  # full wording (`text`) is left as imported
        by_code[node.code] = node
    return len(nodes)


def _fields(node: AssessmentNode) -> tuple:
    return (node.parent_id, node.kind, node.label, node.node_type, node.points, node.weight,
            node.is_scored, node.position, node.uncertain)


@transaction.atomic
def load_mappings() -> int:
    """Load `mappings.toml` into NodeMatch, both ways; returns the number of pairs."""
    path = DIR / f"{MAPPINGS}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    nodes = _nodes_by_reference()
    pairs = set()
    for number, match in enumerate(data.get("match", []), start=1):
        refs = match.get("nodes", [])
        missing = [ref for ref in refs if ref not in nodes]
        if missing:
            raise ValidationError(f"{path.name}, match {number} ('{match.get('why', '')}'): "
                                  f"'nodes' names {', '.join(missing)}, which no shipped "
                                  f"framework has (use slug/version/code).")
        pairs |= {(nodes[a], nodes[b]) for a in refs for b in refs if a != b}
    known = set(NodeMatch.objects.values_list("node_id", "matches_id"))
    NodeMatch.objects.bulk_create([NodeMatch(node_id=a, matches_id=b)
                                   for a, b in sorted(pairs - known)])
    return len(pairs)


def _nodes_by_reference() -> dict[str, int]:
    rows = AssessmentNode.objects.filter(
        framework_version__framework__partnership=None).values_list(
        "framework_version__framework__slug", "framework_version__label", "code", "pk")
    return {f"{slug}/{label}/{code}": pk for slug, label, code, pk in rows}


def load_all() -> list[Loaded]:
    loaded = [load(name) for name in shipped()]
    load_mappings()
    return loaded


@lru_cache(maxsize=1)
def _expected() -> frozenset[tuple[str, str]]:
    found = set()
    for name in shipped():
        data = read(name)
        found |= {(data["slug"], v["label"]) for v in data.get("versions", [])}
    return frozenset(found)


def ensure_loaded() -> None:
    """Load the shipped frameworks if any version is missing (one query when none is). Called
    when a partnership is created, by the demo and by `pif assessment_framework load`; never
    by a page, which only reads."""
    have = set(AssessmentFrameworkVersion.objects.filter(framework__partnership=None)
               .values_list("framework__slug", "label"))
    if not _expected() <= have:
        load_all()


def load_on_partnership_created(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of Partnership: the first partnership finds the shipped frameworks ready,
    as pif/outcomes does with its templates."""
    if created and not raw:
        ensure_loaded()


def radar_attributes(version: AssessmentFrameworkVersion) -> dict[str, list[str]]:
    """The RADAR attributes of a shipped version, from its file: {"enabler": [...],
    "result": [...]}; empty for a version without them."""
    if version.framework.partnership_id:
        return {}
    for name in shipped():
        data = read(name)
        for version_data in data.get("versions", []):
            if (data["slug"], version_data["label"]) == (version.framework.slug, version.label):
                return version_data.get("radar", {})
    return {}


def tree_nodes(nodes) -> list[framework_tree.TreeNode]:
    """A version's nodes (model rows) as framework_tree reads them."""
    codes = {node.pk: node.code for node in nodes}
    return [framework_tree.TreeNode(node.code, codes.get(node.parent_id), node.points,
                                    node.weight, node.is_scored) for node in nodes]


# Importing the full wording

def import_text(slug: str, label: str, content: str) -> int:
    """Set the full wording of a shipped version's nodes from CSV text with the columns code
    and text. All or nothing: every problem is listed with its row and column."""
    try:
        version = AssessmentFrameworkVersion.objects.get(
            framework__slug=slug, framework__partnership=None, label=label)
    except AssessmentFrameworkVersion.DoesNotExist:
        raise ValidationError(f"There is no shipped framework '{slug}' with a version "
                              f"'{label}'. See: pif assessment-framework list") from None
    texts = read_text_csv(content, {n.code for n in version.nodes.all()})
    with transaction.atomic():
        nodes = list(version.nodes.filter(code__in=texts))
        for node in nodes:  # one save each, so history sees it if the nodes are tracked
            node.text = texts[node.code]
            node.save(update_fields=["text"])
        version.text_imported = True
        version.save(update_fields=["text_imported"])
    return len(nodes)


def read_text_csv(content: str, codes: set[str]) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    if not rows.fieldnames or {"code", "text"} - {f.strip() for f in rows.fieldnames}:
        raise ValidationError("The first row must name the columns: code,text.")
    texts, problems = {}, []
    for number, row in enumerate(rows, start=2):
        code, text = (row.get("code") or "").strip(), (row.get("text") or "").strip()
        if code not in codes:
            problems.append(f"Row {number}, column code: there is no node '{code}' in "
                            f"this version.")
        elif code in texts:
            problems.append(f"Row {number}, column code: '{code}' is given twice.")
        elif not text:
            problems.append(f"Row {number}, column text: the wording is empty.")
        else:
            texts[code] = text
    if problems:
        raise ValidationError(problems)
    if not texts:
        raise ValidationError("The file has no rows after the column names.")
    return texts
