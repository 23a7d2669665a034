"""Writing observations: one function for the entry form, the grid, uploads and the API.

`write_observations` takes rows that have already been checked (see `importing`), writes
them in one transaction with history, logs one event, and refreshes the status of every
indicator touched, in one batch. `ObservationWriter` does the same for rows given in
batches (a large file, streamed), all in the caller's one transaction. Values that do not
change are left alone, so importing the same file twice changes nothing. It is also the
lock's last guard: no row may add or change a figure of a period the partnership has locked
(pif.measures.locks).
"""

from collections import namedtuple
from dataclasses import dataclass, field, replace
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period
from pif.measures import counting, locks, rules, status
from pif.measures.bulk import (
    CHANGED_COLUMNS,
    analyse_if_grown,
    insert_observations,
    update_observations,
)
from pif.measures.models import Breakdown, Indicator, Observation, Rejection
from pif.partnerships.access import access_for

VALUE_FIELDS = ("value", "numerator", "denominator", "missing_code", "status", "note")
#: What a locked period keeps as it is: the figure, not its status or note.
FIGURE_FIELDS = ("value", "numerator", "denominator", "missing_code")
#: Indicators whose status is refreshed at once after a write.
STATUS_BATCH = 1000
_PROVISIONAL, _FINAL = Observation.Status.PROVISIONAL, Observation.Status.FINAL


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
# to find them unchanged took four seconds; loading the changed ones took eight. Its
# `approved_at` is only whether the value has been approved (True or None).
Stored = namedtuple("Stored", ["pk", "indicator_id", "period", "breakdown_id", *VALUE_FIELDS,
                               "approved_at", "period_end"])


class _Change:
    """A stored observation as `_apply` changes it: what `_apply` reads of it (its status,
    when it was approved, its period's end) and the columns a change writes
    (bulk.CHANGED_COLUMNS), without a model object for each of 100,000 changed values."""

    __slots__ = ("id", *VALUE_FIELDS, "approved_at", "period_end", "entered_by", "entered_at",
                 "approved_by")

    def __init__(self, stored: Stored):
        self.id, self.status = stored.pk, stored.status
        self.approved_at, self.period_end = stored.approved_at, stored.period_end

    @property
    def entered_by_id(self):
        return self.entered_by.pk if self.entered_by else None

    @property
    def approved_by_id(self):
        return self.approved_by.pk if self.approved_by else None


def _existing(rows: list[ObservationInput]) -> dict:
    keys = _keys(rows)
    indicator_ids = {key[0] for key in keys}
    periods = {key[1] for key in keys}
    # Unordered: the model's ordering joins every value to its indicator to sort by code.
    found = Observation.objects.filter(indicator_id__in=indicator_ids,
                                       period__in=periods).order_by()
    # Whether approved, not when: all `_apply` asks.
    found = status.rows_with_approval(found, *Stored._fields[:-2], "approved", "period_end")
    return {(s[1], s[2], s[3]): Stored(*s[:-2], True if s[-2] else None, s[-1])
            for s in found}


def _when_approved(status: str, period_end, today) -> str:
    """The status of a value an editor approves or enters. Approving says the figure is
    right, not that it is complete: a provisional figure becomes final only once its period
    has ended (before then it is a figure so far, and rules.py refuses any other status)."""
    if status == Observation.Status.PROVISIONAL and period_end < today:
        return Observation.Status.FINAL
    return status


def same_status(stored: str, incoming: str) -> bool:
    """Approval turns provisional into final (once the period has ended), and a correction
    makes it revised; sending the same figure again as provisional is not a change."""
    promoted = (Observation.Status.FINAL, Observation.Status.REVISED)
    return stored == incoming or (incoming == Observation.Status.PROVISIONAL
                                  and stored in promoted)


def same_value(one, other) -> bool:
    """Whether two entries are the same value, as they would be stored: "90%", " 90 " and
    90.0 are, and so are two blanks or the same missing-data code. The grid and the entry
    form both decide "already saved" by this."""
    try:
        first, second = parse_number(one), parse_number(other)
    except NumberError:
        return str(one).strip() == str(other).strip()
    return (first.value, first.missing_code) == (second.value, second.missing_code)


