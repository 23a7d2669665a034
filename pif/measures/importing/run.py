"""Checking a whole file, and importing it once it is clean.

`check_file` reads, finds the layout and checks every row, touching nothing; its checks of
the rows (`check_records_into`) are also those of rows sent to the API. `import_checked`
creates any new indicators and breakdowns and writes the observations through
`write_observations`, all in one transaction; with `dry_run` it rolls back, so a preview can
say exactly what an import would do.

A check is kept as JSON (`Checked.to_json`, `Checked.from_json`) so the upload pages read a
file once, when it is uploaded, and never again: the preview and the import work from what
was kept.

`pif import` checks with `streamed=True`: the checked rows go, a batch at a time, to a
temporary file (`CheckedRows`) instead of a list, with what the import needs to know of
them all noted as each batch goes; `import_checked` then writes them a batch at a time
(`WRITE_BATCH`), in one transaction, so a file of any size imports in bounded memory.
"""

from __future__ import annotations

import base64
import csv
import gc
import gzip
import io
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from operator import attrgetter
from pathlib import Path

from django.db import transaction

from pif.actors import Actor
from pif.lib.numbers import decimal_places
from pif.lib.periods import Period
from pif.measures import locks
from pif.measures.importing.layout import Layout, LayoutError, find_layout
from pif.measures.importing.mapping import FIELDS, MappingError, normalise_header
from pif.measures.importing.readers import ReadError, read_sheets
from pif.measures.importing.records import (
    RawRecord,
    TableProblems,
    raw_records,
    table_problems,
)
from pif.measures.importing.validate import (
    PROBLEMS_KEPT,
    CheckContext,
    CheckedRow,
    NewIndicator,
    Problem,
    RecordChecker,
    Warnings,
    check_records,
    plan_new_indicators,
    warn_of_jumps,
    warn_of_removals,
)
from pif.measures.models import Breakdown, Indicator
from pif.measures.rules import ObservationRefused, codes_by_lower_case
from pif.measures.services import refuse_broken_indicator
from pif.measures.writing import ObservationInput, ObservationWriter, WriteResult

__all__ = ["Checked", "CheckedRows", "ImportOptions", "LayoutSummary", "check_file",
           "check_records_into", "import_checked"]

# Version 2 keeps the rows as compressed CSV text (see pack_rows).
JSON_VERSION = 2
#: Rows written at once, and kept at once by `CheckedRows`: a million rows as objects take
#: a gigabyte, fifty thousand a few tens of megabytes.
WRITE_BATCH = 50_000
#: `CheckedRows` keeps its batches in memory up to this many bytes, then on disk.
SPOOLED_IN_MEMORY = 16_000_000


@dataclass
class ImportOptions:
    """How to read a file: the command line's options, or the browser's mapping form."""

    mapping: dict = field(default_factory=dict)  # field -> header
    indicator: str = ""  # every row is this indicator
    create_indicators: bool = False
    frequency: str = ""  # for indicators created
    unit: str = ""  # for indicators created; guessed from the value header if blank
    owner: object = None  # Organisation owning indicators created
    sheet: str = ""


@dataclass
class LayoutSummary:
    """What people are told about the table found, kept without the table itself."""

    kind: str  # "long" or "wide"
    header_row: int
    sheet_name: str | None
    ignored: list[str]

    @classmethod
    def of(cls, layout: Layout) -> LayoutSummary:
        return cls(layout.kind, layout.header_row, layout.sheet.name, layout.ignored)


