"""Kinds of period, frequencies, month and weekday names, and the phrases used in messages."""

from __future__ import annotations

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
    "multi_financial_year",
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
    "multi_financial_year",
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
    "multi_year": "a span of calendar years",
    "multi_financial_year": "a span of financial years",
}

_FREQUENCY_PHRASES = {
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly (financial quarters, Q1 is April to June)",
    "calendar_quarter": "in calendar quarters",
    "annual": "annual",
    "financial_year": "by financial year",
    "academic_year": "by academic year",
    "multi_year": "for spans of calendar years",
    "multi_financial_year": "for spans of financial years",
}

_DATA_PHRASES = {
    "monthly": "monthly data",
    "quarterly": "quarterly data",
    "calendar_quarter": "data in calendar quarters",
    "financial_year": "data by financial year",
    "academic_year": "data by academic year",
    "multi_year": "data for spans of calendar years",
    "multi_financial_year": "data for spans of financial years",
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
    "multi_financial_year": {"multi_financial_year"},
}

_EXAMPLES = {
    None: (
        "2019/20, Q1 2020/21, April 2019, 2019-04, 201907, 7 July 2019, "
        "07/07/2019, 20190707, Week ending 7 July 2019, 2019, 2016/17 to 2018/19 or "
        "Calendar years 2010-2014"
    ),
    "weekly": "Week ending 7 July 2019, w/e 07/07/2019, 2019-07-07 or 07/07/2019",
    "monthly": "April 2019, Apr-19, 2019-04, 201904, 2019M04, 04/2019 or 01/04/2019",
    "quarterly": "Q1 2020/21, Q1 20/21, 2020/21 Q1 or April to June 2020",
    "calendar_quarter": "Q1 2020, 2020 Q1 or January to March 2020",
    "annual": "2019, 2019/20 or 2019-20",
    "financial_year": "2019/20, 2019-20, 2019/2020, 19/20 or FY 2019/20",
    "academic_year": "2019/20, 2019-20, 2019/2020 or Academic year 2019/20",
    "multi_year": "2010-14, 2010-2014 or 2016-17",
    "multi_financial_year": "2016/17 to 2018/19 or 2016-19",
}
