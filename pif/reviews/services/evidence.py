"""Stage 6 services: evidence, evidence tags, findings and the improvement plan. Every
change takes the actor first.

Editors and the assessment's assessors add evidence and findings (rule
"may_work_on_assessment"); the improvement plan's rows become actions through
`pif.improvement.services.actions.create_action`, whose own rules decide who may add one.

| function | what it does |
|---|---|
| `may_work_on(access, assessment)` | may this member add evidence and findings? |
| `add_evidence(actor, assessment, node, *, text, url, record, upload)` | one piece |
| `remove_evidence(actor, evidence)` | removes it, and its file once the change is kept |
| `tag_record(actor, partnership, node, record)` / `untag(actor, tag)` | evidence kept once |
| `offered_for(partnership, node)` | tags on the node and on its matching nodes, one query |
| `add_finding(actor, assessment, *, kind, text, node=None)` | a strength or an area |
| `save_finding(actor, finding, *, loaded_version)` / `delete_finding(actor, finding)` | |
| `make_action(actor, finding, *, loaded_version, **plan_fields)` | an area becomes an action |
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from pif import history_writes
from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, LoadedVersion, claim_version
from pif.improvement.models import Action, ActionSource, PdsaCycle
from pif.improvement.services.actions import create_action
from pif.measures.models import Indicator
from pif.partnerships.access import Access, access_for
from pif.partnerships.models import Membership
from pif.reviews import evidence_files
from pif.reviews.models import (
    Assessment,
    AssessmentNode,
    AssessmentStage,
    Assessor,
    Evidence,
    Finding,
    NodeMatch,
    NodeTag,
)
from pif.reviews.rules import evidence as rules
from pif.rules import Finding as Refusal
from pif.rules import refuse

VERBS: list[tuple[str, str]] = [
    ("evidence_added", "Assessment evidence added"),
    ("evidence_removed", "Assessment evidence removed"),
    ("evidence_tagged", "Record tagged as evidence"),
    ("evidence_untagged", "Evidence tag removed"),
    ("finding_added", "Assessment finding added"),
    ("finding_changed", "Assessment finding changed"),
    ("finding_removed", "Assessment finding removed"),
    ("finding_action_created", "Action created from an assessment finding"),
]

RECORD_FIELDS = ("indicator", "action", "pdsa_cycle")
ACTION_PREFIX = "SA"  # references of actions from a self-assessment: SA01, SA02, ...


# Who may work on an assessment -------------------------------------------------------------

def is_assessor(user, assessment: Assessment) -> bool:
    return user is not None and Assessor.objects.filter(
        assessment=assessment, user=user).exists()


def may_work_on(access: Access, assessment: Assessment) -> bool:
    """Editors, and the assessment's own assessors, add evidence and findings."""
    return not rules.check_may_work_on(
        access.can_edit, is_assessor(access.membership.user, assessment))


def _refuse_unless_may_work_on(actor: Actor, assessment: Assessment) -> None:
    if actor.is_operator:
        return
    access = access_for(actor.user, assessment.partnership)
    refuse(rules.check_may_work_on(access is not None and access.can_edit,
                                   access is not None and is_assessor(actor.user, assessment)))


def _refuse_unless_editor(actor: Actor, partnership) -> None:
    """Tags are the partnership's, not one assessment's: editors and assessors of any of
    its assessments keep them."""
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    refuse(rules.check_may_work_on(
        access is not None and access.can_edit,
        access is not None and Assessor.objects.filter(
            assessment__partnership=partnership, user=actor.user).exists()))


# Records: indicators, actions and PDSA cycles ----------------------------------------------

def record_of(obj) -> Indicator | Action | PdsaCycle | None:
    """The PIF record an Evidence or NodeTag points at, if any."""
    return obj.indicator or obj.action or obj.pdsa_cycle


def record_kind(obj) -> str:
    """What kind of PIF record an Evidence or NodeTag points at, in words."""
    if obj.indicator_id:
        return "Indicator"
    return "Action" if obj.action_id else "PDSA cycle"


def _record_fields(record) -> dict:
    """The field of Evidence or NodeTag that holds `record`."""
    if record is None:
        return {}
    for name, model in zip(RECORD_FIELDS, (Indicator, Action, PdsaCycle), strict=True):
        if isinstance(record, model):
            return {name: record}
    raise TypeError(f"{record!r} is not an indicator, action or PDSA cycle")


def _partnership_id_of(record) -> int:
    return record.project.partnership_id if isinstance(record, PdsaCycle) \
        else record.partnership_id


def _check_record(partnership, record) -> None:
    if record is not None:
        refuse(rules.check_records_in_partnership(
            _partnership_id_of(record) == partnership.pk))


def _refuse_if_closed(assessment: Assessment) -> None:
    refuse(rules.check_assessment_open_for_evidence(
        assessment.stage == AssessmentStage.CLOSED))


def _check_node(assessment: Assessment, node: AssessmentNode) -> None:
    refuse(rules.check_node_in_framework(
        node.framework_version_id == assessment.framework_version_id))


# Evidence ----------------------------------------------------------------------------------

