"""Load framework templates from the TOML files in `frameworks/` at the repository root.

Each file is one framework with its versions and their nodes (see frameworks/README.md).
Loading is idempotent: rows are matched on slug, version label and node code, updated in
place, and never deleted (partnerships' outcomes may link to them).
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from pif.outcomes.models import Framework, FrameworkNode, FrameworkVersion

FRAMEWORKS_DIR = Path(getattr(settings, "PIF_FRAMEWORKS_DIR", settings.BASE_DIR / "frameworks"))
NODE_KINDS = set(FrameworkNode.Kind.values)
NODE_CHANGES = set(FrameworkNode.Change.values)


@dataclass(frozen=True)
class Loaded:
    framework: Framework
    versions: int
    nodes: int


def available() -> dict[str, Path]:
    """Template names (file stems) and their files."""
    return {path.stem: path for path in sorted(FRAMEWORKS_DIR.glob("*.toml"))}


def read(name: str) -> dict:
    files = available()
    if name not in files:
        raise ValidationError(f"There is no framework template called '{name}'. "
                              f"Use one of: {', '.join(files)}.")
    with files[name].open("rb") as handle:
        data = tomllib.load(handle)
    _check(name, data)
    return data


def _check(name: str, data: dict) -> None:
    for key in ("slug", "name"):
        if not data.get(key):
            raise ValidationError(f"{name}: the file needs a '{key}'.")
    if data["slug"] != name:
        raise ValidationError(f"{name}: the slug must be the file name, '{name}'.")
    for version in data.get("versions", []):
        codes = set()
        for node in version.get("nodes", []):
            if node.get("kind") not in NODE_KINDS:
                raise ValidationError(
                    f"{name}, version {version.get('label')}: node {node.get('code')} has "
                    f"kind '{node.get('kind')}'; use one of {', '.join(sorted(NODE_KINDS))}.")
            if node.get("change", "") not in NODE_CHANGES | {""}:
                raise ValidationError(
                    f"{name}, version {version.get('label')}: node {node.get('code')} has "
                    f"change '{node['change']}'; use one of {', '.join(sorted(NODE_CHANGES))}.")
            if node.get("parent") and node["parent"] not in codes:
                raise ValidationError(
                    f"{name}, version {version.get('label')}: node {node['code']} names "
                    f"parent {node['parent']}, which must come earlier in the file.")
            codes.add(node["code"])


@transaction.atomic
def load(name: str) -> Loaded:
    data = read(name)
    framework, _ = Framework.objects.update_or_create(slug=data["slug"], defaults={
        "name": data["name"], "description": data.get("description", ""),
        "source": data.get("source", ""), "licence": data.get("licence", "")})
    node_count = 0
    for version_data in data.get("versions", []):
        _rename_former(framework, version_data)
        version, _ = FrameworkVersion.objects.update_or_create(
            framework=framework, label=version_data["label"], defaults={
                "is_current": version_data.get("current", False),
                "uncertain": version_data.get("uncertain", False),
                "note": version_data.get("note", "")})
        node_count += _load_nodes(version, version_data.get("nodes", []))
    return Loaded(framework, len(data.get("versions", [])), node_count)


def _rename_former(framework: Framework, version_data: dict) -> None:
    """A version whose label was corrected (`formerly` lists the old labels) keeps its row,
    so outcomes that link to its nodes keep their links."""
    label, former = version_data["label"], version_data.get("formerly", [])
    if not former or FrameworkVersion.objects.filter(framework=framework, label=label).exists():
        return
    FrameworkVersion.objects.filter(framework=framework, label__in=former).update(label=label)


def _new_node(version, position, data, parent) -> FrameworkNode:
    return FrameworkNode(version=version, code=data["code"], kind=data["kind"],
                         title=data.get("title", data["code"]),
                         description=data.get("description", ""), parent=parent,
                         position=position, uncertain=data.get("uncertain", False),
                         note=data.get("note", ""), change=data.get("change", ""))


def _bulk_load(version: FrameworkVersion, nodes: list[dict]) -> int:
    """A fresh version: insert its nodes a generation at a time (parents come first)."""
    by_code: dict[str, FrameworkNode] = {}
    remaining = list(enumerate(nodes, start=1))
    while remaining:
        ready = [(i, n) for i, n in remaining if not n.get("parent") or n["parent"] in by_code]
        created = FrameworkNode.objects.bulk_create(
            [_new_node(version, i, n, by_code.get(n.get("parent"))) for i, n in ready])
        by_code.update({node.code: node for node in created})
        remaining = [(i, n) for i, n in remaining if n["code"] not in by_code]
    return len(nodes)


def _load_nodes(version: FrameworkVersion, nodes: list[dict]) -> int:
    by_code = {node.code: node for node in version.nodes.all()}
    if not by_code:
        return _bulk_load(version, nodes)
    for position, node_data in enumerate(nodes, start=1):
        node = by_code.get(node_data["code"]) or FrameworkNode(version=version,
                                                               code=node_data["code"])
        node.kind, node.title = node_data["kind"], node_data.get("title", node_data["code"])
        node.description = node_data.get("description", "")
        node.parent = by_code.get(node_data.get("parent")) if node_data.get("parent") else None
        node.position, node.uncertain = position, node_data.get("uncertain", False)
        node.note, node.change = node_data.get("note", ""), node_data.get("change", "")
        node.save()
        by_code[node.code] = node
    return len(nodes)


def ensure_loaded() -> None:
    """Load any shipped template not yet in the database (one query when all are)."""
    slugs = set(Framework.objects.values_list("slug", flat=True))
    for name in available():
        if name not in slugs:
            load(name)


def current_version(slug: str) -> FrameworkVersion | None:
    return (FrameworkVersion.objects.filter(framework__slug=slug, is_current=True)
            .select_related("framework").first())
