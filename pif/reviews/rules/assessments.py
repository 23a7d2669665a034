"""The rules of assessments, assessors, scores and the consensus step, for every path (see
docs/adr/0008-business-rules.md). The services in pif/reviews/services/assessments.py read
what each rule needs and pass plain values; the rules issue no queries.

| name | what it is |
|---|---|
| `check_may_set_up(can_edit)` | editors and admins set up, change and move assessments |
| `check_framework_available(owner_id, partnership_id)` | shipped, or the partnership's own |
| `check_previous_round(...)` | an earlier assessment against the same framework |
| `check_set_up_fixed(stage, changed)` | framework and method are fixed once it opens |
| `check_member(is_member, field)` | a lead or assessor is a member of the partnership |
| `check_assessor_removable(has_scores)` | an assessor who has scored stays |
| `check_stage_move(...)` | draft → open → consensus → closed, and back one step |
| `check_not_checklist(method)` | a checklist moves only through its survey's services |
| `check_may_score(...)` | a current assessor, able to contribute, scores while it is open |
| `check_percent(value, field)` | 0 to 100 in steps of 5 |
| `check_compliance(value, scale)` | a compliance rating on a compliance scale |
| `check_may_agree(can_edit, stage)` | the agreed score is recorded at the consensus step |
"""

from __future__ import annotations

from pif.rules import Finding

__all__ = ["check_assessor_removable", "check_compliance", "check_framework_available",
           "check_may_agree", "check_may_score", "check_may_set_up", "check_member",
           "check_not_checklist",
           "check_percent", "check_previous_round", "check_set_up_fixed", "check_stage_move"]

MAY_SET_UP = "Only editors and admins can set up and move assessments."
COMPLIANCE_VALUES = ("compliance_plus", "compliance", "partial", "non_compliance")
FORWARD = {"draft": "open", "open": "consensus", "consensus": "closed"}
CHECKLIST_FORWARD = {"draft": "open", "open": "closed"}


def check_may_set_up(can_edit: bool) -> tuple[Finding, ...]:
    """Rule "assessment_edit_role": editors and admins set up assessments, choose the
    assessors, move the stages and record the agreed scores."""
    return () if can_edit else (Finding("", MAY_SET_UP, "assessment_edit_role"),)


def check_framework_available(owner_id: int | None, partnership_id: int
                              ) -> tuple[Finding, ...]:
    """Rule "assessment_framework_available": a shipped framework (no owner) or one of the
    partnership's own."""
    if owner_id is not None and owner_id != partnership_id:
        return (Finding("framework_version", "Choose a framework PIF ships or one of this "
                        "partnership's own.", "assessment_framework_available"),)
    return ()


def check_previous_round(*, same_partnership: bool, same_framework: bool, is_itself: bool
                         ) -> tuple[Finding, ...]:
    """Rule "previous_round_same_framework": the previous round is another assessment of
    this partnership against the same framework, so its scores compare."""
    if is_itself or not same_partnership or not same_framework:
        return (Finding("previous_round", "Choose an earlier assessment against the same "
                        "framework.", "previous_round_same_framework"),)
    return ()


def check_set_up_fixed(stage: str, changed: list[str]) -> tuple[Finding, ...]:
    """Rule "assessment_set_up_fixed": once an assessment has opened, its framework and
    method stay, as scores and answers are given against them."""
    if stage == "draft":
        return ()
    return tuple(Finding(name, "This cannot change once the assessment has opened.",
                         "assessment_set_up_fixed") for name in changed)


def check_member(is_member: bool, field: str) -> tuple[Finding, ...]:
    """Rule "assessment_people_members": the lead and assessors are partnership members."""
    if not is_member:
        return (Finding(field, "Choose a member of this partnership.",
                        "assessment_people_members"),)
    return ()


def check_assessor_removable(has_scores: bool) -> tuple[Finding, ...]:
    """Rule "assessor_has_scores": an assessor who has given scores stays, so the consensus
    step sees every score given."""
    if has_scores:
        return (Finding("", "This assessor has given scores, so they stay on the assessment.",
                        "assessor_has_scores"),)
    return ()


