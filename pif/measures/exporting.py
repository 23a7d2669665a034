"""Exporting a partnership's observations in the long format `pif import` reads back.

| function | what it does |
|---|---|
| `export_rows(partnership)` | each observation's cells, as stored (the header is `COLUMNS`) |
| `write_csv(partnership, stream)` | CSV to a text stream, through `pif.tables` |
| `write_xlsx(partnership, target)` | an Excel workbook to a path or binary stream |
| `export_to_path(partnership, path)` | CSV or Excel by the path's suffix; returns the row count |

Periods are written as their British labels (`2019/20`, `April 2019`), which read back to
the same periods. `pif.tables` writes both formats, for the command line and the web alike,
making every text cell safe from formulas in a way the import undoes exactly; numbers stay
numbers. Importing an export changes nothing: values and notes come back byte for byte.

The `approval` column says whether each value is "approved" or "awaiting approval", so a
value no editor has approved never reads as final. The import does not read it (it is listed
under "Columns not read"): approving is an editor's decision, never a file's. Values the file
leaves unchanged keep their approval; changed ones are approved if an editor imports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import F

from pif import tables
from pif.lib.periods import Period
from pif.measures.models import Observation

__all__ = ["APPROVED", "AWAITING_APPROVAL", "COLUMNS", "ExportError", "export_rows",
           "export_to_path", "write_csv", "write_xlsx"]

COLUMNS = ("indicator", "period", "breakdown", "value", "numerator", "denominator", "status",
           "note", "missing_code", "approval")
APPROVED, AWAITING_APPROVAL = "approved", "awaiting approval"
SUFFIXES = (".csv", ".xlsx")
SHEET_TITLE = "Observations"


class ExportError(ValueError):
    """The export cannot be written as asked; the message is fit to show to users."""


def export_rows(partnership) -> Iterator[list]:
    """Yield each observation's cells, in the order of `COLUMNS`."""
    labels: dict[str, str] = {}
    observations = (Observation.objects.filter(indicator__partnership=partnership)
                    .order_by("indicator__code", F("breakdown__name").asc(nulls_first=True),
                              "period_start", "period_end")
                    .values_list("indicator__code", "period", "breakdown__name", "value",
                                 "numerator", "denominator", "status", "note", "missing_code",
                                 "approved_at")
                    .iterator(chunk_size=5000))
    for code, key, breakdown, *values, approved_at in observations:
        if key not in labels:
            labels[key] = Period.from_key(key).label
        yield [code, labels[key], breakdown, *values,
               APPROVED if approved_at is not None else AWAITING_APPROVAL]


def write_csv(partnership, stream) -> int:
    return tables.write_csv(stream, list(COLUMNS), export_rows(partnership))


def write_xlsx(partnership, target) -> int:
    return tables.write_xlsx(target, list(COLUMNS), export_rows(partnership), SHEET_TITLE)


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
