"""The rules about evidence, evidence tags, findings and the improvement plan, in one place
for every path (see docs/adr/0008-business-rules.md). The services in
pif/reviews/services/evidence.py read what each rule needs and call it; the rules issue no
queries.

| name | what it is |
|---|---|
| `check_may_work_on(is_editor, is_assessor)` | editors and the assessment's assessors |
| `check_node_in_framework(same_version)` | the node is one of the assessment's framework |
| `check_evidence_has_one_thing(...)` | text, a link, one PIF record or a file: at least one |
| `check_one_record(count)` | a tag, or a piece of evidence from a record, has exactly one |
| `check_records_in_partnership(same)` | PIF records of the assessment's own partnership |
| `check_not_tagged_already(exists)` | a record is tagged against a node once |
| `check_finding_kind(kind)` | a strength or an area for improvement |
| `check_finding_text(text)` | a finding says something |
| `check_action_from_area(kind)` | only an area for improvement becomes an action |
| `check_no_action_yet(has_action)` | a finding becomes an action once |
| `check_assessment_open_for_evidence(is_closed)` | no evidence added or removed once closed |
| `check_kind_kept_with_action(kind, has_action)` | a finding with an action stays an area |
"""

from __future__ import annotations

from pif.rules import Finding

__all__ = ["check_action_from_area", "check_assessment_open_for_evidence",
           "check_kind_kept_with_action", "check_evidence_has_one_thing", "check_finding_kind",
           "check_finding_text", "check_may_work_on", "check_no_action_yet",
           "check_node_in_framework", "check_not_tagged_already", "check_one_record",
           "check_records_in_partnership"]

STRENGTH = "strength"
AREA = "area_for_improvement"
MAY_WORK_ON = ("Only editors and the assessment's assessors can add or change its evidence "
               "and findings.")


def check_may_work_on(is_editor: bool, is_assessor: bool) -> tuple[Finding, ...]:
    if is_editor or is_assessor:
        return ()
    return (Finding("", MAY_WORK_ON, "may_work_on_assessment"),)


def check_node_in_framework(same_version: bool) -> tuple[Finding, ...]:
    if same_version:
        return ()
    return (Finding("node", "Choose a part of this assessment's framework",
                    "node_in_framework"),)


def check_evidence_has_one_thing(*, text: str, url: str, records: int, has_file: bool
                                 ) -> tuple[Finding, ...]:
    if text.strip() or url.strip() or records or has_file:
        return ()
    return (Finding("text", "Describe the evidence, give a link, choose a PIF record or "
                            "upload a file", "evidence_not_empty"),)


def check_one_record(count: int) -> tuple[Finding, ...]:
    if count == 1:
        return ()
    return (Finding("record", "Choose one indicator, action or PDSA cycle", "one_record"),)


def check_records_in_partnership(same: bool) -> tuple[Finding, ...]:
    if same:
        return ()
    return (Finding("record", "Choose an indicator, action or PDSA cycle of this partnership",
                    "same_partnership"),)


def check_not_tagged_already(exists: bool) -> tuple[Finding, ...]:
    if not exists:
        return ()
    return (Finding("record", "That record is already tagged against this part",
                    "tag_once"),)


def check_finding_kind(kind: str) -> tuple[Finding, ...]:
    if kind in (STRENGTH, AREA):
        return ()
    return (Finding("kind", "Choose strength or area for improvement", "finding_kind"),)


def check_finding_text(text: str) -> tuple[Finding, ...]:
    if text.strip():
        return ()
    return (Finding("text", "Enter the strength or area for improvement, in a full sentence",
                    "finding_text"),)


def check_action_from_area(kind: str) -> tuple[Finding, ...]:
    if kind == AREA:
        return ()
    return (Finding("", "Only an area for improvement becomes an action", "action_from_area"),)


def check_no_action_yet(has_action: bool) -> tuple[Finding, ...]:
    if not has_action:
        return ()
    return (Finding("", "This area for improvement already has its action", "action_once"),)


def check_assessment_open_for_evidence(is_closed: bool) -> tuple[Finding, ...]:
    """Rule "assessment_closed_read_only": the evidence is what was agreed; its findings may
    still get plan fields and actions."""
    if not is_closed:
        return ()
    return (Finding("", "This assessment is closed, so its evidence is kept as it was "
                        "agreed: evidence cannot be added or removed.",
                    "assessment_closed_read_only"),)


def check_kind_kept_with_action(kind: str, has_action: bool) -> tuple[Finding, ...]:
    if kind == AREA or not has_action:
        return ()
    return (Finding("kind", "This area for improvement has an action in the action plan, so "
                            "it stays an area for improvement", "kind_kept_with_action"),)
