"""The Customer Service Excellence evidence portfolio of an assessment: per element, the
agreed rating, the evidence (text, links, PIF records, file names) and the findings, as one
table (CSV or Excel), or a zip with each element's files in its own folder and the table as
its index. Read in a fixed number of queries whatever the number of elements."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import defaultdict

from django.http import FileResponse, HttpResponse

from pif.reviews.models import AgreedScore, Assessment, Compliance, Evidence, FindingKind
from pif.tables import csv_bytes, table_response

HEADERS = ["Criterion", "Element", "Element name", "Agreed rating", "Evidence",
           "PIF records", "Links", "Files", "Strengths", "Areas for improvement"]
SHEET = "Evidence portfolio"


def _folder(node) -> str:
    """A folder name safe on every system: the element's code and label."""
    name = re.sub(r"[^\w .()-]+", "-", f"{node.code} {node.label}").strip(" .-")
    return name[:80] or f"element-{node.pk}"


def file_paths(assessment: Assessment, nodes: dict) -> dict[int, str]:
    """Each stored file's path in the zip, by evidence id: the element's folder and the file
    name, made unique, so index.csv and the zip name the same paths."""
    used: set[str] = set()
    return {item.pk: _unique(f"{_folder(nodes[item.node_id])}/{item.file_name}", used)
            for item in Evidence.objects.filter(assessment=assessment).exclude(file="")
            .order_by("pk")}


def _read(assessment: Assessment):
    nodes = list(assessment.framework_version.nodes.filter(is_scored=True)
                 .select_related("parent"))
    agreed = {a.node_id: a for a in AgreedScore.objects.filter(assessment=assessment)}
    evidence = defaultdict(list)
    for item in (Evidence.objects.filter(assessment=assessment)
                 .select_related("indicator", "action", "pdsa_cycle")):
        evidence[item.node_id].append(item)
    findings = defaultdict(list)
    for finding in assessment.findings.filter(node__isnull=False):
        findings[(finding.node_id, finding.kind)].append(finding.text)
    return nodes, agreed, evidence, findings


def _rating(agreed) -> str:
    return Compliance(agreed.compliance).label if agreed and agreed.compliance else ""


def rows(assessment: Assessment, paths: dict[int, str] | None = None) -> list[list[str]]:
    """One row per element; `paths` (evidence id to path in the zip) names the files."""
    nodes, agreed, evidence, findings = _read(assessment)
    out = []
    for node in nodes:
        items = evidence[node.pk]
        records = [str(item.indicator or item.action or item.pdsa_cycle) for item in items
                   if item.indicator_id or item.action_id or item.pdsa_cycle_id]
        files = [paths.get(item.pk, "") if paths is not None
                 else f"{_folder(node)}/{item.file_name}" for item in items if item.file_name]
        criterion = f"{node.parent.code} {node.parent.label}" if node.parent else ""
        out.append([
            criterion, node.code, node.label, _rating(agreed.get(node.pk)),
            "\n".join(item.text for item in items if item.text),
            "\n".join(records), "\n".join(item.url for item in items if item.url),
            "\n".join(files),
            "\n".join(findings[(node.pk, FindingKind.STRENGTH)]),
            "\n".join(findings[(node.pk, FindingKind.AREA_FOR_IMPROVEMENT)])])
    return out


def _filename(assessment: Assessment) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", assessment.title).strip("-").lower()
    return f"evidence-portfolio-{slug or assessment.pk}"


def table(assessment: Assessment, fmt: str) -> HttpResponse:
    return table_response(_filename(assessment), fmt, HEADERS, rows(assessment),
                          sheet_title=SHEET)


def zip_response(assessment: Assessment) -> FileResponse:
    """The files in a folder per element, with index.csv. Written to a temporary file, not
    memory: a portfolio may hold many files of up to the upload limit each."""
    nodes = {node.pk: node for node in assessment.framework_version.nodes.all()}
    paths = file_paths(assessment, nodes)
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.csv", csv_bytes(HEADERS, rows(assessment, paths)))
        for item in Evidence.objects.filter(assessment=assessment).exclude(file=""):
            path = paths[item.pk]
            try:
                with item.file.open("rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                archive.writestr(path + " (missing).txt", "This file is no longer stored.")
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=_filename(assessment) + ".zip",
                        content_type="application/zip")


def _unique(path: str, used: set[str]) -> str:
    """Two files of one element with the same name both go in: the second as "name (2)"."""
    stem, dot, suffix = path.rpartition(".")
    candidate, number = path, 1
    while candidate in used:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{path} ({number})"
    used.add(candidate)
    return candidate
