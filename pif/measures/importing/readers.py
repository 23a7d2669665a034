"""Reading an uploaded CSV or Excel file into numbered rows of cells.

| function | what it does |
|---|---|
| `read_sheets(content, filename, sheet=None)` | every candidate sheet, each with its rows |
| `Sheet.reread` | for a CSV read from a path: its rows afresh, from disk, each time |
| `column_name(sheet, index, headers)` | a column as problems name it: its letter or header |
| `BadCell` | an Excel cell holding an error (`#DIV/0!`) or a formula with no saved result |

Row numbers are those a person sees, so problems can point at them: a worksheet's row
numbers, and for a CSV the line a row starts on in a text editor (the first is 1), which is
not its count of rows once a quoted cell holds a line break. Blank rows are left out (their
numbers are skipped). CSV cells are text; Excel cells keep their type (numbers, dates) and
formulas give their saved result.

A CSV is read strictly: a quote never closed would otherwise take every later line into one
cell, and text after a closing quote shows the quotes are not what the writer meant. A
quote inside an unquoted cell (`a 5" screen`) is kept as written: it cannot swallow rows.

Reading has ceilings on rows, cells and time, so no file can hold a worker for long or fill
its memory: a sheet's rows are kept only up to their last filled cell, and a file that goes
over a ceiling is refused with what to do instead.

A CSV given as a path (`pif import`) is not held: only its first rows are kept, for finding
the header row, and `Sheet.reread()` reads every row again from disk each time it is asked,
so a file of any size is checked in bounded memory. No ceiling applies to it (the command
line reads any size), and a fault found late in it is raised while its rows are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from pif.lib.spreadsheet_safety import from_xlsx_text
from pif.lib.text_encoding import _ERROR_HANDLER as _CP1252_ERRORS  # decode_upload's
from pif.lib.text_encoding import TextEncodingError, decode_upload

__all__ = ["BadCell", "ReadError", "Sheet", "column_name", "is_blank", "read_sheets"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
# A workbook is a zip of XML. Ten megabytes of real workbook unpack to well under 200 MB; a
# "zip bomb" unpacks to gigabytes and would exhaust the server's memory.
MAX_UNPACKED_BYTES = 250_000_000
MAX_PART_BYTES = 10_000_000
# Excel's own limit on rows. Cells are counted as the file holds them, empty ones included:
# a workbook of 1 MB can hold millions of empty formatted cells, each costing time to read.
MAX_ROWS = 1_048_576
MAX_CELLS = 2_000_000
# A CSV's cells each take at least a comma of the file, so its size bounds them: 10 MB of
# tiny cells is a few million. This ceiling is for the command line, which reads any size.
MAX_CSV_CELLS = 20_000_000
# A worker is stopped by the web server after 30 seconds; stop well before, and say why.
MAX_SECONDS = 20.0
_CHECK_CLOCK_EVERY = 1000  # rows
_SHARED_CELLS = 20_000
# A note may run over a few lines; a row over more is almost always a stray quote that
# opened a cell and took the rows after it.
MAX_LINES_A_ROW = 10
# The rows of each sheet the header row is looked for in (see layout.py).
MAX_HEADER_SCAN = 30
# How much of a CSV is looked at to guess its delimiter.
_DELIMITER_SAMPLE = 64 * 1024


class ReadError(ValueError):
    """The file could not be read at all; the message is fit to show to users."""


@dataclass(frozen=True)
class BadCell:
    """An Excel cell whose value cannot be trusted: an error such as #DIV/0!, or a formula
    whose result was never saved (the file was written by a program that does not calculate)."""

    where: str  # "Sheet1!C14"
    error: str = ""  # "#DIV/0!"; blank for a formula with no saved result

    def __str__(self) -> str:
        return self.error or "(formula with no saved result)"

    def describe(self) -> str:
        if self.error:
            return (f"Cell {self.where} holds the error {self.error}: correct the cell, or "
                    "leave it blank, and upload the file again")
        return (f"Cell {self.where} has a formula with no saved result: open the file in Excel "
                "or LibreOffice, let it calculate, save it and upload it again")


@dataclass
class Sheet:
    """One table of cells: a CSV file, or one worksheet of a workbook."""

    name: str | None
    is_excel: bool
    # Every filled row; for a CSV read from a path, only the first (see `reread`).
    rows: list[tuple[int, list]] = field(default_factory=list)
    # For a CSV read from a path: every filled row again, read afresh from disk.
    reread: Callable[[], Iterator[tuple[int, list]]] | None = None

    @property
    def where(self) -> str:
        return f'sheet "{self.name}"' if self.name else "the file"


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _blank_row(row: list) -> bool:
    for cell in row:  # a plain loop: this runs for every row of every file
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def column_name(sheet: Sheet, index: int, headers: list) -> str:
    """Name a column as the person sees it: its letter in Excel, its header in CSV."""
    header = headers[index] if index < len(headers) and not is_blank(headers[index]) else None
    if sheet.is_excel:
        letter = get_column_letter(index + 1)
        return f'{letter} ("{header}")' if header is not None else letter
    return f'"{header}"' if header is not None else f"number {index + 1}"


def is_excel(content: bytes, filename: str) -> bool:
    return filename.lower().endswith(EXCEL_SUFFIXES) or content.startswith(ZIP_MAGIC)


def read_sheets(content: bytes | Path, filename: str, sheet: str | None = None
                ) -> Iterator[Sheet]:
    """Yield the file's tables: one for a CSV, each worksheet (or only `sheet`) for Excel.
    `content` is the file's bytes, or its path: a CSV is then read from disk as it is used."""
    if isinstance(content, Path):
        if not _csv_path(content, filename):
            content = content.read_bytes()  # a workbook is read whole, as uploaded
        elif sheet:
            raise ReadError(f"{filename} is a CSV file, which has no sheets: leave out the sheet")
        else:
            yield _csv_file_sheet(content, filename)
            return
    if content.startswith(OLD_EXCEL_MAGIC) or filename.lower().endswith(".xls"):
        raise ReadError(f"{filename} is an old Excel file (.xls): save it as .xlsx or CSV "
                        "and upload that")
    if is_excel(content, filename):
        yield from _excel_sheets(content, filename, sheet)
    else:
        if sheet:
            raise ReadError(f"{filename} is a CSV file, which has no sheets: leave out the sheet")
        yield _csv_sheet(content, filename)


