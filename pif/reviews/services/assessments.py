"""Stage 6 services: assessments, their assessors, each assessor's own scores and the scores
agreed at the consensus step. Every change takes the actor first, checks the rules in
pif/reviews/rules/assessments.py, keeps history and, where a board member would want to
read about it, writes an event. An assessor's own score writes no event: it stays theirs
until the consensus step."""

import datetime

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version, refusing_a_racing_create
from pif.partnerships.access import Access, access_for
from pif.partnerships.models import Membership
from pif.reviews import radar
from pif.reviews.models import AgreedScore, Assessment, AssessmentNode, Assessor, Score
from pif.reviews.rules import assessments as rules
from pif.rules import Finding, refuse

VERBS: list[tuple[str, str]] = [
    ("assessment_created", "Self-assessment created"),
    ("assessment_changed", "Self-assessment changed"),
    ("assessment_deleted", "Self-assessment deleted"),
    ("assessor_added", "Assessor added"),
    ("assessor_removed", "Assessor removed"),
    ("assessment_stage_moved", "Self-assessment moved on"),
    ("score_agreed", "Agreed score recorded"),
]
NOT_A_MEMBER = "Only members of the partnership can change its assessments."
STAGE_WORDS = {"draft": "back to being set up", "open": "opened",
               "consensus": "moved to the consensus step", "closed": "closed"}


def _access(actor: Actor, partnership) -> Access | None:
    """The actor's access, or None for the operator (command line, demo)."""
    if actor.is_operator:
        return None
    access = access_for(actor.user, partnership)
    if access is None:
        refuse([Finding("", NOT_A_MEMBER, "assessment_edit_role")])
    return access


def _can_edit(actor: Actor, partnership) -> bool:
    access = _access(actor, partnership)
    return access is None or access.can_edit


def _is_member(partnership, user_id) -> bool:
    return Membership.objects.filter(partnership=partnership, user_id=user_id).exists()


def scored_nodes(assessment: Assessment) -> list[AssessmentNode]:
    return list(assessment.framework_version.nodes.filter(is_scored=True))


def not_agreed(assessment: Assessment) -> list[str]:
    """The codes of the scored nodes with no agreed score yet, in framework order."""
    agreed = AgreedScore.objects.filter(assessment=assessment).exclude(
        percent__isnull=True, compliance="").values("node_id")
    return list(assessment.framework_version.nodes.filter(is_scored=True)
                .exclude(pk__in=agreed).values_list("code", flat=True))


# Assessments

def _check_set_up(assessment: Assessment) -> None:
    partnership = assessment.partnership
    version = assessment.framework_version
    refuse(rules.check_framework_available(version.framework.partnership_id, partnership.pk))
    previous = assessment.previous_round
    if previous is not None:
        refuse(rules.check_previous_round(
            same_partnership=previous.partnership_id == partnership.pk,
            same_framework=previous.framework_version.framework_id == version.framework_id,
            is_itself=previous.pk is not None and previous.pk == assessment.pk))
    if assessment.cycle is not None and assessment.cycle.partnership_id != partnership.pk:
        refuse([Finding("cycle", "Choose a cycle of this partnership.",
                        "assessment_people_members")])
    if assessment.lead_id is not None:
        refuse(rules.check_member(_is_member(partnership, assessment.lead_id), "lead"))


@transaction.atomic
def save_assessment(actor: Actor, assessment: Assessment, *,
                    loaded_version: LoadedVersion) -> Assessment:
    """Create an assessment (being set up), or save a change to one."""
    partnership = assessment.partnership
    refuse(rules.check_may_set_up(_can_edit(actor, partnership)))
    adding = assessment.pk is None
    if not adding:
        stored = Assessment.objects.get(pk=assessment.pk)
        changed = [name for name in ("framework_version", "method")
                   if getattr(stored, f"{name}_id" if name == "framework_version" else name)
                   != getattr(assessment, f"{name}_id" if name == "framework_version"
                              else name)]
        refuse(rules.check_set_up_fixed(stored.stage, changed))
        assessment.stage = stored.stage  # moved only by move_stage
    _check_set_up(assessment)
    assessment.full_clean()
    if not adding:
        claim_version(assessment, loaded_version)
    actor.stamp(assessment)
    assessment.save()
    verb, said = ("assessment_created", "created") if adding else ("assessment_changed",
                                                                   "changed")
    actor.event(partnership, verb, f"Self-assessment “{assessment}” {said}", assessment)
    return assessment


@transaction.atomic
def delete_assessment(actor: Actor, assessment: Assessment) -> None:
    """Delete an assessment with its assessors, scores, responses and findings (kept in
    history)."""
    partnership = assessment.partnership
    refuse(rules.check_may_set_up(_can_edit(actor, partnership)))
    title = str(assessment)
    history_writes.delete(actor, assessment)
    actor.event(partnership, "assessment_deleted", f"Self-assessment “{title}” deleted")


