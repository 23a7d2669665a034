"""Reporting periods as UK public bodies write them.

A :class:`Period` is a kind (month, financial year, ...) with the first and
last day it covers. Periods have a British ``label`` for people and a stable
``key`` for the database, and can be stepped through with ``next()`` and
``previous()``.

:func:`parse_period` reads the many ways spreadsheets write a period. Some
forms are ambiguous on their own, so the optional ``frequency`` says what the
data is expected to hold. Two rules follow from it:

* it settles ambiguous cases: "2011-12" is a financial year, but December
  2011 when the data is monthly; "2016-19" is the financial years 2016/17 to
  2018/19, but the calendar years 2016 to 2019 for "multi_year" data; an ISO
  date is a day, but the week ending on it when the data is weekly;
* when given, the period read must be of that frequency, so a "2019/20" total
  row in monthly data is rejected rather than stored as if it were a month.

Every problem raises :class:`PeriodError`, whose message quotes what was
written and says what was wrong, because it is shown to the person importing.

Import everything from this package; its modules hold:

================  ===============================================================
``errors``        :class:`PeriodError`
``constants``     :data:`KINDS`, :data:`FREQUENCIES`, month and weekday names,
                  and the phrases and examples used in messages
``dates``         small date helpers, :func:`format_long_date`,
                  :func:`financial_year_label` and Excel serial dates
``period``        the :class:`Period` type: constructors, ``from_key``, ``key``,
                  ``label``, ordering, ``next()``, ``previous()`` and
                  ``shift()`` (spans of years roll on by one year)
``ranges``        :func:`periods_between`
``patterns``      the regular expressions for written forms, and small readers
                  for their parts (month names, year pairs, dates)
``reader``        the reader that tries each written form in turn
``parsing``       :func:`parse_period`, which also checks the frequency
================  ===============================================================
"""

from .constants import FREQUENCIES, KINDS
from .constants import MONTH_NAMES as MONTH_NAMES
from .constants import WEEKDAY_NAMES as WEEKDAY_NAMES
from .dates import financial_year_label, format_long_date
from .errors import PeriodError
from .parsing import parse_period
from .period import Period, label_of_key
from .ranges import periods_between

__all__ = [
    "FREQUENCIES",
    "KINDS",
    "Period",
    "PeriodError",
    "financial_year_label",
    "format_long_date",
    "label_of_key",
    "parse_period",
    "periods_between",
]
