"""API resources: indicators with their status, by id or by code, and their targets.

An indicator's status is the one the scorecard shows: the stored result of the status
engine (pif/measures/status.py), read as `Indicator.current_status`, with its words from
the status vocabulary (pif/spc/vocabulary.py, docs/adr/0011-status-vocabulary.md). Each
word is given as its stored value (`rag`: "red", "amber", "green" or "" for none) and its
label as pages show it.

Codes are unique in a partnership whatever their capitals, so `by-code/ae-4hr` finds
AE-4HR. Targets are set through the same service as the web's targets page, with the same
need (an editor). See pif/api/common.py for the shape of a resource.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
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
from pif.api.routers.partnerships import web_address
from pif.lib.periods import label_of_key
from pif.measures import services
from pif.measures.models import Indicator, Target
from pif.spc.vocabulary import Assurance, Direction, Rag, Signal, Variation

router = Router(tags=["indicators"])

Words = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


def _values(choices, *, empty: bool = False):
    """A Literal of the stored values of Django choices or a vocabulary, for the schema."""
    values = [str(getattr(choice, "value", choice)) for choice in choices]
    return Literal[tuple([""] + values if empty else values)]


RagValue = _values(Rag)
VariationValue = _values(Variation)


class StatusOut(Schema):
    """The indicator's current status. Empty words and nulls: not computed, not enough data
    or no target. Values are in the indicator's unit (percentages as 0 to 100)."""

    latest_period: str = Field(
        description="The period's key, such as M2026-10; \"\" if there is no value yet")
    latest_period_label: str = Field(description="As people write it, such as October 2026")
    latest_value: float | None
    previous_value: float | None
    points: int = Field(description="How many values the status was computed from")
    variation: _values(Variation, empty=True) = Field(
        description="Making Data Count variation icon")
    variation_label: str
    assurance: _values(Assurance, empty=True) = Field(
        description="The target against the process limits")
    assurance_label: str
    rag: _values(Rag, empty=True) = Field(
        description="The latest value against the target for its period")
    rag_label: str
    direction: _values(Direction, empty=True) = Field(description="Since the previous value")
    direction_label: str
    signal: _values(Signal) = Field(description="What outcome roll-ups count")
    target_value: float | None = Field(description="The target for the latest period")
    mean: float | None
    lower_limit: float | None = Field(description="The lower process limit")
    upper_limit: float | None = Field(description="The upper process limit")
    awaiting_approval: int = Field(description="Values sent in but not yet approved by an editor")
    computed_at: datetime | None = Field(
        description="When the status was last computed; null if never")

    @staticmethod
    def resolve_latest_period_label(status) -> str:
        return label_of_key(status.latest_period)

    @staticmethod
    def resolve_variation_label(status) -> str:
        return Variation.label_of(status.variation)

    @staticmethod
    def resolve_assurance_label(status) -> str:
        return Assurance.label_of(status.assurance)

    @staticmethod
    def resolve_rag_label(status) -> str:
        return Rag.label_of(status.rag)

    @staticmethod
    def resolve_direction_label(status) -> str:
        return Direction.label_of(status.direction)

    @staticmethod
    def resolve_signal(status) -> str:
        return str(status.signal)

    @staticmethod
    def resolve_computed_at(status) -> datetime | None:
        return getattr(status, "computed_at", None)


class OwnerOut(Schema):
    """The organisation that owns an indicator: its contributors enter its data."""

    id: int
    name: str
    short_code: str


class TagOut(Schema):
    id: int
    name: str
    group: str = Field(description="What kind of tag, such as National indicator; \"\" for none")


class IndicatorOut(Schema):
    """An indicator with its current status."""

    id: int
    code: str = Field(description="Unique in the partnership whatever its capitals")
    title: str
    unit: _values(Indicator.Unit.values)
    unit_label: str
    rate_per: int | None = Field(description="For a rate: per how many")
    decimals: int = Field(description="Decimal places values are shown with")
    improvement: _values(Indicator.Improvement.values) = Field(description="Which way is better")
    frequency: _values(Indicator.Frequency.values)
    measure_kind: _values(Indicator.MeasureKind.values)
    chart_type: _values(Indicator.ChartType.values)
    published: bool = Field(description="May appear on the public pages")
    owner: OwnerOut
    tags: list[TagOut]
    outcome_ids: list[int] = Field(description="The outcomes this indicator measures")
    status: StatusOut
    version: int = Field(description="Goes up with every change to the indicator's settings")
    created: datetime
    url: str = Field(description="The indicator's page on the web")

    resolve_url = staticmethod(web_address)

    @staticmethod
    def resolve_unit_label(indicator) -> str:
        return indicator.get_unit_display()

    @staticmethod
    def resolve_tags(indicator) -> list:
        return list(indicator.tags.all())

    @staticmethod
    def resolve_outcome_ids(indicator) -> list[int]:
        return [outcome.pk for outcome in indicator.outcomes.all()]

    @staticmethod
    def resolve_status(indicator):
        return indicator.current_status