def saved_by_since(indicator, period: Period, *, showed) -> frozenset:
    """Who saved or withdrew the value (the total) for `period` since a page showed it: the
    user id of each change, None for an operator, from its history in one query.

    The history is read newest first, back to the latest version the page could have shown:
    the first for which `showed(version)` is true (`showed(None)` for a withdrawal, after
    which nothing was stored). Each change is its history's user's: an entry is the person's
    who entered it, a rejection the editor's who withdrew it. An approval changes nothing
    entered, so it is nobody's save. The entry form and the grid both decide "was every save
    since yours?" by this (docs/adr/0004-edit-conflicts.md)."""
    versions = list(Observation.history.filter(indicator=indicator, breakdown__isnull=True,
                                               period=period.key)
                    .order_by("history_date", "history_id"))
    entered_at, approvals = {}, set()
    for version in versions:  # oldest first: an approval leaves the entry's time as it was
        if version.history_type == "~" and entered_at.get(version.id) == version.entered_at:
            approvals.add(version.history_id)
        entered_at[version.id] = version.entered_at
    savers = set()
    for version in reversed(versions):
        if showed(None if version.history_type == "-" else version):
            break
        if version.history_id not in approvals:
            savers.add(version.history_user_id)
    return frozenset(savers)


def _allowed_status(row: ObservationInput, approve: bool) -> ObservationInput:
    status = _status_allowed(row.status, approve)
    return row if status == row.status else replace(row, status=status)


def _status_allowed(status: str, approve: bool) -> str:
    """Only people who may approve can mark a value final. Anyone else's final figure waits
    as provisional, and becomes final when an editor approves it."""
    if approve or status != _FINAL:
        return status
    return _PROVISIONAL


def keeping_ratio(row: ObservationInput, stored) -> ObservationInput:
    """Re-entering the same value without a numerator and denominator keeps the stored ones:
    the entry form and the grid do not show them, so leaving them out is not a change. A
    different value drops them, as they no longer describe it."""
    if (stored is None or row.value is None or row.value != stored.value
            or row.numerator is not None or row.denominator is not None):
        return row
    return replace(row, numerator=stored.numerator, denominator=stored.denominator)


def as_written(row: ObservationInput, stored, approve: bool) -> ObservationInput:
    """The row as `write_observations` would store it over `stored` (None when new)."""
    return keeping_ratio(_allowed_status(row, approve), stored)


def _checked_over(rows: list[ObservationInput], existing: dict,
                  keys: list[tuple] | None = None, *, checked: dict | None = None,
                  today=None) -> list[ObservationInput]:
    """The rows checked by the rules as they would be written over what is stored: a value
    sent again alone keeps its stored numerator and denominator, which rule "ratio_needed"
    asks for, so it must see them.

    `checked` (id -> indicator) names indicators whose rows the caller checked with
    `rules.ValueChecker` against these very objects, moments before: their rows are checked
    again only for what may have changed since (see `_trusting`)."""
    given = rows
    if existing:
        keys = _keys(rows) if keys is None else keys
        rows = [keeping_ratio(row, existing.get(key)) for row, key in zip(rows, keys, strict=True)]
    if not checked:
        return rules.checked_rows(rows, today=today)
    return _trusting(rows, given, checked, today)


