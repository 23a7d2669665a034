"""Data collection: when each period's figure is due, and what is overdue.

`figures_to_submit` is the one list of what a person or an organisation owes: the "Data you
need to submit" page and the reminder email both show it, in the same groups, and the
overview says how many with `count_figures_to_submit`, the same counts without the lists.

- A period's figure is *outstanding* once the period has ended and no figure was sent in
  for it or any later period (the latest period with a value, approved or awaiting
  approval, is the indicator's `submitted_period`).
- It is *due now* until its due date (`due_days` after the period ends), then *overdue*.
- A series is *dormant* when its oldest outstanding figure has been overdue for more than
  a year (`DORMANT_AFTER`). Whatever the frequency, a year without the figure means the
  series has probably stopped or moved, which is a question for an editor rather than a
  task for this week, so the page folds those series away and counts their figures
  instead of listing every period.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count

from pif.lib.periods import Period


@dataclass(frozen=True)
class DueItem:
    indicator: object
    period: Period
    due: date

    @property
    def overdue(self) -> bool:
        return self.due < date.today()


@dataclass(frozen=True)
class DueDays:
    """An indicator as far as when its figures are due goes: indicators alike in due days
    and latest period owe alike, so what they owe can be worked out once for them all."""

    due_days: int


def next_due(indicator, latest_period_key: str) -> DueItem | None:
    """The next period whose figure is expected, and its due date.

    The figure for a period is due `indicator.due_days` after the period ends. Without any
    data there is nothing to go on, so nothing is due (the indicator shows "No data").
    """
    if not latest_period_key:
        return None
    return _due_after(indicator, Period.from_key(latest_period_key))


def _due_after(indicator, period: Period) -> DueItem:
    # Spans of years roll on by a year (2010-14, then 2011-15): Period.next() does that.
    expected = period.next()
    return DueItem(indicator, expected, expected.end + timedelta(days=indicator.due_days))


def is_overdue(indicator, latest_period_key: str, today: date | None = None) -> bool:
    item = next_due(indicator, latest_period_key)
    return item is not None and item.due < (today or date.today())


def outstanding(indicator, latest_period_key: str, today: date | None = None) -> list[DueItem]:
    """Every period after the latest that has ended by today, oldest first, however many."""
    today = today or date.today()
    items = []
    item = next_due(indicator, latest_period_key)
    while item is not None and item.period.end < today:
        items.append(item)
        item = _due_after(indicator, item.period)
    return items


# A series whose oldest missing figure has been overdue for longer than this is dormant.
DORMANT_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class DormantSeries:
    """An indicator with nothing sent in for more than a year past a due date."""

    indicator: object
    last_period: Period  # the latest period with a figure
    first: DueItem  # the oldest outstanding figure
    count: int  # how many figures are outstanding, counted without listing them


def _ended_count(first: Period, today: date) -> int:
    """How many periods from `first` on (stepping as `next()` does) have ended before today.
    A series silent for a century would be tens of thousands of days, so this doubles the
    steps past the last then halves back to it: a few dozen periods made, not one each."""
    if first.end >= today:
        return 0
    ended, not_ended = 0, 1  # first.shift(ended) has ended; find one that has not
    while first.shift(not_ended).end < today:
        ended, not_ended = not_ended, not_ended * 2
    while not_ended - ended > 1:
        middle = (ended + not_ended) // 2
        if first.shift(middle).end < today:
            ended = middle
        else:
            not_ended = middle
    return ended + 1


@dataclass(frozen=True)
class FigureCounts:
    """How many figures are owed in each group, without the lists: all the overview shows."""

    due_now: int = 0
    overdue: int = 0
    dormant_series: int = 0
    dormant_figures: int = 0  # how many figures the dormant series owe between them

    @property
    def count(self) -> int:
        """How many figures are owed, the dormant series' included."""
        return self.due_now + self.overdue + self.dormant_figures

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def summary(self) -> str:
        """In words, for the page, the email and the overview: "6 figures to submit: 1 due
        now, 3 overdue and 2 in a series not updated for more than a year"."""
        if not self:
            return "nothing is due"
        parts = []  # a group with nothing in it goes unsaid
        if self.due_now:
            parts.append(f"{self.due_now} due now")
        if self.overdue:
            parts.append(f"{self.overdue} overdue")
        if self.dormant_series:
            series = "a series" if self.dormant_series == 1 else "series"
            parts.append(f"{self.dormant_figures} in {series} not updated for more than a year")
        listed = parts[-1] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        return f"{_figures(self.count)} to submit: {listed}"