class IndicatorDetailOut(IndicatorOut):
    """An indicator with its status and its whole definition."""

    definition: str = Field(
        description="What is counted, and the numerator and denominator in words")
    data_source: str
    quality_note: str
    rba_kind: _values(Indicator.RbaKind.values, empty=True) = Field(
        description="Results-Based Accountability")
    baseline_period: str = Field(description="A period key; \"\" for none")
    lower_bound: float | None = Field(description="Values below it are refused")
    upper_bound: float | None = Field(description="Values above it are refused")
    may_exceed_100: bool = Field(description="For a percentage that can be more than 100")
    due_days: int = Field(description="How many days after each period ends its value is due")
    lead_name: str = Field(description="The lead person's name; \"\" for none")

    @staticmethod
    def resolve_lead_name(indicator) -> str:
        return indicator.lead.display_name if indicator.lead else ""


class TargetPointOut(Schema):
    period: str = Field(description="The period's key")
    period_label: str
    period_start: str = Field(description="ISO date")
    value: float

    @staticmethod
    def resolve_period_label(point) -> str:
        return label_of_key(point.period)

    @staticmethod
    def resolve_period_start(point) -> str:
        return point.period_start.isoformat()


class TargetOut(Schema):
    """A target: one value, or a trajectory with a value for each period (`points`)."""

    id: int
    level: _values(Target.Level.values)
    value: float | None = Field(description="Null for a trajectory")
    valid_from: str = Field(description="The first period it applies to, as a key; \"\" for always")
    valid_to: str = Field(description="The last period it applies to, as a key; \"\" for open")
    tolerance: float = Field(description="How far short still counts as amber")
    tolerance_kind: _values(Target.ToleranceKind.values)
    source: str
    is_trajectory: bool
    points: list[TargetPointOut]

    @staticmethod
    def resolve_points(target) -> list:
        return list(target.points.all())


class TrajectoryPointIn(Schema):
    period: str = Field(max_length=30, pattern=NO_NUL,
                        description="As written on the web, such as 2025/26")
    value: float = Field(allow_inf_nan=False)


class TargetIn(Schema):
    """A new target, checked by the same rules as the web's targets page: give `value`, or
    a `trajectory`, not both."""

    level: _values(Target.Level.values) = Target.Level.STANDARD.value
    value: float | None = Field(None, allow_inf_nan=False)
    valid_from: str = Field("", max_length=30, pattern=NO_NUL,
                            description="The first period it applies to; blank: always")
    valid_to: str = Field("", max_length=30, pattern=NO_NUL,
                          description="The last period it applies to; blank: open")
    tolerance: float = Field(0, allow_inf_nan=False)
    tolerance_kind: _values(Target.ToleranceKind.values) = Target.ToleranceKind.RELATIVE.value
    source: str = Field("", max_length=200, pattern=NO_NUL,
                        description="Where the target comes from, such as a national standard")
    trajectory: list[TrajectoryPointIn] = Field(default_factory=list, max_length=1000)


def indicators_of(partnership):
    """The partnership's indicators with all a list shows, in a fixed number of queries."""
    return (Indicator.objects.filter(partnership=partnership)
            .select_related("partnership", "owner", "status", "lead")
            .prefetch_related("tags", "outcomes"))


def get_indicator(access, indicator_id: int) -> Indicator:
    """The partnership's indicator with this id; 404 for any other partnership's."""
    return get_object_or_404(indicators_of(access.partnership), pk=indicator_id)


def changed_or_restated(indicators, since: datetime | None):
    """Indicators whose settings changed after `since`, or whose status was computed again
    (a new or changed value): what a client syncing indicators with their status needs."""
    if since is None:
        return indicators
    return indicators.filter(Q(pk__in=changed_since(indicators, since).values("pk"))
                             | Q(status__computed_at__gt=since))


@router.get("/partnerships/{short_name}/indicators",
            response={200: list[IndicatorOut], **READ_ERRORS},
            summary="A partnership's indicators with their status")