def _trusting(rows: list[ObservationInput], given: list[ObservationInput], checked: dict,
              today) -> list[ObservationInput]:
    """`checked_rows` for rows most of which passed the same rules moments ago
    (docs/adr/0026-trusted-checks-in-the-writer.md): a row of a checked indicator, written
    as it was given (no stored ratio kept), is checked again only against the period rules,
    which depend on today's date; every other row by every rule. Running every rule again
    took a third of writing a large import."""
    checker = rules.ValueChecker(today)
    refused, again = {}, []
    for index, (row, original) in enumerate(zip(rows, given, strict=True)):
        if row is original and checked.get(id(row.indicator)) is row.indicator:
            found = checker.period_refusals(row.period, row.status)
            if found:
                refused[index] = found
        else:
            again.append(index)
    if again:
        rows = list(rows)
        try:
            rechecked = rules.checked_rows([rows[i] for i in again], today=checker.today)
        except rules.ObservationRefused as refusal:
            refused |= {again[i]: found for i, found in refusal.findings.items()}
        else:
            for i, row in zip(again, rechecked, strict=True):
                rows[i] = row
    if refused:
        raise rules.ObservationRefused(dict(sorted(refused.items())))
    return rows


def changes_figure(stored, row) -> bool:
    """Whether writing `row` over `stored` (None when nothing is stored) adds or changes a
    figure: what rule "period_locked" refuses in a locked period. Sending a stored value
    again, or approving it, does not, so a file exported and imported back still imports."""
    return stored is None or any(getattr(stored, name) != getattr(row, name)
                                 for name in FIGURE_FIELDS)


def _refuse_locked(rows: list[ObservationInput], existing: dict,
                   keys: list[tuple] | None = None) -> None:
    """The lock's last guard: refuse every row that would add or change a figure of a
    locked period (rows already as written over what is stored, see `_checked_over`)."""
    lock = locks.active_lock(rows[0].indicator.partnership_id) if rows else None
    if lock is None:
        return
    keys = _keys(rows) if keys is None else keys
    refused = {}
    for index, (row, key) in enumerate(zip(rows, keys, strict=True)):
        found = rules.check_period_not_locked(row.period.end, lock.locked_through, lock.reason)
        if found and changes_figure(existing.get(key), row):
            refused[index] = found
    if refused:
        raise rules.ObservationRefused(refused)


def _row_key(row: ObservationInput) -> tuple:
    return _key(row.indicator.pk, row.period.key, row.breakdown.pk if row.breakdown else None)


def _keys(rows: list[ObservationInput]) -> list[tuple]:
    """Each row's (indicator id, period key, breakdown id), worked out once: a large import
    asks for them several times a row."""
    return [(row.indicator.id, row.period.key, row.breakdown.id if row.breakdown else None)
            for row in rows]


def stored_changes(rows: list[ObservationInput], *,
                   approve: bool) -> list[tuple[Stored, ObservationInput]]:
    """Each stored value the rows would change, with the row as `write_observations` would
    write it over it, in the rows' order: what an upload's preview shows as stored and new.
    Two queries, however many rows; raises ObservationRefused as writing them would."""
    keys = _keys(rows)
    existing = _existing(rows)
    rows = _checked_over(rows, existing, keys)
    _refuse_locked(rows, existing, keys)
    found = []
    for row, key in zip(rows, keys, strict=True):
        stored = existing.get(key)
        if stored is not None:
            row = as_written(row, stored, approve)
            if _differs(stored, row):
                found.append((stored, row))
    return found


def _differs(observation: Stored, row: ObservationInput) -> bool:
    # Written out rather than looped over VALUE_FIELDS: it runs for every row re-imported.
    return (observation.value != row.value or observation.numerator != row.numerator
            or observation.denominator != row.denominator
            or observation.missing_code != row.missing_code or observation.note != row.note
            or not same_status(observation.status, row.status))


def _apply(observation: Observation | _Change, row: ObservationInput, user, approve: bool, now,
           today) -> None:
    # A change to an approved value is a revision, and stays one however often it is
    # changed again before an editor approves it. An approved figure so far (provisional)
    # is expected to change, so replacing it is not a revision; and a value for a period
    # that has not ended stays provisional.
    revising = observation.status == Observation.Status.REVISED or (
        observation.approved_at is not None
        and observation.status != Observation.Status.PROVISIONAL)
    for name in VALUE_FIELDS:
        setattr(observation, name, getattr(row, name))
    if (revising and row.status in (Observation.Status.PROVISIONAL, Observation.Status.FINAL)
            and observation.period_end < today):
        observation.status = Observation.Status.REVISED
    observation.entered_by = user
    observation.approved_by, observation.approved_at = (user, now) if approve else (None, None)
    if approve:
        observation.status = _when_approved(observation.status, observation.period_end, today)