class _Ceilings:
    """Counts rows and cells as they are read, and refuses a file that goes over a ceiling."""

    def __init__(self, filename: str, where: str, max_cells: int):
        self.filename, self.where, self.max_cells = filename, where, max_cells
        self.rows = self.cells = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def count(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS or self.cells > self.max_cells:
            raise ReadError(f"{self.filename}: {self.where} is larger than PIF reads "
                            f"({MAX_ROWS:,} rows or {self.max_cells:,} cells, blank ones "
                            "included): save only the rows and columns with the values, as "
                            "CSV, and upload that")
        if self.rows % _CHECK_CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise ReadError(f"{self.filename}: {self.where} took more than {MAX_SECONDS:.0f} "
                            "seconds to read, so reading was stopped: save only the rows and "
                            "columns with the values, as CSV, and upload that")


def _csv_sheet(content: bytes, filename: str) -> Sheet:
    try:
        text = decode_upload(content)
    except TextEncodingError as error:
        raise ReadError(str(error)) from None
    if "\x00" in text:
        raise ReadError(_binary(filename))
    ceilings = _Ceilings(filename, "the file", max_cells=MAX_CSV_CELLS)
    rows = list(_csv_rows(_lines(text), _delimiter(text), filename, ceilings))
    return Sheet(name=None, is_excel=False, rows=rows)


def _csv_rows(lines: Iterable[str], delimiter: str, filename: str,
              ceilings: _Ceilings | None, share: bool = True) -> Iterator[tuple[int, list]]:
    """The filled rows of a CSV's lines, each with the line it starts on. `share`: keep one
    copy of each cell's text that repeats, for rows that are held."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    # Codes, periods and breakdown names repeat on every row: keeping one copy of each
    # halves the memory a large file takes. The copies kept are bounded, as values rarely
    # repeat and a table of them would cost more than it saves.
    shared: dict[str, str] = {}
    shared_up_to = _SHARED_CELLS if share else 0
    last_line = 0  # of the row before
    try:
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if last_line - first_line >= MAX_LINES_A_ROW:
                raise ReadError(_long_row(filename, first_line, last_line))
            if ceilings is not None:
                ceilings.count(len(row) + 1)
            # A CSV's cells are text; a row's first is seldom blank, so look there first.
            if (row and row[0].strip()) or not _blank_row(row):
                if len(shared) < shared_up_to:
                    row = [shared.setdefault(cell, cell) for cell in row]
                yield first_line, row
    except csv.Error as error:
        raise ReadError(_unreadable_row(filename, error, last_line + 1)) from None


def _binary(filename: str) -> str:
    return f"{filename} is not a CSV or Excel file: it contains binary data"


def _csv_path(path: Path, filename: str) -> bool:
    """Whether the file at `path` is to be read as CSV (see `read_sheets`)."""
    with path.open("rb") as file:
        start = file.read(len(ZIP_MAGIC))
    return not (is_excel(start, filename) or start.startswith(OLD_EXCEL_MAGIC)
                or filename.lower().endswith(".xls"))


_READ_BYTES = 1 << 20


def _file_encoding(path: Path, filename: str) -> tuple[str, str, int]:
    """The encoding and error handler `decode_upload` would choose for the file's bytes, and
    how many bytes it would skip first, found by reading the file through once without
    holding it; binary data is refused here."""
    with path.open("rb") as file:
        start = file.read(len(codecs.BOM_UTF8))
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "strict", 0  # rare (Excel's "Unicode Text"): read whole
        file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf_8 = True
        while chunk := file.read(_READ_BYTES):
            if b"\x00" in chunk:
                raise ReadError(_binary(filename))
            if utf_8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf_8 = False
        if utf_8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf_8 = False
    if utf_8:
        return "utf-8-sig", "strict", 0
    # Marked as UTF-8 but not all UTF-8: the mark is dropped, as decode_upload drops it.
    return "cp1252", _CP1252_ERRORS, len(codecs.BOM_UTF8) if start == codecs.BOM_UTF8 else 0


def _open_text(path: Path, encoding: str, errors: str, skip: int) -> io.TextIOWrapper:
    """The file as text, its lines ending as Python's newline="" ends them."""
    file = path.open("rb")
    file.seek(skip)
    return io.TextIOWrapper(file, encoding=encoding, errors=errors, newline="")


def _csv_file_sheet(path: Path, filename: str) -> Sheet:
    """The CSV at `path`, its first rows kept and the rest read afresh each time."""
    encoding, errors, skip = _file_encoding(path, filename)
    if encoding == "utf-16":
        return _csv_sheet(path.read_bytes(), filename)  # decoded whole, as uploaded
    with _open_text(path, encoding, errors, skip) as text:
        delimiter = _delimiter(text.read(_DELIMITER_SAMPLE))

    def reread() -> Iterator[tuple[int, list]]:
        # Rows read again are let go of once read: no copies are shared, as none are held.
        with _open_text(path, encoding, errors, skip) as text:
            yield from _csv_rows(text, delimiter, filename, None, share=False)

    with closing(reread()) as rows:
        head = list(islice(rows, MAX_HEADER_SCAN + 1))
    return Sheet(name=None, is_excel=False, rows=head, reread=reread)


def _long_row(filename: str, first_line: int, last_line: int) -> str:
    return (f"{filename}: the row that starts on line {first_line} runs over "
            f"{last_line - first_line + 1} lines, as a quoted cell in it holds line breaks: a "
            f"row may run over at most {MAX_LINES_A_ROW}, so check for a stray quote (\") that "
            "opens a cell too early, and upload the file again")


def _unreadable_row(filename: str, error: csv.Error, line: int) -> str:
    """Why the row starting on `line` cannot be read, in words; Python's csv module
    names the fault only in its own terms."""
    fault = str(error)
    if fault.startswith("unexpected end of data"):
        return (f'{filename}: the quoted cell that starts on line {line} has no closing quote '
                '("), so every line after it would be read as part of that cell: add the '
                "closing quote, or remove the stray one, and upload the file again")
    if "expected after" in fault:
        return (f'{filename}, line {line}: a quoted cell has more after its closing quote ("): '
                'put the whole cell in quotes and write each quote inside it twice (""), or '
                "remove the stray quote, and upload the file again")
    if fault.startswith("field larger than field limit"):
        return (f"{filename}: a cell in the row that starts on line {line} is longer than "
                f"{csv.field_size_limit():,} characters: check for a stray quote (\") that "
                "opens a cell without closing it, and upload the file again")
    return f"{filename} is not a CSV file we can read: {fault} (in the row on line {line})"


# A line ends as Python's newline="" ends one: at \r\n, \r or \n.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time: a StringIO of the whole text would take four bytes a
    character, 40 MB for a 10 MB file, on top of the text."""
    return (match.group() for match in _LINE.finditer(text))


def _delimiter(text: str) -> str:
    """Commas, unless the start of the file has none and has tabs or semicolons instead."""
    start = "\n".join(text[:_DELIMITER_SAMPLE].splitlines()[:20])
    if "," in start:
        return ","
    return max(("\t", ";"), key=start.count) if ("\t" in start or ";" in start) else ","


def _refuse_zip_bombs(content: bytes, filename: str) -> None:
    """Refuse a workbook whose parts say they unpack to too much. The sizes in the zip's
    directory can be trusted as a ceiling: Python's zipfile never unpacks more than they say."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # load_workbook explains
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"{filename} unpacks to {unpacked / 1e6:,.0f} MB, more than the "
                        f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB a workbook of indicator values "
                        "needs: save the sheet with the values as CSV and upload that")
    # Sheets are read a row at a time, but the other parts (shared text, styles) are read
    # whole, and take several times their size in memory.
    for member in members:
        if not member.filename.startswith("xl/worksheets/") \
                and member.file_size > MAX_PART_BYTES:
            raise ReadError(f"{filename} has a part ({member.filename}) that unpacks to "
                            f"{member.file_size / 1e6:,.0f} MB, more than the "
                            f"{MAX_PART_BYTES / 1e6:,.0f} MB PIF reads: save the sheet with "
                            "the values as CSV and upload that")


