"""Checking raw records against the partnership: every problem, by row, column and reason.

| name | what it is |
|---|---|
| `Problem` | one thing wrong: row number, column name and a message for people |
| `CheckedRow` | a record that passed: indicator code, period, breakdown name and values |
| `NewIndicator` | an indicator to create (with create-indicators) |
| `RecordChecker(context)` | checks records one at a time, as a large file is read |
| `check_records(records, context)` | rows, problems and warnings |
| `warn_of_jumps(rows, indicators)` | warnings of values far from the stored ones before them |
| `warn_of_removals(rows, indicators)` | warnings of blank values that would remove stored ones |
| `guess_frequency(periods)` | how often an indicator is measured, from its periods |
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from openpyxl.cell.cell import ERROR_CODES

from pif.lib.numbers import MISSING_CODES, NumberError, decimal_places, parse_number
from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures import rules
from pif.measures.importing.records import RawRecord
from pif.measures.models import Breakdown, Indicator, Observation
from pif.measures.previous import StoredApprovedValues
from pif.validation import SINGLE_LINE_RULE, describe_control_characters

__all__ = ["CheckContext", "CheckedRow", "NewIndicator", "Problem", "RecordChecker",
           "check_records", "guess_frequency"]

SUPPRESSED_CODES = {"c", "*"}
# What a spreadsheet shows, and saves in a CSV, for a formula that failed; "#N/A" is also
# written on purpose for "not available", so it stays a missing-data code.
SPREADSHEET_ERRORS = {*ERROR_CODES, "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
                      "#CONNECT!", "#BUSY!", "#GETTING_DATA"} - set(MISSING_CODES)
PLAIN_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?\Z")
BLANK = (None, "")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&._-]{0,29}$")
KIND_FREQUENCY = {"week": "weekly", "month": "monthly", "quarter": "quarterly",
                  "financial_year": "financial_year", "academic_year": "academic_year",
                  "calendar_year": "annual", "multi_year": "multi_year",
                  "multi_financial_year": "multi_financial_year"}
# A file with a problem on each of its 400,000 rows would otherwise keep them all; the
# first thousand say what to correct, and the rest are counted.
PROBLEMS_KEPT = 1000
BREAKDOWN_NAME_LENGTH = Breakdown._meta.get_field("name").max_length
TITLE_LENGTH = Indicator._meta.get_field("title").max_length
PLAIN_NAMES_KEPT = 20_000
NUMBERS_KEPT = 50_000  # cells' texts read as numbers, kept to read each once
INDICATORS_A_QUERY = 100  # whose stored values are read at once, to compare with new ones
PROVISIONAL = Observation.Status.PROVISIONAL
STATUSES = {**{s.value: s.value for s in Observation.Status},
            **{s.label.lower(): s.value for s in Observation.Status}}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str
    rule: str = ""  # the short name of a rule in pif.measures.rules that the row breaks

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
    decimals: int = 0  # the places its values are written with, at most 3

    def as_indicator(self) -> Indicator:
        """The indicator it will be, unsaved, for checking its values by the same rules."""
        return Indicator(code=self.code, title=self.title, frequency=self.frequency,
                         unit=self.unit, decimals=self.decimals)


class Warnings:
    """Unusual values, shown before importing but never refused: the first `PROBLEMS_KEPT`,
    and how many more (a file can have one on every row)."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.more = 0

    def add(self, row: int, code: str, period: Period, findings) -> None:
        for finding in findings:
            self.add_message(row, f"{code}, {period.label}: {finding.message}")

    def add_message(self, row: int, message: str) -> None:
        if len(self.kept) < PROBLEMS_KEPT:
            self.kept.append(Problem(row, None, message))
        else:
            self.more += 1

    @property
    def full(self) -> bool:
        """Whether a warning added now would only be counted, so need not be written."""
        return len(self.kept) >= PROBLEMS_KEPT


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
    warnings: Warnings = field(default_factory=Warnings)  # found while planning and checking
    today: object = None  # the date periods are checked against; None for today
    lock: object = None  # the partnership's active PeriodLock (locks.active_lock), if any


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
            # Monthly files date each month by its first or its last day (PHS: 20230531).
            month_days = (1, Period.month(period.start.year, period.start.month).end.day)
            kind = "month" if period.start.day in month_days else "week"
        if kind in KIND_FREQUENCY:
            counts[KIND_FREQUENCY[kind]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _frequency_problem(code: str, periods: list) -> str:
    return (f"Cannot tell how often {code} is measured from periods such as '{periods[0]}': "
            "give the frequency")


class RecordChecker:
    """Checks records one at a time, so a large file can be checked as it is read.

    `RecordChecker(context)` starts a check; `.check(record)` returns the record's
    `CheckedRow`, or None when it has a problem (or its indicator cannot be created).
    Records must be fed in file order: duplicates are found against the records checked
    before. As it goes it keeps `.problems` (the first `PROBLEMS_KEPT`), `.found` (every
    problem found, kept or not) and `.warnings` (the context's `Warnings`, shared with the
    planning of new indicators). Only row numbers are kept for each record, never the
    records themselves, so memory grows with the distinct indicators, breakdowns and
    periods, not with the file."""

    def __init__(self, context: CheckContext):
        self.context = context
        self.problems: list[Problem] = []
        self.found = 0  # problems found, kept or not
        self.warnings = context.warnings
        self.periods: dict = {}
        # (code, breakdown) -> {period key: its first row}: row numbers, not the records,
        # so a large file's records can go once checked.
        self.seen: dict = defaultdict(dict)
        self.today = context.today or timezone.localdate()
        self.values = rules.ValueChecker(self.today)
        # code -> _Known for each code whose rows may be checked: what its rows need, read
        # at its first row rather than at every one.
        self.known: dict = {}
        # code -> {(breakdown, period key): (value, numerator, denominator)} stored
        self.stored_ratios: dict = {}
        self.plain_names: set = {""}  # names already found to be one plain line
        self.refused_periods: dict = {}  # (period key, status) -> whether refused
        self.numbers: dict = {}  # cell text -> its number, for plain numbers (values repeat)
        # code -> {(breakdown, period key): (value, numerator, denominator, missing code)}
        # stored for locked periods, read only for indicators with rows in them
        self.locked_figures: dict = {}

    def problem(self, record: RawRecord, field_name: str | None, message: str,
                rule: str = "") -> None:
        self.found += 1
        if len(self.problems) < PROBLEMS_KEPT:
            column = record.columns.get(field_name) if field_name and record.columns else None
            self.problems.append(Problem(record.row, column, message, rule))

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

    def number(self, record: RawRecord, field_name: str, cell) -> tuple | None:
        """(value, missing code) of the cell, or None after noting the problem."""
        if cell is None:
            return BLANK
        if cell.__class__ is str and _plain_number(cell):
            return float(cell), None  # the common case, without the full parser
        if isinstance(cell, str) and cell.strip().upper() in SPREADSHEET_ERRORS:
            self.problem(record, field_name, f"The cell holds the spreadsheet error "
                         f"{cell.strip()}, not a number: correct the formula in the "
                         "spreadsheet, or leave the cell blank, and upload the file again")
            return None
        try:
            parsed = parse_number(cell)
        except NumberError as error:
            self.problem(record, field_name, str(error))
            return None
        return parsed.value, parsed.missing_code

    def check(self, record: RawRecord) -> CheckedRow | None:
        """The record as a checked row, or None when it has a problem (noted in order: its
        names, indicator, period, numbers, status, missing-data code, then the rules)."""
        return self.check_plain(record) or self.check_fully(record)

    def check_plain(self, record: RawRecord) -> CheckedRow | None:
        """The checked row of a record like most of a large file's: its indicator, names
        and period met before, its cells plain numbers that plainly break no rule, and
        nothing locked. None when `check_fully` must say what the record is (before this
        has changed anything): what this passes, that passes alike, as the same row."""
        known = self.known.get(record.code)
        plain = self.plain_names
        if (known is None or self.context.lock is not None or record.breakdown not in plain
                or record.title not in plain or record.code not in plain
                or len(record.breakdown) > BREAKDOWN_NAME_LENGTH):
            return None
        found = self.periods.get((record.period, known.frequency))
        if found is None or found.__class__ is str:
            return None
        status = STATUSES.get(record.status.lower()) if record.status else PROVISIONAL
        numbers = self.numbers  # most cells' texts are met before: one look-up each
        value, top, bottom = record.value, record.numerator, record.denominator
        value = numbers.get(value) or self.plain_number(value)
        top = numbers.get(top) or self.plain_number(top)
        bottom = numbers.get(bottom) or self.plain_number(bottom)
        if status is None or _ODD in (value, top, bottom) or value is None:
            return None
        period, period_key = found
        refused = self.refused_periods.get((period_key, status))
        if refused is None:
            refused = self.refused_periods[period_key, status] = bool(
                self.values.period_refusals(period, status))
        if refused or known.rules.clean_value(value, top, bottom) is None:
            return None
        periods = self.seen[record.code, record.breakdown.lower()]
        if period_key in periods:
            return None  # a duplicate
        periods[period_key] = record.row
        if known.stored_status is not None:  # no limits to warn of without it
            # `warnings` with no previous value (that warning comes later: warn_of_jumps)
            warnings = known.rules.limits(value, known.stored_status)
            if warnings:
                self.warnings.add(record.row, record.code, period, warnings)
        # The indicator's own code: one copy of it, however many rows are kept.
        return CheckedRow(record.row, known.indicator.code, period, record.breakdown, value,
                          top, bottom, "", status, record.note)

    def plain_number(self, cell) -> float | None:
        """A cell's number when the cell is blank (None) or plainly a number; else `_ODD`."""
        if cell is None:
            return None
        if cell.__class__ is not str:
            return _ODD
        number = self.numbers.get(cell)
        if number is None:
            if not _plain_number(cell):
                return _ODD
            number = float(cell)
            if len(self.numbers) < NUMBERS_KEPT:
                self.numbers[cell] = number
        return number

    def check_fully(self, record: RawRecord) -> CheckedRow | None:
        """`check`, by every rule in turn, noting each problem."""
        before = self.found
        self.names(record)
        known = self.known.get(record.code) or self.known_indicator(record)
        found = self.period(record, record.code, known.frequency) if known else None
        value = self.number(record, "value", record.value)
        numerator = self.number(record, "numerator", record.numerator)
        denominator = self.number(record, "denominator", record.denominator)
        status = self.status(record) if record.status else ""
        missing_code = self.missing_code(record, value)
        top = numerator[0] if numerator else None
        bottom = denominator[0] if denominator else None
        if found is not None:
            self.duplicate(record, *found)
        if self.found > before or known is None:
            return None  # an indicator that cannot be created was reported once, at its first row
        if not record.status:
            status = (Observation.Status.SUPPRESSED if missing_code in SUPPRESSED_CODES
                      else Observation.Status.PROVISIONAL)
        period = found[0]
        kept = (self.kept_ratio(known.indicator, record.breakdown, period, value[0], top, bottom)
                if known.keeps_ratio else (top, bottom))
        refusals, checked_value = known.rules.refusals(
            self.values.period_refusals(period, status), value[0], *kept, missing_code)
        if refusals:
            for finding in refusals:
                self.problem(record, finding.field, finding.message, finding.rule)
            return None
        if self.context.lock is not None and self.changes_locked(
                record, known.rules.indicator, period, (checked_value, *kept, missing_code)):
            return None
        if checked_value is not None:
            warnings = known.rules.warnings(checked_value, known.stored_status)
            if warnings:
                self.warnings.add(record.row, record.code, period, warnings)
        return CheckedRow(record.row, record.code, period, record.breakdown, checked_value, top,
                          bottom, missing_code, status, record.note)

    def known_indicator(self, record: RawRecord) -> _Known | None:
        """What the rows of the record's indicator need, kept for its later rows; None,
        after noting the problem, if its rows cannot be checked."""
        indicator = self.indicator(record)
        if indicator is None:
            return None
        checked = self.for_rules(indicator)
        known = self.known[record.code] = _Known(
            indicator, indicator.frequency, self.values.rules_of(checked),
            checked.current_status,
            # A stored value sent again alone keeps its stored ratio (see kept_ratio).
            isinstance(indicator, Indicator) and rules.needs_numerator_and_denominator(indicator))
        return known

    def changes_locked(self, record: RawRecord, indicator, period: Period, figure) -> bool:
        """Whether the row adds or changes a figure of a locked period (rule "period_locked",
        noted as a problem); sending a stored figure again is no change, as in
        writing.changes_figure, so a file exported and imported back still imports."""
        lock = self.context.lock
        found = rules.check_period_not_locked(period.end, lock.locked_through,
                                              lock.reason) if lock else ()
        if not found:
            return False
        stored = self.locked_figure(indicator, record.breakdown, period)
        value, numerator, denominator, missing_code = figure
        if (stored is not None and value is not None and value == stored[0]
                and numerator is None and denominator is None):
            numerator, denominator = stored[1], stored[2]  # kept, as write_observations does
        if stored == (value, numerator, denominator, missing_code):
            return False
        for finding in found:
            self.problem(record, "period", f"{period.label}: {finding.message}", finding.rule)
        return True

    def locked_figure(self, indicator, breakdown: str, period: Period) -> tuple | None:
        """The figure stored for a locked period, read once an indicator."""
        if not isinstance(indicator, Indicator) or indicator.pk is None:
            return None  # an indicator still to be created has nothing stored
        if indicator.code not in self.locked_figures:
            self.locked_figures[indicator.code] = {
                ((name or "").lower(), key): (value, top, bottom, code)
                for name, key, value, top, bottom, code in Observation.objects.filter(
                    indicator=indicator,
                    period_end__lte=self.context.lock.locked_through).order_by().values_list(
                    "breakdown__name", "period", "value", "numerator", "denominator",
                    "missing_code")}
        return self.locked_figures[indicator.code].get((breakdown.lower(), period.key))

    def kept_ratio(self, indicator, breakdown: str, period: Period, value, numerator,
                   denominator) -> tuple:
        """The numerator and denominator the row would be written with: a stored value sent
        again alone keeps its stored ones (as write_observations keeps them), which rule
        "ratio_needed" asks for. Stored ratios are read once an indicator, and only for
        indicators whose chart is drawn from them."""
        if (value is None or numerator is not None or denominator is not None
                or not isinstance(indicator, Indicator)
                or not rules.needs_numerator_and_denominator(indicator)):
            return numerator, denominator
        if indicator.code not in self.stored_ratios:
            self.stored_ratios[indicator.code] = {
                ((name or "").lower(), key): (stored, top, bottom)
                for name, key, stored, top, bottom in Observation.objects.filter(
                    indicator=indicator, numerator__isnull=False).order_by().values_list(
                    "breakdown__name", "period", "value", "numerator", "denominator")}
        stored = self.stored_ratios[indicator.code].get((breakdown.lower(), period.key))
        if stored is None or stored[0] != value:
            return numerator, denominator
        return stored[1], stored[2]

    def for_rules(self, indicator):
        """The indicator, or for one still to be created what it will be."""
        return indicator if isinstance(indicator, Indicator) else indicator.as_indicator()

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
        periods = self.seen[record.code, record.breakdown.lower()]
        first = periods.get(period_key)
        if first is None:
            periods[period_key] = record.row
        else:
            where = f" for {record.breakdown}" if record.breakdown else ""
            self.problem(record, "period",
                         f"{record.code}, {period.label}{where} is already in row {first}: "
                         "each indicator, period and breakdown may appear only once")

    def names(self, record: RawRecord) -> None:
        """Codes, breakdown names and new indicators' titles are names: one line, without
        control characters (pif/validation.py), refused here with the row rather than by the
        last guard when the import saves them. A breakdown name longer than PIF keeps is
        refused, never cut: a cut name would be a different breakdown from the one in the
        file."""
        plain = self.plain_names
        if record.code in plain and record.breakdown in plain and record.title in plain \
                and len(record.breakdown) <= BREAKDOWN_NAME_LENGTH:
            return  # the same codes and names repeat on every row: look at each once
        for name, field_name in (("code", "indicator"), ("breakdown", "breakdown"),
                                 ("title", "title")):
            text = getattr(record, name)
            if text in self.plain_names:
                continue  # the same codes and names repeat on every row: look at each once
            found = describe_control_characters(text)
            if found:
                self.problem(record, field_name,
                             f"The {name} {SINGLE_LINE_RULE} (it contains {found})")
            elif len(self.plain_names) < PLAIN_NAMES_KEPT:
                self.plain_names.add(text)
        if len(record.breakdown) > BREAKDOWN_NAME_LENGTH:
            self.problem(record, "breakdown",
                         f"The breakdown name is {len(record.breakdown)} characters long: it can "
                         f"be at most {BREAKDOWN_NAME_LENGTH}, so shorten it")


@dataclass(slots=True)
class _Known:
    """What the rows of an indicator that may be checked need, read at its first row."""

    indicator: object  # the Indicator, or the NewIndicator to create
    frequency: str
    rules: rules.IndicatorRules  # of the indicator, or for a new one of what it will be
    stored_status: object  # its IndicatorStatus, for the process-limits warning
    keeps_ratio: bool  # whether a stored value sent again alone keeps its stored ratio


_plain_number = PLAIN_NUMBER.match
_ODD = object()  # a cell that is not plainly a number (see RecordChecker.plain_number)


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


def plan_new_indicators(records: Iterable[RawRecord], context: CheckContext,
                        value_header: str = "") -> list[Problem]:
    """Decide the indicators to create for unknown codes; problems where that cannot be."""
    periods, rows, titles, values = defaultdict(list), {}, {}, defaultdict(list)
    for record in records:
        if record.code and record.code not in context.indicators:
            periods[record.code].append(record.period)
            rows.setdefault(record.code, record)
            if record.title:
                titles.setdefault(record.code, record)
            _add_written_value(values[record.code], record)
    problems = []
    percentages = re.search(r"percent|%", value_header, re.IGNORECASE)
    codes_in_use = rules.codes_by_lower_case([*context.indicators, *context.new_indicators])
    for code, raw_periods in periods.items():
        unit = context.unit or (Indicator.Unit.PERCENTAGE if percentages
                                else _guessed_unit(values[code]))
        first = rows[code]
        column = first.columns.get("indicator") if first.columns else None
        if not CODE_PATTERN.match(code):
            context.uncreatable.add(code)
            problems.append(Problem(first.row, column, f"'{code}' cannot be an indicator code: "
                                    "use up to 30 letters, numbers and . _ - & only"))
            continue
        refused = _creation_problems(code, unit, first, column, codes_in_use) + _title_problems(
            titles.get(code))
        if refused:
            context.uncreatable.add(code)
            problems += refused
            continue
        frequency = context.frequency or guess_frequency(raw_periods)
        if frequency is None:
            context.uncreatable.add(code)
            period_column = first.columns.get("period") if first.columns else None
            problems.append(Problem(first.row, period_column,
                                    _frequency_problem(code, raw_periods)))
            continue
        if frequency == "multi_financial_year" and not context.frequency:
            context.warnings.add_message(first.row, _spans_guessed(code, raw_periods))
        title = titles[code].title if code in titles else code
        context.new_indicators[code] = NewIndicator(code, title, frequency, unit,
                                                    decimal_places(values[code]))
        codes_in_use[code.lower()] = code
    return problems


def _spans_guessed(code: str, periods: list) -> str:
    """Before ADR 14 a bare "2016-19" was four calendar years; now it is three financial
    years, so say so when an indicator is created for them without being told which."""
    example = Period.multi_financial_year(2016, 2018)
    for raw in periods:
        period = _read_period(raw, "multi_financial_year")
        if isinstance(period, Period):
            example = period
            break
    return (f"{code} is read as spans of financial years ({example.label}). If these are "
            "calendar years, choose Spans of calendar years (--frequency multi_year)")


def _creation_problems(code: str, unit: str, first: RawRecord, column,
                       codes_in_use) -> list[Problem]:
    """The indicator rules an indicator created from the file would break: the same rules
    its edit form applies, its code's uniqueness (in any capitals) among the partnership's
    codes and those created before it included."""
    findings = rules.check_indicator(code=code, unit=unit, rate_per=None, chart_type="xmr",
                                     lower_bound=None, upper_bound=None)
    findings += rules.check_code_unique(code, codes_in_use)
    return [Problem(first.row, column, f"{code} cannot be created by importing: "
                    f"{finding.message.rstrip('.')}. {_advice(finding)}", finding.rule)
            for finding in findings]


def _advice(finding) -> str:
    if finding.rule == "code_unique":
        return "Write the code as it is written there, or choose another"
    return "Add the indicator first, then import"


def _title_problems(record: RawRecord | None) -> list[Problem]:
    """A title longer than an indicator's is refused, never cut: a cut title may say
    something else."""
    if record is None or len(record.title) <= TITLE_LENGTH:
        return []
    column = record.columns.get("title") if record.columns else None
    return [Problem(record.row, column, f"The title is {len(record.title)} characters long: "
                    f"it can be at most {TITLE_LENGTH}, so shorten it")]


def _add_written_value(values: list, record: RawRecord) -> None:
    """Keep a value as written: its decimal places are the indicator's (at most 3), so an
    indicator created for 0.825 is not shown as 1."""
    try:
        values.append(parse_number(record.value).value)
    except NumberError:
        pass  # reported when the row is checked


def _guessed_unit(values: list) -> str:
    """A count when every value could be one; otherwise a score, which the rules hold to no
    scale, since a count must be whole and not negative."""
    whole = all(v is None or (v >= 0 and float(v).is_integer()) for v in values)
    return Indicator.Unit.COUNT if whole else Indicator.Unit.SCORE


def warn_of_jumps(rows: list[CheckedRow], indicators: dict, today=None) -> Warnings:
    """A warning for each row whose value jumps by more than half its indicator's range from
    its previous value (see `pif.measures.previous`). Stored values are read for a batch of
    indicators at a time, one query a batch.

    The rows broke no rule when checked, so only rule "large_change" is asked of them. A
    stored value sent again alone, for an indicator whose chart is drawn from numerators and
    denominators, is left out: it changes nothing, and was warned of when entered."""
    warnings = Warnings()
    values = rules.ValueChecker(today)
    rows_of = defaultdict(list)
    for row in rows:
        if row.value is not None and row.code in indicators:
            rows_of[row.code].append(row)
    codes = list(rows_of)
    for start in range(0, len(codes), INDICATORS_A_QUERY):
        batch = codes[start:start + INDICATORS_A_QUERY]
        stored = StoredApprovedValues(indicators[code].pk for code in batch)
        for code in batch:
            indicator = indicators[code]
            indicator_id = indicator.pk  # read once, not a row at a time
            if not stored.holds(indicator_id):  # nothing approved before any of its rows
                continue
            sent_again_alone = rules.needs_numerator_and_denominator(indicator)
            for row in rows_of[code]:
                if sent_again_alone and row.numerator is None and row.denominator is None:
                    continue
                previous = stored.before(indicator_id, row.breakdown, row.period)
                if not values.changes_largely(indicator, row.value, previous):
                    continue
                if warnings.full:  # counted, not written: writing 500,000 took 9 s
                    warnings.more += 1
                else:
                    warnings.add(row.row, code, row.period,
                                 values.large_change(indicator, row.value, previous))
    return warnings


def warn_of_removals(rows: list[CheckedRow], indicators: dict) -> Warnings:
    """A warning for each blank value, with no missing-data code, where a value is stored:
    importing it removes the stored value, which the preview would otherwise count only as
    "changed".

    A blank is warned of, not refused: it is how a person clears a value entered by mistake,
    and an export writes a stored value that is blank as a blank cell, so refusing blanks
    would stop an export importing back unchanged. Stored values are read for a batch of
    indicators at a time, one query a batch."""
    warnings = Warnings()
    rows_of = defaultdict(list)
    for row in rows:
        if row.value is None and not row.missing_code and row.code in indicators:
            rows_of[row.code].append(row)
    codes = list(rows_of)
    for start in range(0, len(codes), INDICATORS_A_QUERY):
        batch = {indicators[code].pk: code for code in codes[start:start + INDICATORS_A_QUERY]}
        stored = {(batch[indicator_id], (breakdown or "").lower(), period): value
                  for indicator_id, breakdown, period, value in Observation.objects.filter(
                      indicator_id__in=list(batch), value__isnull=False).order_by().values_list(
                      "indicator_id", "breakdown__name", "period", "value")}
        for code in batch.values():
            for row in rows_of[code]:
                value = stored.get((code, row.breakdown.lower(), row.period.key))
                if value is not None:
                    where = f" for {row.breakdown}" if row.breakdown else ""
                    warnings.add_message(row.row, (
                        f"{code}, {row.period.label}{where}: the blank value would remove the "
                        f"stored value {value:,.15g}: give the value, or a missing-data code if "
                        "it is not known"))
    return warnings


@dataclass
class RecordsChecked:
    rows: list[CheckedRow]
    problems: list[Problem]  # the first PROBLEMS_KEPT
    more_problems: int
    warnings: Warnings


def check_records(records: Iterable[RawRecord], context: CheckContext) -> RecordsChecked:
    """Check every record: the rows that passed, and the problems and warnings found."""
    checker = RecordChecker(context)
    rows = [row for row in map(checker.check, records) if row is not None]
    return RecordsChecked(rows, checker.problems, checker.found - len(checker.problems),
                          checker.warnings)