def _new_values(row: ObservationInput, key: tuple, user_id, approve: bool, now,
                today) -> tuple:
    """Column values of a new observation in bulk.NEW_COLUMNS order, its status as
    `_allowed_status` and `_when_approved` make it; a plain tuple, since an import makes a
    million."""
    period, status = row.period, _status_allowed(row.status, approve)
    if approve:
        status = _when_approved(status, period.end, today)
    indicator_id, period_key, breakdown_id = key
    approver, approved_at = (user_id, now) if approve else (None, None)
    return (indicator_id, breakdown_id, period_key, period.start, period.end, row.value,
            row.numerator, row.denominator, row.missing_code, status, row.note, user_id, now,
            approver, approved_at)


@transaction.atomic
def write_observations(actor: Actor, rows: list[ObservationInput], *, approve: bool,
                       partnership, source: str = "") -> WriteResult:
    """Write the rows; `approve` is true when the writer may approve (editors and above)."""
    writer = ObservationWriter(actor, approve=approve, partnership=partnership, source=source)
    writer.write(rows)
    return writer.finish()


class ObservationWriter:
    """Writes rows given in batches as `write_observations` writes them all at once: each
    batch guarded by the rules, then one event and one refresh of status at `finish`. Use it
    inside one transaction (transaction.atomic), so that a batch refused rolls back every
    batch before it. A refusal names rows by their place among all the rows written.

    `checked` are indicators whose rows the caller has just checked with
    `rules.ValueChecker` against these very objects (`pif import` checks and writes in one
    go): the guard trusts that check, and checks their rows again only for what may have
    changed since (docs/adr/0026-trusted-checks-in-the-writer.md)."""

    def __init__(self, actor: Actor, *, approve: bool, partnership, source: str = "",
                 checked=()):
        self.actor, self.approve, self.partnership, self.source = (actor, approve, partnership,
                                                                   source)
        self.checked = {id(indicator): indicator for indicator in checked}
        self.result = WriteResult()
        self.now, self.today = timezone.now(), timezone.localdate()
        self.user = actor.user
        self.written = 0  # rows given so far, to number refusals among all of them

    def write(self, rows: list[ObservationInput]) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("ObservationWriter must run inside transaction.atomic()")
        offset, self.written = self.written, self.written + len(rows)
        try:
            self._write(rows)
        except rules.ObservationRefused as refused:
            if not offset:
                raise
            raise rules.ObservationRefused({index + offset: found for index, found
                                            in refused.findings.items()}) from None

    def _write(self, rows: list[ObservationInput]) -> None:
        keys = _keys(rows)
        existing = _existing(rows)
        # the last guard: no path may store what rules refuse
        rows = _checked_over(rows, existing, keys, checked=self.checked, today=self.today)
        _refuse_locked(rows, existing, keys)
        result, approve, now, today = self.result, self.approve, self.now, self.today
        user_id = self.user.pk if self.user else None
        to_create, changed = {}, {}
        for row, key in zip(rows, keys, strict=True):
            stored = existing.get(key) if existing else None
            if stored is None:
                to_create[key] = _new_values(row, key, user_id, approve, now, today)
            else:
                row = as_written(row, stored, approve)
                if not _differs(stored, row):
                    result.unchanged += 1
                    continue
                changed[stored.pk] = stored, row
        result.indicators |= {key[0] for key in to_create}
        result.indicators |= {stored.indicator_id for stored, _ in changed.values()}
        to_update = []
        for stored, row in changed.values():
            change = _Change(stored)
            _apply(change, row, self.user, approve, now, today)
            change.entered_at = now
            to_update.append(change)
        try:
            # A savepoint, so that on PostgreSQL the transaction is still usable to find the
            # clash.
            with transaction.atomic():
                insert_observations(self.actor, list(to_create.values()), when=now)
        except IntegrityError:
            created_rows = {key: index for index, key in enumerate(keys) if key in to_create}
            raise _entered_at_the_same_time(rows, created_rows) from None
        changes = attrgetter(*CHANGED_COLUMNS)
        update_observations(self.actor, [changes(change) for change in to_update])
        result.created += len(to_create)
        result.changed += len(to_update)
        _clear_rejections(self.actor, keys, now)

    def finish(self) -> WriteResult:
        """Log the one event and refresh the status of every indicator written."""
        result, source = self.result, self.source
        if result.written:
            verb = "data_imported" if source else "data_submitted"
            self.actor.event(self.partnership, verb,
                             f"{result.describe()}{' from ' + source if source else ''}"
                             f"{'' if self.approve else ' (awaiting approval)'}")
            analyse_if_grown(result.created)
            # A few thousand indicators at a time: each one's series is read back whole.
            indicators = sorted(result.indicators)
            for start in range(0, len(indicators), STATUS_BATCH):
                status.refresh(indicators[start:start + STATUS_BATCH])
        return result


