"""When things happen in a meeting series, as plain functions of dates (no queries): the
next meeting's date from the cadence, the data it looks at, and when its briefing memo is
due. The meeting pages and the services both read them, so the defaults are made one way."""

import calendar
import datetime

from pif.reviews.models import Cadence

DEFAULT_TIME = datetime.time(10, 0)
FIRST_MEETING_AFTER_DAYS = 14  # with no meeting before, the first is two weeks ahead
QUARTER_END_MONTHS = (3, 6, 9, 12)


MIN_YEAR, MAX_YEAR = 1900, 2100  # meetings are dated within these years (as actions are)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same weekday in the same week of the month, `months` later: the second Thursday
    stays the second Thursday. A fifth weekday becomes the last one of a month without a
    fifth (the fifth Tuesday, 29 February 2028, and one month is Tuesday 28 March)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    week = (day.day - 1) // 7  # 0 for the first such weekday of the month
    first_weekday, length = calendar.monthrange(year, month)
    first = 1 + (day.weekday() - first_weekday) % 7
    found = first + 7 * week
    return datetime.date(year, month, found if found <= length else found - 7)


def next_date(cadence: str, last: datetime.date | None, today: datetime.date
              ) -> datetime.date:
    """The date of the next meeting: one cadence after the last one, or two weeks from
    today for a series with no meeting yet (or whose last meeting is dated beyond the years
    PIF allows, as an old row may be)."""
    if last is None or not MIN_YEAR <= last.year <= MAX_YEAR:
        return today + datetime.timedelta(days=FIRST_MEETING_AFTER_DAYS)
    if cadence == Cadence.WEEKLY:
        return last + datetime.timedelta(days=7)
    if cadence == Cadence.FORTNIGHTLY:
        return last + datetime.timedelta(days=14)
    return add_months(last, 3 if cadence == Cadence.QUARTERLY else 1)


def data_to(cadence: str, meeting_day: datetime.date) -> datetime.date | None:
    """The end of the last complete month before the meeting (of the last complete quarter
    for a quarterly series): the period the meeting's pack looks at. None for a day outside
    the years PIF allows, where there may be no month before."""
    if not MIN_YEAR <= meeting_day.year <= MAX_YEAR:
        return None
    month_end = meeting_day.replace(day=1) - datetime.timedelta(days=1)
    if cadence != Cadence.QUARTERLY:
        return month_end
    while month_end.month not in QUARTER_END_MONTHS:
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    return month_end


def briefing_due(starts_at: datetime.datetime, hours_before: int) -> datetime.datetime:
    return starts_at - datetime.timedelta(hours=hours_before)


def follow_up_due(starts_at: datetime.datetime, days_after: int) -> datetime.datetime:
    return starts_at + datetime.timedelta(days=days_after)
