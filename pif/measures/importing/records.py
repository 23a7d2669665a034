"""Turning a table's data rows into raw records: one per indicator, period and breakdown.

A long table gives one record per row; a wide table gives one per filled period cell. Cells
are left as read (text, numbers or dates); `validate` reads them. Blank rows are skipped, and
so are blank cells of a wide table (a blank there means no figure, not a missing one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pif.lib.spreadsheet_safety import FORMULA_TRIGGERS
from pif.measures.importing.layout import Layout
from pif.measures.importing.readers import is_blank

__all__ = ["RawRecord", "cell_text", "raw_records"]

TEXT_FIELDS = ("indicator", "breakdown", "status", "note", "missing_code", "title")
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


def unescape(text: str) -> str:
    """Undo the quote `safe_cell` puts before text that would start a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def cell_text(cell: object) -> str:
    """A cell as text: whole numbers without ".0", dates in ISO form, quotes undone."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return unescape(str(cell).strip())


def _number_cell(cell: object) -> object:
    return unescape(cell) if isinstance(cell, str) else cell


def _blank_row(row: list) -> bool:
    for cell in row:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _cell(row: list, index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def raw_records(layout: Layout, constant_code: str = "") -> list[RawRecord]:
    columns = layout.columns
    names = {field: layout.column(index) for field, index in columns.items()}
    text_columns = [columns.get(f) for f in TEXT_FIELDS]
    period_column = columns.get("period")
    number_columns = [columns.get(f) for f in NUMBER_FIELDS]
    long = layout.kind == "long"
    period_names = {index: {**names, "value": layout.column(index), "period": layout.column(index)}
                    for index in layout.period_columns}
    records = []
    for number, row in layout.data_rows:
        if _blank_row(row):
            continue
        width = len(row)
        code, breakdown, status, note, missing, title = [
            cell_text(row[i]) if i is not None and i < width else "" for i in text_columns]
        code = constant_code or code
        if long:
            value, numerator, denominator = [
                _number_cell(row[i]) if i is not None and i < width else None
                for i in number_columns]
            records.append(RawRecord(number, code, _cell(row, period_column), breakdown, value,
                                     numerator, denominator, status, note, missing, title,
                                     names))
            continue
        for index in layout.period_columns:
            cell = _cell(row, index)
            if is_blank(cell):
                continue
            records.append(RawRecord(number, code, layout.headers[index], breakdown,
                                     _number_cell(cell), None, None, status, note, missing,
                                     title, period_names[index]))
    return records