class _ValueParser(WorkSheetParser):
    """openpyxl's sheet parser, keeping only what an import needs: each row's values up to
    its last filled cell, errors and unsaved formulas as `BadCell`, and nothing else. Empty
    cells are skipped without being parsed, and no row sizes are kept, so a sheet of
    millions of empty formatted cells costs little memory."""

    def __init__(self, *args, sheet_title: str, ceilings: _Ceilings, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_title, self.ceilings = sheet_title, ceilings
        self.shared: dict[str, str] = {}  # see _csv_sheet

    def parse(self):
        """Only the rows, each dropped from the sheet's tree once read: openpyxl's own parse
        empties a row but leaves it in the tree, which for 500,000 rows is 100 MB."""
        sheet_data = None
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == DATA_TAG:
                    sheet_data = element
            elif element.tag == ROW_TAG:
                yield self.parse_row(element)
                if sheet_data is not None:
                    sheet_data.remove(element)
                element.clear()

    def parse_row(self, row):
        number = row.get("r")
        self.row_counter = int(float(number)) if number is not None else self.row_counter + 1
        self.col_counter = 0
        self.ceilings.count(len(row) + 1)
        values: list = []
        for element in row:
            if len(element) == 0:  # no value, no formula: an empty (perhaps formatted) cell
                self._skip_empty(element)
                continue
            value, column = self._value(element)
            if isinstance(value, str) and len(self.shared) < _SHARED_CELLS:
                value = self.shared.setdefault(value, value)
            if value is not None:
                values.extend([None] * (column - 1 - len(values)))
                values.append(value)
        return self.row_counter, values

    def _skip_empty(self, element) -> None:
        coordinate = element.get("r")
        if coordinate is None:
            self.col_counter += 1
        else:
            self.col_counter = coordinate_to_tuple(coordinate)[1]

    def _value(self, element) -> tuple[object, int]:
        cell = self.parse_cell(element)
        value, column = cell["value"], cell["column"]
        if cell["data_type"] == "e":
            return BadCell(self._where(column), str(value)), column
        # A formula whose result is an empty text is saved with the type "str"; one never
        # calculated (as many programs write them) has no type and no value.
        if value is None and cell["data_type"] != "str" and element.find(FORMULA_TAG) is not None:
            return BadCell(self._where(column)), column
        if isinstance(value, str) and "_x" in value:
            value = from_xlsx_text(value)
        return value, column

    def _where(self, column: int) -> str:
        return f"{self.sheet_title}!{get_column_letter(column)}{self.row_counter}"


def _worksheet_rows(workbook, worksheet, filename: str) -> list[tuple[int, list]]:
    """The sheet's filled rows as they are. A sheet states its own size and openpyxl would
    pad every row to it, so the claim is ignored: rows end at their last filled cell."""
    ceilings = _Ceilings(filename, f'sheet "{worksheet.title}"', max_cells=MAX_CELLS)
    with worksheet._get_source() as source:
        parser = _ValueParser(source, worksheet._shared_strings, data_only=True,
                              epoch=workbook.epoch, date_formats=workbook._date_formats,
                              timedelta_formats=workbook._timedelta_formats,
                              sheet_title=worksheet.title, ceilings=ceilings)
        return [(number, values) for number, values in parser.parse()
                if not _blank_row(values)]


def _excel_sheets(content: bytes, filename: str, wanted: str | None) -> Iterator[Sheet]:
    _refuse_zip_bombs(content, filename)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any damage to the file, see _damaged
        raise _damaged(filename, error) from None
    try:
        names = workbook.sheetnames
        if wanted is not None and wanted not in names:
            raise ReadError(f'{filename} has no sheet called "{wanted}": its sheets are '
                            + ", ".join(f'"{name}"' for name in names))
        for name in [wanted] if wanted else names:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            try:
                rows = _worksheet_rows(workbook, worksheet, filename)
            except ReadError:
                raise
            except Exception as error:  # noqa: BLE001 - any damage to the sheet
                raise _damaged(filename, error, name) from None
            yield Sheet(name=name, is_excel=True, rows=rows)
    finally:
        workbook.close()


def _damaged(filename: str, error: Exception, sheet: str = "") -> ReadError:
    """A damaged workbook can fail in the zip, the compression or the XML, and openpyxl lets
    each library's own error through; whichever it is, the person needs the same answer."""
    where = f' (sheet "{sheet}")' if sheet else ""
    detail = str(error).strip() or type(error).__name__
    return ReadError(f"{filename} is not an Excel workbook we can read{where}: it may be "
                     f"damaged ({detail[:200]}). Open it in Excel or LibreOffice, save it as "
                     ".xlsx or CSV, and upload that")