def check_stage_move(*, method: str, old: str, new: str, assessors: int, scored_nodes: int,
                     not_agreed: list[str]) -> tuple[Finding, ...]:
    """Rules "assessment_stage_order": a full assessment goes draft → open → consensus →
    closed (a checklist skips the consensus step), or back one step to reopen;
    "assessment_needs_assessor": a full assessment opens with at least one assessor;
    "assessment_needs_nodes": its framework has nodes to score; "assessment_all_agreed":
    it closes once every scored node has an agreed score. A checklist never goes back: a
    closed survey that opened again could tell who gave which answers."""
    forward = CHECKLIST_FORWARD if method == "checklist" else FORWARD
    backward = ({} if method == "checklist" else
                {after: before for before, after in forward.items() if before != "draft"})
    if new not in (forward.get(old), backward.get(old)):
        return (Finding("stage", "An assessment moves one stage at a time.",
                        "assessment_stage_order"),)
    if new == "open" and old == "draft":
        if not scored_nodes:
            return (Finding("stage", "The framework has nothing to score.",
                            "assessment_needs_nodes"),)
        if method == "full" and not assessors:
            return (Finding("stage", "Add at least one assessor before opening.",
                            "assessment_needs_assessor"),)
    if new == "closed" and method == "full" and not_agreed:
        return (Finding("stage", "Agree a score for every part before closing. Not agreed "
                        "yet: " + ", ".join(not_agreed) + ".", "assessment_all_agreed"),)
    return ()


def check_not_checklist(method: str) -> tuple[Finding, ...]:
    """Rule "checklist_stage_by_survey": a checklist survey opens (with its dates) and
    closes only through pif/reviews/services/surveys.py, and never reopens."""
    if method == "checklist":
        return (Finding("stage", "A checklist survey opens and closes on its own page.",
                        "checklist_stage_by_survey"),)
    return ()


def check_may_score(*, is_assessor: bool, stage: str, may_contribute: bool = True
                    ) -> tuple[Finding, ...]:
    """Rules "score_assessor_only": only the assessment's assessors score, each their own,
    while they are members who can contribute; "score_while_open": scores are given while
    the assessment is open."""
    if not is_assessor or not may_contribute:
        return (Finding("", "Only the assessment's assessors give scores.",
                        "score_assessor_only"),)
    if stage != "open":
        return (Finding("", "Scores are given while the assessment is open.",
                        "score_while_open"),)
    return ()


def check_percent(value, field: str = "percent") -> tuple[Finding, ...]:
    """Rule "score_five_steps": a RADAR score is 0 to 100 in steps of 5."""
    if value is None:
        return ()
    if not isinstance(value, int) or not 0 <= value <= 100 or value % 5:
        return (Finding(field, "Enter a score from 0 to 100 in steps of 5.",
                        "score_five_steps"),)
    return ()


def check_compliance(value: str, scale: str) -> tuple[Finding, ...]:
    """Rule "compliance_rating": on a compliance scale, a rating from Compliance Plus to
    Non-compliance; on other scales none."""
    if scale == "compliance" and value and value not in COMPLIANCE_VALUES:
        return (Finding("compliance", "Choose a compliance rating.", "compliance_rating"),)
    if scale != "compliance" and value:
        return (Finding("compliance", "This framework is not scored by compliance.",
                        "compliance_rating"),)
    return ()


def check_may_agree(*, can_edit: bool, stage: str) -> tuple[Finding, ...]:
    """Rules "assessment_edit_role" (editors record the agreed score) and "agree_at_consensus":
    agreed scores are recorded at the consensus step."""
    if not can_edit:
        return (Finding("", MAY_SET_UP, "assessment_edit_role"),)
    if stage != "consensus":
        return (Finding("", "Agreed scores are recorded at the consensus step.",
                        "agree_at_consensus"),)
    return ()