def _entered_at_the_same_time(rows: list[ObservationInput], created_rows: dict):
    """The refusal when someone else stored a first value for one of these periods after
    this write read what was stored (the unique constraint stopped the insert)."""
    now_stored = _existing(rows)
    clashes = [index for key, index in created_rows.items() if key in now_stored]
    findings = {}
    for index in clashes or created_rows.values():
        row = rows[index]
        where = row.period.label + (f" ({row.breakdown.name})" if row.breakdown else "")
        findings[index] = (rules.Finding(
            "period",
            f"Someone else entered a value for {where} at the same time, so yours has not "
            "been saved. Check the value now stored and enter yours again if it is still "
            "needed.",
            "entered_at_the_same_time"),)
    return rules.ObservationRefused(findings)


def _clear_rejections(actor: Actor, keys: list[tuple], now) -> None:
    """A rejection is shown until someone enters a value for its period again; who did is
    the user of the rejection's history."""
    keys = set(keys)
    open_rejections = Rejection.objects.filter(indicator_id__in={key[0] for key in keys},
                                               cleared_at__isnull=True)
    cleared = [rejection for rejection in open_rejections
               if _key(rejection.indicator_id, rejection.period, rejection.breakdown_id) in keys]
    history_writes.update(actor, cleared, reason="Value entered again", cleared_at=now)


def _require_approver(actor: Actor, partnership) -> None:
    """Approving and rejecting are for editors and above (or an operator at the command
    line, who has no user), whatever page or command asks. The role is read through the
    access layer, so an editor's service token counts as an editor (ADR 0021)."""
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    if access is None or not access.can_edit:
        raise PermissionDenied("Only editors can approve or reject values.")


@dataclass
class Approval:
    """What `approve` did: how many it approved, and those it would not approve."""

    count: int = 0
    entered_again: list = field(default_factory=list)  # changed since the editor saw them
    refused: list = field(default_factory=list)  # (observation, the rules it breaks now)


def _locked(observations) -> list[Observation]:
    """The observations as stored now, locked until the transaction ends, so none can be
    entered again between checking it and approving it."""
    return list(Observation.objects.select_for_update(of=("self",))
                .select_related("indicator", "breakdown")
                .filter(pk__in=[o.pk for o in observations]).order_by("pk"))


def _refusals_now(observation: Observation, today) -> tuple:
    """The rules the value breaks now: they may have changed since it was entered (its
    indicator's bounds tightened, say)."""
    return rules.check_observation(
        observation.indicator, observation.period_obj, value=observation.value,
        numerator=observation.numerator, denominator=observation.denominator,
        missing_code=observation.missing_code, status=observation.status,
        today=today).refusals