@transaction.atomic
def move_stage(actor: Actor, assessment: Assessment, stage: str, *,
               loaded_version: LoadedVersion) -> Assessment:
    """Open, move to consensus, close, or reopen (one step back) a full assessment. A
    checklist moves only through services/surveys.py, which sets its dates and keeps it
    closed once closed."""
    partnership = assessment.partnership
    refuse(rules.check_may_set_up(_can_edit(actor, partnership)))
    stored = Assessment.objects.get(pk=assessment.pk)
    refuse(rules.check_not_checklist(stored.method))
    refuse(rules.check_stage_move(
        method=stored.method, old=stored.stage, new=stage,
        assessors=stored.assessors.count(),
        scored_nodes=stored.framework_version.nodes.filter(is_scored=True).count(),
        not_agreed=not_agreed(stored) if stage == "closed" else []))
    claim_version(assessment, loaded_version)
    assessment.stage = stage
    actor.stamp(assessment)
    assessment.save()
    actor.event(partnership, "assessment_stage_moved",
                f"Self-assessment “{assessment}” {STAGE_WORDS[stage]}", assessment)
    return assessment


# Assessors

@transaction.atomic
def add_assessor(actor: Actor, assessment: Assessment, user) -> Assessor:
    partnership = assessment.partnership
    refuse(rules.check_may_set_up(_can_edit(actor, partnership)))
    refuse(rules.check_member(_is_member(partnership, user.pk), "user"))
    if assessment.assessors.filter(user=user).exists():
        refuse([Finding("user", "They are already an assessor.", "assessor_once")])
    assessor = Assessor(assessment=assessment, user=user)
    actor.stamp(assessor)
    assessor.save()
    actor.event(partnership, "assessor_added",
                f"{user.display_name} added as an assessor of “{assessment}”", assessment)
    return assessor


@transaction.atomic
def remove_assessor(actor: Actor, assessor: Assessor) -> None:
    assessment = assessor.assessment
    partnership = assessment.partnership
    refuse(rules.check_may_set_up(_can_edit(actor, partnership)))
    refuse(rules.check_assessor_removable(
        Score.objects.filter(assessment=assessment, assessor_id=assessor.user_id).exists()))
    name = assessor.user.display_name
    history_writes.delete(actor, assessor)
    actor.event(partnership, "assessor_removed",
                f"{name} is no longer an assessor of “{assessment}”", assessment)


# Scores

def _check_node(assessment: Assessment, node: AssessmentNode) -> None:
    if node.framework_version_id != assessment.framework_version_id or not node.is_scored:
        refuse([Finding("", "Choose a part of this assessment's framework that is scored.",
                        "score_node_scored")])


def _attribute_findings(assessment: Assessment, node: AssessmentNode, attributes: dict):
    known = {a.key for a in radar.for_version(assessment.framework_version, node.node_type)}
    for key, value in attributes.items():
        if key not in known:
            yield Finding("", f"“{key}” is not a RADAR attribute of this part.",
                          "score_five_steps")
        yield from rules.check_percent(value, key)


@transaction.atomic
def save_score(actor: Actor, assessment: Assessment, node: AssessmentNode, *,
               percent: int | None, attributes: dict | None = None, compliance: str = "",
               rationale: str = "", loaded_version: LoadedVersion) -> Score:
    """Save the actor's own score of `node` (loaded_version 0: they had none)."""
    _check_node(assessment, node)
    user = actor.user
    is_assessor = user is not None and assessment.assessors.filter(user=user).exists()
    # An assessor removed from the partnership, or made a viewer, scores no more.
    access = access_for(user, assessment.partnership) if is_assessor else None
    refuse(rules.check_may_score(is_assessor=is_assessor, stage=assessment.stage,
                                 may_contribute=access is not None and access.can_contribute))
    attributes = {key: value for key, value in (attributes or {}).items() if value is not None}
    refuse(rules.check_percent(percent))
    refuse(_attribute_findings(assessment, node, attributes))
    refuse(rules.check_compliance(compliance, assessment.framework_version.scale))
    score = Score.objects.filter(assessment=assessment, node=node, assessor=user).first()
    if score is not None:
        claim_version(score, loaded_version)
    else:
        score = Score(assessment=assessment, node=node, assessor=user)
    score.percent, score.attributes = percent, attributes
    score.compliance, score.rationale = compliance, rationale
    actor.stamp(score)
    with refusing_a_racing_create(Score, assessment=assessment, node=node, assessor=user):
        score.save()
    return score


@transaction.atomic
def agree_score(actor: Actor, assessment: Assessment, node: AssessmentNode, *,
                percent: int | None, compliance: str = "", note: str = "",
                loaded_version: LoadedVersion) -> AgreedScore:
    """Record the score the assessors agreed for `node` (loaded_version 0: none yet)."""
    _check_node(assessment, node)
    refuse(rules.check_may_agree(can_edit=_can_edit(actor, assessment.partnership),
                                 stage=assessment.stage))
    refuse(rules.check_percent(percent))
    refuse(rules.check_compliance(compliance, assessment.framework_version.scale))
    if percent is None and not compliance:
        refuse([Finding("percent", "Enter the agreed score.", "agreed_score_given")])
    agreed = AgreedScore.objects.filter(assessment=assessment, node=node).first()
    if agreed is not None:
        claim_version(agreed, loaded_version)
    else:
        agreed = AgreedScore(assessment=assessment, node=node)
    agreed.percent, agreed.compliance, agreed.note = percent, compliance, note
    agreed.agreed_by, agreed.agreed_on = actor.user, _today()
    actor.stamp(agreed)
    with refusing_a_racing_create(AgreedScore, assessment=assessment, node=node):
        agreed.save()
    said = f"{percent}%" if percent is not None else agreed.get_compliance_display()
    actor.event(assessment.partnership, "score_agreed",
                f"{node.code} agreed at {said} in “{assessment}”", assessment)
    return agreed


def _today() -> datetime.date:
    return timezone.localdate()
