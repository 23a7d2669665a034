"""The written forms of periods: regular expressions and small readers for their parts."""

from __future__ import annotations

import re
from datetime import date

from .constants import _KIND_PHRASES, MONTH_NAMES, WEEKDAY_NAMES
from .dates import _make_date, _two_digit_year, _year_pair_label, format_long_date
from .errors import PeriodError

_MONTH_SPELLINGS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_SPELLINGS[_name.lower()] = _number
    _MONTH_SPELLINGS[_name[:3].lower()] = _number
_MONTH_SPELLINGS["sept"] = 9  # common in UK public-sector data

_MONTH = "(?:" + "|".join(sorted(_MONTH_SPELLINGS, key=len, reverse=True)) + r")\.?"
# "2019/20", and as councils also write it "19/20" (see `_year_from` for the century).
# A two-digit first year only with a two-digit second, so "04/2019" stays a month.
_YEAR_PAIR = (
    r"(?P<first>\d{4}|\d{2}(?=(?: ?[/-] ?| to )\d{2}(?!\d)))"
    r"(?P<sep> ?[/-] ?| to )(?P<second>\d{4}|\d{2})"
)
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
_FINANCIAL_YEAR_SPAN = _pattern(
    r"(?P<first>\d{4}|\d{2})/(?P<second>\d{4}|\d{2}) ?(?:-|to) ?"
    r"(?P<last_first>\d{4}|\d{2})/(?P<last_second>\d{4}|\d{2})"
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
_COMPACT_DATE = _pattern(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")  # as PHS writes
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
    """A year written with four digits, or two: 00 to 68 are 2000 to 2068 and 69 to 99 are
    1969 to 1999, as POSIX strptime reads them."""
    return _two_digit_year(int(text)) if len(text) == 2 else int(text)


def _normalise(text: str) -> str:
    """Tidy the spacing and dashes that spreadsheets and word processors introduce."""
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return " ".join(text.split())  # also removes non-breaking spaces


def _expand_second_year(first: int, second_text: str) -> int:
    """Read the second year of a pair; "2019/20" means 2020 and "1999/00" means 2000."""
    if len(second_text) == 4:
        return int(second_text)
    second = first - first % 100 + int(second_text)
    return second + 100 if second < first else second


def _consecutive_years(
    text: str, match: re.Match[str], kind: str, first_group: str = "first",
    second_group: str = "second",
) -> int:
    """The first year of a pair that must be consecutive, as in a financial year."""
    first = _year_from(match[first_group])
    if _expand_second_year(first, match[second_group]) != first + 1:
        prefix = "Q" + match["quarter"] + " " if kind == "quarter" else ""
        raise PeriodError(
            f"'{text}' is not {_KIND_PHRASES[kind]}: the second year must follow the "
            f"first ({prefix}{_year_pair_label(first)})"
        )
    return first


def _read_date(text: str) -> date | None:
    """Read a date written as 2019-07-07, 20190707, 07/07/2019 (day first) or 7 July 2019."""
    match = _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
        except PeriodError as error:
            raise PeriodError(
                f"'{text}' is not a date written as year, month and day (YYYYMMDD, such as "
                f"20230531): {error}"
            ) from None
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
