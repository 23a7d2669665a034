"""API resources: improvement projects and their PDSA cycles. Read only; anyone in the
partnership may read them, as the project and cycle pages.
See pif/api/common.py for the shape of a resource."""

from datetime import date, datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from pif.api.common import READ_ERRORS, Moment, RecordId, changed_since, partnership_access
from pif.improvement.models import ChangeIdea, PdsaCycle, Project

router = Router(tags=["improvement"])

# Choices as Literals of their stored values: they are written out in the schema, where
# enums named alike in several apps ("Status") would share one component and clash.
ProjectStatusValue = Literal[tuple(Project.Status.values)]
DecisionValue = Literal[tuple(PdsaCycle.Decision.values)]


class ChangeIdeaOut(Schema):
    id: int
    title: str


class ProjectOut(Schema):
    id: int
    title: str
    aim_what: str  # what will improve
    aim_how_much: str  # by how much
    aim_by_when: date
    background: str
    organisation_id: int  # the lead organisation
    lead: str | None  # the project lead's name
    team: str  # who is in the team, one per line
    outcome_id: int | None  # the outcome it helps achieve
    status: str  # registered, active, complete or stopped
    approved_on: date | None
    change_ideas: list[ChangeIdeaOut]
    version: int
    created: datetime
    url: str  # the project's web page

    @staticmethod
    def resolve_lead(project: Project) -> str | None:
        return project.lead.display_name if project.lead else None

    @staticmethod
    def resolve_change_ideas(project: Project) -> list[dict]:
        return [{"id": idea.pk, "title": idea.title} for idea in project.change_ideas.all()]

    @staticmethod
    def resolve_url(project: Project, context) -> str:
        return context["request"].build_absolute_uri(project.get_absolute_url())


class PdsaCycleOut(Schema):
    id: int
    project_id: int
    change_idea_id: int
    follows_id: int | None  # the cycle this one builds on, in a ramp of tests
    title: str
    scale: str
    stage: str  # Plan, Do, Study, Act or Complete: the first part not yet written
    objective: str
    question: str
    prediction: str
    plan_who: str
    plan_where: str
    start_date: date
    end_date: date | None
    plan_data: str  # what data will be collected
    do_notes: str  # what happened
    study_notes: str  # the result against the prediction
    decision: str  # adopt, adapt or abandon; "" until decided
    act_notes: str  # what next
    completed_on: date | None
    indicator_ids: list[int]
    version: int
    created: datetime
    url: str  # the cycle's web page

    @staticmethod
    def resolve_indicator_ids(cycle: PdsaCycle) -> list[int]:
        return sorted(indicator.pk for indicator in cycle.indicators.all())

    @staticmethod
    def resolve_url(cycle: PdsaCycle, context) -> str:
        return context["request"].build_absolute_uri(cycle.get_absolute_url())


def _projects(partnership):
    return (Project.objects.filter(partnership=partnership)
            .select_related("partnership", "lead").prefetch_related("change_ideas"))


@router.get("/partnerships/{short_name}/projects",
            response={200: list[ProjectOut], **READ_ERRORS}, operation_id="list_projects")
@paginate
def projects(request, short_name: str, status: ProjectStatusValue | None = None,
             organisation_id: RecordId | None = None, outcome_id: RecordId | None = None,
             modified_since: Moment | None = None):
    """The partnership's improvement projects by title. Filter by `status`, by the lead
    organisation or by the outcome they help achieve."""
    access = partnership_access(request, short_name)
    found = _projects(access.partnership)
    if status is not None:
        found = found.filter(status=status)
    if organisation_id is not None:
        found = found.filter(organisation_id=organisation_id)
    if outcome_id is not None:
        found = found.filter(outcome_id=outcome_id)
    return changed_since(found, modified_since, children=(("change_ideas", ChangeIdea),))


@router.get("/partnerships/{short_name}/projects/{project_id}",
            response={200: ProjectOut, **READ_ERRORS}, operation_id="get_project")
def project(request, short_name: str, project_id: RecordId):
    """One improvement project with its change ideas; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_projects(access.partnership), pk=project_id)


@router.get("/partnerships/{short_name}/projects/{project_id}/pdsa-cycles",
            response={200: list[PdsaCycleOut], **READ_ERRORS}, operation_id="list_pdsa_cycles")
@paginate
def pdsa_cycles(request, short_name: str, project_id: RecordId,
                change_idea_id: RecordId | None = None,
                decision: DecisionValue | None = None,
                modified_since: Moment | None = None):
    """A project's PDSA cycles by start date. Filter by the change idea they test or by
    the decision made at the end (adopt, adapt or abandon)."""
    access = partnership_access(request, short_name)
    found = get_object_or_404(Project, pk=project_id, partnership=access.partnership)
    cycles = (PdsaCycle.objects.filter(project=found)
              .select_related("project__partnership").prefetch_related("indicators"))
    if change_idea_id is not None:
        cycles = cycles.filter(change_idea_id=change_idea_id)
    if decision is not None:
        cycles = cycles.filter(decision=decision)
    return changed_since(cycles, modified_since)
