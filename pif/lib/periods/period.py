"""The :class:`Period` type: its constructors, key, label, ordering and stepping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache, total_ordering

from .constants import (
    _ACADEMIC_YEAR_START_MONTH,
    _FINANCIAL_YEAR_START_MONTH,
    _KIND_PHRASES,
    KINDS,
    MONTH_NAMES,
)
from .dates import (
    _add_days,
    _add_months,
    _financial_year_of,
    _last_day_of_month,
    _make_date,
    _year_pair_label,
    format_long_date,
)
from .errors import PeriodError


def _end_for_start(kind: str, start: date) -> date | None:
    """The last day of the period of ``kind`` beginning on ``start``, or None if none can.

    Spans of years have no single end, so they are checked separately.
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


# Spans of whole years, and the month each of their years starts.
_SPAN_KINDS = {"multi_year": 1, "multi_financial_year": _FINANCIAL_YEAR_START_MONTH}

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
        if self.kind in _SPAN_KINDS:
            problem = self._span_problem()
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

    def _span_problem(self) -> str | None:
        span = _KIND_PHRASES[self.kind]
        first_month = _SPAN_KINDS[self.kind]
        last_month = (first_month + 10) % 12 + 1
        last_day = _last_day_of_month(2001, last_month).day  # never February, so any year
        if (self.start.month, self.start.day) != (first_month, 1):
            return f"{span} starts on 1 {MONTH_NAMES[first_month - 1]}"
        if (self.end.month, self.end.day) != (last_month, last_day):
            return f"{span} ends on {last_day} {MONTH_NAMES[last_month - 1]}"
        years_covered = self.end.year - self.start.year + (1 if first_month == 1 else 0)
        if years_covered < 2:
            return f"{span} must cover more than one year"
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
    def financial_year_containing(cls, d: date) -> Period:
        """The financial year (April to March) that ``d`` falls in."""
        return cls.financial_year(d.year if d.month >= 4 else d.year - 1)

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
    def multi_financial_year(cls, first_year: int, last_year: int) -> Period:
        """Whole financial years from the one starting in April of ``first_year`` to the one
        starting in April of ``last_year``: (2016, 2018) is 2016/17 to 2018/19, which the
        LGBF writes "2016-19"."""
        return cls("multi_financial_year", _make_date(first_year, 4, 1),
                   _make_date(last_year + 1, 3, 31))

    @classmethod
    def from_key(cls, key: str) -> Period:
        """Rebuild a period from its :attr:`key`. Periods never change, so each key's is
        built once and kept (a scorecard rebuilds the same few hundred on every request)."""
        period = _period_of_key(key.strip() if isinstance(key, str) else "")
        if period is None:
            raise PeriodError(
                f"'{key}' is not a period key: expected a form such as FY2019, FQ2020-1, "
                "M2019-04, CQ2019-1, CY2019, AY2019, MY2010-2014, MFY2016-2018, W2019-07-07 "
                "or D2019-07-07"
            )
        return period

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
            case "multi_financial_year":
                return f"{_year_pair_label(start.year)} to {_year_pair_label(end.year - 1)}"
            case _:
                # A bare "2010-2014" reads as financial years (April 2010 to March 2014).
                return f"Calendar years {start.year}-{end.year}"

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
            case "multi_financial_year":
                return f"MFY{start.year:04d}-{end.year - 1:04d}"
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
        """The period of the same kind and length that follows this one.

        A span of years rolls on by one year (2010-2014, then 2011-2015), as rolling
        averages are published, so spans overlap.
        """
        return self.shift(1)

    def previous(self) -> Period:
        """The period of the same kind and length that comes before this one."""
        return self.shift(-1)

    def shift(self, steps: int) -> Period:
        """The period ``steps`` after this one (before it if negative), as ``next()`` steps.
        Kept like keys' periods: pages of what is due step through the same periods."""
        return _shifted(self, steps)

    def _shift(self, steps: int) -> Period:
        if self.kind == "day":
            return Period.day(_add_days(self.start, steps))
        if self.kind == "week":
            return Period.week_ending(_add_days(self.end, 7 * steps))
        if self.kind in _SPAN_KINDS:
            start = _make_date(self.start.year + steps, self.start.month, 1)
            end = _make_date(self.end.year + steps, self.end.month, self.end.day)
            return Period(self.kind, start, end)
        year, month = _add_months(
            self.start.year, self.start.month, _MONTHS_LONG[self.kind] * steps
        )
        start = _make_date(year, month, 1)
        end = _end_for_start(self.kind, start)
        assert end is not None  # stepping whole periods keeps the start aligned
        return Period(self.kind, start, end)


@lru_cache(maxsize=8192)
def _period_of_key(text: str) -> Period | None:
    for pattern, build in _KEY_READERS:
        match = pattern.fullmatch(text)
        if match:
            return build(*(int(group) for group in match.groups()))
    return None


@lru_cache(maxsize=8192)
def _shifted(period: Period, steps: int) -> Period:
    return period._shift(steps)


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
    (re.compile(r"MFY(\d{4})-(\d{4})"), Period.multi_financial_year),
]


def label_of_key(key: str | None) -> str:
    """A stored period key as people write it ("FQ2026-2" as "Q2 2026/27"): "" for no key,
    and an unreadable key as it is, so an odd old row cannot break a page."""
    if not key:
        return ""
    try:
        return Period.from_key(key).label
    except PeriodError:
        return key
