"""API resources: stat meetings (their series, each meeting with its focus, memo state and
the follow-ups raised at it) and self-assessments with their agreed scores. Read only.

Anyone in the partnership reads these, as the meeting, follow-up, assessment and summary
pages. What only editors see on the web is left out: the note kept with an agreed score
(shown only on the editors' "agree a score" form) and each assessor's own scores. The
meeting's `notes` field is on no page, so it is left out too.
See pif/api/common.py for the shape of a resource.
"""

from datetime import date, datetime
from typing import Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from pif.api.common import READ_ERRORS, Moment, RecordId, changed_since, partnership_access
from pif.reviews.models import AgreedScore, Assessment, FollowUp, Meeting, MeetingSeries
from pif.reviews.models.assessments import AssessmentMethod, AssessmentStage
from pif.reviews.models.meetings import MeetingStage

router = Router(tags=["reviews"])

# Choices as Literals of their stored values: they are written out in the schema, where
# enums named alike in several apps ("Status") would share one component and clash.
MeetingStageValue = Literal[tuple(MeetingStage.values)]
AssessmentStageValue = Literal[tuple(AssessmentStage.values)]
AssessmentMethodValue = Literal[tuple(AssessmentMethod.values)]


def _name(user) -> str | None:
    return user.display_name if user else None


class MeetingSeriesOut(Schema):
    id: int
    name: str
    purpose: str
    cadence: str  # weekly, fortnightly, monthly or quarterly
    chair: str | None  # the chair's name
    follow_up_days: int  # days after a meeting the follow-up memo is due
    version: int
    created: datetime
    url: str  # the series' web page

    @staticmethod
    def resolve_chair(series: MeetingSeries) -> str | None:
        return _name(series.chair)

    @staticmethod
    def resolve_url(series: MeetingSeries, context) -> str:
        return context["request"].build_absolute_uri(series.get_absolute_url())


class FollowUpOut(Schema):
    id: int
    kind: str  # commitment, data_request, decision or recommendation
    text: str  # what was agreed
    owner: str | None  # the owner's name
    due_date: date | None
    report_back: str  # what will be reported back
    status: str  # open, done or dropped
    times_carried_over: int
    escalated_on: date | None
    closed_at_id: int | None  # the meeting it was closed at
    closed_on: date | None
    closing_note: str
    action_id: int | None  # a commitment is also an action in the plan

    @staticmethod
    def resolve_owner(follow_up: FollowUp) -> str | None:
        return _name(follow_up.owner)


class MeetingOut(Schema):
    id: int
    series_id: int
    starts_at: datetime
    location: str
    focus_kind: str  # whole, organisation, outcome or service
    organisation_id: int | None  # the organisation in focus
    outcome_id: int | None  # the outcome in focus
    service: str  # the service in focus
    data_to: date | None  # the pack shows periods ending on or before this date
    stage: str  # planned, briefed, held or followed_up: how far its memos have got
    period_locked_at: datetime | None
    briefing_issued_at: datetime | None
    follow_up_issued_at: datetime | None
    follow_ups: list[FollowUpOut]  # those raised at this meeting
    version: int
    created: datetime
    url: str  # the meeting's web page

    @staticmethod
    def resolve_follow_ups(meeting: Meeting) -> list[FollowUp]:
        return list(meeting.raised.all())

    @staticmethod
    def resolve_url(meeting: Meeting, context) -> str:
        return context["request"].build_absolute_uri(meeting.get_absolute_url())


class AgreedScoreOut(Schema):
    """The score the assessors agreed for one part of the framework."""

    node_code: str
    node_label: str
    percent: int | None  # for a points or percentage scale
    compliance: str  # for a compliance scale: compliance_plus, compliance, partial...
    agreed_on: date | None

    @staticmethod
    def resolve_node_code(agreed: AgreedScore) -> str:
        return agreed.node.code

    @staticmethod
    def resolve_node_label(agreed: AgreedScore) -> str:
        return agreed.node.label


