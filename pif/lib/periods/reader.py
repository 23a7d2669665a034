"""The reader behind :func:`parse_period`: it tries each written form in turn."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from .constants import (
    _ACADEMIC_YEAR_START_MONTH,
    _DATA_PHRASES,
    _EXAMPLES,
    _FREQUENCY_PHRASES,
    _KIND_PHRASES,
    MONTH_NAMES,
    WEEKDAY_NAMES,
)
from .dates import (
    _add_days,
    _excel_serial_to_date,
    _financial_year_of,
    _year_pair_label,
    format_long_date,
)
from .errors import PeriodError
from .patterns import (
    _ACADEMIC_YEAR_PREFIXED,
    _CALENDAR_QUARTERS,
    _CALENDAR_YEAR,
    _FINANCIAL_QUARTERS,
    _FINANCIAL_YEAR_PREFIXED,
    _FINANCIAL_YEAR_SPAN,
    _MONTH_RANGE,
    _MONTH_YEAR,
    _NUMERIC_MONTHS,
    _WEEK_COMMENCING,
    _WEEK_ENDING,
    _YEAR_PAIR_ALONE,
    _consecutive_years,
    _expand_second_year,
    _month_number,
    _normalise,
    _read_date,
    _year_from,
)
from .period import Period

# The frequencies whose data holds whole years, so that "12/13" is the financial year 2012/13
# rather than possibly December 2013.
_YEARLY_FREQUENCIES = ("annual", "financial_year", "academic_year")

# The kind of period a date names in data of each frequency that dates a period by its
# first or last day. Weekly, annual and span frequencies read dates their own way.
_KIND_OF_DATED_FREQUENCY = {
    "monthly": "month",
    "quarterly": "quarter",
    "calendar_quarter": "calendar_quarter",
    "financial_year": "financial_year",
    "academic_year": "academic_year",
}

# How to write a span, for data of spans; a date cannot name one.
_SPAN_EXAMPLES = {
    "multi_year": "2010-14",
    "multi_financial_year": "2016/17 to 2018/19",
}

# Two-digit years further apart than this are no span anyone meant ("19-10" is not 2019 to
# 2110); the same limit keeps "2019-04" from being 85 calendar years.
_LONGEST_SPAN_IN_YEARS = 25


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
        # Four digits are a year, six YYYYMM and eight YYYYMMDD; Excel's serial dates stop at
        # 2958465 (31 December 9999), so none of these is one.
        if number == int(number) and (
            1000 <= number <= 9999 or 100000 <= number <= 999999 or 10**7 <= number < 10**8
        ):
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
        if frequency in _SPAN_EXAMPLES:
            raise PeriodError(
                f"'{shown}' is a date, but this data is {_FREQUENCY_PHRASES[frequency]}: "
                f"write the years, such as {_SPAN_EXAMPLES[frequency]}"
            )
        kind = _KIND_OF_DATED_FREQUENCY[frequency]
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
            self._financial_year_span,
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
        raise PeriodError(self._not_recognised(text))

    def _not_recognised(self, text: str) -> str:
        return (
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

    def _financial_year_span(self, text: str) -> Period | None:
        """Financial years written in full, such as "2016/17 to 2018/19"."""
        match = _FINANCIAL_YEAR_SPAN.fullmatch(text)
        if not match:
            return None
        first = _consecutive_years(text, match, "financial_year")
        last = _consecutive_years(text, match, "financial_year", "last_first", "last_second")
        if last <= first:
            raise PeriodError(
                f"'{text}' is not a span of financial years: the last financial year must "
                "come after the first"
            )
        return Period.multi_financial_year(first, last)

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
        """Two years: a financial (or academic) year when consecutive, otherwise a span.

        Written without more, a pair runs from April of the first year to March of the last:
        "2019-20" is the financial year 2019/20 and "2016-19" the financial years 2016/17 to
        2018/19, as the LGBF writes its three-year aggregates. Spans of calendar years need
        the frequency "multi_year" or the words "Calendar years".
        """
        match = _YEAR_PAIR_ALONE.fullmatch(text)
        if not match:
            return None
        first = _year_from(match["first"])
        second_text = match["second"]
        last = _expand_second_year(first, second_text)
        if match["years_prefix"]:
            if last <= first:
                raise PeriodError(
                    f"'{text}' is not {_KIND_PHRASES['multi_year']}: the last year must come "
                    "after the first"
                )
            return Period.multi_year(first, last)
        if len(match["first"]) == 2:
            return self._two_digit_year_pair(text, match)
        # "2019-04" is also ISO 8601 for April 2019 when written without spaces.
        could_be_month = (
            match["sep"] == "-" and len(second_text) == 2 and 1 <= int(second_text) <= 12
        )
        if could_be_month and self.frequency == "monthly":
            return Period.month(first, int(second_text))
        if self.frequency == "multi_year" and first < last <= first + _LONGEST_SPAN_IN_YEARS:
            return Period.multi_year(first, last)
        if last == first + 1:
            if self.frequency == "academic_year":
                return Period.academic_year(first)
            return Period.financial_year(first)
        if could_be_month:
            if last - first > _LONGEST_SPAN_IN_YEARS:
                # Nobody means "2019-04" as the 85 financial years from 2019/20.
                return Period.month(first, int(second_text))
            if self.frequency is not None:
                # The other frequencies are about years; if a span is wrong
                # for the data, the frequency check explains.
                return Period.multi_financial_year(first, last - 1)
            span = Period.multi_financial_year(first, last - 1)
            month = f"{MONTH_NAMES[int(second_text) - 1]} {first}"
            raise PeriodError(
                f"'{text}' is ambiguous: it could be {month} or the financial years "
                f"{span.label}. Write '{month}' or '{span.label}'"
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
        return Period.multi_financial_year(first, last - 1)

    def _two_digit_year_pair(self, text: str, match) -> Period:
        """"19/20" is 2019/20; two-digit pairs are only ever single years."""
        kind = "academic_year" if self.frequency == "academic_year" else "financial_year"
        first = _year_from(match["first"])
        last = _expand_second_year(first, match["second"])
        if last != first + 1 and self.frequency not in _YEARLY_FREQUENCIES:
            # Only in data by year is "12/14" plausibly a mistyped financial year; otherwise
            # it may be a month, or a span written too briefly.
            fits_a_span = first + 1 < last <= first + _LONGEST_SPAN_IN_YEARS
            raise PeriodError(
                self._span_written_briefly(text, first, last) if fits_a_span
                else self._not_recognised(text)
            )
        first = _consecutive_years(text, match, kind)
        build = Period.academic_year if kind == "academic_year" else Period.financial_year
        month_number = int(match["first"])
        if 1 <= month_number <= 12 and self.frequency not in _YEARLY_FREQUENCIES:
            month = f"{MONTH_NAMES[month_number - 1]} {first + 1}"
            label = _year_pair_label(first)
            raise PeriodError(
                f"'{text}' is ambiguous: it could be the financial year {label} or {month}. "
                f"Write '{label}' or '{month}'"
            )
        return build(first)

    def _span_written_briefly(self, text: str, first: int, last: int) -> str:
        """Advice for "10-19": say how to write the span it may be, in full."""
        spans = {
            "multi_financial_year": Period.multi_financial_year(first, last - 1).label,
            "multi_year": Period.multi_year(first, last).label,
        }
        examples = [label for frequency, label in spans.items()
                    if self.frequency in (None, frequency)]
        if not examples:
            return self._not_recognised(text)
        return (
            f"'{text}' is not a period we recognise: for a span of years, write it in full, "
            f"such as {' or '.join(examples)}"
        )

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
