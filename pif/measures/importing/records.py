"""Turning a table's data rows into raw records: one per indicator, period and breakdown.

A long table gives one record per row; a wide table gives one per filled period cell. Cells
are left as read (text, numbers or dates); `validate` reads them. Blank rows are skipped, and
so are blank cells of a wide table (a blank there means no figure, not a missing one).

`table_problems` finds what makes a table untrustworthy before any row is read: a column
header used twice, a CSV row with more or fewer cells than the header row, a column with
values but no header (which would be left unread without a word), and Excel cells holding
an error or a formula with no saved result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from pif.lib.spreadsheet_safety import unescape_cell
from pif.measures.importing.layout import Layout
from pif.measures.importing.mapping import normalise_header
from pif.measures.importing.readers import BadCell, ReadError, is_blank

__all__ = ["RawRecord", "cell_text", "raw_records", "table_problems"]

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
    return unescape(cell) if isinstance(cell, str) and cell[:1] == "'" else cell


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
    widths = _row_width_problem(layout)
    unheaded = _UnheadedColumns(layout)
    bad_cells = _bad_cells_of(layout)
    late: list = []
    for number, row in layout.data_rows:
        if widths is not None:
            problem = widths(number, row)
            if problem is not None:
                yield problem
        if unheaded.columns:
            unheaded.note(number, row)
        if bad_cells is not None:
            late.extend(bad_cells(number, row))
    yield from unheaded.problems()
    yield from late


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
    headers = layout.headers
    width = len(headers)
    needed = max(i for i, header in enumerate(headers) if not is_blank(header)) + 1

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


def raw_records(layout: Layout, constant_code: str = "",
                rows: Iterable[tuple[int, list]] | None = None) -> Iterator[RawRecord]:
    """The records of the data rows (or of `rows`), one at a time: a large file's records are
    checked as they are made and never all held at once."""
    columns = layout.columns
    names = {field: layout.column(index) for field, index in columns.items()}
    text_columns = [columns.get(f) for f in TEXT_FIELDS]
    note_column = columns.get("note")
    period_column = columns.get("period")
    number_columns = [columns.get(f) for f in NUMBER_FIELDS]
    long = layout.kind == "long"
    period_names = {index: {**names, "value": layout.column(index), "period": layout.column(index)}
                    for index in layout.period_columns}
    for number, row in layout.data_rows if rows is None else rows:  # no blank rows
        width = len(row)
        code, breakdown, status, missing, title = [
            cell_text(row[i]) if i is not None and i < width else "" for i in text_columns]
        note = cell_text(_cell(row, note_column), strip=False)
        code = constant_code or code
        if long:
            value, numerator, denominator = [
                _number_cell(row[i]) if i is not None and i < width else None
                for i in number_columns]
            yield RawRecord(number, code, _cell(row, period_column), breakdown, value, numerator,
                            denominator, status, note, missing, title, names)
            continue
        for index in layout.period_columns:
            cell = _cell(row, index)
            if is_blank(cell):
                continue
            yield RawRecord(number, code, layout.headers[index], breakdown, _number_cell(cell),
                            None, None, status, note, missing, title, period_names[index])
