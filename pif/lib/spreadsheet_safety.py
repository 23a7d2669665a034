"""Make values safe to put in CSV and Excel exports, in a way an import can undo exactly.

A spreadsheet treats a cell beginning with "=", "+", "-" or "@" as a formula
(and some also after a leading tab or carriage return), so text typed by one
user could run, for example a HYPERLINK that leaks data, when another opens
an export. Following the OWASP guidance on CSV injection, such text is
prefixed with a single quote, which spreadsheets show as plain text.

So that `unescape_cell` can undo it exactly, text that already begins with a
quote gets one more: "'=x" is written "''=x" and read back as "'=x", and
"'Tis" is written "''Tis". Text that begins with one quote and no formula
character after it was not written by `safe_cell`, so it is read as it is.

Numbers are passed through untouched, so -5 stays a number; only text is
changed. Callers should therefore keep numbers as numbers: the text "-5"
comes out as "'-5".

Excel's file format keeps a carriage return only when it is written as
"_x000D_" (its parser turns a bare CR LF into LF), and a literal "_x000D_"
then has to be written "_x005F_x000D_". `to_xlsx_text` and `from_xlsx_text`
do this, as Excel does, so a note's CR LF survives a workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

__all__ = ["FORMULA_TRIGGERS", "SpreadsheetSafetyError", "from_xlsx_text", "safe_cell",
           "safe_row", "to_xlsx_text", "unescape_cell"]


class SpreadsheetSafetyError(ValueError):
    """A value cannot be written to a spreadsheet cell safely."""


#: Characters that make a spreadsheet read the rest of a cell as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# Values spreadsheet libraries write as typed cells, never as formulas.
_TYPED_VALUES = (int, float, Decimal, date, datetime, time)

SafeValue = str | int | float | Decimal | date | datetime | time

_XLSX_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|\r")
_XLSX_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def safe_cell(value: object) -> SafeValue:
    """Return ``value`` ready for a CSV or Excel cell.

    None becomes "", numbers, dates and times pass through unchanged (bools
    too, as they are ints), and anything else is turned into text with a
    leading quote added if it would otherwise start a formula, or if it
    already starts with a quote (so the quote added can be told apart).
    """
    if value is None:
        return ""
    if isinstance(value, _TYPED_VALUES):
        return value
    if isinstance(value, bytes):
        # str(b"=1") would be "b'=1'", which is never what was meant.
        raise SpreadsheetSafetyError(f"{value!r} is bytes, not text: decode it before exporting")
    text = value if isinstance(value, str) else str(value)
    if text.startswith((*FORMULA_TRIGGERS, QUOTE)):
        return QUOTE + text
    return text


def unescape_cell(text: str) -> str:
    """Undo `safe_cell`: remove the quote it put before a formula character or a quote."""
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_TRIGGERS, QUOTE)):
        return text[1:]
    return text


def safe_row(values: Iterable[object]) -> list[SafeValue]:
    """Apply :func:`safe_cell` to every value of a row."""
    return [safe_cell(value) for value in values]


def to_xlsx_text(text: str) -> str:
    """Text as Excel stores it: carriage returns and literal "_xHHHH_" escaped."""
    return _XLSX_ESCAPE.sub(lambda match: "_x005F_" if match.group() == "_" else "_x000D_",
                            text)


def from_xlsx_text(text: str) -> str:
    """Text as Excel meant it: "_xHHHH_" escapes turned back into their characters, apart
    from "_x0000_": a NUL character cannot be stored (PostgreSQL refuses it), so that is
    left as written."""
    return _XLSX_ESCAPED.sub(_unescaped, text)


def _unescaped(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code else match.group()
