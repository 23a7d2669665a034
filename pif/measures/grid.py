"""The data grid: the recent and the due periods of one indicator, edited together.

Each cell carries, in a hidden field, the text the page showed when it was loaded. A cell
counts as changed only when the person changed it from that text, so a value someone else
saved meanwhile is never written back over. A changed cell whose stored value moved on
since the page was loaded is refused, naming its period (the grid's edit-conflict check;
every other form uses pif.editing). A saved page is read by the periods it showed, not those
it would show now, so an edit is never lost when newer periods move the window on.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

from pif.actors import Actor
from pif.editing import saved_only_by
from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures import rules
from pif.measures.models import Indicator
from pif.measures.previous import previous_value
from pif.measures.writing import ObservationInput, keeping_ratio, same_value, saved_by_since

RECENT_PERIODS = 12
FUTURE_PERIODS = 2
MISSING_LOADED = ("{period}: this page did not say what the value was when you opened it, so "
                  "your change could not be checked against other people's. Open the page "
                  "again and make your change there.")
NOT_A_PERIOD = ("“{key}” is not a period of this indicator, so the value sent for it has not "
                "been saved. Open the page again and make your change there.")
TOO_MANY_PERIODS = (f"This page sent values for more than {RECENT_PERIODS + FUTURE_PERIODS} "
                    "periods, more than it shows, so none has been saved. Open the page again "
                    "and make your changes there.")
CHANGED_SINCE = ("{period}: someone else changed this value since you opened the page (it "
                 "was {loaded}, it is now {now}). Your value has not been saved. Check it, "
                 "then save again to keep yours.")
CHANGED_BY_YOU = ("{period}: you saved a different value in another tab or window since you "
                  "opened this page (it was {loaded}, it is now {now}). This value has not been "
                  "saved. Check it, then save again to keep this one.")


class Problem(NamedTuple):
    field: str  # the cell's field name, for the error summary's link
    message: str  # names the period
    stale: bool = False  # someone else changed the stored value since the page was loaded
    warning: bool = False  # an unusual value: saved only once the person says it is right


@dataclass(frozen=True)
class GridRow:
    period: Period
    text: str  # the value stored now, as the grid shows it
    status: str
    approved: bool
    observation: object = None
    loaded: str | None = None  # what the page showed when it was loaded, if not `text`
    problems: tuple[str, ...] = ()  # why the cell's value cannot be saved
    warnings: tuple[str, ...] = ()  # why the cell's value is unusual
    locked: bool = False  # its period is locked (see pif.measures.locks): shown, not offered

    @property
    def existing(self) -> bool:
        return self.observation is not None

    @property
    def field_name(self) -> str:
        return f"value-{self.period.key}"

    @property
    def loaded_name(self) -> str:
        return f"loaded-{self.period.key}"

    @property
    def loaded_text(self) -> str:
        return self.text if self.loaded is None else self.loaded


def shown_value(observation) -> str:
    """A stored value as a person would type it: 91.2, 85 (not 85.0), or its missing-value
    code."""
    if observation.value is None:
        return observation.missing_code
    text = repr(observation.value)
    return text[:-2] if text.endswith(".0") else text


def _stored_row(observation) -> GridRow:
    return GridRow(observation.period_obj, shown_value(observation),
                   observation.get_status_display(), observation.is_approved, observation)


def _marked_locked(rows: list[GridRow], lock) -> list[GridRow]:
    """The rows, those of periods the lock holds marked, so the page shows their values
    instead of offering inputs that would be refused."""
    if lock is None:
        return rows
    return [replace(row, locked=True) if row.period.end <= lock.locked_through else row
            for row in rows]


def grid_rows(indicator: Indicator, lock=None) -> list[GridRow]:
    """The last recorded periods, then the periods after them up to the next ones due;
    `lock` is the partnership's active PeriodLock, if any."""
    recent = list(indicator.observations.filter(breakdown__isnull=True)
                  .order_by("-period_start")[:RECENT_PERIODS])[::-1]
    rows = [_stored_row(o) for o in recent]
    period = rows[-1].period.next() if rows else None
    for _ in range(FUTURE_PERIODS if period else 0):
        rows.append(GridRow(period, "", "", False))
        period = period.next()
    return _marked_locked(rows, lock)


def _posted_period(indicator: Indicator, key: str) -> Period | None:
    """The period a cell's field names, if it is one of this indicator's periods."""
    try:
        period = Period.from_key(key)
        # Read back at the indicator's frequency; a week may end on any day, as uploaded.
        read = parse_period(period.label, frequency=indicator.frequency,
                            week_ending_weekday=None)
    except PeriodError:
        return None
    return period if read.key == period.key else None


def posted_rows(indicator: Indicator, data, lock=None) -> tuple[list[GridRow], list[Problem]]:
    """The rows of the page as posted: one for each period it showed (its loaded-* and
    value-* fields), with what is stored for it now, and a Problem for each field that
    names no period of this indicator."""
    keys = {name.split("-", 1)[1] for name in data
            if name.startswith(("loaded-", "value-"))}
    if len(keys) > RECENT_PERIODS + FUTURE_PERIODS:  # not a page this grid showed
        return [], [Problem("", TOO_MANY_PERIODS)]
    periods, problems = [], []
    for key in sorted(keys):
        period = _posted_period(indicator, key)
        if period is None:
            problems.append(Problem(f"value-{key}"[:100],
                                    NOT_A_PERIOD.format(key=key[:40].strip())))
        else:
            periods.append(period)
    stored = {o.period: o for o in indicator.observations.filter(
        breakdown__isnull=True, period__in=[period.key for period in periods])}
    rows = [_stored_row(stored[period.key]) if period.key in stored
            else GridRow(period, "", "", False)
            for period in sorted(periods, key=lambda period: period.start)]
    return _marked_locked(rows, lock), problems


