"""API resources: actions with their milestones, and their progress updates.

Anyone in the partnership reads them, as the action plan page. A progress update is added
through `services.actions.add_progress_update`, the service the web's "Update progress" page
calls, with the page's access: a contributor or above (403 below), and a contributor only on
an action their organisation or they themselves own (`services.actions.may_change`, 403
otherwise). The rules' refusals (a closed action, a date in the future, a status other than
the suggested one without a reason...) answer 422 with the rule's name.
See pif/api/common.py for the shape of a resource.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pif.api.common import (
    NO_NUL,
    READ_ERRORS,
    WRITE_ERRORS,
    Moment,
    RecordId,
    api_actor,
    changed_since,
    partnership_access,
)
from pif.editing import LARGEST_VERSION, PROGRAM_CHANGE
from pif.improvement.models import Action, ActionStatus, ProgressUpdate
from pif.improvement.services import actions as service

router = Router(tags=["actions"])

# Not empty either: the web's form asks for it (a blank is refused as not fitting).
SOME_WORDS = r"^[^\x00]*[^\x00\s][^\x00]*$"
# Choices as Literals of their stored values: they are written out in the schema, where
# enums named alike in several apps ("Status") would share one component and clash.
ActionStatusValue = Literal[tuple(ActionStatus.values)]

# The web page's refusal, word for word.
REFUSED = ("Only editors, the action owner, or contributors from the organisation that owns "
           "this action can change it.")


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: date | None
    done_on: date | None  # None until it is done


class ActionOut(Schema):
    id: int
    reference: str
    title: str
    description: str
    owner: str | None  # the action owner's name
    owner_organisation_id: int
    start_date: date | None
    due_date: date | None  # None for ongoing work
    is_ongoing: bool
    overdue: bool  # open, not ongoing, and its due date has passed
    status: str  # not_started, on_track, at_risk, off_track, deferred, complete or cancelled
    status_overridden: bool  # the owner chose a status other than the one PIF suggested
    status_reason: str
    percent_complete: int
    source: str  # where it came from: outcome_plan, risk_treatment, self_assessment...
    source_detail: str
    outcome_ids: list[int]
    indicator_ids: list[int]
    risk_ids: list[int]
    project_id: int | None  # the improvement project it belongs to
    last_progress_on: date | None  # the date of the latest progress update
    completed_on: date | None
    completion_evidence: str
    signed_off_on: date | None
    milestones: list[MilestoneOut]
    version: int  # send it back with a progress update to refuse one made since
    created: datetime
    url: str  # the action's web page

    @staticmethod
    def resolve_owner(action: Action) -> str | None:
        return action.owner.display_name if action.owner else None

    @staticmethod
    def resolve_outcome_ids(action: Action) -> list[int]:
        return sorted(outcome.pk for outcome in action.outcomes.all())

    @staticmethod
    def resolve_indicator_ids(action: Action) -> list[int]:
        return sorted(indicator.pk for indicator in action.indicators.all())

    @staticmethod
    def resolve_risk_ids(action: Action) -> list[int]:
        return sorted(risk.pk for risk in action.risks.all())

    @staticmethod
    def resolve_overdue(action: Action) -> bool:
        return action.is_overdue

    @staticmethod
    def resolve_url(action: Action, context) -> str:
        return context["request"].build_absolute_uri(action.get_absolute_url())


class ProgressUpdateOut(Schema):
    id: int
    action_id: int
    written_on: date
    percent_complete: int
    status: str
    text: str  # what has happened
    author: str | None  # the author's name
    created: datetime

    @staticmethod
    def resolve_author(update: ProgressUpdate) -> str | None:
        return update.author.display_name if update.author else None


class ProgressUpdateIn(Schema):
    """A progress update, as on the web's "Update progress" page."""

    text: str = Field(pattern=SOME_WORDS, description="What has happened; not empty.")
    percent_complete: int = Field(description="How much of the action is done, 0 to 100.")
    status: ActionStatusValue | None = Field(
        None, description="The action's status now. Leave it out for the status PIF suggests "
                          "from the dates; another status needs `status_reason`. To complete "
                          "or cancel an action, close it on the web.")
    status_reason: str = Field("", pattern=NO_NUL,
                               description="Why the status differs from the suggested one.")
    written_on: date | None = Field(None, description="The date of the update; today if left "
                                                      "out. Not after today.")
    version: int | None = Field(
        None, ge=0, le=LARGEST_VERSION,
        description="The action's `version` as you read it: the update is refused (409) if "
                    "the action changed since. Leave it out to add it anyway.")


def _actions(partnership):
    overdue = Action.objects.overdue(timezone.localdate()).values("pk")
    return (Action.objects.filter(partnership=partnership)
            .annotate(is_overdue=ExpressionWrapper(Q(pk__in=overdue),
                                                   output_field=BooleanField()))
            .select_related("partnership", "owner")
            .prefetch_related("outcomes", "indicators", "risks", "milestones"))


@router.get("/partnerships/{short_name}/actions", response={200: list[ActionOut], **READ_ERRORS},
            operation_id="list_actions")
@paginate
def actions(request, short_name: str, status: ActionStatusValue | None = None,
            owner_organisation_id: RecordId | None = None, outcome_id: RecordId | None = None,
            overdue: bool | None = None, modified_since: Moment | None = None):
    """The partnership's action plan, by reference. Filter by `status`, by the owning
    organisation, by `outcome_id` (the actions for one outcome) or by `overdue`."""
    access = partnership_access(request, short_name)
    found = _actions(access.partnership)
    if status is not None:
        found = found.filter(status=status)
    if owner_organisation_id is not None:
        found = found.filter(owner_organisation_id=owner_organisation_id)
    if outcome_id is not None:
        found = found.filter(outcomes=outcome_id)
    if overdue is not None:
        found = found.filter(is_overdue=overdue)
    return changed_since(found, modified_since)


@router.get("/partnerships/{short_name}/actions/{action_id}",
            response={200: ActionOut, **READ_ERRORS}, operation_id="get_action")
def action(request, short_name: str, action_id: RecordId):
    """One action with its milestones; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_actions(access.partnership), pk=action_id)


@router.get("/partnerships/{short_name}/actions/{action_id}/updates",
            response={200: list[ProgressUpdateOut], **READ_ERRORS},
            operation_id="list_action_updates")
@paginate
def updates(request, short_name: str, action_id: RecordId, modified_since: Moment | None = None):
    """An action's progress log, newest first."""
    access = partnership_access(request, short_name)
    found = get_object_or_404(Action, pk=action_id, partnership=access.partnership)
    return changed_since(found.updates.select_related("author"), modified_since)


@router.post("/partnerships/{short_name}/actions/{action_id}/updates",
             response={201: ProgressUpdateOut, **WRITE_ERRORS},
             operation_id="add_action_update")
def add_update(request, short_name: str, action_id: RecordId, update: ProgressUpdateIn):
    """Add a progress update, as the web's "Update progress" page does. The newest update
    (by its date) sets the action's progress and status."""
    access = partnership_access(request, short_name, "contribute")
    found = get_object_or_404(Action.objects.select_related("partnership"), pk=action_id,
                              partnership=access.partnership)
    if not service.may_change(access, found):
        raise PermissionDenied(REFUSED)
    added = service.add_progress_update(
        api_actor(request), found,
        loaded_version=PROGRAM_CHANGE if update.version is None else update.version,
        # None is "the status PIF suggests", worked out by the service as for the web page.
        percent_complete=update.percent_complete, status=update.status, text=update.text,
        written_on=update.written_on, status_reason=update.status_reason)
    return Status(201, added)