@transaction.atomic
def add_evidence(actor: Actor, assessment: Assessment, node: AssessmentNode, *,
                 text: str = "", url: str = "", record=None, upload=None) -> Evidence:
    """Add a piece of evidence for `node`: some text, a link, a PIF record (an indicator,
    action or PDSA cycle of the same partnership) and/or an uploaded file, checked by its
    content (`pif.reviews.evidence_files`)."""
    _refuse_unless_may_work_on(actor, assessment)
    _refuse_if_closed(assessment)
    _check_node(assessment, node)
    _check_record(assessment.partnership, record)
    refuse(rules.check_evidence_has_one_thing(text=text, url=url, records=int(bool(record)),
                                              has_file=upload is not None))
    evidence = Evidence(assessment=assessment, node=node, added_by=actor.user,
                        text=text.strip(), url=url.strip(), **_record_fields(record))
    if upload is not None:
        _attach(evidence, upload)
    evidence.full_clean(exclude=["file"])
    actor.stamp(evidence)
    evidence.save()
    actor.event(assessment.partnership, "evidence_added",
                f"Evidence added for {node.code} of “{assessment}”", evidence)
    return evidence


def _attach(evidence: Evidence, upload) -> None:
    """Check the uploaded file and keep it, with its name, size and the type PIF found."""
    if upload.size > evidence_files.max_bytes():  # refused before reading it all
        _refuse_file(f"The selected file must be smaller than "
                     f"{evidence_files.size_words(evidence_files.max_bytes())}")
    upload.seek(0)
    content = upload.read()
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:255]
    try:
        content_type = evidence_files.file_type(name, content)
    except evidence_files.FileRefused as refusal:
        _refuse_file(str(refusal))
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.file_name, evidence.file_size, evidence.content_type = (
        name, len(content), content_type)


def _refuse_file(message: str) -> None:
    refuse((Refusal("file", message, "evidence_file"),))


@transaction.atomic
def remove_evidence(actor: Actor, evidence: Evidence) -> None:
    assessment = evidence.assessment
    _refuse_unless_may_work_on(actor, assessment)
    _refuse_if_closed(assessment)
    stored = evidence.file.name
    history_writes.delete(actor, evidence)
    if stored:
        # Once the removal is kept: a rolled-back removal still has its file.
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
    actor.event(assessment.partnership, "evidence_removed",
                f"Evidence removed from {evidence.node.code} of “{assessment}”")


@transaction.atomic
def add_offered(actor: Actor, assessment: Assessment, node: AssessmentNode,
                tag: NodeTag) -> Evidence:
    """Add a record tagged against `node` or a matching node as `node`'s evidence."""
    offered = {t.pk for t in offered_for(assessment.partnership, node)}
    refuse(rules.check_records_in_partnership(tag.pk in offered))
    return add_evidence(actor, assessment, node, record=record_of(tag))


# Tags: evidence kept once, offered for the matching nodes of other frameworks ---------------

@transaction.atomic
def tag_record(actor: Actor, partnership, node: AssessmentNode, record) -> NodeTag:
    _refuse_unless_editor(actor, partnership)
    refuse(rules.check_one_record(0 if record is None else 1))
    _check_record(partnership, record)
    fields = _record_fields(record)
    refuse(rules.check_not_tagged_already(
        NodeTag.objects.filter(partnership=partnership, node=node, **fields).exists()))
    tag = NodeTag(partnership=partnership, node=node, **fields)
    actor.stamp(tag)
    tag.save()
    actor.event(partnership, "evidence_tagged", f"“{record}” tagged against {node}", tag)
    return tag


@transaction.atomic
def untag(actor: Actor, tag: NodeTag) -> None:
    _refuse_unless_editor(actor, tag.partnership)
    what = f"“{record_of(tag)}” no longer tagged against {tag.node}"
    history_writes.delete(actor, tag)
    actor.event(tag.partnership, "evidence_untagged", what)


def offered_for(partnership, node: AssessmentNode) -> list[NodeTag]:
    """The partnership's tags on `node` and on the nodes of other frameworks that match it,
    with their records and nodes, in one query."""
    matching = list(NodeMatch.objects.filter(Q(node=node) | Q(matches=node))
                    .values_list("node_id", "matches_id"))
    node_ids = {node.pk, *(pk for pair in matching for pk in pair)}
    return list(NodeTag.objects.filter(partnership=partnership, node_id__in=node_ids)
                .select_related("node__framework_version__framework", "indicator__partnership",
                                "action__partnership", "pdsa_cycle__project__partnership")
                .order_by("node__framework_version_id", "node__position", "id"))


# Findings ----------------------------------------------------------------------------------

def _check_finding(finding: Finding) -> None:
    refuse(rules.check_finding_kind(finding.kind))
    refuse(rules.check_finding_text(finding.text))
    refuse(rules.check_kind_kept_with_action(finding.kind, finding.action_id is not None))
    if finding.node_id is not None:
        refuse(rules.check_node_in_framework(
            finding.node.framework_version_id == finding.assessment.framework_version_id))
    if finding.lead_id is not None:
        refuse(_lead_is_member(finding))


