"""Finding the header row and telling long tables from wide ones.

| function | what it does |
|---|---|
| `looks_like_period(cell)` | whether a header cell names a period (`2019/20`, `Apr-2019`, a date) |
| `find_layout(sheets, mapping, constant_indicator)` | the first sheet with a header row |

A **long** table has one row per indicator, period and breakdown: its header row names the
indicator (unless every row is one indicator), the period and the value. A **wide** table
has an indicator column (or a breakdown column, when every row is one indicator), then one
column per period, headed by the period. Title rows above the header are skipped; the first
`MAX_HEADER_SCAN` rows of each sheet are searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice

from pif.lib.periods import PeriodError, parse_period
from pif.measures.importing.mapping import match_fields, missing_overrides
from pif.measures.importing.readers import MAX_HEADER_SCAN, Sheet, column_name, is_blank

__all__ = ["EXPECTED", "Layout", "LayoutError", "MAX_HEADER_SCAN", "find_layout",
           "looks_like_period"]

EXPECTED = ("Expected a header row with columns for the indicator, period and value (for "
            'example "Indicator", "Period", "Value"), or an indicator column followed by one '
            'column per period (for example "2019/20" or "Apr-2019").')
_TRY_FREQUENCIES = (None, "monthly", "calendar_quarter")


class LayoutError(ValueError):
    """No header row could be found; the message is fit to show to users."""


@dataclass
class Layout:
    sheet: Sheet
    kind: str  # "long" or "wide"
    header_index: int  # position of the header row in sheet.rows
    headers: list
    columns: dict[str, int]
    period_columns: list[int] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return self.sheet.rows[self.header_index][0]

    @property
    def data_rows(self) -> Iterable[tuple[int, list]]:
        """The rows below the header row; for a CSV read from a path, read again from disk
        each time they are asked for (so iterate each answer once)."""
        if self.sheet.reread is not None:
            return islice(self.sheet.reread(), self.header_index + 1, None)
        return self.sheet.rows[self.header_index + 1:]

    def let_go_of_rows(self) -> Iterator[tuple[int, list]]:
        """The data rows for the last time, each let go of once given: a large file's cells
        are then freed while its records are checked, and the checked rows reuse their
        memory, instead of both being held at once."""
        if self.sheet.reread is not None:
            yield from self.data_rows  # nothing is held
            return
        rows = self.sheet.rows
        for index in range(self.header_index + 1, len(rows)):
            row, rows[index] = rows[index], None
            yield row

    def column(self, index: int) -> str:
        return column_name(self.sheet, index, self.headers)

    @property
    def ignored(self) -> list[str]:
        """Headers of columns that are not read."""
        used = set(self.columns.values()) | set(self.period_columns)
        return [str(h).strip() for i, h in enumerate(self.headers)
                if i not in used and not is_blank(h)]


def looks_like_period(cell: object) -> bool:
    """True for a header that names a period: text such as 2019/20, a date, or a year."""
    if isinstance(cell, date):
        return True
    if isinstance(cell, bool) or cell is None:
        return False
    if isinstance(cell, (int, float)):
        # Only years and YYYYMM months: any other number in a header row is data.
        if cell != int(cell):
            return False
        year, month = (int(cell), 1) if cell < 10000 else divmod(int(cell), 100)
        return 1900 <= year <= 2100 and 1 <= month <= 12
    return _text_is_period(str(cell).strip())


@lru_cache(maxsize=4096)
def _text_is_period(text: str) -> bool:
    if not text or text.replace(".", "", 1).replace(",", "").isdigit() and len(text) not in (4, 6):
        return False
    for frequency in _TRY_FREQUENCIES:
        try:
            parse_period(text, frequency=frequency, week_ending_weekday=None)
        except PeriodError:
            continue
        return True
    return False


def _layout_of_row(sheet: Sheet, index: int, mapping: dict, constant_indicator: bool):
    headers = sheet.rows[index][1]
    columns = match_fields(headers, mapping)
    has_indicator = "indicator" in columns or constant_indicator
    if has_indicator and "period" in columns and "value" in columns:
        return Layout(sheet, "long", index, headers, columns)
    used = set(columns.values())
    others = [i for i, cell in enumerate(headers) if i not in used and not is_blank(cell)]
    periods = [i for i in others if looks_like_period(headers[i])]
    # A header row is mostly periods; a data row that happens to hold one is not.
    if has_indicator and periods and len(periods) * 2 >= len(others):
        return Layout(sheet, "wide", index, headers, columns, periods)
    return None


def _sheet_layout(sheet: Sheet, mapping: dict, constant_indicator: bool) -> Layout | str:
    """The sheet's layout, or why none was found."""
    candidates = [i for i, (_, row) in enumerate(sheet.rows[:MAX_HEADER_SCAN])
                  if any(not is_blank(cell) for cell in row)]
    if not candidates:
        return f"{_capital(sheet.where)} is empty."
    for index in candidates:
        layout = _layout_of_row(sheet, index, mapping, constant_indicator)
        if layout is not None:
            return layout
    best = max(candidates, key=lambda i: (len(match_fields(sheet.rows[i][1], mapping)), -i))
    return _explain(sheet, best, mapping, constant_indicator)


def _explain(sheet: Sheet, index: int, mapping: dict, constant_indicator: bool) -> str:
    number, headers = sheet.rows[index]
    columns = match_fields(headers, mapping)
    found = [f'{field} ("{str(headers[i]).strip()}")' for field, i in columns.items()]
    needed = [f for f in ("indicator", "period", "value")
              if f not in columns and not (f == "indicator" and constant_indicator)]
    text = (f"{_capital(sheet.where)}: no header row found in the first {MAX_HEADER_SCAN} "
            f"rows. The likeliest, row {number}, has ")
    if found:
        text += "columns for " + ", ".join(found) + (
            " but no column for the " + _and(needed) if needed else "")
    else:
        text += "no column for the " + _and(needed or ["indicator", "period", "value"])
    others = [str(h).strip() for i, h in enumerate(headers)
              if i not in columns.values() and not is_blank(h)]
    if others:
        text += (f", and its other header is not a period (\"{others[0]}\")" if len(others) == 1
                 else f", and none of its other {len(others)} headers is a period (such as "
                 f'"{others[0]}")')
    text += "."
    absent = missing_overrides(headers, mapping)
    if absent:
        text += " No column is headed as you mapped: " + ", ".join(absent) + "."
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def find_layout(sheets: Iterable[Sheet], mapping: dict, constant_indicator: bool = False,
                filename: str = "the file") -> Layout:
    """The layout of the first sheet with a header row; LayoutError says why none had one."""
    reasons = []
    for sheet in sheets:
        layout = _sheet_layout(sheet, mapping, constant_indicator)
        if isinstance(layout, Layout):
            return layout
        reasons.append(layout)
    if not reasons:
        raise LayoutError(f"{filename} has no sheets with cells in them.")
    raise LayoutError(f"No header row found in {filename}. " + " ".join(reasons) + " "
                      + EXPECTED)
