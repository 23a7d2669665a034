"""Periods for the measures demo: the latest period due by a date, and parsing data files."""

from datetime import date, timedelta

from pif.lib.periods import Period
from pif.measures.demo.common import Frequency

# How long after a period ends its figure is normally in, for the latest illustrative period.
_LAG_DAYS = {Frequency.MONTHLY: 10, Frequency.QUARTERLY: 30, Frequency.FINANCIAL_YEAR: 120}


# --- periods -------------------------------------------------------------------------------

def _period_containing(frequency: str, day: date) -> Period:
    financial_year = Period.financial_year_containing(day)
    if frequency == Frequency.MONTHLY:
        return Period.month(day.year, day.month)
    if frequency == Frequency.QUARTERLY:
        return Period.financial_quarter(financial_year.start.year,
                                        (day.month - 4) % 12 // 3 + 1)
    return financial_year


def latest_period(frequency: str, today: date) -> Period:
    """The latest period whose figure a partnership would normally have by `today`."""
    period = _period_containing(frequency, today)
    while period.end + timedelta(days=_LAG_DAYS[frequency]) > today:
        period = period.previous()
    return period


def _periods_ending(last: Period, count: int) -> list[Period]:
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def _month(text: str) -> Period:
    text = text.strip().strip('"')
    return Period.month(int(text[:4]), int(text[4:6]))