@dataclass
class Checked:
    """What a file holds and what is wrong with it; `ok` when it can be imported."""

    filename: str
    rows: list[CheckedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # unusual values, never refused
    layout: LayoutSummary | None = None
    indicators: dict = field(default_factory=dict)
    new_indicators: dict = field(default_factory=dict)
    breakdowns: dict = field(default_factory=dict)  # lower-case name -> Breakdown
    new_breakdowns: list[str] = field(default_factory=list)
    owner: object = None
    changes: str = ""  # what importing would change, when the file was checked
    more_problems: int = 0  # problems found but not kept (see PROBLEMS_KEPT)
    more_warnings: int = 0  # likewise

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.more_warnings

    @property
    def indicator_codes(self) -> list[str]:
        if isinstance(self.rows, CheckedRows):
            return sorted(self.rows.codes)
        return sorted({row.code for row in self.rows})

    def to_json(self) -> dict:
        """Everything the preview and the import need, as JSON."""
        return {
            "version": JSON_VERSION, "filename": self.filename, "changes": self.changes,
            "rows": pack_rows(self.rows), "row_count": len(self.rows),
            "problems": [[p.row, p.column, p.message] for p in self.problems[:PROBLEMS_KEPT]],
            "more_problems": self.problem_count - min(len(self.problems), PROBLEMS_KEPT),
            "warnings": [[p.row, p.column, p.message] for p in self.warnings],
            "more_warnings": self.more_warnings,
            "layout": asdict(self.layout) if self.layout else None,
            "new_indicators": [asdict(new) for new in self.new_indicators.values()],
            "owner": self.owner.pk if self.owner is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict, *, partnership) -> Checked:
        """A check kept by `to_json`, with the partnership's indicators as they are now; a
        problem if they have changed in a way that stops the import."""
        checked = cls(data["filename"], changes=data["changes"],
                      more_problems=data["more_problems"], more_warnings=data["more_warnings"])
        checked.rows = unpack_rows(data["rows"])
        checked.problems = [Problem(*p) for p in data["problems"]]
        checked.warnings = [Problem(*p) for p in data["warnings"]]
        checked.layout = LayoutSummary(**data["layout"]) if data["layout"] else None
        checked.new_indicators = {new["code"]: NewIndicator(**new)
                                  for new in data["new_indicators"]}
        if data["owner"] is not None:
            checked.owner = partnership.organisations.filter(pk=data["owner"]).first()
        checked.indicators = _indicators(partnership, checked.indicator_codes)
        checked.problems += _changed_since(checked)
        _plan_breakdowns(checked, partnership)
        return checked


class CheckedRows:
    """Checked rows kept out of memory as a large file is checked: each batch of
    `WRITE_BATCH` pickled to a temporary file (in memory while small), and read back in
    order a batch at a time. Pickling keeps one copy of each period a batch repeats, and
    reads back faster than any text. As each batch is kept, `on_batch(rows)` is called (for
    the warnings, which read stored values for its indicators), and its codes and breakdown
    names are noted, so nothing needs to read the rows again but the import."""

    def __init__(self, on_batch: Callable[[list[CheckedRow]], None] | None = None):
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOLED_IN_MEMORY)
        self._batch: list[CheckedRow] = []
        self._kept = 0
        self._on_batch = on_batch
        self.codes: set[str] = set()
        self.breakdowns: dict[str, str] = {}  # lower-case name -> as first written

    def append(self, row: CheckedRow) -> None:
        self._batch.append(row)
        if len(self._batch) >= WRITE_BATCH:
            self._keep()

    def extend(self, rows: list[CheckedRow]) -> None:
        if self._batch:
            self._batch += rows
        else:
            self._batch = rows  # a whole batch, mostly: kept as it is, not copied
        while len(self._batch) >= WRITE_BATCH:
            self._keep()

    def finish(self) -> None:
        """Keep the last batch; call once every row is in."""
        if self._batch:
            self._keep()

    def _keep(self) -> None:
        batch, self._batch = self._batch[:WRITE_BATCH], self._batch[WRITE_BATCH:]
        if self._on_batch is not None:
            self._on_batch(batch)
        self.codes.update({row.code for row in batch})
        for name in {row.breakdown for row in batch}:
            if name:
                self.breakdowns.setdefault(name.lower(), name)
        pickle.dump(list(map(_fields_of_row, batch)), self._file,
                    protocol=pickle.HIGHEST_PROTOCOL)
        self._kept += len(batch)

    def __len__(self) -> int:
        return self._kept + len(self._batch)

    def batches(self) -> Iterator[list[CheckedRow]]:
        """The rows a batch at a time, in order, once `finish` has been called."""
        self._file.seek(0)
        read = 0
        while read < self._kept:
            batch = [CheckedRow(*fields) for fields in pickle.load(self._file)]  # noqa: S301 - written by this object
            read += len(batch)
            yield batch

    def __iter__(self) -> Iterator[CheckedRow]:
        for batch in self.batches():
            yield from batch

    def close(self) -> None:
        self._file.close()


