"""Data collection: when each period's figure is due, and what is overdue."""

from dataclasses import dataclass
from datetime import date, timedelta

from pif.lib.periods import Period


@dataclass(frozen=True)
class DueItem:
    indicator: object
    period: Period
    due: date

    @property
    def overdue(self) -> bool:
        return self.due < date.today()


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
    """Every period after the latest whose figure is due by today, oldest first."""
    today = today or date.today()
    items = []
    item = next_due(indicator, latest_period_key)
    while item is not None and item.due <= today and len(items) < 24:
        items.append(item)
        item = _due_after(indicator, item.period)
    return items
