"""Reading a period as written: :func:`parse_period`, which checks it fits the frequency."""

from __future__ import annotations

from datetime import date

from .constants import _FREQUENCY_PHRASES, _KIND_PHRASES, _KINDS_FOR_FREQUENCY, FREQUENCIES
from .errors import PeriodError
from .period import Period
from .reader import _Reader


def parse_period(
    value: str | int | float | date,
    *,
    frequency: str | None = None,
    week_ending_weekday: int | None = 6,
) -> Period:
    """Read a period written in any of the usual UK public-sector forms.

    ``value`` may be text, a ``date``/``datetime`` (as openpyxl gives for date
    cells) or an Excel serial date number. Whole numbers of four digits are
    read as years, of six digits as YYYYMM months and of eight as YYYYMMDD
    dates (as Public Health Scotland writes them), because a year column
    holds 2019 far more often than Excel's serial date for 11 July 1905.

    ``frequency`` (one of :data:`FREQUENCIES`, or None) settles ambiguous
    forms and, when given, the result must be of that frequency:

    * a pair of years runs from April of the first to March of the last:
      "2019-20" and "2019/20" are financial years (academic years when the
      frequency is "academic_year") and "2016-19" is the financial years
      2016/17 to 2018/19, as the LGBF writes a three-year aggregate. With
      "multi_year" a pair is whole calendar years ("2010-14" is 2010 to
      2014, and "2011-12" the two years 2011 and 2012); with "monthly",
      "2011-12" is December 2011;
    * councils also write "19/20" and "Q1 19/20": a two-digit first year is
      2000 to 2068 for 00 to 68 and 1969 to 1999 for 69 to 99, as POSIX
      strptime reads "%y", and the second year must follow it ("99/00" is
      1999/2000). "01/02" to "12/13" could also be a month and year, so
      they are refused as ambiguous unless the frequency is yearly;
    * a date is a day, but with "weekly" it is the week ending on that date
      and with "monthly", "quarterly", "calendar_quarter", "financial_year"
      or "academic_year" it must be the first or last day of such a period;
    * "Q1 2020" is a calendar quarter only with "calendar_quarter": without
      it, it could equally be a financial quarter, so it is rejected;
    * a plain "2019" is a calendar year, and is rejected with
      "financial_year" or "academic_year" rather than guessing which of
      2018/19 and 2019/20 was meant.

    ``week_ending_weekday`` (Monday 0 to Sunday 6, or None for any) is the day
    weeks must end on; a week-ending date on another day is rejected, because
    quietly moving it would shift the data by up to a week.
    """
    if frequency is not None and frequency not in FREQUENCIES:
        raise PeriodError(
            f"'{frequency}' is not a frequency: use one of {', '.join(FREQUENCIES)}, or None"
        )
    if week_ending_weekday is not None and week_ending_weekday not in range(7):
        raise PeriodError(
            f"{week_ending_weekday!r} is not a weekday: use 0 (Monday) to 6 (Sunday), or None"
        )
    reader = _Reader(frequency, week_ending_weekday)
    period, shown = reader.read(value)
    if frequency is not None and period.kind not in _KINDS_FOR_FREQUENCY[frequency]:
        raise PeriodError(
            f"'{shown}' is {_KIND_PHRASES[period.kind]}, "
            f"but this data is {_FREQUENCY_PHRASES[frequency]}"
        )
    return period