class AssessmentOut(Schema):
    id: int
    title: str
    method: str  # checklist or full
    scope: str  # what is assessed
    framework: str  # the framework's name
    framework_version: str  # the version's label
    scale: str  # how parts are scored
    stage: str  # draft, open, consensus or closed
    lead: str | None  # the lead's name
    opens_on: date | None
    closes_on: date | None
    previous_round_id: int | None
    agreed_scores: list[AgreedScoreOut]
    version: int
    created: datetime
    url: str  # the assessment's web page

    @staticmethod
    def resolve_framework(assessment: Assessment) -> str:
        return assessment.framework_version.framework.name

    @staticmethod
    def resolve_framework_version(assessment: Assessment) -> str:
        return assessment.framework_version.label

    @staticmethod
    def resolve_scale(assessment: Assessment) -> str:
        return assessment.framework_version.scale

    @staticmethod
    def resolve_lead(assessment: Assessment) -> str | None:
        return _name(assessment.lead)

    @staticmethod
    def resolve_agreed_scores(assessment: Assessment) -> list[AgreedScore]:
        return list(assessment.agreed_scores.all())

    @staticmethod
    def resolve_url(assessment: Assessment, context) -> str:
        return context["request"].build_absolute_uri(assessment.get_absolute_url())


# Meeting series ----------------------------------------------------------------------------

def _series(partnership):
    return (MeetingSeries.objects.filter(partnership=partnership)
            .select_related("partnership", "chair"))


@router.get("/partnerships/{short_name}/meeting-series",
            response={200: list[MeetingSeriesOut], **READ_ERRORS},
            operation_id="list_meeting_series")
@paginate
def meeting_series_list(request, short_name: str, modified_since: Moment | None = None):
    """The partnership's series of stat meetings, by name."""
    access = partnership_access(request, short_name)
    return changed_since(_series(access.partnership), modified_since)


@router.get("/partnerships/{short_name}/meeting-series/{series_id}",
            response={200: MeetingSeriesOut, **READ_ERRORS}, operation_id="get_meeting_series")
def meeting_series(request, short_name: str, series_id: RecordId):
    """One series of meetings; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_series(access.partnership), pk=series_id)


# Meetings ----------------------------------------------------------------------------------

def _meetings(partnership):
    return (Meeting.objects.filter(series__partnership=partnership)
            .select_related("series__partnership")
            .prefetch_related(Prefetch("raised", queryset=FollowUp.objects
                                       .select_related("owner").order_by("id"))))


@router.get("/partnerships/{short_name}/meetings",
            response={200: list[MeetingOut], **READ_ERRORS}, operation_id="list_meetings")
@paginate
def meetings(request, short_name: str, series_id: RecordId | None = None,
             stage: MeetingStageValue | None = None, starts_after: Moment | None = None,
             starts_before: Moment | None = None, modified_since: Moment | None = None):
    """The partnership's stat meetings by series and date, with the follow-ups raised at
    each. Filter by series, by `stage` (how far the memos have got) or by date."""
    access = partnership_access(request, short_name)
    found = _meetings(access.partnership)
    if series_id is not None:
        found = found.filter(series_id=series_id)
    if stage is not None:
        found = found.filter(stage=stage)
    if starts_after is not None:
        found = found.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        found = found.filter(starts_at__lt=starts_before)
    return changed_since(found, modified_since, children=(("raised", FollowUp),))


@router.get("/partnerships/{short_name}/meetings/{meeting_id}",
            response={200: MeetingOut, **READ_ERRORS}, operation_id="get_meeting")
def meeting(request, short_name: str, meeting_id: RecordId):
    """One meeting with the follow-ups raised at it; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_meetings(access.partnership), pk=meeting_id)


# Self-assessments --------------------------------------------------------------------------

def _assessments(partnership):
    return (Assessment.objects.filter(partnership=partnership)
            .select_related("partnership", "lead", "framework_version__framework")
            .prefetch_related(Prefetch("agreed_scores", queryset=AgreedScore.objects
                                       .select_related("node").order_by("node__position",
                                                                        "node__code"))))


@router.get("/partnerships/{short_name}/assessments",
            response={200: list[AssessmentOut], **READ_ERRORS},
            operation_id="list_assessments")
@paginate
def assessments(request, short_name: str, stage: AssessmentStageValue | None = None,
                method: AssessmentMethodValue | None = None,
                modified_since: Moment | None = None):
    """The partnership's self-assessments, newest first, with their agreed scores. Filter
    by `stage` or by `method`."""
    access = partnership_access(request, short_name)
    found = _assessments(access.partnership)
    if stage is not None:
        found = found.filter(stage=stage)
    if method is not None:
        found = found.filter(method=method)
    return changed_since(found, modified_since, children=(("agreed_scores", AgreedScore),))


@router.get("/partnerships/{short_name}/assessments/{assessment_id}",
            response={200: AssessmentOut, **READ_ERRORS}, operation_id="get_assessment")
def assessment(request, short_name: str, assessment_id: RecordId):
    """One self-assessment with its agreed scores; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_assessments(access.partnership), pk=assessment_id)