@paginate
def indicators(request, short_name: str,
               code: Words | None = None, tag: Words | None = None,
               owner_organisation_id: RecordId | None = None,
               outcome_id: RecordId | None = None, rag: RagValue | None = None,
               variation: VariationValue | None = None, search: Words | None = None,
               published: bool | None = None, modified_since: Moment | None = None):
    """Filters: `code` (any capitals), `tag` (a tag's name), `owner_organisation_id` (the
    owning organisation's id), `outcome_id` (an outcome it measures), `rag` and `variation`
    (stored status values), `search` (words in the code or title), `published`.
    `modified_since` gives indicators whose settings changed, or whose status was computed
    again, after that moment."""
    access = partnership_access(request, short_name)
    found = indicators_of(access.partnership)
    if code:
        found = found.filter(code__iexact=code)
    if tag:
        # tag names are unique as written, so "Theme" and "theme" may both tag one indicator
        found = found.filter(tags__name__iexact=tag).distinct()
    if owner_organisation_id is not None:
        found = found.filter(owner_id=owner_organisation_id)
    if outcome_id is not None:
        found = found.filter(outcomes__id=outcome_id)
    if rag:
        found = found.filter(status__rag=rag)
    if variation:
        found = found.filter(status__variation=variation)
    if search:
        found = found.filter(Q(code__icontains=search) | Q(title__icontains=search))
    if published is not None:
        found = found.filter(published=published)
    return changed_or_restated(found, modified_since).order_by("code", "pk")


@router.get("/partnerships/{short_name}/indicators/by-code/{code}",
            response={200: IndicatorDetailOut, **READ_ERRORS},
            summary="One indicator, by its code in any capitals")
def indicator_by_code(request, short_name: str, code: Words):
    """One indicator with its status and whole definition, found by its code whatever
    its capitals (codes are unique in a partnership that way)."""
    access = partnership_access(request, short_name)
    return get_object_or_404(indicators_of(access.partnership), code__iexact=code)


@router.get("/partnerships/{short_name}/indicators/{indicator_id}",
            response={200: IndicatorDetailOut, **READ_ERRORS}, summary="One indicator")
def indicator(request, short_name: str, indicator_id: RecordId):
    """One indicator with its status and whole definition; 404 for another
    partnership's."""
    return get_indicator(partnership_access(request, short_name), indicator_id)


@router.get("/partnerships/{short_name}/indicators/{indicator_id}/targets",
            response={200: list[TargetOut], **READ_ERRORS},
            summary="An indicator's targets, with their trajectories")
@paginate
def targets(request, short_name: str, indicator_id: RecordId,
            modified_since: Moment | None = None):
    """The indicator's targets, each one value or a trajectory with a value for each
    period. `modified_since` gives targets set or changed after that moment."""
    indicator = get_indicator(partnership_access(request, short_name), indicator_id)
    found = Target.objects.filter(indicator=indicator).prefetch_related("points")
    return changed_since(found, modified_since).order_by("level", "valid_from_start", "pk")


def trajectory_text(points: list[TrajectoryPointIn]) -> str:
    """The trajectory as the web's targets page takes it: "period, value" a line. Values
    are written out in full (never as 1e-07), as the web's number reader expects."""
    return "\n".join(f"{_one_line(point.period)}, {format(Decimal(repr(point.value)), 'f')}"
                     for point in points)


def _one_line(period: str) -> str:
    """A period as one line without a comma, so it cannot split or add a trajectory line."""
    return " ".join(period.replace(",", " ").split())


@router.post("/partnerships/{short_name}/indicators/{indicator_id}/targets",
             response={201: TargetOut, **WRITE_ERRORS},
             summary="Set a target for an indicator (editors)")
def add_target(request, short_name: str, indicator_id: RecordId, payload: TargetIn):
    """As the web's targets page: an editor sets a target, and the indicator's status is
    computed again against it. Refused by the target rules with 422."""
    access = partnership_access(request, short_name, "edit")
    indicator = get_indicator(access, indicator_id)
    target = Target(indicator=indicator, level=payload.level, value=payload.value,
                    valid_from=payload.valid_from, valid_to=payload.valid_to,
                    tolerance=payload.tolerance, tolerance_kind=payload.tolerance_kind,
                    source=payload.source)
    saved = services.save_target(api_actor(request), target,
                                 trajectory_text=trajectory_text(payload.trajectory))
    return Status(201, Target.objects.prefetch_related("points").get(pk=saved.pk))
