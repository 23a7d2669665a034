"""Writing observations: one function for the entry form, the grid, uploads and the API.

`write_observations` takes rows that have already been checked (see `importing`), writes
them in one transaction with history, logs one event, and refreshes the status of every
indicator touched, in one batch. Values that do not change are left alone, so importing
the same file twice changes nothing.
"""

from collections import namedtuple
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.bulk import insert_observations
from pif.measures.models import Breakdown, Indicator, Observation
from pif.partnerships.events import record_event

VALUE_FIELDS = ("value", "numerator", "denominator", "missing_code", "status", "note")


@dataclass(frozen=True, slots=True)
class ObservationInput:
    indicator: Indicator
    period: Period
    value: float | None
    breakdown: Breakdown | None = None
    numerator: float | None = None
    denominator: float | None = None
    missing_code: str = ""
    status: str = Observation.Status.PROVISIONAL
    note: str = ""


@dataclass
class WriteResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    indicators: set = field(default_factory=set)

    @property
    def written(self) -> int:
        return self.created + self.changed

    def describe(self) -> str:
        count = len(self.indicators)
        return (f"{self.created} new, {self.changed} changed and {self.unchanged} unchanged "
                f"values for {count} indicator{'' if count == 1 else 's'}")


def _key(indicator_id, period_key, breakdown_id):
    return indicator_id, period_key, breakdown_id


# The stored values, read as plain tuples: re-importing 100,000 values as model objects only
# to find them unchanged took four seconds. Objects are loaded for the changed ones alone.
Stored = namedtuple("Stored", ["pk", "indicator_id", "period", "breakdown_id", *VALUE_FIELDS])


def _existing(rows: list[ObservationInput]) -> dict:
    indicator_ids = {row.indicator.pk for row in rows}
    periods = {row.period.key for row in rows}
    found = Observation.objects.filter(indicator_id__in=indicator_ids, period__in=periods)
    return {_key(s.indicator_id, s.period, s.breakdown_id): s
            for s in map(Stored._make, found.values_list(*Stored._fields))}


def _same_status(stored: str, incoming: str) -> bool:
    """Approval turns provisional into final, and a correction makes it revised; sending the
    same figure again as provisional is not a change."""
    promoted = (Observation.Status.FINAL, Observation.Status.REVISED)
    return stored == incoming or (incoming == Observation.Status.PROVISIONAL
                                  and stored in promoted)


def _differs(observation: Stored, row: ObservationInput) -> bool:
    if not _same_status(observation.status, row.status):
        return True
    return any(getattr(observation, name) != getattr(row, name)
               for name in VALUE_FIELDS if name != "status")


def _apply(observation: Observation, row: ObservationInput, user, approve: bool, now) -> None:
    was_approved = observation.pk is not None and observation.approved_at is not None
    for name in VALUE_FIELDS:
        setattr(observation, name, getattr(row, name))
    if was_approved and row.status in (Observation.Status.PROVISIONAL, Observation.Status.FINAL):
        observation.status = Observation.Status.REVISED
    observation.entered_by = user
    observation.approved_by, observation.approved_at = (user, now) if approve else (None, None)
    if approve and observation.status == Observation.Status.PROVISIONAL:
        observation.status = Observation.Status.FINAL


def _new_values(row: ObservationInput, key: tuple, user_id, approve: bool, now) -> dict:
    """Column values of a new observation; plain data, since uploads create thousands."""
    status = row.status
    if approve and status == Observation.Status.PROVISIONAL:
        status = Observation.Status.FINAL
    indicator_id, period_key, breakdown_id = key
    period = row.period
    return {"value": row.value, "numerator": row.numerator, "denominator": row.denominator,
            "missing_code": row.missing_code, "status": status, "note": row.note,
            "indicator_id": indicator_id, "breakdown_id": breakdown_id, "period": period_key,
            "period_start": period.start, "period_end": period.end,
            "entered_by_id": user_id, "entered_at": now,
            "approved_by_id": user_id if approve else None,
            "approved_at": now if approve else None}


@transaction.atomic
def write_observations(rows: list[ObservationInput], *, user, approve: bool,
                       partnership, via: str = "web", source: str = "") -> WriteResult:
    """Write the rows; `approve` is true when the writer may approve (editors and above)."""
    result = WriteResult()
    existing = _existing(rows)
    now = timezone.now()
    history_user = user if user is not None and user.is_authenticated else None
    user_id = history_user.pk if history_user else None
    to_create, changed = {}, {}
    for row in rows:
        key = _key(row.indicator.pk, row.period.key, row.breakdown.pk if row.breakdown else None)
        stored = existing.get(key)
        if stored is None:
            to_create[key] = _new_values(row, key, user_id, approve, now)
        elif _differs(stored, row):
            changed[stored.pk] = row
        else:
            result.unchanged += 1
            continue
        result.indicators.add(key[0])
    to_update = Observation.objects.in_bulk(list(changed))
    for pk, observation in to_update.items():
        _apply(observation, changed[pk], history_user, approve, now)
        observation.entered_at = now
    reason = f"Changed through {via}" if via != "web" else None
    insert_observations(list(to_create.values()), history_user=history_user, reason=reason,
                        when=now)
    bulk_update_with_history(list(to_update.values()), Observation,
                             fields=[*VALUE_FIELDS, "entered_by", "entered_at", "approved_by",
                                     "approved_at"],
                             batch_size=1000, default_user=history_user,
                             default_change_reason=reason)
    result.created, result.changed = len(to_create), len(to_update)
    if result.written:
        verb = "data_imported" if source else "data_submitted"
        record_event(partnership, verb,
                     f"{result.describe()}{' from ' + source if source else ''}"
                     f"{'' if approve else ' (awaiting approval)'}", actor=history_user, via=via)
        status.refresh(result.indicators)
    return result


@transaction.atomic
def approve(observations, *, user, partnership) -> int:
    """Approve submitted values: they become final and count for publication."""
    now = timezone.now()
    count, touched = 0, set()
    for observation in observations:
        if observation.approved_at is not None:
            continue
        observation.approved_by, observation.approved_at = user, now
        if observation.status == Observation.Status.PROVISIONAL:
            observation.status = Observation.Status.FINAL
        observation._history_user = user
        observation.save(update_fields=["approved_by", "approved_at", "status"])
        count += 1
        touched.add(observation.indicator_id)
    if count:
        record_event(partnership, "data_approved",
                     f"{count} value{'' if count == 1 else 's'} approved", actor=user)
        status.refresh(touched)
    return count