_fields_of_row = attrgetter("row", "code", "period", "breakdown", "value", "numerator",
                            "denominator", "missing_code", "status", "note")  # CheckedRow's


def _batches(rows) -> Iterator[list[CheckedRow]]:
    """A list's rows, or CheckedRows', `WRITE_BATCH` at a time."""
    if isinstance(rows, CheckedRows):
        yield from rows.batches()
        return
    for start in range(0, len(rows), WRITE_BATCH):
        yield rows[start:start + WRITE_BATCH]


def pack_rows(rows: Iterable[CheckedRow]) -> str:
    """Checked rows as compressed CSV text, to keep in JSON. Saving JSON builds a piece of
    text for each item before joining them, so 400,000 rows as lists of ten items took 250 MB
    to save, and even as one plain text the database made several copies of its 20 MB.
    Compressed, as they are written, they take a tenth of that. Floats are written exactly
    (repr), so they read back equal."""
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=1, mtime=0) as archive, \
            _text(archive) as text:
        write = csv.writer(text).writerow
        for r in rows:
            write((r.row, r.code, r.period.key, r.breakdown, _number_text(r.value),
                   _number_text(r.numerator), _number_text(r.denominator), r.missing_code,
                   r.status, r.note))
    return base64.b64encode(packed.getbuffer()).decode("ascii")


def unpack_rows(packed: str) -> list[CheckedRow]:
    periods: dict[str, Period] = {}  # the same few periods on every row: one of each
    rows = []
    with gzip.GzipFile(fileobj=io.BytesIO(base64.b64decode(packed))) as archive, \
            _text(archive) as text:
        for row, code, key, breakdown, value, top, bottom, missing, status, note in \
                csv.reader(text):
            period = periods.get(key) or periods.setdefault(key, Period.from_key(key))
            rows.append(CheckedRow(int(row), code, period, breakdown, _text_number(value),
                                   _text_number(top), _text_number(bottom), missing, status,
                                   note))
    return rows


def _text(archive) -> io.TextIOWrapper:
    # surrogatepass: a workbook's escapes (_xD800_) can make half a character; keep it as is.
    return io.TextIOWrapper(archive, encoding="utf-8", errors="surrogatepass", newline="")


def _number_text(number: float | None) -> str:
    return "" if number is None else repr(number)


def _text_number(text: str) -> float | None:
    return None if text == "" else float(text)


def _indicators(partnership, codes=None) -> dict:
    indicators = Indicator.objects.filter(partnership=partnership).select_related(
        "owner", "status")
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    return {indicator.code: indicator for indicator in indicators}


def _changed_since(checked: Checked) -> list[Problem]:
    """Indicators added or deleted since the file was checked: the rows no longer mean what
    the preview said."""
    problems = []
    for code in checked.indicator_codes:
        if code in checked.new_indicators and code in checked.indicators:
            problems.append(Problem(None, None, f"Someone has added the indicator {code} since "
                                    "this file was checked: upload the file again"))
        elif code not in checked.new_indicators and code not in checked.indicators:
            problems.append(Problem(None, None, f"The indicator {code} has been deleted since "
                                    "this file was checked: upload the file again"))
    if checked.new_indicators and checked.owner is None:
        problems.append(Problem(None, None, "The organisation to own the new indicators has "
                                "been deleted since this file was checked: upload it again"))
    return problems


def _mapping_problems(options: ImportOptions) -> list[Problem]:
    return [Problem(None, None, f"'{name}' is not a field: use one of {', '.join(FIELDS)}")
            for name in options.mapping if name not in FIELDS]


