"""API resources: observations (an indicator's values). See pif/api/common.py for the shape
of a resource.

Reading: anyone in the partnership, as the indicator pages. Writing: a bulk upsert checked
all or nothing by the importer's own rules (pif/measures/importing/json_rows.py), with the
upload pages' access: contributors send their organisation's indicators' values (waiting
for approval), editors any indicator's (approved at once).
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.db.models import F
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictFloat, StrictStr

from pif.api.common import (
    NO_NUL,
    READ_ERRORS,
    WRITE_ERRORS,
    FieldErrorOut,
    Moment,
    RecordId,
    ValidationErrorOut,
    api_actor,
    changed_since,
    partnership_access,
)
from pif.api.routers.partnerships import web_address
from pif.measures.importing.json_rows import MAX_ROWS, SentRow, Upserted, upsert_rows
from pif.measures.models import Observation

router = Router(tags=["observations"])

StatusValue = Literal[tuple(Observation.Status.values)]
Outcome = Literal["new", "changed", "unchanged", "refused"]
# A cell as a file could hold it: a number, or text such as "85%", "1,234" or "c". Strict, as
# a file holds no booleans: a JSON true is refused, not read as the number 1.
Cell = StrictFloat | Annotated[StrictStr, Field(max_length=100, pattern=NO_NUL)] | None


class ObservationOut(Schema):
    id: int
    indicator_id: int
    indicator_code: str
    period: str  # the period's key, as PIF stores it, such as M2026-04
    period_label: str  # as people read it, such as April 2026 or 2026/27
    period_start: date
    period_end: date
    breakdown: str | None  # the breakdown's name; null for the total
    value: float | None
    numerator: float | None
    denominator: float | None
    missing_code: str  # why the value is missing, such as c or ..; "" when it is not
    status: StatusValue
    note: str
    entered_at: datetime
    approved: bool  # an editor has approved it (or entered it)
    approved_at: datetime | None
    url: str  # the indicator's page on the web

    @staticmethod
    def resolve_indicator_code(observation: Observation) -> str:
        return observation.indicator.code

    @staticmethod
    def resolve_breakdown(observation: Observation) -> str | None:
        return observation.breakdown.name if observation.breakdown else None

    @staticmethod
    def resolve_approved(observation: Observation) -> bool:
        return observation.is_approved

    @staticmethod
    def resolve_url(observation: Observation, context) -> str:
        return web_address(observation.indicator, context)


@router.get("/partnerships/{short_name}/observations",
            response={200: list[ObservationOut], **READ_ERRORS},
            summary="A partnership's observations (values)")
@paginate
def observations(request, short_name: str, indicator_id: RecordId | None = None,
                 indicator_code: str | None = None, breakdown: str | None = None,
                 totals_only: bool = False, period_from: date | None = None,
                 period_to: date | None = None, status: StatusValue | None = None,
                 modified_since: Moment | None = None):
    """The partnership's values, by indicator code, then period. Filters: `indicator_id`,
    `indicator_code` (any capitals), `breakdown` (a breakdown's name, any capitals),
    `totals_only` (only the values of no breakdown), `period_from` and `period_to` (periods
    that overlap those dates: ending on or after `period_from`, starting on or before
    `period_to`), `status`. `modified_since` gives the values entered, changed or approved
    after that moment."""
    access = partnership_access(request, short_name)
    found = (Observation.objects.filter(indicator__partnership=access.partnership)
             .select_related("indicator__partnership", "breakdown"))
    if indicator_id is not None:
        found = found.filter(indicator_id=indicator_id)
    if indicator_code:
        found = found.filter(indicator__code__iexact=indicator_code)
    if breakdown:
        found = found.filter(breakdown__name__iexact=breakdown)
    if totals_only:
        found = found.filter(breakdown__isnull=True)
    if period_from is not None:
        found = found.filter(period_end__gte=period_from)
    if period_to is not None:
        found = found.filter(period_start__lte=period_to)
    if status is not None:
        found = found.filter(status=status)
    # The total before its breakdowns, on every database (PostgreSQL puts nulls last).
    return changed_since(found, modified_since).order_by(
        "indicator__code", "period_start", "period_end",
        F("breakdown__name").asc(nulls_first=True), "pk")


class ObservationIn(Schema):
    """One value, as a row of an import file has it."""

    # No NUL in any text, as a file's reader refuses it: PostgreSQL cannot store it.
    indicator_code: str = Field(max_length=200, pattern=NO_NUL)
    period: str = Field(max_length=100, pattern=NO_NUL, description=(
        'The period as a file would write it: "2026-04" or "April 2026", "2026/27", '
        '"Q1 2026/27", "2026" ... read by the indicator\'s frequency.'))
    breakdown: str = Field("", max_length=500, pattern=NO_NUL,
                           description="A breakdown's name; blank for the total.")
    value: Cell = Field(None, description='A number, or text such as "85%" or "1,234"; blank '
                        "with a missing_code when it is not known.")
    numerator: Cell = None
    denominator: Cell = None
    missing_code: str = Field("", max_length=20, pattern=NO_NUL, description=(
        "Why the value is missing, such as c (suppressed) or .. (not available)."))
    status: str = Field("", max_length=20, pattern=NO_NUL, description=(
        "provisional, final, estimated, suppressed or revised; blank for provisional."))
    note: str = Field("", max_length=5000, pattern=NO_NUL)
    title: str = Field("", max_length=500, pattern=NO_NUL, description=(
        "The title of an indicator created with create_indicators; ignored otherwise."))


class ObservationsIn(Schema):
    rows: list[ObservationIn] = Field(description=f"At most {MAX_ROWS:,} rows.")
    dry_run: bool = Field(False, description="Check and say what would happen; change nothing.")
    create_indicators: bool = Field(False, description=(
        "Create an indicator for each unknown code, as `pif import --create-indicators` does "
        "(editors and admins only); otherwise an unknown code is refused."))


class ReasonOut(Schema):
    field: str  # the row's field it is about, such as value or period; "" for the whole row
    message: str
    rule: str  # the business rule's stable name, such as "period_locked"; "" if none


class RowOutcomeOut(Schema):
    row: int  # 1-based, in the order sent
    indicator_code: str
    period: str  # as sent
    period_label: str  # as PIF read it; "" when the row was refused before it was read
    breakdown: str
    # new, changed or unchanged; "refused" for a row that breaks a rule. In a refused request,
    # the other rows say what they would do once it is put right.
    outcome: Outcome
    reasons: list[ReasonOut]  # why it was refused
    warnings: list[str]  # unusual values, saved all the same


class CountsOut(Schema):
    new: int
    changed: int
    unchanged: int
    refused: int


class UpsertOut(Schema):
    """What was done with every row (with dry_run, what would be)."""

    detail: str
    dry_run: bool
    written: bool  # whether anything was saved: false for a dry run, or when all unchanged
    counts: CountsOut
    indicators_created: list[str]  # codes of the indicators created (with dry_run, to be)
    rows: list[RowOutcomeOut]


class UpsertRefusedOut(ValidationErrorOut):
    """A refusal: nothing was changed. `errors` lists every reason (the row number starts its
    message); `rows` gives every row's outcome. A request that does not fit the schema has
    `errors` only."""

    dry_run: bool = False
    counts: CountsOut | None = None
    rows: list[RowOutcomeOut] = []


def _reason(problem) -> dict:
    return {"field": problem.column or "", "message": problem.message, "rule": problem.rule}


def _answer(upserted: Upserted) -> dict:
    return {
        "detail": upserted.describe(), "dry_run": upserted.dry_run,
        "written": upserted.written, "counts": upserted.counts(),
        "indicators_created": upserted.indicators_created,
        "rows": [{"row": row.row, "indicator_code": row.indicator_code, "period": row.period,
                  "period_label": row.period_label, "breakdown": row.breakdown,
                  "outcome": row.outcome, "reasons": [_reason(p) for p in row.reasons],
                  "warnings": row.warnings} for row in upserted.rows]}


def _errors(upserted: Upserted) -> list[dict]:
    errors = [_reason(problem) for problem in upserted.problems]
    for row in upserted.rows:
        errors += [{**_reason(problem), "message": f"Row {row.row}: {problem.message}"}
                   for problem in row.reasons]
    return [FieldErrorOut(**error).model_dump() for error in errors]


@router.post("/partnerships/{short_name}/observations",
             response={200: UpsertOut, **WRITE_ERRORS, 422: UpsertRefusedOut},
             summary="Add or change many values at once, all or nothing")
def upsert_observations(request, short_name: str, payload: ObservationsIn):
    """Each row adds a value, changes the one stored for its indicator, period and breakdown,
    or leaves it unchanged. Every row is checked by the rules of importing a file; if any
    row is refused, nothing is saved and the answer is 422 with every row's outcome and
    reasons. With `dry_run` nothing is saved and the answer says what would happen: 200, or
    422 if a row would be refused.
    Contributors may send values only for their organisation's indicators, which wait for
    an editor's approval; an editor's values are approved at once. At most 10,000 rows and
    2.5 MB (a larger body is refused with 413)."""
    access = partnership_access(request, short_name, "contribute")
    rows = [SentRow(**row.model_dump()) for row in payload.rows]
    upserted = upsert_rows(api_actor(request), access, rows, dry_run=payload.dry_run,
                           create_indicators=payload.create_indicators)
    if upserted.refused:
        return Status(422, {**_answer(upserted), "errors": _errors(upserted)})
    return Status(200, _answer(upserted))
