"""Exporting a partnership's observations in the long format `pif import` reads back.

| function | what it does |
|---|---|
| `export_rows(partnership)` | the header, then one list of cells per observation |
| `write_csv(partnership, stream)` | CSV (UTF-8) to a text stream |
| `write_xlsx(partnership, target)` | an Excel workbook to a path or binary stream |
| `export_to_path(partnership, path)` | CSV or Excel by the path's suffix; returns the row count |

Periods are written as their British labels (`2019/20`, `April 2019`), which read back to
the same periods. Every text cell goes through `safe_cell` so nothing runs as a formula when
the file is opened; numbers stay numbers. Importing an export changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db.models import F
from openpyxl import Workbook

from pif.lib.periods import Period
from pif.lib.spreadsheet_safety import safe_cell
from pif.measures.models import Observation

__all__ = ["COLUMNS", "ExportError", "export_rows", "export_to_path", "write_csv", "write_xlsx"]

COLUMNS = ("indicator", "period", "breakdown", "value", "numerator", "denominator", "status",
           "note", "missing_code")
SUFFIXES = (".csv", ".xlsx")


class ExportError(ValueError):
    """The export cannot be written as asked; the message is fit to show to users."""


def export_rows(partnership) -> Iterator[list]:
    """Yield the header row, then each observation's cells, safe for a spreadsheet."""
    yield list(COLUMNS)
    labels: dict[str, str] = {}
    observations = (Observation.objects.filter(indicator__partnership=partnership)
                    .order_by("indicator__code", F("breakdown__name").asc(nulls_first=True),
                              "period_start", "period_end")
                    .values_list("indicator__code", "period", "breakdown__name", "value",
                                 "numerator", "denominator", "status", "note", "missing_code")
                    .iterator(chunk_size=5000))
    for code, key, breakdown, *rest in observations:
        if key not in labels:
            labels[key] = Period.from_key(key).label
        yield [safe_cell(cell) for cell in (code, labels[key], breakdown, *rest)]


def write_csv(partnership, stream) -> int:
    writer = csv.writer(stream)
    count = -1
    for count, row in enumerate(export_rows(partnership)):  # noqa: B007
        writer.writerow(row)
    return count


def write_xlsx(partnership, target) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Observations")
    count = -1
    for count, row in enumerate(export_rows(partnership)):  # noqa: B007
        sheet.append(row)
    workbook.save(target)
    return count


def export_to_path(partnership, path: Path) -> int:
    """Write the export to `path` (.csv or .xlsx); return how many observations it holds."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"'{path.name}' does not end in .csv or .xlsx: name the file "
                          "with one of those")
    if suffix == ".xlsx":
        return write_xlsx(partnership, path)
    with path.open("w", newline="", encoding="utf-8") as stream:
        return write_csv(partnership, stream)