def with_posted_values(rows: list[GridRow], data, problems=()) -> list[GridRow]:
    """The rows as posted, to show again. A cell refused because its value moved on now
    carries the stored value as loaded, so saving again keeps the person's value, knowingly."""
    stale = {problem.field for problem in problems if problem.stale}
    return [replace(row, text=data.get(row.field_name, row.text),
                    loaded=(row.text if row.field_name in stale
                            else data.get(row.loaded_name, row.text)),
                    problems=tuple(p.message for p in problems
                                   if p.field == row.field_name and not p.warning),
                    warnings=tuple(p.message for p in problems
                                   if p.field == row.field_name and p.warning))
            for row in rows]


def _shown(text: str) -> str:
    return f"“{text}”" if text else "blank"


def _saved_only_by(actor: Actor, indicator: Indicator, row: GridRow, loaded: str) -> bool:
    """Whether every save of the cell since it showed `loaded` was `actor`'s (in another
    tab, say): an editor's save or rejection between theirs is not."""
    def showed(version) -> bool:
        return (shown_value(version) if version is not None else "") == loaded

    return saved_only_by(actor, saved_by_since(indicator, row.period, showed=showed))


def already_saved(actor: Actor, indicator: Indicator, row: GridRow, data) -> bool:
    """Whether `actor` changed this cell from what the page showed, and has saved just that
    value since: the page sent twice."""
    text, loaded = data.get(row.field_name), data.get(row.loaded_name)
    return (text is not None and loaded is not None and text.strip() != loaded.strip()
            and loaded.strip() != row.text.strip()
            and same_value(text, row.text)
            and _saved_only_by(actor, indicator, row, loaded.strip()))


def _changed_cell(actor: Actor, indicator: Indicator, row: GridRow,
                  data) -> tuple[str | None, Problem | None]:
    """(the text the person entered, a problem), or (None, None) for an untouched cell or
    one the person has already saved."""
    if already_saved(actor, indicator, row, data):
        return None, None
    if row.field_name not in data:
        return None, None
    text = data[row.field_name].strip()
    loaded = data.get(row.loaded_name)
    if loaded is None:
        return None, Problem(row.field_name, MISSING_LOADED.format(period=row.period.label))
    loaded = loaded.strip()
    if text == loaded:
        return None, None  # untouched: never written, even if the stored value moved on
    if loaded != row.text.strip():
        changed = (CHANGED_BY_YOU if _saved_only_by(actor, indicator, row, loaded)
                   else CHANGED_SINCE)
        message = changed.format(period=row.period.label, loaded=_shown(loaded),
                                 now=_shown(row.text.strip()))
        return None, Problem(row.field_name, message, stale=True)
    if not text and not row.existing:
        return None, None
    return text, None


def _as_input(indicator: Indicator, row: GridRow, text: str) -> ObservationInput:
    """The cell as an ObservationInput; raises NumberError if the text is not a value."""
    parsed = parse_number(text)
    kept = {}
    if row.observation is not None:  # keep what the grid does not show
        kept = {name: getattr(row.observation, name) for name in ("note", "status")}
    # The stored numerator and denominator are kept for the same value, as write_observations
    # keeps them (rule "ratio_needed" asks for them), and dropped for a different one, which
    # they no longer describe.
    return keeping_ratio(ObservationInput(indicator=indicator, period=row.period,
                                          value=parsed.value,
                                          missing_code=parsed.missing_code or "", **kept),
                         row.observation)


def _findings(entered: ObservationInput, lock=None) -> list[Problem]:
    """The rules' refusals and warnings for a cell, each naming its period. A changed cell
    of a locked period (the page was opened before the lock) is refused with the rest."""
    check = rules.check_observation(
        entered.indicator, entered.period, value=entered.value, numerator=entered.numerator,
        denominator=entered.denominator, missing_code=entered.missing_code,
        status=entered.status, previous_value=previous_value(entered.indicator, entered.period),
        stored_status=entered.indicator.current_status)
    refusals = check.refusals + (rules.check_period_not_locked(
        entered.period.end, lock.locked_through, lock.reason) if lock else ())
    field = f"value-{entered.period.key}"
    return ([Problem(field, f"{entered.period.label}: {f.message}") for f in refusals]
            + [Problem(field, f"{entered.period.label}: {f.message}", warning=True)
               for f in check.warnings])


def read_grid(actor: Actor, indicator: Indicator, rows: list[GridRow], data, lock=None):
    """The cells the person changed, as ObservationInputs, and a Problem for each cell that
    cannot be saved (or, marked `warning`, is unusual). Nothing may be written while there
    is any problem other than an accepted warning. `actor` is the person saving: a cell
    they have already saved just so is left alone, and one they saved differently since (in
    another tab) is refused as theirs, not someone else's. `lock`: the partnership's active
    PeriodLock, if any."""
    inputs, problems = [], []
    for row in rows:
        text, problem = _changed_cell(actor, indicator, row, data)
        if problem:
            problems.append(problem)
        if text is not None:
            try:
                entered = _as_input(indicator, row, text)
            except NumberError as error:
                problems.append(Problem(row.field_name, f"{row.period.label}: {error}"))
            else:
                problems += _findings(entered, lock)
                inputs.append(entered)
    return inputs, problems