@dataclass(frozen=True)
class FiguresToSubmit:
    due_now: list[DueItem] = field(default_factory=list)  # soonest due first
    overdue: list[DueItem] = field(default_factory=list)  # longest overdue first
    dormant: list[DormantSeries] = field(default_factory=list)  # longest silent first
    no_data: list = field(default_factory=list)  # indicators never given a figure

    @property
    def counts(self) -> FigureCounts:
        return FigureCounts(len(self.due_now), len(self.overdue), len(self.dormant),
                            sum(series.count for series in self.dormant))

    @property
    def dormant_count(self) -> int:
        """How many figures the dormant series owe between them."""
        return self.counts.dormant_figures

    @property
    def count(self) -> int:
        """How many figures are owed, the dormant series' included."""
        return self.counts.count

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def summary(self) -> str:
        return self.counts.summary


def _figures(count: int) -> str:
    return f"{count} figure{'' if count == 1 else 's'}"


def _by_due_date(item: DueItem) -> tuple:
    return (item.due, item.indicator.code, item.period.start)


def _owed(indicator, latest: str, today: date) -> tuple[list[DueItem], DormantSeries | None]:
    """What an indicator whose latest figure is for `latest` (a period key, not empty) owes
    today: the figures to list, oldest first, or else the dormant series it has become."""
    first = next_due(indicator, latest)
    if first.period.end >= today:
        return [], None
    if today - first.due > DORMANT_AFTER:  # counted, never listed: it may be decades
        return [], DormantSeries(indicator, Period.from_key(latest), first,
                                 _ended_count(first.period, today))
    return outstanding(indicator, latest, today), None


def figures_to_submit(indicators, today: date | None = None) -> FiguresToSubmit:
    """What is owed for these indicators, in the groups people see (module docstring).

    Reads only each indicator's stored status: select or prefetch "status" so a page of
    many indicators costs one query (or give a query to `figures_to_submit_in`).
    """
    return _figures_owed(((indicator, indicator.current_status.submitted_period)
                          for indicator in indicators), today or date.today())


@dataclass(frozen=True, slots=True)
class IndicatorOwing:
    """What the lists of figures to submit show of an indicator, and its due days."""

    code: str
    title: str
    due_days: int


def figures_to_submit_in(indicators, today: date | None = None) -> FiguresToSubmit:
    """`figures_to_submit` for a query of indicators, read as plain values (IndicatorOwing):
    building 500 indicators and their statuses as model objects took most of a page."""
    rows = indicators.order_by().values_list("code", "title", "due_days",
                                             "status__submitted_period")
    return _figures_owed(((IndicatorOwing(code, title, due_days), latest or "")
                          for code, title, due_days, latest in rows), today or date.today())


def _figures_owed(owing, today: date) -> FiguresToSubmit:
    """`figures_to_submit` of (indicator, its submitted period) pairs."""
    found = FiguresToSubmit()
    # Indicators alike in due days and latest period owe alike: hundreds of indicators are
    # of a handful of kinds, each worked out once.
    by_kind: dict[tuple, tuple[list[DueItem], DormantSeries | None]] = {}
    for indicator, latest in owing:
        if not latest:
            found.no_data.append(indicator)
            continue
        kind = (indicator.due_days, latest)
        if kind not in by_kind:
            by_kind[kind] = _owed(DueDays(indicator.due_days), latest, today)
        items, dormant = by_kind[kind]
        if dormant is not None:
            found.dormant.append(replace(dormant, indicator=indicator,
                                         first=replace(dormant.first, indicator=indicator)))
        for item in items:
            (found.overdue if item.due < today else found.due_now).append(
                DueItem(indicator, item.period, item.due))
    found.due_now.sort(key=_by_due_date)
    found.overdue.sort(key=_by_due_date)
    found.dormant.sort(key=lambda series: _by_due_date(series.first))
    found.no_data.sort(key=lambda indicator: indicator.code)
    return found


def count_figures_to_submit(indicators, today: date | None = None) -> FigureCounts:
    """The counts of `figures_to_submit` for a query of indicators, worked out once for each
    kind of series (its due days and latest period: a handful) rather than for each
    indicator, as the overview shows only the numbers."""
    today = today or date.today()
    due_now = overdue = dormant_series = dormant_figures = 0
    kinds = (indicators.order_by().values("due_days", "status__submitted_period")
             .annotate(alike=Count("pk"))
             .values_list("due_days", "status__submitted_period", "alike"))
    for due_days, latest, alike in kinds:
        if not latest:
            continue
        items, dormant = _owed(DueDays(due_days), latest, today)
        if dormant is not None:
            dormant_series += alike
            dormant_figures += alike * dormant.count
        due = sum(item.due < today for item in items)
        overdue += alike * due
        due_now += alike * (len(items) - due)
    return FigureCounts(due_now, overdue, dormant_series, dormant_figures)
