"""Reporting periods as UK public bodies write them.

A :class:`Period` is a kind (month, financial year, ...) with the first and
last day it covers. Periods have a British ``label`` for people and a stable
``key`` for the database, and can be stepped through with ``next()`` and
``previous()``.

:func:`parse_period` reads the many ways spreadsheets write a period. Some
forms are ambiguous on their own, so the optional ``frequency`` says what the
data is expected to hold. Two rules follow from it:

* it settles ambiguous cases: "2011-12" is a financial year, but December
  2011 when the data is monthly; an ISO date is a day, but the week ending on
  it when the data is weekly;
* when given, the period read must be of that frequency, so a "2019/20" total
  row in monthly data is rejected rather than stored as if it were a month.

Every problem raises :class:`PeriodError`, whose message quotes what was
written and says what was wrong, because it is shown to the person importing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, total_ordering

__all__ = [
    "FREQUENCIES",
    "KINDS",
    "Period",
    "PeriodError",
    "financial_year_label",
    "format_long_date",
    "parse_period",
    "periods_between",
]


class PeriodError(ValueError):
    """A period could not be read or built; the message is fit to show to users."""


#: Every kind of period, in the order used to break ties when sorting
#: periods that cover exactly the same days.
KINDS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "calendar_quarter",
    "financial_year",
    "academic_year",
    "calendar_year",
    "multi_year",
)

#: Values accepted for ``parse_period(frequency=...)``.
FREQUENCIES: tuple[str, ...] = (
    "weekly",
    "monthly",
    "quarterly",
    "calendar_quarter",
    "annual",
    "financial_year",
    "academic_year",
    "multi_year",
)

# Written out rather than taken from the calendar module, whose names follow
# the server's locale.
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

_FINANCIAL_YEAR_START_MONTH = 4
_ACADEMIC_YEAR_START_MONTH = 8

_KIND_PHRASES = {
    "day": "a day",
    "week": "a week",
    "month": "a month",
    "quarter": "a financial quarter",
    "calendar_quarter": "a calendar quarter",
    "financial_year": "a financial year",
    "academic_year": "an academic year",
    "calendar_year": "a calendar year",
    "multi_year": "a span of years",
}

_FREQUENCY_PHRASES = {
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly (financial quarters, Q1 is April to June)",
    "calendar_quarter": "in calendar quarters",
    "annual": "annual",
    "financial_year": "by financial year",
    "academic_year": "by academic year",
    "multi_year": "for spans of years",
}

_DATA_PHRASES = {
    "monthly": "monthly data",
    "quarterly": "quarterly data",
    "calendar_quarter": "data in calendar quarters",
    "financial_year": "data by financial year",
    "academic_year": "data by academic year",
    "multi_year": "data for spans of years",
}

_KINDS_FOR_FREQUENCY = {
    "weekly": {"week"},
    "monthly": {"month"},
    "quarterly": {"quarter"},
    "calendar_quarter": {"calendar_quarter"},
    "annual": {"calendar_year", "financial_year", "academic_year"},
    "financial_year": {"financial_year"},
    "academic_year": {"academic_year"},
    "multi_year": {"multi_year"},
}

_EXAMPLES = {
    None: (
        "2019/20, Q1 2020/21, April 2019, 2019-04, 201907, 7 July 2019, "
        "07/07/2019, Week ending 7 July 2019, 2019 or 2010-2014"
    ),
    "weekly": "Week ending 7 July 2019, w/e 07/07/2019, 2019-07-07 or 07/07/2019",
    "monthly": "April 2019, Apr-19, 2019-04, 201904, 2019M04, 04/2019 or 01/04/2019",
    "quarterly": "Q1 2020/21, 2020/21 Q1 or April to June 2020",
    "calendar_quarter": "Q1 2020, 2020 Q1 or January to March 2020",
    "annual": "2019, 2019/20 or 2019-20",
    "financial_year": "2019/20, 2019-20, 2019/2020 or FY 2019/20",
    "academic_year": "2019/20, 2019-20, 2019/2020 or Academic year 2019/20",
    "multi_year": "2010-14, 2010-2014 or 2016-17",
}


# --- small date helpers -----------------------------------------------------


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


# --- the Period type --------------------------------------------------------


def _financial_year_of(d: date) -> int:
    return d.year if d.month >= _FINANCIAL_YEAR_START_MONTH else d.year - 1


def _end_for_start(kind: str, start: date) -> date | None:
    """The last day of the period of ``kind`` beginning on ``start``, or None if none can.

    Multi-year spans have no single end, so they are checked separately.
    """
    if kind == "day":
        return start
    if kind == "week":
        return _add_days(start, 6)
    if start.day != 1:
        return None
    if kind == "month":
        return _last_day_of_month(start.year, start.month)
    if kind in ("quarter", "calendar_quarter"):
        # Financial and calendar quarters cover the same months; only their numbering differs.
        if start.month not in (1, 4, 7, 10):
            return None
        return _last_day_of_month(*_add_months(start.year, start.month, 2))
    year_start_month = {
        "financial_year": _FINANCIAL_YEAR_START_MONTH,
        "academic_year": _ACADEMIC_YEAR_START_MONTH,
        "calendar_year": 1,
    }[kind]
    if start.month != year_start_month:
        return None
    return _last_day_of_month(*_add_months(start.year, start.month, 11))


_MONTHS_LONG = {
    "month": 1,
    "quarter": 3,
    "calendar_quarter": 3,
    "financial_year": 12,
    "academic_year": 12,
    "calendar_year": 12,
}


@total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period: its kind and the first and last day it covers (inclusive).

    Build one with the class methods (``Period.month(2019, 4)``), from a key
    (``Period.from_key("M2019-04")``) or with :func:`parse_period`. Periods
    sort by start, then end, then kind.
    """

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(
                f"'{self.kind}' is not a kind of period: use one of {', '.join(KINDS)}"
            )
        for name in ("start", "end"):
            value = getattr(self, name)
            # datetime is a subclass of date but cannot be compared with one.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise PeriodError(f"The {name} of a period must be a date, not {value!r}")
        if self.kind == "multi_year":
            problem = self._multi_year_problem()
        else:
            expected_end = _end_for_start(self.kind, self.start)
            if expected_end is None:
                problem = f"no {self.kind.replace('_', ' ')} starts on that day"
            elif expected_end != self.end:
                problem = f"one starting then ends on {format_long_date(expected_end)}"
            else:
                problem = None
        if problem:
            raise PeriodError(
                f"{format_long_date(self.start)} to {format_long_date(self.end)} is not "
                f"{_KIND_PHRASES[self.kind]}: {problem}"
            )

    def _multi_year_problem(self) -> str | None:
        if (self.start.month, self.start.day) != (1, 1):
            return "a span of years starts on 1 January"
        if (self.end.month, self.end.day) != (12, 31):
            return "a span of years ends on 31 December"
        if self.end.year <= self.start.year:
            return "a span of years must cover more than one year"
        return None

    # -- constructors --

    @classmethod
    def day(cls, d: date) -> Period:
        """The single day ``d``."""
        if isinstance(d, datetime):
            d = d.date()
        return cls("day", d, d)

    @classmethod
    def week_ending(cls, end: date) -> Period:
        """The seven days ending on ``end``; any weekday may end a week."""
        if isinstance(end, datetime):
            end = end.date()
        return cls("week", _add_days(end, -6), end)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month, such as April 2019."""
        start = _make_date(year, month, 1)
        return cls("month", start, _last_day_of_month(year, month))

    @classmethod
    def financial_quarter(cls, financial_year: int, quarter: int) -> Period:
        """Quarter 1 to 4 of the financial year starting in April of ``financial_year``."""
        if quarter not in (1, 2, 3, 4):
            raise PeriodError(f"There is no quarter {quarter}: quarters are numbered 1 to 4")
        year, month = _add_months(financial_year, _FINANCIAL_YEAR_START_MONTH, 3 * (quarter - 1))
        start = _make_date(year, month, 1)
        return cls("quarter", start, _last_day_of_month(*_add_months(year, month, 2)))

    @classmethod
    def calendar_quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1 to 4 of a calendar year; quarter 1 is January to March."""
        if quarter not in (1, 2, 3, 4):
            raise PeriodError(f"There is no quarter {quarter}: quarters are numbered 1 to 4")
        start = _make_date(year, 3 * quarter - 2, 1)
        return cls("calendar_quarter", start, _last_day_of_month(year, 3 * quarter))

    @classmethod
    def financial_year(cls, first_year: int) -> Period:
        """April of ``first_year`` to March of the next: 2019 gives 2019/20."""
        return cls(
            "financial_year", _make_date(first_year, 4, 1), _make_date(first_year + 1, 3, 31)
        )

    @classmethod
    def academic_year(cls, first_year: int) -> Period:
        """August of ``first_year`` to July of the next."""
        return cls("academic_year", _make_date(first_year, 8, 1), _make_date(first_year + 1, 7, 31))

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        """January to December of ``year``."""
        return cls("calendar_year", _make_date(year, 1, 1), _make_date(year, 12, 31))

    @classmethod
    def multi_year(cls, first_year: int, last_year: int) -> Period:
        """Whole calendar years from ``first_year`` to ``last_year``, such as 2010-2014."""
        return cls("multi_year", _make_date(first_year, 1, 1), _make_date(last_year, 12, 31))

    @classmethod
    def from_key(cls, key: str) -> Period:
        """Rebuild a period from its :attr:`key`."""
        text = key.strip() if isinstance(key, str) else ""
        for pattern, build in _KEY_READERS:
            match = pattern.fullmatch(text)
            if match:
                return build(*(int(group) for group in match.groups()))
        raise PeriodError(
            f"'{key}' is not a period key: expected a form such as FY2019, FQ2020-1, "
            "M2019-04, CQ2019-1, CY2019, AY2019, MY2010-2014, W2019-07-07 or D2019-07-07"
        )

    # -- presentation --

    @property
    def label(self) -> str:
        """The British label for people, such as "2019/20" or "Q1 2020/21".

        Every label reads back through :func:`parse_period` to the same period
        (weeks need ``week_ending_weekday`` to allow the day they end on).
        """
        start, end = self.start, self.end
        match self.kind:
            case "day":
                return format_long_date(start)
            case "week":
                return f"Week ending {format_long_date(end)}"
            case "month":
                return f"{MONTH_NAMES[start.month - 1]} {start.year}"
            case "quarter":
                financial_year = _year_pair_label(_financial_year_of(start))
                return f"Q{self._financial_quarter_number} {financial_year}"
            case "calendar_quarter":
                # "Q1 2019" would be ambiguous with financial quarters, so name the months.
                return (
                    f"{MONTH_NAMES[start.month - 1]} to {MONTH_NAMES[end.month - 1]} {start.year}"
                )
            case "financial_year":
                return _year_pair_label(start.year)
            case "academic_year":
                # A bare "2019/20" reads as a financial year, so say which year this is.
                return f"Academic year {_year_pair_label(start.year)}"
            case "calendar_year":
                return str(start.year)
            case _:
                if end.year == start.year + 1:
                    # A bare "2019-2020" reads as a financial year.
                    return f"Calendar years {start.year}-{end.year}"
                return f"{start.year}-{end.year}"

    @cached_property
    def key(self) -> str:
        """A stable machine string for storage; keys of one kind sort in time order.

        Cached: imports ask for it several times per row, for hundreds of thousands of rows.
        """
        start, end = self.start, self.end
        match self.kind:
            case "day":
                return f"D{start.isoformat()}"
            case "week":
                return f"W{end.isoformat()}"
            case "month":
                return f"M{start.year:04d}-{start.month:02d}"
            case "quarter":
                return f"FQ{_financial_year_of(start):04d}-{self._financial_quarter_number}"
            case "calendar_quarter":
                return f"CQ{start.year:04d}-{(start.month + 2) // 3}"
            case "financial_year":
                return f"FY{start.year:04d}"
            case "academic_year":
                return f"AY{start.year:04d}"
            case "calendar_year":
                return f"CY{start.year:04d}"
            case _:
                return f"MY{start.year:04d}-{end.year:04d}"

    @property
    def _financial_quarter_number(self) -> int:
        return (self.start.month - _FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1

    def __str__(self) -> str:
        return self.label

    # -- ordering and stepping --

    def _sort_key(self) -> tuple[date, date, int]:
        return (self.start, self.end, KINDS.index(self.kind))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def next(self) -> Period:
        """The period of the same kind and length that follows this one."""
        return self._shifted(1)

    def previous(self) -> Period:
        """The period of the same kind and length that comes before this one."""
        return self._shifted(-1)

    def _shifted(self, steps: int) -> Period:
        if self.kind == "day":
            return Period.day(_add_days(self.start, steps))
        if self.kind == "week":
            return Period.week_ending(_add_days(self.end, 7 * steps))
        if self.kind == "multi_year":
            span = self.end.year - self.start.year + 1
            first = self.start.year + span * steps
            return Period.multi_year(first, first + span - 1)
        year, month = _add_months(
            self.start.year, self.start.month, _MONTHS_LONG[self.kind] * steps
        )
        start = _make_date(year, month, 1)
        end = _end_for_start(self.kind, start)
        assert end is not None  # stepping whole periods keeps the start aligned
        return Period(self.kind, start, end)


def _key_date(year: int, month: int, day: int) -> date:
    return _make_date(year, month, day)


_KEY_READERS = [
    (re.compile(r"D(\d{4})-(\d{2})-(\d{2})"), lambda y, m, d: Period.day(_key_date(y, m, d))),
    (
        re.compile(r"W(\d{4})-(\d{2})-(\d{2})"),
        lambda y, m, d: Period.week_ending(_key_date(y, m, d)),
    ),
    (re.compile(r"M(\d{4})-(\d{2})"), Period.month),
    (re.compile(r"FQ(\d{4})-([1-4])"), Period.financial_quarter),
    (re.compile(r"CQ(\d{4})-([1-4])"), Period.calendar_quarter),
    (re.compile(r"FY(\d{4})"), Period.financial_year),
    (re.compile(r"AY(\d{4})"), Period.academic_year),
    (re.compile(r"CY(\d{4})"), Period.calendar_year),
    (re.compile(r"MY(\d{4})-(\d{4})"), Period.multi_year),
]


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive, stepping with ``next()``.

    Both must be of the same kind and in the same series (weeks ending on the
    same weekday, spans of the same length lined up with each other).
    """
    if first.kind != last.kind:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: the first is "
            f"{_KIND_PHRASES[first.kind]} and the last is {_KIND_PHRASES[last.kind]}"
        )
    if last < first:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: "
            "the first comes after the last"
        )
    periods = []
    current = first
    while current.start < last.start:
        periods.append(current)
        current = current.next()
    if current != last:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: stepping on from "
            f"{first.label} passes {current.label} and never reaches {last.label}"
        )
    periods.append(last)
    return periods


# --- reading periods --------------------------------------------------------

_MONTH_SPELLINGS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_SPELLINGS[_name.lower()] = _number
    _MONTH_SPELLINGS[_name[:3].lower()] = _number
_MONTH_SPELLINGS["sept"] = 9  # common in UK public-sector data

_MONTH = "(?:" + "|".join(sorted(_MONTH_SPELLINGS, key=len, reverse=True)) + r")\.?"
_YEAR_PAIR = r"(?P<first>\d{4})(?P<sep> ?[/-] ?| to )(?P<second>\d{4}|\d{2})"
_QUARTER = r"(?:q|quarter ?)(?P<quarter>[1-4])"


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


_WEEK_ENDING = _pattern(
    r"(?:week ending|week end|wk ending|w/ending|w/e|w\.e\.?) ?:? ?(?P<rest>.+)"
)
_WEEK_COMMENCING = _pattern(
    r"(?:week commencing|week beginning|week starting|wk commencing|w/c|w/b) ?:? ?(?P<rest>.+)"
)
_FINANCIAL_YEAR_PREFIXED = _pattern(r"(?:fy|financial year|fin year|f/y) ?:? ?" + _YEAR_PAIR)
_ACADEMIC_YEAR_PREFIXED = _pattern(r"(?:ay|academic year) ?:? ?" + _YEAR_PAIR)
_FINANCIAL_QUARTERS = [
    _pattern(_QUARTER + r",? ?" + _YEAR_PAIR),
    _pattern(_YEAR_PAIR + r",? ?" + _QUARTER),
]
_CALENDAR_QUARTERS = [
    _pattern(_QUARTER + r",? ?(?P<year>\d{4})"),
    _pattern(r"(?P<year>\d{4}),? ?-?" + _QUARTER),
]
_MONTH_RANGE = _pattern(
    rf"(?P<first_month>{_MONTH}) ?(?:to|-) ?(?P<last_month>{_MONTH}),? (?P<year>\d{{4}})"
)
_YEAR_PAIR_ALONE = _pattern(r"(?P<years_prefix>calendar years |years )?" + _YEAR_PAIR)
_MONTH_YEAR = [
    _pattern(rf"(?P<month>{_MONTH})[ \-/.,']*(?P<year>\d{{4}}|\d{{2}})"),
    _pattern(rf"(?P<year>\d{{4}})[ \-/]?(?P<month>{_MONTH})"),
]
_NUMERIC_MONTHS = [
    _pattern(r"(?P<year>\d{4})(?P<month>\d{2})"),  # 201907, as in NHS England files
    _pattern(r"(?P<year>\d{4}) ?m ?(?P<month>\d{1,2})"),  # 2019M07, as in ONS files
    _pattern(r"(?P<month>\d{1,2})/(?P<year>\d{4})"),  # 07/2019
]
_ISO_DATE = _pattern(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?"
)
_UK_NUMERIC_DATE = _pattern(
    r"(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?: 00:00(?::00)?)?"
)
_WORDED_DATE = _pattern(
    rf"(?:(?P<weekday>{'|'.join(WEEKDAY_NAMES)}|mon|tue|wed|thu|fri|sat|sun),? )?"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \-](?P<month>{_MONTH})[ \-,]+(?P<year>\d{{4}}|\d{{2}})"
)
_CALENDAR_YEAR = _pattern(r"(?:cy ?|calendar year )?(?P<year>\d{4})")


def _month_number(word: str) -> int:
    return _MONTH_SPELLINGS[word.rstrip(".").lower()]


def _year_from(text: str) -> int:
    return _two_digit_year(int(text)) if len(text) == 2 else int(text)


def _normalise(text: str) -> str:
    """Tidy the spacing and dashes that spreadsheets and word processors introduce."""
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return " ".join(text.split())  # also removes non-breaking spaces


def parse_period(
    value: str | int | float | date,
    *,
    frequency: str | None = None,
    week_ending_weekday: int | None = 6,
) -> Period:
    """Read a period written in any of the usual UK public-sector forms.

    ``value`` may be text, a ``date``/``datetime`` (as openpyxl gives for date
    cells) or an Excel serial date number. Whole numbers of four digits are
    read as years and of six digits as YYYYMM months, because a year column
    holds 2019 far more often than Excel's serial date for 11 July 1905.

    ``frequency`` (one of :data:`FREQUENCIES`, or None) settles ambiguous
    forms and, when given, the result must be of that frequency:

    * "2019-20" and "2019/20" are financial years, or academic years when
      the frequency is "academic_year"; "2011-12" is December 2011 when it
      is "monthly", and the two years 2011 and 2012 when it is "multi_year";
      spans like "2010-14" are several calendar years;
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


@dataclass(frozen=True)
class _Reader:
    frequency: str | None
    week_ending_weekday: int | None

    def read(self, value: object) -> tuple[Period, str]:
        """Return the period and the text to quote if it turns out to be the wrong kind."""
        if isinstance(value, bool):
            raise PeriodError(f"'{value}' is not a period")
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            shown = value.isoformat()
            return self._for_date(value, shown), shown
        if isinstance(value, (int, float)):
            return self._from_number(value)
        if isinstance(value, str):
            text = _normalise(value)
            if not text:
                raise PeriodError(
                    "The period is blank: write one such as " + _EXAMPLES[self.frequency]
                )
            return self._from_text(text), text
        raise PeriodError(
            f"{value!r} is not a period: expected text, a date or an Excel date number"
        )

    # -- numbers --

    def _from_number(self, number: int | float) -> tuple[Period, str]:
        shown = str(number)
        if not math.isfinite(number):
            raise PeriodError(f"'{shown}' is not a period")
        if number == int(number) and (1000 <= number <= 9999 or 100000 <= number <= 999999):
            text = str(int(number))
            return self._from_text(text), text
        return self._for_date(_excel_serial_to_date(number), shown), shown

    # -- dates --

    def _for_date(self, d: date, shown: str) -> Period:
        frequency = self.frequency
        if frequency is None:
            return Period.day(d)
        if frequency == "weekly":
            return self._week_ending(d, shown)
        if frequency == "annual":
            raise PeriodError(
                f"'{shown}' is a date, but this data is annual: write the year, "
                "such as 2019 or 2019/20"
            )
        if frequency == "multi_year":
            raise PeriodError(
                f"'{shown}' is a date, but this data is for spans of years: write the "
                "years, such as 2010-14"
            )
        kind = {
            "monthly": "month",
            "quarterly": "quarter",
            "calendar_quarter": "calendar_quarter",
            "financial_year": "financial_year",
            "academic_year": "academic_year",
        }[frequency]
        period = _containing(kind, d)
        # Files often date a period by its first or last day; any other day
        # suggests daily data or a mistake, so we do not guess.
        if d not in (period.start, period.end):
            raise PeriodError(
                f"'{shown}' is not {_KIND_PHRASES[kind]}: in {_DATA_PHRASES[frequency]}, "
                "a date must be the first or last day "
                f"({format_long_date(period.start)} or {format_long_date(period.end)}), "
                f"or write {period.label}"
            )
        return period

    def _week_ending(self, end: date, shown: str) -> Period:
        weekday = self.week_ending_weekday
        if weekday is not None and end.weekday() != weekday:
            raise PeriodError(
                f"'{shown}' cannot end a week: {format_long_date(end)} is a "
                f"{WEEKDAY_NAMES[end.weekday()]}, and weeks here end on a {WEEKDAY_NAMES[weekday]}"
            )
        return Period.week_ending(end)

    def _week_commencing(self, start: date, shown: str) -> Period:
        weekday = self.week_ending_weekday
        if weekday is not None and start.weekday() != (weekday + 1) % 7:
            raise PeriodError(
                f"'{shown}' cannot start a week: {format_long_date(start)} is a "
                f"{WEEKDAY_NAMES[start.weekday()]}, and weeks here start on a "
                f"{WEEKDAY_NAMES[(weekday + 1) % 7]}"
            )
        return Period.week_ending(_add_days(start, 6))

    # -- text --

    def _from_text(self, text: str) -> Period:
        for read in (
            self._week_form,
            self._prefixed_year_pair,
            self._financial_quarter,
            self._calendar_quarter,
            self._month_range,
            self._year_pair,
            self._month,
            self._date,
            self._calendar_year,
        ):
            period = read(text)
            if period is not None:
                return period
        raise PeriodError(
            f"'{text}' is not a period we recognise: write it like one of these: "
            + _EXAMPLES[self.frequency]
        )

    def _week_form(self, text: str) -> Period | None:
        for pattern, build in (
            (_WEEK_ENDING, self._week_ending),
            (_WEEK_COMMENCING, self._week_commencing),
        ):
            match = pattern.fullmatch(text)
            if match:
                d = _read_date(match["rest"])
                if d is None:
                    raise PeriodError(
                        f"'{text}' is not a week: '{match['rest']}' is not a date "
                        "such as 7 July 2019 or 07/07/2019"
                    )
                return build(d, text)
        return None

    def _prefixed_year_pair(self, text: str) -> Period | None:
        for pattern, kind in (
            (_FINANCIAL_YEAR_PREFIXED, "financial_year"),
            (_ACADEMIC_YEAR_PREFIXED, "academic_year"),
        ):
            match = pattern.fullmatch(text)
            if match:
                first = _consecutive_years(text, match, kind)
                build = Period.financial_year if kind == "financial_year" else Period.academic_year
                return build(first)
        return None

    def _financial_quarter(self, text: str) -> Period | None:
        for pattern in _FINANCIAL_QUARTERS:
            match = pattern.fullmatch(text)
            if match:
                first = _consecutive_years(text, match, "quarter")
                return Period.financial_quarter(first, int(match["quarter"]))
        return None

    def _calendar_quarter(self, text: str) -> Period | None:
        for pattern in _CALENDAR_QUARTERS:
            match = pattern.fullmatch(text)
            if match:
                year, quarter = int(match["year"]), int(match["quarter"])
                if self.frequency == "calendar_quarter":
                    return Period.calendar_quarter(year, quarter)
                calendar = Period.calendar_quarter(year, quarter)
                raise PeriodError(
                    f"'{text}' is ambiguous: it could be the calendar quarter "
                    f"{calendar.label} or a financial quarter. Write '{calendar.label}', "
                    f"or a financial quarter such as 'Q{quarter} {_year_pair_label(year)}'"
                )
        return None

    def _month_range(self, text: str) -> Period | None:
        match = _MONTH_RANGE.fullmatch(text)
        if not match:
            return None
        first_month = _month_number(match["first_month"])
        last_month = _month_number(match["last_month"])
        year = int(match["year"])
        if first_month not in (1, 4, 7, 10) or last_month != first_month + 2:
            raise PeriodError(
                f"'{text}' is not a quarter: a quarter is one of January to March, "
                "April to June, July to September or October to December"
            )
        calendar = Period.calendar_quarter(year, (first_month + 2) // 3)
        if self.frequency == "quarterly":
            # Same months; quarterly data in PIF is numbered by financial quarter.
            return Period("quarter", calendar.start, calendar.end)
        return calendar

    def _year_pair(self, text: str) -> Period | None:
        match = _YEAR_PAIR_ALONE.fullmatch(text)
        if not match:
            return None
        first = int(match["first"])
        second_text = match["second"]
        last = _expand_second_year(first, second_text)
        # "2019-04" is also ISO 8601 for April 2019 when written without spaces.
        if match["years_prefix"]:
            if last <= first:
                raise PeriodError(
                    f"'{text}' is not a span of years: the last year must come after the first"
                )
            return Period.multi_year(first, last)
        could_be_month = (
            match["sep"] == "-" and len(second_text) == 2 and 1 <= int(second_text) <= 12
        )
        if could_be_month and self.frequency == "monthly":
            return Period.month(first, int(second_text))
        if self.frequency == "multi_year" and first < last <= first + 25:
            return Period.multi_year(first, last)
        if last == first + 1:
            if self.frequency == "academic_year":
                return Period.academic_year(first)
            return Period.financial_year(first)
        if could_be_month:
            if last - first > 25:
                # Nobody means "2019-04" as the 86 years from 2019 to 2104.
                return Period.month(first, int(second_text))
            if self.frequency is not None:
                # The other frequencies are about years; if a span is wrong
                # for the data, the frequency check explains.
                return Period.multi_year(first, last)
            raise PeriodError(
                f"'{text}' is ambiguous: it could be {MONTH_NAMES[int(second_text) - 1]} "
                f"{first} or the years {first} to {last}. Write "
                f"'{MONTH_NAMES[int(second_text) - 1]} {first}' or '{first}-{last}'"
            )
        if "/" in match["sep"]:
            kind = "academic_year" if self.frequency == "academic_year" else "financial_year"
            raise PeriodError(
                f"'{text}' is not {_KIND_PHRASES[kind]}: the second year must follow "
                f"the first ({_year_pair_label(first)})"
            )
        if last <= first:
            raise PeriodError(
                f"'{text}' is not a span of years: the last year must come after the first"
            )
        return Period.multi_year(first, last)

    def _month(self, text: str) -> Period | None:
        for pattern in _MONTH_YEAR:
            match = pattern.fullmatch(text)
            if match:
                return Period.month(_year_from(match["year"]), _month_number(match["month"]))
        for pattern in _NUMERIC_MONTHS:
            match = pattern.fullmatch(text)
            if match:
                month = int(match["month"])
                if not 1 <= month <= 12:
                    raise PeriodError(f"'{text}' is not a month: there is no month {month}")
                return Period.month(int(match["year"]), month)
        return None

    def _date(self, text: str) -> Period | None:
        d = _read_date(text)
        return None if d is None else self._for_date(d, text)

    def _calendar_year(self, text: str) -> Period | None:
        match = _CALENDAR_YEAR.fullmatch(text)
        if not match:
            return None
        year = int(match["year"])
        if self.frequency in ("financial_year", "academic_year"):
            starts = "April" if self.frequency == "financial_year" else "August"
            raise PeriodError(
                f"'{text}' is not {_KIND_PHRASES[self.frequency]}: write the two years it "
                f"spans, such as {_year_pair_label(year)} ({starts} {year} onwards) or "
                f"{_year_pair_label(year - 1)}"
            )
        return Period.calendar_year(year)


def _expand_second_year(first: int, second_text: str) -> int:
    """Read the second year of a pair; "2019/20" means 2020 and "1999/00" means 2000."""
    if len(second_text) == 4:
        return int(second_text)
    second = first - first % 100 + int(second_text)
    return second + 100 if second < first else second


def _consecutive_years(text: str, match: re.Match[str], kind: str) -> int:
    """The first year of a pair that must be consecutive, as in a financial year."""
    first = int(match["first"])
    if _expand_second_year(first, match["second"]) != first + 1:
        prefix = "Q" + match["quarter"] + " " if kind == "quarter" else ""
        raise PeriodError(
            f"'{text}' is not {_KIND_PHRASES[kind]}: the second year must follow the "
            f"first ({prefix}{_year_pair_label(first)})"
        )
    return first


def _read_date(text: str) -> date | None:
    """Read a date written as 2019-07-07, 07/07/2019 (day first) or 7 July 2019."""
    match = _ISO_DATE.fullmatch(text)
    if match:
        return _make_date(int(match["year"]), int(match["month"]), int(match["day"]), text)
    match = _UK_NUMERIC_DATE.fullmatch(text)
    if match:
        year = _year_from(match["year"])
        return _make_date(year, int(match["month"]), int(match["day"]), text)
    match = _WORDED_DATE.fullmatch(text)
    if match:
        year = _year_from(match["year"])
        d = _make_date(year, _month_number(match["month"]), int(match["day"]), text)
        weekday = match["weekday"]
        if weekday and not WEEKDAY_NAMES[d.weekday()].lower().startswith(weekday.lower()):
            raise PeriodError(
                f"'{text}' is not a date: {format_long_date(d)} is a {WEEKDAY_NAMES[d.weekday()]}"
            )
        return d
    return None


def _containing(kind: str, d: date) -> Period:
    """The period of ``kind`` that contains ``d`` (not for weeks or spans of years)."""
    if kind == "day":
        return Period.day(d)
    if kind == "month":
        return Period.month(d.year, d.month)
    if kind == "quarter":
        financial_year = _financial_year_of(d)
        return Period.financial_quarter(financial_year, (d.month - 4) % 12 // 3 + 1)
    if kind == "calendar_quarter":
        return Period.calendar_quarter(d.year, (d.month + 2) // 3)
    if kind == "financial_year":
        return Period.financial_year(_financial_year_of(d))
    if kind == "academic_year":
        return Period.academic_year(d.year if d.month >= _ACADEMIC_YEAR_START_MONTH else d.year - 1)
    return Period.calendar_year(d.year)


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
