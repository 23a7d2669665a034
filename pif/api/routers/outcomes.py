"""API resources: outcomes, with their level, parent, the national outcomes they serve and
the ids of the indicators that measure them. Read only; anyone in the partnership may read
them, as on the outcome pages. See pif/api/common.py for the shape of a resource."""

from datetime import datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pif.api.common import READ_ERRORS, Moment, RecordId, changed_since, partnership_access
from pif.outcomes.models import Outcome

router = Router(tags=["outcomes"])

Level = Annotated[int, Field(ge=1, le=4)]  # an outcome's level in the tree


class NationalOutcomeOut(Schema):
    """A node of a national framework (such as the National Performance Framework)."""

    code: str
    title: str


class OutcomeOut(Schema):
    id: int
    code: str  # a short reference such as LO2; "" if none
    title: str
    description: str
    level: int  # 1 (the top of the tree) to 4
    parent_id: int | None  # the outcome this one contributes to
    lead_organisation_id: int | None
    lead_person: str | None  # the lead person's name
    horizon: int | None  # the year it should be achieved by
    locality: str | None  # None: the whole area
    national_outcomes: list[NationalOutcomeOut]
    indicator_ids: list[int]
    version: int
    created: datetime
    url: str  # the outcome's web page

    @staticmethod
    def resolve_lead_person(outcome: Outcome) -> str | None:
        return outcome.lead_person.display_name if outcome.lead_person else None

    @staticmethod
    def resolve_locality(outcome: Outcome) -> str | None:
        return outcome.locality.name if outcome.locality else None

    @staticmethod
    def resolve_national_outcomes(outcome: Outcome) -> list[dict]:
        return [{"code": node.code, "title": node.title}
                for node in outcome.national_outcomes.all()]

    @staticmethod
    def resolve_indicator_ids(outcome: Outcome) -> list[int]:
        return sorted(indicator.pk for indicator in outcome.indicators.all())

    @staticmethod
    def resolve_url(outcome: Outcome, context) -> str:
        return context["request"].build_absolute_uri(outcome.get_absolute_url())


def _outcomes(partnership):
    return (Outcome.objects.filter(partnership=partnership)
            .select_related("partnership", "lead_person", "locality")
            .prefetch_related("national_outcomes", "indicators"))


@router.get("/partnerships/{short_name}/outcomes",
            response={200: list[OutcomeOut], **READ_ERRORS}, operation_id="list_outcomes")
@paginate
def outcomes(request, short_name: str, level: Level | None = None,
             parent_id: RecordId | None = None, indicator_id: RecordId | None = None,
             modified_since: Moment | None = None):
    """The partnership's outcomes, top level first. Filter by `level`, by `parent_id` (the
    outcomes contributing to one) or by `indicator_id` (the outcomes an indicator measures)."""
    access = partnership_access(request, short_name)
    found = _outcomes(access.partnership)
    if level is not None:
        found = found.filter(level=level)
    if parent_id is not None:
        found = found.filter(parent_id=parent_id)
    if indicator_id is not None:
        found = found.filter(indicators=indicator_id)
    # The model's order may tie (a code may be blank): the id makes paging total.
    return changed_since(found, modified_since).order_by(
        "level", "position", "code", "title", "pk")


@router.get("/partnerships/{short_name}/outcomes/{outcome_id}",
            response={200: OutcomeOut, **READ_ERRORS}, operation_id="get_outcome")
def outcome(request, short_name: str, outcome_id: RecordId):
    """One outcome; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_outcomes(access.partnership), pk=outcome_id)
