"""API resources: the risk register. Read only; anyone in the partnership may read it, as
the register page and its export. See pif/api/common.py for the shape of a resource."""

from datetime import date
from typing import Literal

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from pif.api.common import READ_ERRORS, Moment, RecordId, changed_since, partnership_access
from pif.outcomes.models import Risk
from pif.outcomes.models.risk import rating as rating_of

router = Router(tags=["risks"])


HIGHEST_SCORE = 25  # 5 × 5


# Choices as Literals of their stored values: they are written out in the schema, where
# enums named alike in several apps ("Status") would share one component and clash.
# A score band as the register names it (`rating` in pif/outcomes/models/risk.py), lowest first.
RatingValue = Literal[tuple(dict.fromkeys(rating_of(score)
                                          for score in range(1, HIGHEST_SCORE + 1)))]
ScoreValue = Literal["residual", "inherent"]  # after the controls, or before them
RiskStatusValue = Literal[tuple(Risk.Status.values)]


class RiskOut(Schema):
    id: int
    reference: str
    title: str
    cause: str
    effect: str
    owner_organisation_id: int
    owner: str | None  # the risk owner's name
    inherent_likelihood: int  # 1 to 5
    inherent_impact: int  # 1 to 5
    inherent_score: int  # likelihood × impact
    inherent_rating: str  # Low, Medium, High or Very high
    controls: str
    residual_likelihood: int
    residual_impact: int
    residual_score: int
    residual_rating: str
    review_date: date
    review_overdue: bool  # the review date has passed and the risk is not closed
    status: str  # open, treating, tolerated or closed
    outcome_ids: list[int]
    version: int

    @staticmethod
    def resolve_owner(risk: Risk) -> str | None:
        return risk.owner.display_name if risk.owner else None

    @staticmethod
    def resolve_outcome_ids(risk: Risk) -> list[int]:
        return sorted(outcome.pk for outcome in risk.outcomes.all())


def _risks(partnership):
    return (Risk.objects.filter(partnership=partnership)
            .with_review_overdue(timezone.localdate())
            .select_related("owner").prefetch_related("outcomes"))


def _scores_rated(band: str) -> list[int]:
    """The scores the register rates `band`, from its one definition of the bands."""
    return [score for score in range(1, HIGHEST_SCORE + 1) if rating_of(score) == band]


@router.get("/partnerships/{short_name}/risks", response={200: list[RiskOut], **READ_ERRORS},
            operation_id="list_risks")
@paginate
def risks(request, short_name: str, owner_organisation_id: RecordId | None = None,
          rating: RatingValue | None = None, score: ScoreValue = "residual",
          outcome_id: RecordId | None = None, status: RiskStatusValue | None = None,
          review_overdue: bool | None = None, modified_since: Moment | None = None):
    """The partnership's risks by reference. `rating` keeps the risks whose residual score
    (or inherent, with `score=inherent`) falls in that band; `outcome_id` the risks to one
    outcome; `review_overdue` those whose review is (or is not) overdue."""
    access = partnership_access(request, short_name)
    found = _risks(access.partnership)
    if owner_organisation_id is not None:
        found = found.filter(owner_organisation_id=owner_organisation_id)
    if rating is not None:
        found = found.annotate(
            banded_score=F(f"{score}_likelihood") * F(f"{score}_impact")).filter(
            banded_score__in=_scores_rated(rating))
    if outcome_id is not None:
        found = found.filter(outcomes=outcome_id)
    if status is not None:
        found = found.filter(status=status)
    if review_overdue is not None:
        found = found.filter(review_overdue=review_overdue)
    return changed_since(found, modified_since)


@router.get("/partnerships/{short_name}/risks/{risk_id}",
            response={200: RiskOut, **READ_ERRORS}, operation_id="get_risk")
def risk(request, short_name: str, risk_id: RecordId):
    """One risk; 404 if it is not this partnership's."""
    access = partnership_access(request, short_name)
    return get_object_or_404(_risks(access.partnership), pk=risk_id)
