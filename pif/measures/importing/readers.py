"""Reading an uploaded CSV or Excel file into numbered rows of cells.

| function | what it does |
|---|---|
| `read_sheets(content, filename, sheet=None)` | every candidate sheet, each with its rows |
| `column_name(sheet, index, headers)` | a column as problems name it: its letter or header |

Row numbers are those a person sees in their spreadsheet (the first row is 1), so problems
can point at them. CSV cells are text; Excel cells keep their type (numbers, dates), read with
openpyxl in read-only mode from cached values (`data_only=True`), so formulas give their result.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pif.lib.text_encoding import TextEncodingError, decode_upload

__all__ = ["ReadError", "Sheet", "column_name", "is_blank", "read_sheets"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
# A workbook is a zip of XML. Ten megabytes of real workbook unpack to well under 200 MB; a
# "zip bomb" unpacks to gigabytes and would exhaust the server's memory.
MAX_UNPACKED_BYTES = 250_000_000
# Excel's own limit on rows, and a ceiling on cells far above any real table of values.
MAX_ROWS = 1_048_576
MAX_CELLS = 10_000_000


class ReadError(ValueError):
    """The file could not be read at all; the message is fit to show to users."""


@dataclass
class Sheet:
    """One table of cells: a CSV file, or one worksheet of a workbook."""

    name: str | None
    is_excel: bool
    rows: list[tuple[int, list]] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f'sheet "{self.name}"' if self.name else "the file"


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def column_name(sheet: Sheet, index: int, headers: list) -> str:
    """Name a column as the person sees it: its letter in Excel, its header in CSV."""
    header = headers[index] if index < len(headers) and not is_blank(headers[index]) else None
    if sheet.is_excel:
        letter = get_column_letter(index + 1)
        return f'{letter} ("{header}")' if header is not None else letter
    return f'"{header}"' if header is not None else f"number {index + 1}"


def is_excel(content: bytes, filename: str) -> bool:
    return filename.lower().endswith(EXCEL_SUFFIXES) or content.startswith(ZIP_MAGIC)


def read_sheets(content: bytes, filename: str, sheet: str | None = None) -> Iterator[Sheet]:
    """Yield the file's tables: one for a CSV, each worksheet (or only `sheet`) for Excel."""
    if content.startswith(OLD_EXCEL_MAGIC) or filename.lower().endswith(".xls"):
        raise ReadError(f"{filename} is an old Excel file (.xls): save it as .xlsx or CSV "
                        "and upload that")
    if is_excel(content, filename):
        yield from _excel_sheets(content, filename, sheet)
    else:
        if sheet:
            raise ReadError(f"{filename} is a CSV file, which has no sheets: leave out the sheet")
        yield _csv_sheet(content, filename)


def _csv_sheet(content: bytes, filename: str) -> Sheet:
    try:
        text = decode_upload(content)
    except TextEncodingError as error:
        raise ReadError(str(error)) from None
    if "\x00" in text:
        raise ReadError(f"{filename} is not a CSV or Excel file: it contains binary data")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise ReadError(f"{filename} is not a CSV file we can read: {error}") from None
    return Sheet(name=None, is_excel=False, rows=rows)


def _delimiter(text: str) -> str:
    """Commas, unless the start of the file has none and has tabs or semicolons instead."""
    start = "\n".join(text.splitlines()[:20])
    if "," in start:
        return ","
    return max(("\t", ";"), key=start.count) if ("\t" in start or ";" in start) else ","


def _refuse_zip_bombs(content: bytes, filename: str) -> None:
    """Refuse a workbook whose parts say they unpack to too much. The sizes in the zip's
    directory can be trusted as a ceiling: Python's zipfile never unpacks more than they say."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return  # load_workbook explains
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"{filename} unpacks to {unpacked / 1e6:,.0f} MB, more than the "
                        f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB a workbook of indicator values "
                        "needs: save the sheet with the values as CSV and upload that")


def _worksheet_rows(worksheet, filename: str) -> list[tuple[int, list]]:
    """The sheet's rows as they are. A sheet states its own size, and openpyxl pads every row
    to it: a few kilobytes claiming A1:XFD1048576 would fill the server's memory. So the claim
    is ignored, and reading stops at a ceiling of rows and cells."""
    worksheet.reset_dimensions()
    rows, cells = [], 0
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells += len(row) + 1
        if number > MAX_ROWS or cells > MAX_CELLS:
            raise ReadError(f'{filename}: sheet "{worksheet.title}" is larger than PIF reads '
                            f"({MAX_ROWS:,} rows or {MAX_CELLS:,} cells): save the rows with "
                            "the values as CSV and upload that")
        rows.append((number, list(row)))
    return rows


def _excel_sheets(content: bytes, filename: str, wanted: str | None) -> Iterator[Sheet]:
    _refuse_zip_bombs(content, filename)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReadError(f"{filename} is not an Excel workbook we can read ({error}): "
                        "save it as .xlsx or CSV and upload that") from None
    try:
        names = workbook.sheetnames
        if wanted is not None and wanted not in names:
            raise ReadError(f'{filename} has no sheet called "{wanted}": its sheets are '
                            + ", ".join(f'"{name}"' for name in names))
        for name in [wanted] if wanted else names:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            yield Sheet(name=name, is_excel=True, rows=_worksheet_rows(worksheet, filename))
    finally:
        workbook.close()