@transaction.atomic
def approve(actor: Actor, observations, *, partnership,
            seen: dict | None = None) -> Approval:
    """Approve submitted values: they count for publication, with who approved them and
    when. A provisional value becomes final only if its period has ended.

    `seen` maps each observation's id to the `entered_token` the editor was shown; a value
    entered again since (or with no token) is not approved. None means the tokens of the
    observations passed, for a program approving what it has just read. A value that
    breaks a rule now is not approved either: it can still be rejected."""
    _require_approver(actor, partnership)
    observations = list(observations)
    if seen is None:
        seen = {o.pk: o.entered_token for o in observations}
    now, today = timezone.now(), timezone.localdate()
    result, touched = Approval(), set()
    for observation in _locked(observations):
        if observation.approved_at is not None:
            continue
        if seen.get(observation.pk) != observation.entered_token:
            result.entered_again.append(observation)
            continue
        refusals = _refusals_now(observation, today)
        if refusals:
            result.refused.append((observation, refusals))
            continue
        observation.approved_by, observation.approved_at = actor.user, now
        observation.status = _when_approved(observation.status, observation.period_end, today)
        actor.stamp(observation)
        observation.save(update_fields=["approved_by", "approved_at", "status"])
        result.count += 1
        touched.add(observation.indicator_id)
    if result.count:
        actor.event(partnership, "data_approved",
                    f"{result.count} value{'' if result.count == 1 else 's'} approved")
        status.refresh(touched)
    return result


def _refuse_locked_rejection(partnership, waiting: list[Observation]) -> None:
    """Rejecting withdraws the figure, so a locked period's value cannot be rejected until
    the period is unlocked; approving it changes no figure and stays allowed."""
    lock = locks.active_lock(partnership)
    if lock is None:
        return
    rules.refuse(rules.check_period_not_locked(min(o.period_end for o in waiting),
                                               lock.locked_through, lock.reason, field=""))


def _withdraw(actor: Actor, observation: Observation, approved_version, reason: str) -> None:
    """Take back a rejected value: go back to the version last approved, or delete a value
    that was never approved. The observation's history keeps both, with who and why."""
    why = f"Rejected: {reason}"
    if approved_version is None:
        history_writes.delete(actor, observation, reason=why)
        return
    for name in (*VALUE_FIELDS, "entered_by_id", "approved_by_id", "approved_at"):
        setattr(observation, name, getattr(approved_version, name))
    actor.stamp(observation, why)
    observation.save()


@transaction.atomic
def reject(actor: Actor, observations, *, partnership, reason: str,
           seen: dict | None = None) -> int:
    """Reject submitted values: each is withdrawn (the approved value, if any, stays) and the
    reason is kept for the person who entered it. Values already approved are left alone,
    and so are values entered again since the editor saw them (`seen`, as for `approve`)."""
    _require_approver(actor, partnership)
    rules.refuse(rules.check_rejection_reason(reason))
    reason = reason.strip()
    observations = list(observations)
    if seen is None:
        seen = {o.pk: o.entered_token for o in observations}
    waiting = [o for o in _locked(observations)
               if o.approved_at is None and seen.get(o.pk) == o.entered_token]
    if not waiting:
        return 0
    _refuse_locked_rejection(partnership, waiting)
    approved = counting.last_approved_versions([o.pk for o in waiting])
    now = timezone.now()
    for o in waiting:
        rejection = Rejection(
            indicator_id=o.indicator_id, breakdown_id=o.breakdown_id, period=o.period,
            value=o.value, numerator=o.numerator, denominator=o.denominator,
            missing_code=o.missing_code, entered_by_id=o.entered_by_id, entered_at=o.entered_at,
            reason=reason, rejected_by=actor.user, rejected_at=now)
        actor.stamp(rejection)
        rejection.save()
    for observation in waiting:
        _withdraw(actor, observation, approved.get(observation.pk), reason)
    count = len(waiting)
    actor.event(partnership, "data_rejected",
                f"{count} value{'' if count == 1 else 's'} rejected: {reason}")
    status.refresh({o.indicator_id for o in waiting})
    return count
