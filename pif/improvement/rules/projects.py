"""The rules about improvement projects, change ideas, PDSA cycles and progress scores, in
one place for every path (see docs/adr/0008-business-rules.md). The services in
pif/improvement/services/projects.py read what each rule needs and call it; the rules
issue no queries.

| name | what it is |
|---|---|
| `check_may_register(can_contribute)` | any member but a viewer registers a project |
| `check_may_change(can_change_owned, is_lead)` | editors, lead organisation, lead (not a viewer) |
| `check_may_approve(can_edit, status)` | an improvement lead (editor or admin) approves once |
| `check_status(old, new)` | a project leaves "registered" only by approval |
| `check_aim_by_when(value)` | the aim's "by when" is a date |
| `check_links_in_partnership(owners, partnership_id)` | links stay in the partnership |
| `check_change_idea_in_project(same_project)` | a cycle tests a change idea of its own project |
| `check_cycle_dates(start, end)` | a cycle ends on or after the day it starts |
| `check_follows(...)` | the cycle before in a ramp: an earlier cycle of the same change idea |
| `check_decision(decision, study_notes)` | adopt, adapt or abandon only once the study is written |
| `check_completed(completed_on, decision, start)` | completed only with a decision |
| `check_score(score, scale_version, known_versions)` | 0.5 to 5.0 in half steps, a known wording |
| `check_measure_kind(kind)` | outcome, process or balancing |
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from pif.outcomes.rules import check_links_in_partnership
from pif.rules import Finding

__all__ = ["check_aim_by_when", "check_change_idea_in_project", "check_completed",
           "check_cycle_dates", "check_decision", "check_follows", "check_links_in_partnership",
           "check_may_approve", "check_may_change", "check_may_register", "check_measure_kind",
           "check_score", "check_status"]

MAY_CHANGE = ("Only editors and admins, contributors from the project's lead organisation "
              "and the project lead can change this project. Viewers cannot change it.")
HALF_STEPS = tuple(Decimal(half) / 2 for half in range(1, 11))
MEASURE_KINDS = ("outcome", "process", "balancing")


def check_may_register(can_contribute: bool) -> tuple[Finding, ...]:
    """Rule "project_register_role": anyone who can change data (a contributor or above)
    may register a project; viewers change nothing in PIF."""
    if not can_contribute:
        return (Finding("", "Viewers cannot register projects. Ask a partnership admin for "
                            "the contributor role.", "project_register_role"),)
    return ()


def check_may_change(*, can_change_owned: bool, is_lead: bool) -> tuple[Finding, ...]:
    """Rule "project_change_role": a project, its measures, change ideas, cycles and scores
    are changed by editors and admins, by contributors of its lead organisation
    (`can_change_owned`) and by its project lead (`is_lead`: a lead who can change data;
    a viewer changes nothing in PIF, not even a project they lead)."""
    if not (can_change_owned or is_lead):
        return (Finding("", MAY_CHANGE, "project_change_role"),)
    return ()


def check_may_approve(*, can_edit: bool, status: str) -> tuple[Finding, ...]:
    """Rules "project_approve_role": editors and admins act as the partnership's improvement
    leads and approve projects; "project_approve_once": only a project waiting for approval
    is approved."""
    if not can_edit:
        return (Finding("", "Only an improvement lead (an editor or admin) can approve a "
                            "project.", "project_approve_role"),)
    if status != "registered":
        return (Finding("", "This project has already been approved.",
                        "project_approve_once"),)
    return ()


def check_status(old: str, new: str) -> tuple[Finding, ...]:
    """Rule "project_needs_approval": a registered project becomes active only when an
    improvement lead approves it, and an approved project does not go back to waiting."""
    if old == new:
        return ()
    if old == "registered" or new == "registered":
        return (Finding("status", "A project waiting for approval changes status only when an "
                                  "improvement lead approves it.", "project_needs_approval"),)
    return ()


def check_aim_by_when(value) -> tuple[Finding, ...]:
    """Rule "aim_by_when_date": an aim says by when, as a date."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        return (Finding("aim_by_when", "Enter the date the aim should be met by",
                        "aim_by_when_date"),)
    return ()


def check_change_idea_in_project(same_project: bool) -> tuple[Finding, ...]:
    """Rule "change_idea_same_project": a cycle tests a change idea of its own project."""
    if not same_project:
        return (Finding("change_idea", "Choose a change idea of this project.",
                        "change_idea_same_project"),)
    return ()


def check_cycle_dates(start, end) -> tuple[Finding, ...]:
    """Rule "cycle_dates_order": a cycle ends on or after the day it starts."""
    if start and end and end < start:
        return (Finding("end_date", "The end date must be the same as or after the start date",
                        "cycle_dates_order"),)
    return ()


def check_follows(*, same_change_idea: bool, earlier: bool, loop: bool) -> tuple[Finding, ...]:
    """Rules for the cycle a cycle follows in its ramp: "follows_same_change_idea", it tests
    the same change idea (a ramp is one idea at growing scale); "follows_earlier", it
    started on or before this one; "follows_no_loop", following it does not lead back to
    this cycle (nor is it this cycle)."""
    if loop:
        return (Finding("follows", "A cycle cannot follow itself or a cycle that comes after it "
                                   "in the ramp.", "follows_no_loop"),)
    if not same_change_idea:
        return (Finding("follows", "Choose a cycle that tested the same change idea.",
                        "follows_same_change_idea"),)
    if not earlier:
        return (Finding("follows", "Choose a cycle that started on or before this one.",
                        "follows_earlier"),)
    return ()


def check_decision(decision: str, study_notes: str) -> tuple[Finding, ...]:
    """Rule "decision_needs_study": adopt, adapt or abandon is decided once the result has
    been studied against the prediction."""
    if decision and not (study_notes or "").strip():
        return (Finding("decision", "Write the study (the result against the prediction) "
                                    "before deciding.", "decision_needs_study"),)
    return ()


def check_completed(completed_on, decision: str, start_date=None) -> tuple[Finding, ...]:
    """Rules "completion_needs_decision": a cycle is completed only once the team has
    decided to adopt, adapt or abandon; "completed_after_start": not before it started."""
    if not completed_on:
        return ()
    if not decision:
        return (Finding("completed_on", "Choose adopt, adapt or abandon before completing the "
                                        "cycle.", "completion_needs_decision"),)
    if start_date and completed_on < start_date:
        return (Finding("completed_on", "The cycle cannot be completed before it starts",
                        "completed_after_start"),)
    return ()


def check_score(score, scale_version: str, known_versions) -> tuple[Finding, ...]:
    """Rules "score_half_steps": a progress score is 0.5 to 5.0 in half steps (the IHI
    scale); "scale_version_known": it is given against a version of the wording PIF has."""
    findings = []
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or value not in HALF_STEPS:
        findings.append(Finding("score", "Choose a score from 0.5 to 5.0 in half steps",
                                "score_half_steps"))
    if scale_version not in known_versions:
        findings.append(Finding("scale_version", "Choose a version of the progress scale PIF "
                                                 "knows.", "scale_version_known"))
    return tuple(findings)


def check_measure_kind(kind: str) -> tuple[Finding, ...]:
    """Rule "measure_kind": each measure of a project is an outcome, process or balancing
    measure."""
    if kind not in MEASURE_KINDS:
        return (Finding("kind", "Choose outcome, process or balancing", "measure_kind"),)
    return ()