def check_file(content: bytes | Path, filename: str, *, partnership, options: ImportOptions,
               changeable=None, organisation_name: str = "", streamed: bool = False) -> Checked:
    """Read and check the file; `changeable` is the queryset the person may write (None: all).
    A CSV given as a Path is read from disk as it is checked, never held whole; `streamed`
    keeps the checked rows in `CheckedRows`, not a list (both for `pif import`)."""
    with _collector_paused():
        return _check_file(content, filename, partnership=partnership, options=options,
                           changeable=changeable, organisation_name=organisation_name,
                           streamed=streamed)


@contextmanager
def _collector_paused():
    """Python's cycle collector paused: a large file makes millions of short-lived objects
    (cells, records, checked rows), none in cycles, and the collector, started by their
    numbers, would walk every object held, again and again (a tenth of a check's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_file(content: bytes | Path, filename: str, *, partnership, options: ImportOptions,
                changeable=None, organisation_name: str = "", streamed: bool = False
                ) -> Checked:
    checked = Checked(filename)
    checked.problems = _mapping_problems(options)
    if checked.problems:
        return checked
    try:
        layout = find_layout(read_sheets(content, filename, options.sheet or None),
                             options.mapping, bool(options.indicator), filename)
    except (ReadError, LayoutError, MappingError) as error:
        checked.problems.append(Problem(None, None, str(error)))
        return checked
    checked.layout = LayoutSummary.of(layout)
    # A CSV read from its path has its table's problems found as its rows are checked, so
    # a large file is read once, not twice; the checked rows are dropped for them after.
    table = (TableProblems(layout, PROBLEMS_KEPT) if streamed and layout.sheet.reread
             and not options.create_indicators and not options.indicator else None)
    if table is None or table.duplicates:
        problems = (Problem(*problem) for problem in table_problems(layout))
        checked.problems = list(islice(problems, PROBLEMS_KEPT))
        checked.more_problems = sum(1 for _ in problems)
        if checked.problems:
            return checked
        table = None
    try:
        first = next(raw_records(layout, options.indicator), None)
    except ReadError as error:  # a fault before the first data row, past the rows held
        checked.problems.append(Problem(None, None, str(error)))
        return checked
    if first is None:
        checked.problems.append(Problem(None, None, f"{filename} has a header row (row "
                                        f"{checked.layout.header_row}) but no data below it"))
        return checked
    checked.indicators = _indicators(partnership)
    if options.indicator and options.indicator not in checked.indicators \
            and not options.create_indicators:
        checked.problems.append(Problem(None, None, f"There is no indicator with the code "
                                        f"'{options.indicator}' in this partnership: check the "
                                        "code, or add the indicator first"))
        return checked

    value_header = normalise_header(first.columns.get("value", "")) if first.columns else ""
    held = [layout]
    del layout

    def records(last: bool):
        # The last reading lets go of each row as it is read, and of the layout once read:
        # a large file's cells are freed while its records are checked, before the warnings.
        if not last:
            return raw_records(held[0], options.indicator)
        layout = held.pop()
        rows = layout.let_go_of_rows()
        return raw_records(layout, options.indicator,
                           rows if table is None else table.rows_noted(rows))

    check_records_into(checked, records, partnership=partnership, options=options,
                       indicators=checked.indicators, changeable=changeable,
                       organisation_name=organisation_name, value_header=value_header,
                       streamed=streamed)
    if table is not None and table.kept:
        return _refused_as_a_table(checked, table)
    return checked


def _refused_as_a_table(checked: Checked, table: TableProblems) -> Checked:
    """The check of a file whose table has problems: those problems alone, as when they are
    found before its rows are checked (what the rows' checks found may be their echoes)."""
    if isinstance(checked.rows, CheckedRows):
        checked.rows.close()
    refused = Checked(checked.filename, layout=checked.layout, more_problems=table.more)
    refused.problems = [Problem(*problem) for problem in table.kept]
    return refused


def check_records_into(checked: Checked, records: Callable[[bool], Iterable[RawRecord]], *,
                       partnership, options: ImportOptions, indicators: dict | None = None,
                       changeable=None, organisation_name: str = "", value_header: str = "",
                       keep_rows_when_refused: bool = False, streamed: bool = False) -> Checked:
    """The importer's checks of every record, for a file (`check_file`) and for rows sent to
    the API (pif/measures/importing/json_rows.py), so a rule added here holds for both.

    `records(last)` gives the records afresh each time: read once to plan the indicators to
    create, then a last time (`last` true) to check them. `indicators` are the partnership's
    (code -> Indicator), if the caller has read them; `changeable` is the queryset of
    indicators the person may write (None: all). The checked rows, and their warnings, are
    kept only when no problem was found, unless `keep_rows_when_refused`, so the API can say
    what every other row would do. `streamed`: keep them in `CheckedRows`, with their
    warnings found a batch at a time."""
    checked.indicators = _indicators(partnership) if indicators is None else indicators
    context = CheckContext(
        indicators=checked.indicators,
        changeable=None if changeable is None else set(changeable.values_list("pk", flat=True)),
        organisation_name=organisation_name, create_indicators=options.create_indicators,
        frequency=options.frequency, unit=options.unit, lock=locks.active_lock(partnership))
    if options.create_indicators:
        checked.owner = options.owner or partnership.organisations.order_by("pk").first()
        checked.problems += plan_new_indicators(records(False), context, value_header)
        if context.new_indicators and checked.owner is None:
            checked.problems.append(Problem(None, None, f"{partnership.name} has no "
                                            "organisations to own the indicators created"))
    checked.new_indicators = context.new_indicators
    if streamed:
        _check_streamed(checked, records(True), context)
    else:
        result = check_records(records(True), context)
        checked.problems += result.problems
        checked.more_problems = result.more_problems
        if not checked.problems or keep_rows_when_refused:
            checked.rows = result.rows
            _keep_warnings(checked, result.warnings,
                           warn_of_jumps(checked.rows, checked.indicators, context.today),
                           warn_of_removals(checked.rows, checked.indicators))
    _plan_breakdowns(checked, partnership)
    return checked


def _check_streamed(checked: Checked, records: Iterable[RawRecord],
                    context: CheckContext) -> None:
    """Check the records into `CheckedRows`, finding the warnings of each batch as it is
    kept; the rows and warnings are dropped if a problem is found."""
    warnings = Warnings()

    def warn(batch: list[CheckedRow]) -> None:
        _add_warnings(warnings, warn_of_jumps(batch, checked.indicators, context.today),
                      warn_of_removals(batch, checked.indicators))

    rows = CheckedRows(on_batch=warn)
    checker = RecordChecker(context)
    for batch in _checked_batches(records, checker.check):
        rows.extend(batch)
    checked.problems += checker.problems
    checked.more_problems = checker.found - len(checker.problems)
    if checked.problems:
        rows.close()
        return
    rows.finish()
    checked.rows = rows
    _keep_warnings(checked, checker.warnings, warnings)


def _checked_batches(records: Iterable[RawRecord], check) -> Iterator[list[CheckedRow]]:
    """The rows that pass `check`, of `WRITE_BATCH` records at a time (a batch may be
    empty), every record checked in order: a list a batch, not a call a row."""
    records = iter(records)
    while True:
        batch = [row for row in map(check, islice(records, WRITE_BATCH - 1))
                 if row is not None]
        following = next(records, None)  # None once every record is checked
        if following is not None and (row := check(following)) is not None:
            batch.append(row)
        yield batch
        if following is None:
            return


def _add_warnings(total: Warnings, *found: Warnings) -> None:
    """Add warnings found for a batch to those found before, keeping the first
    `PROBLEMS_KEPT` in order of row, so what is kept does not grow with the file."""
    kept = sorted([*total.kept, *(w for warnings in found for w in warnings.kept)],
                  key=lambda w: w.row)
    total.kept = kept[:PROBLEMS_KEPT]
    total.more += len(kept) - len(total.kept) + sum(w.more for w in found)


def _keep_warnings(checked: Checked, *found: Warnings) -> None:
    """The first `PROBLEMS_KEPT` warnings in order of row, and how many more."""
    kept = sorted((w for warnings in found for w in warnings.kept), key=lambda w: w.row)
    checked.warnings = kept[:PROBLEMS_KEPT]
    checked.more_warnings = len(kept) - len(checked.warnings) + sum(w.more for w in found)


def refusal_problems(checked: Checked, refused: ObservationRefused) -> list[Problem]:
    """The rules' last guard, in `write_observations`, names rows by their place in the rows
    written; name them by their row in the file instead."""
    wanted = set(refused.findings)
    file_rows = {index: row.row for index, row in enumerate(checked.rows) if index in wanted}
    return [Problem(file_rows[index], None, f"{finding.field.capitalize()}: "
                    f"{finding.message}")
            for index, findings in sorted(refused.findings.items()) for finding in findings]


def _plan_breakdowns(checked: Checked, partnership) -> None:
    checked.breakdowns = {b.name.lower(): b for b in Breakdown.objects.filter(
        partnership=partnership)}
    if isinstance(checked.rows, CheckedRows):
        names = checked.rows.breakdowns
    else:
        names = {}
        for row in checked.rows:
            if row.breakdown:
                names.setdefault(row.breakdown.lower(), row.breakdown)
    checked.new_breakdowns = sorted(name for lower, name in names.items()
                                    if lower not in checked.breakdowns)


def _decimals_shown(rows, codes) -> dict[str, int]:
    """For each new indicator, the decimal places its values are written with (at most 3), so
    0.825 is not shown as 1: the most of any batch's."""
    shown = dict.fromkeys(codes, 0)
    if not codes:
        return shown
    for batch in _batches(rows):
        values = defaultdict(list)
        for row in batch:
            if row.code in shown:
                values[row.code].append(row.value)
        for code, found in values.items():
            shown[code] = max(shown[code], decimal_places(found))
    return shown


def import_checked(actor: Actor, checked: Checked, *, partnership, approve: bool,
                   dry_run: bool = False) -> WriteResult:
    """Import a clean file in one transaction; with `dry_run`, roll it all back afterwards."""
    if not checked.ok:
        raise ValueError("Only a file with no problems can be imported")
    # Writing makes millions of short-lived rows and tuples, none in cycles, as checking
    # does (see `_collector_paused`).
    with _collector_paused(), transaction.atomic():
        indicators = dict(checked.indicators)
        decimals = _decimals_shown(checked.rows, checked.new_indicators)
        # Read once, not a query for each indicator created; a code taken since the file
        # was checked is still refused.
        codes_in_use = codes_by_lower_case(Indicator.objects.filter(
            partnership=partnership).values_list("code", flat=True))
        for new in checked.new_indicators.values():
            indicator = Indicator(partnership=partnership, owner=checked.owner, code=new.code,
                                  title=new.title, frequency=new.frequency, unit=new.unit,
                                  decimals=decimals[new.code])
            refuse_broken_indicator(indicator, codes_in_use)
            codes_in_use[new.code.lower()] = new.code
            actor.stamp(indicator)
            indicator.save()
            indicators[new.code] = indicator
            actor.event(partnership, "indicator_created",
                        f"{new.code} created by importing {checked.filename}", indicator)
        breakdowns = dict(checked.breakdowns)
        for name in checked.new_breakdowns:
            breakdown = Breakdown(partnership=partnership, name=name)
            actor.stamp(breakdown)
            breakdown.save()
            breakdowns[name.lower()] = breakdown
        # Rows checked a moment ago in this process (`pif import`), against these very
        # indicators, need not pass every rule again; a check kept as JSON was made against
        # indicators as they were then, so its rows do.
        trusted = checked.indicators.values() if isinstance(checked.rows, CheckedRows) else ()
        writer = ObservationWriter(actor, approve=approve, partnership=partnership,
                                   source=checked.filename, checked=trusted)
        for batch in _batches(checked.rows):
            writer.write([ObservationInput(
                indicator=indicators[row.code], period=row.period, value=row.value,
                breakdown=breakdowns[row.breakdown.lower()] if row.breakdown else None,
                numerator=row.numerator, denominator=row.denominator,
                missing_code=row.missing_code, status=row.status, note=row.note)
                for row in batch])
        result = writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    return result