def _lead_is_member(finding: Finding) -> tuple[Refusal, ...]:
    if Membership.objects.filter(partnership_id=finding.assessment.partnership_id,
                                 user_id=finding.lead_id).exists():
        return ()
    return (Refusal("lead", "Choose a member of the partnership as lead officer",
                    "lead_is_member"),)


@transaction.atomic
def add_finding(actor: Actor, assessment: Assessment, *, kind: str, text: str,
                node: AssessmentNode | None = None) -> Finding:
    """Record a strength or an area for improvement, for `node` or the whole assessment."""
    _refuse_unless_may_work_on(actor, assessment)
    finding = Finding(assessment=assessment, node=node, kind=kind, text=text.strip())
    _check_finding(finding)
    finding.full_clean()
    actor.stamp(finding)
    finding.save()
    actor.event(assessment.partnership, "finding_added",
                f"{finding.get_kind_display()} added to “{assessment}”", finding)
    return finding


@transaction.atomic
def save_finding(actor: Actor, finding: Finding, *, loaded_version: LoadedVersion) -> Finding:
    """Save a finding's text or its improvement-plan fields, as set on `finding`."""
    _refuse_unless_may_work_on(actor, finding.assessment)
    finding.text = finding.text.strip()
    _check_finding(finding)
    finding.full_clean()
    claim_version(finding, loaded_version)
    actor.stamp(finding)
    finding.save()
    actor.event(finding.assessment.partnership, "finding_changed",
                f"{finding.get_kind_display()} changed in “{finding.assessment}”", finding)
    return finding


@transaction.atomic
def delete_finding(actor: Actor, finding: Finding) -> None:
    """Remove a finding; an action made from it stays in the action plan."""
    _refuse_unless_may_work_on(actor, finding.assessment)
    history_writes.delete(actor, finding)
    actor.event(finding.assessment.partnership, "finding_removed",
                f"{finding.get_kind_display()} removed from “{finding.assessment}”")


# The improvement plan ----------------------------------------------------------------------

def next_reference(partnership) -> str:
    """The first free reference SA01, SA02, ... in the partnership's action plan."""
    used = set(Action.objects.filter(partnership=partnership,
                                     reference__startswith=ACTION_PREFIX)
               .values_list("reference", flat=True))
    number = 1
    while f"{ACTION_PREFIX}{number:02d}" in used:
        number += 1
    return f"{ACTION_PREFIX}{number:02d}"


def lead_organisation(finding: Finding):
    """The organisation of the finding's lead officer, to own the action by default."""
    if finding.lead_id is None:
        return None
    membership = (Membership.objects.filter(partnership_id=finding.assessment.partnership_id,
                                            user_id=finding.lead_id)
                  .select_related("organisation").first())
    return membership.organisation if membership else None


def source_detail(finding: Finding) -> str:
    where = f", {finding.node.code} {finding.node.label}" if finding.node_id else ""
    return f"{finding.assessment.title}{where}"[:300]


def plan_description(finding: Finding) -> str:
    parts = [finding.text]
    for label, value in (("Resources required", finding.resources),
                         ("Risks", finding.risks), ("Performance measures", finding.measures)):
        if value.strip():
            parts.append(f"{label}: {value.strip()}")
    return "\n\n".join(parts)


def _title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


@transaction.atomic
def make_action(actor: Actor, finding: Finding, *,
                loaded_version: LoadedVersion = PROGRAM_CHANGE, **plan_fields) -> Action:
    """Turn an area for improvement into an action in one step, from its plan row: the lead
    officer owns it, due by the timescale, source "a self-assessment finding" naming the
    assessment and node. `plan_fields` (Action's fields) override what the row gives; the
    owning organisation is the lead's unless given. The row is claimed at the version the
    person loaded, so the action is made from the row they saw; only `action` is saved."""
    if loaded_version is PROGRAM_CHANGE:
        loaded_version = finding.version
    locked = Finding.objects.select_related("assessment__partnership", "node", "lead").get(
        pk=finding.pk)
    # Locks the row (one action per finding) and refuses a row changed since it was loaded;
    # on a fresh copy, so a refusal leaves the caller's `finding` as it was.
    claim_version(locked, loaded_version)
    refuse(rules.check_action_from_area(locked.kind))
    refuse(rules.check_no_action_yet(locked.action_id is not None))
    partnership = locked.assessment.partnership
    fields = {"reference": next_reference(partnership), "title": _title(locked.text),
              "description": plan_description(locked), "owner": locked.lead,
              "owner_organisation": lead_organisation(locked), "due_date": locked.timescale,
              "source": ActionSource.SELF_ASSESSMENT, "source_detail": source_detail(locked),
              **plan_fields}
    if fields["owner_organisation"] is None:
        refuse((Refusal("owner_organisation", "Choose the organisation that owns the action",
                        "action_owner_organisation"),))
    action = create_action(actor, partnership, **fields)
    locked.action = action
    actor.stamp(locked)
    locked.save(update_fields=["action", "version"])
    finding.action, finding.version = action, locked.version
    actor.event(partnership, "finding_action_created",
                f"Action “{action}” created from “{locked.assessment}”", locked)
    return action
