"""Small date helpers: building and stepping dates, labels, and Excel serial numbers."""

from __future__ import annotations

import math
from datetime import date, timedelta

from .constants import _FINANCIAL_YEAR_START_MONTH, MONTH_NAMES
from .errors import PeriodError


def _make_date(year: int, month: int, day: int, shown: str | None = None) -> date:
    """Build a date, turning Python's terse complaints into a user-facing message."""
    where = f"'{shown}' is not a date: " if shown is not None else ""
    if not 1 <= month <= 12:
        # Text dates are usually wrong this way because they were written month first.
        hint = "; dates are read day first, as in 31/12/2019" if shown is not None else ""
        raise PeriodError(f"{where}there is no month {month}{hint}")
    if not 1 <= year <= 9999:
        raise PeriodError(f"{where}the year {year} is outside the years 1 to 9999")
    days_in_month = _last_day_of_month(year, month).day
    if not 1 <= day <= days_in_month:
        raise PeriodError(
            f"{where}{MONTH_NAMES[month - 1]} {year} has no day {day} (it has {days_in_month} days)"
        )
    return date(year, month, day)


def _last_day_of_month(year: int, month: int) -> date:
    if not 1 <= year <= 9999:
        raise PeriodError(f"The year {year} is outside the years 1 to 9999")
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise PeriodError(
            f"{format_long_date(day)} plus {days} days is outside the years 1 to 9999"
        ) from None


def _two_digit_year(yy: int) -> int:
    """Expand a two-digit year with the POSIX strptime pivot, so we agree with other tools."""
    return 1900 + yy if yy >= 69 else 2000 + yy


def _year_pair_label(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def format_long_date(d: date) -> str:
    """Write a date as GOV.UK does: "27 November 2026", with no leading zero."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def financial_year_label(d: date, start_month: int = _FINANCIAL_YEAR_START_MONTH) -> str:
    """Label the financial year containing ``d``, such as "2019/20".

    ``start_month`` is the month the year begins (April for the UK public
    sector). A year starting in January is just the calendar year, "2019".
    """
    if not isinstance(start_month, int) or not 1 <= start_month <= 12:
        raise PeriodError(f"{start_month!r} is not a month number: use 1 to 12")
    if start_month == 1:
        return str(d.year)
    first_year = d.year if d.month >= start_month else d.year - 1
    return _year_pair_label(first_year)


def _financial_year_of(d: date) -> int:
    return d.year if d.month >= _FINANCIAL_YEAR_START_MONTH else d.year - 1


# Excel counts days from 1 January 1900 as day 1, and treats 1900 as a leap
# year (a bug kept from Lotus 1-2-3), so serial 60 is 29 February 1900, a day
# that never existed, and later serials are one day ahead of a simple count.
_EXCEL_EPOCH_BEFORE_LEAP_BUG = date(1899, 12, 31)
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_LAST_SERIAL = (date(9999, 12, 31) - _EXCEL_EPOCH).days


def _excel_serial_to_date(serial: float) -> date:
    """Turn an Excel serial date number into a date, ignoring any time of day."""
    whole = math.floor(serial)
    if whole < 1 or whole > _EXCEL_LAST_SERIAL:
        raise PeriodError(
            f"'{serial}' is not an Excel date: serial numbers run from 1 (1 January 1900) "
            f"to {_EXCEL_LAST_SERIAL} (31 December 9999)"
        )
    if whole == 60:
        raise PeriodError(
            f"'{serial}' is not a date: Excel numbers it 29 February 1900, a day that never existed"
        )
    epoch = _EXCEL_EPOCH_BEFORE_LEAP_BUG if whole < 60 else _EXCEL_EPOCH
    return epoch + timedelta(days=whole)
