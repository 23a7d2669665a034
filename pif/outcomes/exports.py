"""CSV and Excel downloads of each list. Every text cell goes through `safe_cell`."""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from pif.lib.spreadsheet_safety import safe_row

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(headers))
    for row in rows:
        writer.writerow(safe_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(safe_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def respond(fmt: str, filename: str, title: str, headers: list[str],
            rows: list[list]) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    content = (csv_bytes(headers, rows) if fmt == "csv"
               else xlsx_bytes(title, headers, rows))
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
