"""Checking raw records against the partnership: every problem, by row, column and reason.

| name | what it is |
|---|---|
| `Problem` | one thing wrong: row number, column name and a message for people |
| `CheckedRow` | a record that passed: indicator code, period, breakdown name and values |
| `NewIndicator` | an indicator to create (with create-indicators) |
| `check_records(records, context)` | rows and problems |
| `guess_frequency(periods)` | how often an indicator is measured, from its periods |
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pif.lib.numbers import MISSING_CODES, NumberError, parse_number
from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures.importing.records import RawRecord
from pif.measures.models import Indicator, Observation

__all__ = ["CheckContext", "CheckedRow", "NewIndicator", "Problem", "check_records",
           "guess_frequency"]

SUPPRESSED_CODES = {"c", "*"}
PLAIN_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?\Z")
BLANK = (None, "")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&._-]{0,29}$")
KIND_FREQUENCY = {"week": "weekly", "month": "monthly", "quarter": "quarterly",
                  "financial_year": "financial_year", "academic_year": "academic_year",
                  "calendar_year": "annual", "multi_year": "multi_year"}
STATUSES = {**{s.value: s.value for s in Observation.Status},
            **{s.label.lower(): s.value for s in Observation.Status}}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [part for part in (f"Row {self.row}" if self.row else "",
                                   f"column {self.column}" if self.column else "") if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(slots=True)
class CheckedRow:
    row: int
    code: str
    period: Period
    breakdown: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    missing_code: str = ""
    status: str = Observation.Status.PROVISIONAL
    note: str = ""


@dataclass
class NewIndicator:
    code: str
    title: str
    frequency: str
    unit: str


@dataclass
class CheckContext:
    """What the checks need to know about the partnership and the person."""

    indicators: dict  # code -> Indicator
    changeable: set | None  # ids of indicators the person may change; None for all
    organisation_name: str = ""
    create_indicators: bool = False
    frequency: str = ""
    unit: str = ""
    new_indicators: dict = field(default_factory=dict)
    uncreatable: set = field(default_factory=set)  # codes already reported once


def guess_frequency(periods) -> str | None:
    """The most common frequency among the periods that can be read without one."""
    counts: Counter = Counter()
    for raw in list(dict.fromkeys(periods))[:500]:
        try:
            period = parse_period(raw, week_ending_weekday=None)
        except (PeriodError, TypeError):
            continue
        kind = period.kind
        if kind == "day":
            kind = "month" if period.start.day == 1 else "week"
        if kind in KIND_FREQUENCY:
            counts[KIND_FREQUENCY[kind]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _frequency_problem(code: str, periods: list) -> str:
    return (f"Cannot tell how often {code} is measured from periods such as '{periods[0]}': "
            "give the frequency")


class _Checker:
    def __init__(self, context: CheckContext):
        self.context = context
        self.problems: list[Problem] = []
        self.periods: dict = {}
        self.seen: dict = {}

    def problem(self, record: RawRecord, field_name: str | None, message: str) -> None:
        column = record.columns.get(field_name) if field_name and record.columns else None
        self.problems.append(Problem(record.row, column, message))

    def indicator(self, record: RawRecord):
        context, code = self.context, record.code
        if not code:
            self.problem(record, "indicator", "The indicator code is blank: enter one")
            return None
        indicator = context.indicators.get(code) or context.new_indicators.get(code)
        if indicator is None and code in context.uncreatable:
            return None
        if indicator is None:
            self.problem(record, "indicator",
                         f"There is no indicator with the code '{code}' in this partnership: "
                         "check the code, or add the indicator first")
            return None
        if isinstance(indicator, Indicator) and context.changeable is not None \
                and indicator.pk not in context.changeable:
            mine = context.organisation_name or "your organisation"
            self.problem(record, "indicator",
                         f"{code} belongs to {indicator.owner.name}: you can upload data only "
                         f"for indicators owned by {mine}")
            return None
        return indicator

    def period(self, record: RawRecord, code: str, frequency: str) -> tuple | None:
        key = (record.period, frequency)
        if key not in self.periods:
            period = _read_period(record.period, frequency)
            self.periods[key] = period if isinstance(period, str) else (period, period.key)
        found = self.periods[key]
        if isinstance(found, str):
            self.problem(record, "period", found.replace("{code}", code))
            return None
        return found  # (period, its key)

    def number(self, record: RawRecord, field_name: str) -> tuple | None:
        """(value, missing code), or None after noting the problem."""
        cell = getattr(record, field_name)
        if cell is None:
            return BLANK
        if isinstance(cell, str) and PLAIN_NUMBER.match(cell):
            return float(cell), None  # the common case, without the full parser
        try:
            parsed = parse_number(cell)
        except NumberError as error:
            self.problem(record, field_name, str(error))
            return None
        return parsed.value, parsed.missing_code

    def check(self, record: RawRecord) -> CheckedRow | None:
        before = len(self.problems)
        indicator = self.indicator(record)
        found = self.period(record, record.code, indicator.frequency) if indicator else None
        period = found[0] if found else None
        value = self.number(record, "value")
        numerator = self.number(record, "numerator")
        denominator = self.number(record, "denominator")
        status = self.status(record)
        missing_code = self.missing_code(record, value)
        top = numerator[0] if numerator else None
        bottom = denominator[0] if denominator else None
        if bottom is not None and bottom < 0:
            self.problem(record, "denominator",
                         f"The denominator is negative ({bottom:g}): it must be 0 or more")
        elif (indicator and indicator.unit == Indicator.Unit.PERCENTAGE and top is not None
              and bottom is not None and top > bottom):
            self.problem(record, "numerator",
                         f"The numerator ({top:g}) is larger than the denominator "
                         f"({bottom:g}), which cannot be for a percentage")
        if found is not None:
            self.duplicate(record, *found)
        if len(self.problems) > before:
            return None
        if not record.status:
            status = (Observation.Status.SUPPRESSED if missing_code in SUPPRESSED_CODES
                      else Observation.Status.PROVISIONAL)
        return CheckedRow(record.row, record.code, period, record.breakdown, value[0], top,
                          bottom, missing_code, status, record.note)

    def status(self, record: RawRecord) -> str:
        if not record.status:
            return ""
        status = STATUSES.get(record.status.lower())
        if status is None:
            self.problem(record, "status",
                         f"'{record.status}' is not a status: use "
                         + ", ".join(s.value for s in Observation.Status))
        return status or ""

    def missing_code(self, record: RawRecord, value: tuple | None) -> str:
        if value is None or value[0] is not None:
            return ""
        if value[1] or not record.missing_code:
            return value[1] or ""
        if record.missing_code not in MISSING_CODES:
            self.problem(record, "missing_code",
                         f"'{record.missing_code}' is not a missing-data code: use one of "
                         + ", ".join(repr(c) for c in MISSING_CODES if c))
            return ""
        return record.missing_code

    def duplicate(self, record: RawRecord, period: Period, period_key: str) -> None:
        key = (record.code, period_key, record.breakdown.lower())
        first = self.seen.setdefault(key, record)
        if first is not record:
            where = f" for {record.breakdown}" if record.breakdown else ""
            self.problem(record, "period",
                         f"{record.code}, {period.label}{where} is already in row {first.row}: "
                         "each indicator, period and breakdown may appear only once")


def _read_period(raw: object, frequency: str) -> Period | str:
    """The period, or why it cannot be read ("{code}" stands for the indicator's code)."""
    try:
        return parse_period(raw, frequency=frequency, week_ending_weekday=None)
    except PeriodError as error:
        message = str(error)
    try:
        parse_period(raw, week_ending_weekday=None)
    except PeriodError:
        return message
    label = Indicator.Frequency(frequency).label.lower() if frequency in \
        Indicator.Frequency.values else frequency
    return f"{message} ({{code}} is {label})"


def plan_new_indicators(records: list[RawRecord], context: CheckContext,
                        value_header: str = "") -> list[Problem]:
    """Decide the indicators to create for unknown codes; problems where that cannot be."""
    periods, rows, titles = defaultdict(list), {}, {}
    for record in records:
        if record.code and record.code not in context.indicators:
            periods[record.code].append(record.period)
            rows.setdefault(record.code, record)
            if record.title:
                titles.setdefault(record.code, record.title)
    problems = []
    unit = context.unit or (Indicator.Unit.PERCENTAGE if re.search(
        r"percent|%", value_header, re.IGNORECASE) else Indicator.Unit.COUNT)
    for code, raw_periods in periods.items():
        first = rows[code]
        column = first.columns.get("indicator") if first.columns else None
        if not CODE_PATTERN.match(code):
            context.uncreatable.add(code)
            problems.append(Problem(first.row, column, f"'{code}' cannot be an indicator code: "
                                    "use up to 30 letters, numbers and . _ - & only"))
            continue
        frequency = context.frequency or guess_frequency(raw_periods)
        if frequency is None:
            context.uncreatable.add(code)
            period_column = first.columns.get("period") if first.columns else None
            problems.append(Problem(first.row, period_column,
                                    _frequency_problem(code, raw_periods)))
            continue
        context.new_indicators[code] = NewIndicator(code, titles.get(code, code)[:200],
                                                    frequency, unit)
    return problems


def check_records(records: list[RawRecord], context: CheckContext):
    """Check every record; return the rows that passed and every problem found."""
    checker = _Checker(context)
    rows = [row for row in map(checker.check, records) if row is not None]
    return rows, checker.problems
