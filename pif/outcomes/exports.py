"""CSV and Excel downloads of each list, through the shared `pif.tables` (safe cells)."""

from django.http import HttpResponse

from pif.tables import table_response


def respond(fmt: str, filename: str, title: str, headers: list[str],
            rows: list[list]) -> HttpResponse:
    return table_response(filename, fmt, headers, rows, sheet_title=title)
