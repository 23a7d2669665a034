"""Turning a table's data rows into raw records: one per indicator, period and breakdown.

A long table gives one record per row; a wide table gives one per filled period cell. Cells
are left as read (text, numbers or dates); `validate` reads them. Blank rows are skipped, and
so are blank cells of a wide table (a blank there means no figure, not a missing one).

`table_problems` finds what makes a table untrustworthy before any row is read: a column
header used twice, a CSV row with more or fewer cells than the header row, a column with
values but no header (which would be left unread without a word), and Excel cells holding
an error or a formula with no saved result. `TableProblems` finds the same as the rows go by
to be checked, so a large CSV read from its path (`pif import`) is read once, not twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from pif.lib.spreadsheet_safety import unescape_cell
from pif.measures.importing.layout import Layout
from pif.measures.importing.mapping import normalise_header
from pif.measures.importing.readers import BadCell, ReadError, is_blank

__all__ = ["RawRecord", "TableProblems", "cell_text", "raw_records", "table_problems"]

TEXT_FIELDS = ("indicator", "breakdown", "status", "missing_code", "title")
NUMBER_FIELDS = ("value", "numerator", "denominator")


@dataclass(slots=True)
class RawRecord:
    row: int
    code: str
    period: object
    breakdown: str
    value: object
    numerator: object = None
    denominator: object = None
    status: str = ""
    note: str = ""
    missing_code: str = ""
    title: str = ""
    columns: dict | None = None  # field -> column name, for problems


unescape = unescape_cell  # undo the quote `safe_cell` puts before a formula or a quote


def cell_text(cell: object, *, strip: bool = True) -> str:
    """A cell as text: whole numbers without ".0", dates in ISO form, quotes undone. Notes
    keep their spaces (`strip=False`), so an export imports back exactly."""
    if cell.__class__ is str:  # every CSV cell: the common case first
        text = cell.strip() if strip else cell
        return unescape(text) if text[:1] == "'" else text
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell)
    if strip:
        text = text.strip()
    return unescape(text) if text[:1] == "'" else text


def _number_cell(cell: object) -> object:
    return unescape(cell) if cell.__class__ is str and cell[:1] == "'" else cell


def _cell(row: list, index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def table_problems(layout: Layout) -> Iterator[tuple[int | None, str | None, str]]:
    """(row, column, message) for each thing that makes the table unsafe to read, one at a
    time: a file can have one on every row, and only the first are kept."""
    duplicates = _duplicate_headers(layout)
    if duplicates:
        yield from duplicates
        return
    try:
        yield from _row_problems(layout)
    except ReadError as error:
        # A CSV read from a path (see readers.Sheet.reread) is first read through here, so
        # a fault late in it is found here, and said as the file's problem.
        yield (None, None, str(error))


def _row_problems(layout: Layout) -> Iterator[tuple[int, str | None, str]]:
    """Row widths, unheaded columns and bad cells, found in one pass over the rows (a large
    file's rows may be read afresh from disk for each pass). Each row's width problem comes
    at once; an unheaded column, known only once every row is read, comes after them all,
    and bad cells (Excel only, where no row has a width problem) after those."""
    found = _RowProblems(layout)
    for number, row in layout.data_rows:
        yield from found.of_row(number, row)
    yield from found.after_rows()


class _RowProblems:
    """`_row_problems` a row at a time: `of_row` for those said at once, `after_rows` for
    the rest, once every row has been looked at."""

    def __init__(self, layout: Layout):
        self.widths = _row_width_problem(layout)
        self.unheaded = _UnheadedColumns(layout)
        self.bad_cells = _bad_cells_of(layout)
        self.late: list = []
        # Only widths to look at, and those only in a CSV: what most large files need.
        self.widths_only = not self.unheaded.columns and self.bad_cells is None

    def of_row(self, number: int, row: list) -> list:
        found = []
        if self.widths is not None:
            problem = self.widths(number, row)
            if problem is not None:
                found.append(problem)
        if self.unheaded.columns:
            self.unheaded.note(number, row)
        if self.bad_cells is not None:
            self.late.extend(self.bad_cells(number, row))
        return found

    def after_rows(self) -> Iterator[tuple[int, str | None, str]]:
        yield from self.unheaded.problems()
        yield from self.late


class TableProblems:
    """`table_problems` found while the rows are read for another purpose (`rows_noted`),
    so a large file is read once: the first `kept`, and how many more."""

    def __init__(self, layout: Layout, kept: int):
        self.layout, self.kept_up_to = layout, kept
        self.kept: list = []
        self.more = 0
        self.duplicates = _duplicate_headers(layout)
        self._add(self.duplicates)

    def _add(self, problems: Iterable) -> None:
        for problem in problems:
            if len(self.kept) < self.kept_up_to:
                self.kept.append(problem)
            else:
                self.more += 1

    def rows_noted(self, rows: Iterable[tuple[int, list]]) -> Iterator[tuple[int, list]]:
        """The rows, each looked at as `table_problems` looks at it on its way. A fault
        found reading them is noted as the file's problem, and ends them."""
        found = _RowProblems(self.layout)
        try:
            if found.widths_only and found.widths is not None:
                widths = found.widths
                needed, width = _widths(self.layout)
                for number, row in rows:
                    if not needed <= len(row) <= width:  # else no problem, at once
                        self._add([problem] if (problem := widths(number, row)) else ())
                    yield number, row
            else:
                for number, row in rows:
                    self._add(found.of_row(number, row))
                    yield number, row
        except ReadError as error:
            self._add([(None, None, str(error))])
            return
        self._add(found.after_rows())


def _widths(layout: Layout) -> tuple[int, int]:
    """The fewest and most cells a CSV row may have without a width problem to look for."""
    headers = layout.headers
    return max(i for i, header in enumerate(headers) if not is_blank(header)) + 1, len(headers)


def _duplicate_headers(layout: Layout) -> list[tuple[int, str | None, str]]:
    first: dict[str, int] = {}
    problems = []
    for index, header in enumerate(layout.headers):
        if is_blank(header):
            continue
        name = normalise_header(header)
        if name in first:
            problems.append((layout.header_row, layout.column(index),
                             f"This column has the same header as column "
                             f"{layout.column(first[name])}: give each column its own header, "
                             "so it is clear which one to read"))
        else:
            first[name] = index
    return problems


def _row_width_problem(layout: Layout):
    """In a CSV file a missing or extra comma moves every later cell into the wrong column,
    so a row must have a cell for every header. Empty cells past the last header are allowed:
    spreadsheets write them when some other row is wider. A function giving a row's problem,
    if any; None for Excel, which places each cell in its own column."""
    if layout.sheet.is_excel:
        return None
    needed, width = _widths(layout)

    def problem(number: int, row: list) -> tuple[int, str | None, str] | None:
        if needed <= len(row) <= width:
            return None  # the common case, at once
        if len(row) < needed:
            return (number, None, f"This row has {len(row)} cells but the header row (row "
                    f"{layout.header_row}) has {needed}: check the row for a missing comma or "
                    "cell")
        extra = [i for i in range(width, len(row)) if not is_blank(row[i])]
        if not extra:
            return None
        return (number, f"number {extra[0] + 1}",
                f"This row has a value in column {extra[0] + 1}, past the {width} columns of "
                f"the header row (row {layout.header_row}): check the row for an extra comma, "
                "or give the column a header")

    return problem


class _UnheadedColumns:
    """Each column without a header that has a value, at its first row with one. In a CSV,
    cells past the header row are the concern of `_row_width_problem`; a worksheet's header
    row ends at its last filled cell, so any column past it has no header."""

    def __init__(self, layout: Layout):
        self.layout = layout
        headers = layout.headers
        self.width = len(headers)
        self.blank = [i for i, header in enumerate(headers) if is_blank(header)]
        self.past_headers = layout.sheet.is_excel
        self.columns = bool(self.blank) or self.past_headers  # any to look at
        self.first_row: dict[int, int] = {}

    def note(self, number: int, row: list) -> None:
        unheaded = [i for i in self.blank if i < len(row)]
        if self.past_headers:
            unheaded += range(self.width, len(row))
        for index in unheaded:
            if index not in self.first_row and not is_blank(row[index]):
                self.first_row[index] = number

    def problems(self) -> Iterator[tuple[int, str | None, str]]:
        for index in sorted(self.first_row):
            yield (self.first_row[index], self.layout.column(index),
                   "This column has a value but no header: give the column a header, or "
                   "remove its values, so nothing in the file is left unread")


def _bad_cells_of(layout: Layout):
    """A function giving a row's bad cells (Excel only; None for a CSV)."""
    if not layout.sheet.is_excel:
        return None
    read = sorted({*layout.columns.values(), *layout.period_columns})

    def bad_cells(number: int, row: list) -> list[tuple[int, str | None, str]]:
        return [(number, layout.column(index), cell.describe()) for index in read
                if isinstance(cell := _cell(row, index), BadCell)]

    return bad_cells


def _long_records(rows: Iterable[tuple[int, list]], constant_code: str, columns: dict,
                  names: dict) -> Iterator[RawRecord]:
    """The records of a long table's rows, one a row. A row with a cell for every column
    read (almost every row) has its cells taken at once; a shorter one a cell at a time."""
    fields = (*TEXT_FIELDS, "note", "period", *NUMBER_FIELDS)
    indexes = [columns.get(f) for f in fields]
    width_needed = max(i for i in indexes if i is not None) + 1
    # The cells of every field from a row wide enough; a field with no column takes the
    # first cell, and is then given as blank.
    take = itemgetter(*[0 if i is None else i for i in indexes])
    (has_code, has_breakdown, has_status, has_missing, has_title, has_note, has_period,
     has_value, has_top, has_bottom) = [i is not None for i in indexes]
    for number, row in rows:
        if len(row) >= width_needed:
            cells = take(row)
        else:
            cells = [row[i] if i is not None and i < len(row) else None for i in indexes]
        code, breakdown, status, missing, title, note, period, value, top, bottom = cells
        yield RawRecord(
            number, constant_code or (_text(code) if has_code else ""),
            period if has_period else None, _text(breakdown) if has_breakdown else "",
            _number_cell(value) if has_value else None,
            _number_cell(top) if has_top else None,
            _number_cell(bottom) if has_bottom else None,
            _text(status) if has_status else "",
            cell_text(note, strip=False) if has_note else "",
            _text(missing) if has_missing else "", _text(title) if has_title else "", names)


def _text(cell: object) -> str:
    """`cell_text`, at once for the blank cells and plain text of most rows."""
    if cell is None:
        return ""
    if cell.__class__ is str:
        text = cell.strip()
        return unescape(text) if text[:1] == "'" else text
    return cell_text(cell)


def raw_records(layout: Layout, constant_code: str = "",
                rows: Iterable[tuple[int, list]] | None = None) -> Iterator[RawRecord]:
    """The records of the data rows (or of `rows`), one at a time: a large file's records are
    checked as they are made and never all held at once."""
    columns = layout.columns
    names = {field: layout.column(index) for field, index in columns.items()}
    text_columns = [columns.get(f) for f in TEXT_FIELDS]
    note_column = columns.get("note")
    long = layout.kind == "long"
    period_names = {index: {**names, "value": layout.column(index), "period": layout.column(index)}
                    for index in layout.period_columns}
    rows = layout.data_rows if rows is None else rows  # no blank rows
    if long:
        yield from _long_records(rows, constant_code, columns, names)
        return
    for number, row in rows:
        width = len(row)
        code, breakdown, status, missing, title = [
            cell_text(row[i]) if i is not None and i < width else "" for i in text_columns]
        note = cell_text(_cell(row, note_column), strip=False)
        code = constant_code or code
        for index in layout.period_columns:
            cell = _cell(row, index)
            if is_blank(cell):
                continue
            yield RawRecord(number, code, layout.headers[index], breakdown, _number_cell(cell),
                            None, None, status, note, missing, title, period_names[index])
