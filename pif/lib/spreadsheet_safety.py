"""Make values safe to put in CSV and Excel exports.

A spreadsheet treats a cell beginning with "=", "+", "-" or "@" as a formula
(and some also after a leading tab or carriage return), so text typed by one
user could run, for example a HYPERLINK that leaks data, when another opens
an export. Following the OWASP guidance on CSV injection, such text is
prefixed with a single quote, which spreadsheets show as plain text.

Numbers are passed through untouched, so -5 stays a number; only text is
changed. Callers should therefore keep numbers as numbers: the text "-5"
comes out as "'-5".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

__all__ = ["FORMULA_TRIGGERS", "SpreadsheetSafetyError", "safe_cell", "safe_row"]


class SpreadsheetSafetyError(ValueError):
    """A value cannot be written to a spreadsheet cell safely."""


#: Characters that make a spreadsheet read the rest of a cell as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# Values spreadsheet libraries write as typed cells, never as formulas.
_TYPED_VALUES = (int, float, Decimal, date, datetime, time)

SafeValue = str | int | float | Decimal | date | datetime | time


def safe_cell(value: object) -> SafeValue:
    """Return ``value`` ready for a CSV or Excel cell.

    None becomes "", numbers, dates and times pass through unchanged (bools
    too, as they are ints), and anything else is turned into text with a
    leading quote added if it would otherwise start a formula.
    """
    if value is None:
        return ""
    if isinstance(value, _TYPED_VALUES):
        return value
    if isinstance(value, bytes):
        # str(b"=1") would be "b'=1'", which is never what was meant.
        raise SpreadsheetSafetyError(f"{value!r} is bytes, not text: decode it before exporting")
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_row(values: Iterable[object]) -> list[SafeValue]:
    """Apply :func:`safe_cell` to every value of a row."""
    return [safe_cell(value) for value in values]
