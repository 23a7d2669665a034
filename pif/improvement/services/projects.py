"""Every change to an improvement project, its measures, change ideas, PDSA cycles and
progress scores, actor first. Each checks the rules in pif/improvement/rules/projects.py,
including who may make it, so a page, the command line and later the API obey the same
rules; each keeps history (`actor.stamp`, pif.history_writes) and writes an event.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.improvement import progress_scale, verdicts
from pif.improvement.models import ChangeIdea, PdsaCycle, ProgressScore, Project, ProjectMeasure
from pif.improvement.rules import projects as rules
from pif.partnerships.access import Access, access_for
from pif.partnerships.models import Membership
from pif.rules import refuse

VERBS: list[tuple[str, str]] = [
    ("project_registered", "Improvement project registered"),
    ("project_changed", "Improvement project changed"),
    ("project_approved", "Improvement project approved"),
    ("project_deleted", "Improvement project deleted"),
    ("project_measure_added", "Project measure added"),
    ("project_measure_removed", "Project measure removed"),
    ("change_idea_added", "Change idea added"),
    ("change_idea_changed", "Change idea changed"),
    ("change_idea_removed", "Change idea removed"),
    ("pdsa_cycle_planned", "PDSA cycle planned"),
    ("pdsa_cycle_changed", "PDSA cycle changed"),
    ("pdsa_cycle_decided", "PDSA cycle decided"),
    ("pdsa_cycle_completed", "PDSA cycle completed"),
    ("pdsa_cycle_removed", "PDSA cycle removed"),
    ("progress_score_given", "Project progress score given"),
]
NOT_A_MEMBER = "Only members of the partnership can change its projects."
RAMP_LIMIT = 1000  # a longer chain of cycles is treated as a loop


def may_change(access: Access, project: Project) -> bool:
    """Whether this member may change `project` (rule "project_change_role"), for pages."""
    return not _change_findings(access, project)


def _change_findings(access: Access, project: Project) -> tuple:
    return rules.check_may_change(
        can_change_owned=access.can_change_owned(project.organisation_id),
        is_lead=_is_lead(access, project))


def _is_lead(access: Access, project: Project) -> bool:
    """The member leads `project` and can change data: a viewer changes nothing in PIF, not
    even a project they lead (as `services.actions._is_owner` for an action's owner)."""
    return (access.can_contribute and project.lead_id is not None
            and project.lead_id == access.membership.user_id)


def _access(actor: Actor, partnership) -> Access | None:
    """The actor's access, or None for the operator (command line, demo), who may do
    anything. Refuses someone who is not a member."""
    if actor.is_operator:
        return None
    access = access_for(actor.user, partnership)
    if access is None:
        refuse([rules.Finding("", NOT_A_MEMBER, "project_change_role")])
    return access


def _require_change(actor: Actor, project: Project) -> None:
    """Refuse unless the actor may change `project` as stored (organisation and lead)."""
    access = _access(actor, project.partnership)
    if access is not None:
        refuse(_change_findings(access, project))


def _stored(model, obj):
    return model._base_manager.select_related().get(pk=obj.pk)


def _owner(value) -> list:
    return [getattr(value, "partnership_id", None)] if value is not None else []


# Projects

@transaction.atomic
def save_project(actor: Actor, project: Project, *, loaded_version: LoadedVersion) -> Project:
    """Register a new project (status "registered", waiting for approval), or save a change
    to one. Anyone who can change data may register; see `_require_change` for a change."""
    partnership = project.partnership
    adding = project.pk is None
    if adding:
        access = _access(actor, partnership)
        refuse(rules.check_may_register(access is None or access.can_contribute))
        project.status = Project.Status.REGISTERED
        project.registered_by = actor.user
        project.approved_by, project.approved_on = None, None
    else:
        stored = _stored(Project, project)
        _require_change(actor, stored)
        refuse(rules.check_status(stored.status, project.status))
    project.full_clean()
    refuse(rules.check_aim_by_when(project.aim_by_when))
    lead_ok = project.lead_id is None or Membership.objects.filter(
        partnership=partnership, user_id=project.lead_id).exists()
    refuse(rules.check_links_in_partnership({
        "organisation": _owner(project.organisation),
        "outcome": _owner(project.outcome), "driver_diagram": _owner(project.driver_diagram),
        "lead": [] if lead_ok else [0]}, partnership.pk))
    if not adding:
        claim_version(project, loaded_version)
    actor.stamp(project)
    project.save()
    verb, said = ("project_registered", "registered") if adding else ("project_changed",
                                                                       "changed")
    actor.event(partnership, verb, f"Improvement project “{project}” {said}", project)
    return project


@transaction.atomic
def approve_project(actor: Actor, project: Project, *,
                    loaded_version: LoadedVersion) -> Project:
    """An improvement lead (an editor or admin) approves a registered project: it becomes
    active, with who approved it and when."""
    access = _access(actor, project.partnership)
    stored = _stored(Project, project)
    refuse(rules.check_may_approve(can_edit=access is None or access.can_edit,
                                   status=stored.status))
    claim_version(project, loaded_version)
    project.status = Project.Status.ACTIVE
    project.approved_by = actor.user
    project.approved_on = timezone.localdate()
    actor.stamp(project)
    project.save()
    actor.event(project.partnership, "project_approved",
                f"Improvement project “{project}” approved", project)
    return project


@transaction.atomic
def delete_project(actor: Actor, project: Project) -> None:
    """Delete a project with its measures, change ideas, cycles and scores (kept in history)."""
    _require_change(actor, _stored(Project, project))
    partnership = project.partnership
    history_writes.delete(actor, project)
    actor.event(partnership, "project_deleted", f"Improvement project “{project}” deleted")


# The family of measures

@transaction.atomic
def add_measure(actor: Actor, project: Project, *, indicator, kind: str) -> ProjectMeasure:
    """Make `indicator` one of the project's outcome, process or balancing measures."""
    _require_change(actor, project)
    refuse(rules.check_measure_kind(kind))
    refuse(rules.check_links_in_partnership({"indicator": _owner(indicator)},
                                            project.partnership_id))
    measure = ProjectMeasure(project=project, indicator=indicator, kind=kind)
    measure.full_clean()
    actor.stamp(measure)
    measure.save()
    actor.event(project.partnership, "project_measure_added",
                f"{indicator.code} added to “{project}” as a {measure.get_kind_display()
                                                              .lower()}", project)
    return measure


@transaction.atomic
def remove_measure(actor: Actor, measure: ProjectMeasure) -> None:
    project = measure.project
    _require_change(actor, project)
    code = measure.indicator.code
    history_writes.delete(actor, measure)
    actor.event(project.partnership, "project_measure_removed",
                f"{code} is no longer a measure of “{project}”", project)


# Change ideas

@transaction.atomic
def save_change_idea(actor: Actor, idea: ChangeIdea, *,
                     loaded_version: LoadedVersion) -> ChangeIdea:
    project = idea.project
    _require_change(actor, project)
    node = idea.driver_node
    refuse(rules.check_links_in_partnership(
        {"driver_node": [node.diagram.partnership_id] if node is not None else []},
        project.partnership_id))
    idea.full_clean()
    adding = idea.pk is None
    if not adding:
        claim_version(idea, loaded_version)
    actor.stamp(idea)
    idea.save()
    said = "added" if adding else "changed"
    actor.event(project.partnership, f"change_idea_{said}",
                f"Change idea “{idea}” {said} in “{project}”", idea)
    return idea


@transaction.atomic
def delete_change_idea(actor: Actor, idea: ChangeIdea) -> None:
    """Delete a change idea and the PDSA cycles that tested it (kept in history)."""
    project = idea.project
    _require_change(actor, project)
    history_writes.delete(actor, idea)
    actor.event(project.partnership, "change_idea_removed",
                f"Change idea “{idea}” removed from “{project}”", project)


# PDSA cycles

def _ramp_above(follows: PdsaCycle) -> set:
    """The ids of `follows` and of every cycle before it in its ramp."""
    seen = {follows.pk}
    parent = follows.follows_id
    while parent is not None and parent not in seen and len(seen) < RAMP_LIMIT:
        seen.add(parent)
        parent = (PdsaCycle.objects.filter(pk=parent).values_list("follows_id", flat=True)
                  .first())
    return seen if parent is None else seen | {None}


def _check_cycle(cycle: PdsaCycle, indicators) -> None:
    project = cycle.project
    refuse(rules.check_change_idea_in_project(cycle.change_idea.project_id == project.pk))
    refuse(rules.check_cycle_dates(cycle.start_date, cycle.end_date))
    if cycle.follows_id is not None:
        follows = cycle.follows
        above = _ramp_above(follows)
        refuse(rules.check_follows(
            same_change_idea=follows.change_idea_id == cycle.change_idea_id,
            earlier=follows.start_date <= cycle.start_date,
            loop=None in above or (cycle.pk is not None and cycle.pk in above)))
    refuse(rules.check_decision(cycle.decision, cycle.study_notes))
    refuse(rules.check_completed(cycle.completed_on, cycle.decision, cycle.start_date))
    if indicators is not None:
        refuse(rules.check_links_in_partnership(
            {"indicators": [i.partnership_id for i in indicators]}, project.partnership_id))


def _cycle_verb(stored: PdsaCycle | None, cycle: PdsaCycle) -> tuple[str, str]:
    if stored is None:
        return "pdsa_cycle_planned", "planned"
    if cycle.completed_on and not stored.completed_on:
        return "pdsa_cycle_completed", "completed"
    if cycle.decision and cycle.decision != stored.decision:
        return "pdsa_cycle_decided", f"decided: {cycle.get_decision_display().lower()}"
    return "pdsa_cycle_changed", "changed"


@transaction.atomic
def save_cycle(actor: Actor, cycle: PdsaCycle, *, loaded_version: LoadedVersion,
               indicators=None) -> PdsaCycle:
    """Plan a cycle, or save any part of it (plan, do, study, act). `indicators`: the
    measures that should show the change, or None to leave them as they are."""
    project = cycle.project
    _require_change(actor, project)
    cycle.full_clean()
    _check_cycle(cycle, list(indicators) if indicators is not None else None)
    stored = _stored(PdsaCycle, cycle) if cycle.pk is not None else None
    if stored is not None:
        claim_version(cycle, loaded_version)
    actor.stamp(cycle)
    cycle.save()
    if indicators is not None:
        cycle.indicators.set(indicators)
    verb, said = _cycle_verb(stored, cycle)
    actor.event(project.partnership, verb, f"PDSA cycle “{cycle}” of “{project}” {said}",
                cycle)
    if verb == "pdsa_cycle_completed":
        verdicts.record_for_cycle(actor, cycle, cycle.completed_on)
    return cycle


@transaction.atomic
def delete_cycle(actor: Actor, cycle: PdsaCycle) -> None:
    """Delete a cycle; a cycle that followed it in the ramp keeps its place, following none."""
    project = cycle.project
    _require_change(actor, project)
    history_writes.delete(actor, cycle)
    actor.event(project.partnership, "pdsa_cycle_removed",
                f"PDSA cycle “{cycle}” removed from “{project}”", project)


def next_cycle(previous: PdsaCycle) -> PdsaCycle:
    """An unsaved cycle that follows `previous` in its ramp: the same change idea and
    measures' scale copied forward for the team to grow."""
    return PdsaCycle(project=previous.project, change_idea=previous.change_idea,
                     follows=previous, scale=previous.scale,
                     start_date=max(previous.completed_on or previous.end_date
                                    or previous.start_date, timezone.localdate()))


# Progress scores

@transaction.atomic
def give_score(actor: Actor, project: Project, *, score, scored_on: datetime.date,
               note: str = "", scale_version: str | None = None) -> ProgressScore:
    """The team's own score on the IHI progress scale (never computed), dated, against the
    current wording unless `scale_version` says which."""
    _require_change(actor, project)
    scale_version = scale_version or progress_scale.current().key
    refuse(rules.check_score(score, scale_version, progress_scale.versions()))
    record = ProgressScore(project=project, score=score, scored_on=scored_on, note=note,
                           scale_version=scale_version, scored_by=actor.user)
    record.full_clean()
    actor.stamp(record)
    record.save()
    step = progress_scale.version(scale_version).step(record.score)
    actor.event(project.partnership, "progress_score_given",
                f"“{project}” scored {step} on the progress scale", project)
    return record
