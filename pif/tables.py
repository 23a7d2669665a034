"""The one spreadsheet writer: every CSV and Excel file PIF gives out, from a web page or
from `pif export`, is written here, with every cell made safe against formula injection.

| function | what it does |
|---|---|
| `write_csv(stream, headers, rows)` | CSV, UTF-8 with a byte-order mark, to a text stream |
| `write_xlsx(target, headers, rows, sheet_title)` | an Excel workbook to a path or stream |
| `csv_bytes`, `xlsx_bytes` | the same, as bytes |
| `table_response(filename, fmt, headers, rows)` | a download of either |

Both formats read back exactly through `pif.measures.importing`: the quote `safe_cell` adds
is undone, and Excel's escapes for carriage returns (`to_xlsx_text`) are read back. Rows may
be any iterable, so a large export is written as it is read, never held whole.
"""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pif.lib.spreadsheet_safety import safe_cell, safe_row, to_xlsx_text

__all__ = ["FORMATS", "csv_bytes", "table_response", "write_csv", "write_xlsx", "xlsx_bytes"]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A byte-order mark makes Excel read the file as UTF-8 (pound signs, accents); PIF's own
# import removes it.
BYTE_ORDER_MARK = "\ufeff"


def write_csv(stream, headers: list[str], rows) -> int:
    """Write the table to a text stream (opened with newline=""); return the rows written."""
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream)
    writer.writerow(safe_row(headers))
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        writer.writerow(safe_row(row))
    return count


def _xlsx_cell(sheet, value: object) -> object:
    value = safe_cell(value)
    if isinstance(value, str):
        return to_xlsx_text(value)
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return _exact_number(sheet, value)
    return value


def _exact_number(sheet, value: float) -> WriteOnlyCell:
    """openpyxl writes numbers to 16 significant figures, and a few floats need 17 (0.1 + 0.2
    is 0.30000000000000004): written as openpyxl would, they would read back as a different
    number. So they are written as Python gives them, which reads back exactly."""
    cell = WriteOnlyCell(sheet, value=repr(value))
    cell.data_type = "n"
    return cell


def write_xlsx(target, headers: list[str], rows, sheet_title: str = "Data") -> int:
    """Write the table to a path or binary stream as one sheet, its header bold and frozen;
    return the rows written. Written row by row (openpyxl's write-only mode), so a large
    export takes little memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    header = []
    for value in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(sheet, value))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)
    return count


def csv_bytes(headers: list[str], rows) -> bytes:
    buffer = io.StringIO(newline="")
    write_csv(buffer, headers, rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(headers: list[str], rows, sheet_title: str = "Data") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet_title)
    return buffer.getvalue()


def table_response(filename: str, fmt: str, headers: list[str], rows,
                   sheet_title: str = "Data") -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    content = (csv_bytes(headers, rows) if fmt == "csv"
               else xlsx_bytes(headers, rows, sheet_title))
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
