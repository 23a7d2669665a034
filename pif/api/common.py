"""What every API resource shares: the token's access to a partnership, the acting person,
error shapes, `modified_since` and the documented error responses.

A resource module (pif/api/routers/) reads like a thin view:

    @router.get("/partnerships/{short_name}/risks", response={200: List[RiskOut], **READ_ERRORS})
    @paginate
    def risks(request, short_name: str, modified_since: datetime | None = None):
        access = partnership_access(request, short_name)            # 404 / 403 as the web
        risks = Risk.objects.filter(partnership=access.partnership)
        return changed_since(risks, modified_since)

and a write calls the same service as the web page with `api_actor(request)`; the service's
ValidationError, EditConflict, Http404 and PermissionDenied become 422, 409, 404 and 403
with the shapes below (pif/api/api.py turns them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from django.db.models import Q, QuerySet
from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

from pif.actors import Actor
from pif.partnerships.access import Access, get_access

API = "API"


class ErrorOut(Schema):
    """What went wrong, in plain words."""

    detail: str


class FieldErrorOut(Schema):
    field: str  # the field it is about; "" for the whole request
    message: str
    rule: str  # the business rule's stable name, such as "percentage_range"; "" if none


class ValidationErrorOut(Schema):
    """A refusal: nothing was changed. `errors` says which field broke which rule."""

    detail: str
    errors: list[FieldErrorOut]


# Declared on every operation so the schema documents each answer it can give.
AUTH_ERRORS = {401: ErrorOut}
READ_ERRORS = {**AUTH_ERRORS, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut, 413: ErrorOut}

# Record ids are 64-bit; a larger number is refused as not fitting (422), never sent to the
# database. Text with a NUL character is refused too: PostgreSQL cannot store or compare it.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
NO_NUL = r"^[^\x00]*$"


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC (a moment without a zone is read as UTC). PostgreSQL refuses an offset
    beyond 15:59, which ISO 8601 allows; near year 1 or 9999, the nearest moment it can hold."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


# A moment in a query (`modified_since`, `starts_after`), always sent to the database in UTC.
Moment = Annotated[datetime, AfterValidator(as_utc)]


class BoundedLimitOffset(LimitOffsetPagination):
    """Ninja's limit and offset paging (NINJA_PAGINATION_CLASS), with `offset` bounded so a
    huge number is refused (422), never sent to the database to overflow its integers."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="How many items, at most 1,000.")
        offset: int = Field(0, ge=0, le=2**62, description="How many items to skip.")


def api_actor(request) -> Actor:
    """The person (or service token) making an API request, for the services."""
    return Actor(user=request.user, via=API)


def partnership_access(request, short_name: str, need: str = "read") -> Access:
    """The token's access to a partnership, exactly as a page's: 404 for one it is not a
    member of, 403 for a role too low for `need` ("read", "contribute", "edit", "admin")."""
    if "\x00" in short_name:
        raise Http404("No such partnership")
    return get_access(request.user, short_name, need)


def changed_since(queryset: QuerySet, since: datetime | None, *,
                  children: tuple[tuple[str, type], ...] = ()) -> QuerySet:
    """Only the records made or changed after `since`, read from their history (every
    partnership record keeps one), for incremental sync. Unchanged when `since` is None.

    `children` names the lists shown inside a record whose rows keep history of their own,
    as (the lookup from the record, the child's model), such as `(("raised", FollowUp),)`:
    a record is changed too when one of those rows was made or changed after `since`.
    Deletions and many-to-many links (tags, outcome links) are not seen."""
    if since is None:
        return queryset
    model = queryset.model
    changed = Q(pk__in=model.history.filter(history_date__gt=since).values("id"))
    for lookup, child in children:
        changed |= Q(**{f"{lookup}__in": child.history.filter(
            history_date__gt=since).values("id")})
    if not children:
        return queryset.filter(changed)
    # A record with two changed children would otherwise be listed twice.
    return queryset.filter(pk__in=model._default_manager.filter(changed).values("pk"))
