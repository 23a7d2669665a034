"""Reading numbers from spreadsheets, and writing them for people.

Published statistics mix numbers with symbols for missing data ("..", "c",
"x" and so on). :func:`parse_number` reads a cell into a :class:`ParsedNumber`
that keeps the symbol, so "suppressed" is never confused with "nil" or zero.
:func:`format_number` writes a value in British style for display.

Problems raise :class:`NumberError`, whose message quotes the cell and says
what was wrong, because it is shown to the person importing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from types import MappingProxyType

__all__ = [
    "MISSING_CODES",
    "NumberError",
    "ParsedNumber",
    "decimal_places",
    "format_number",
    "parse_number",
    "round_half_up",
]


class NumberError(ValueError):
    """A value could not be read or written as a number; the message is fit to show to users."""


#: Symbols that stand for a missing value, with what each means. They are
#: matched exactly (case matters: "c" is a code, "C" is not) once
#: surrounding whitespace is removed. A blank cell has the code "".
MISSING_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "": "blank: no value given",
        "..": "not available",
        "*": "suppressed to protect confidentiality",
        "c": "confidential: suppressed to protect confidentiality",
        "x": "not available",
        "z": "not applicable",
        "-": "nil or not available",
        "NA": "not available",
        "N/A": "not applicable or not available",
        "n/a": "not applicable or not available",
        "dna": "did not apply, or data not available",
        "#N/A": "not available (a spreadsheet error value)",
    }
)

_PERCENT_UNITS = frozenset({"%", "percent", "percentage"})
_POUND_UNITS = frozenset({"£", "GBP", "pounds"})

# Digits, with commas only between groups of three; or a plain decimal that
# may use an exponent, as Excel writes large numbers in CSV ("1.2E+07").
_GROUPED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_PLAIN = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"{_GROUPED}|{_PLAIN}")
_UNICODE_MINUSES = "\u2212\u2012\u2013"  # minus sign, figure dash, en dash


@dataclass(frozen=True)
class ParsedNumber:
    """What a spreadsheet cell held.

    ``value`` is None exactly when the cell held a missing-data code, which is
    then in ``missing_code`` ("" for a blank cell). ``was_percent`` records a
    trailing "%": the value is left as written, so "85%" gives 85.0, because
    PIF stores percentage indicators on a 0 to 100 scale.
    """

    value: float | None
    missing_code: str | None = None
    was_percent: bool = False

    @property
    def is_missing(self) -> bool:
        """True when the cell was blank or held a missing-data code."""
        return self.value is None

    @property
    def missing_meaning(self) -> str | None:
        """What the missing-data code means, such as "not applicable" for "z"."""
        return None if self.missing_code is None else MISSING_CODES[self.missing_code]


def parse_number(value: str | int | float | Decimal | None) -> ParsedNumber:
    """Read a number, or a missing-data code, from a spreadsheet cell.

    Accepts ints, floats and Decimals as they are (but not NaN or infinity),
    None as a blank cell, and text such as "12,345.6", " 85% ", "£1,234",
    "-3.2", "−3.2" (Unicode minus) and "(3.2)" (an accounting negative).
    Anything else raises :class:`NumberError`.
    """
    if value is None:
        return ParsedNumber(None, "")
    if isinstance(value, bool):
        # bool is an int subclass; a TRUE/FALSE cell is not a count.
        raise NumberError(f"'{value}' is not a number: it is a true/false value")
    if isinstance(value, (int, float, Decimal)):
        return ParsedNumber(_finite_float(value, str(value)))
    if not isinstance(value, str):
        raise NumberError(f"{value!r} is not a number")
    return _parse_text(value)


def _finite_float(value: int | float | Decimal | str, shown: str) -> float:
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if math.isnan(number):
        raise NumberError(f"'{shown}' is not a number")
    if math.isinf(number):
        raise NumberError(f"'{shown}' is not a number we can store: it is too large")
    return number


def _parse_text(text: str) -> ParsedNumber:
    stripped = text.strip()
    if stripped in MISSING_CODES:
        return ParsedNumber(None, stripped)
    for code in MISSING_CODES:
        if code and stripped.lower() == code.lower():
            raise NumberError(
                f"'{stripped}' is not a number or a missing-data code: codes are case-sensitive; "
                f"did you mean '{code}'?"
            )

    rest = stripped
    for minus in _UNICODE_MINUSES:
        rest = rest.replace(minus, "-")
    bracketed = False
    sign = ""
    was_percent = False
    was_pounds = False

    if _is_bracketed(rest):
        bracketed = True  # accounting style: (3.2) is -3.2
        rest = rest[1:-1].strip()
    if rest.endswith("%"):
        was_percent = True
        rest = rest[:-1].rstrip()
    # A sign and a pound sign may come in either order: "-£5" and "£-5".
    while rest[:1] in ("-", "+", "£") and rest:
        symbol, rest = rest[0], rest[1:].lstrip()
        if symbol == "£":
            if was_pounds:
                raise NumberError(f"'{stripped}' is not a number: it has more than one £ sign")
            was_pounds = True
        elif sign:
            raise NumberError(f"'{stripped}' is not a number: it has more than one sign")
        else:
            sign = symbol
    if not bracketed and _is_bracketed(rest):
        bracketed = True  # "£(3.2)"
        rest = rest[1:-1].strip()
    if bracketed and sign:
        raise NumberError(
            f"'{stripped}' is not a number: use either brackets or a sign to show it is "
            "negative, not both"
        )
    negative = bracketed or sign == "-"

    if was_pounds and was_percent:
        raise NumberError(
            f"'{stripped}' is not a number: it cannot be both pounds and a percentage"
        )
    if not _NUMBER.fullmatch(rest):
        raise NumberError(_explain(stripped, rest))
    number = _finite_float(rest.replace(",", ""), stripped)
    return ParsedNumber(-number if negative else number, None, was_percent)


def _is_bracketed(text: str) -> bool:
    return text.startswith("(") and text.endswith(")")


def _explain(original: str, number_part: str) -> str:
    """Say as exactly as we can why ``number_part`` of ``original`` is not a number."""
    prefix = f"'{original}' is not a number"
    if not any(character.isdigit() for character in number_part):
        codes = ", ".join(repr(code) for code in MISSING_CODES if code)
        return f"{prefix} or a missing-data code (the codes are {codes})"
    if number_part.count(".") > 1:
        return f"{prefix}: it has more than one decimal point"
    if "," in number_part:
        whole, _, fraction = number_part.partition(".")
        if "," in fraction:
            return f"{prefix}: a thousands separator cannot come after the decimal point"
        if whole.startswith(","):
            return f"{prefix}: it cannot start with a thousands separator"
        if whole.endswith(","):
            return f"{prefix}: it cannot end with a thousands separator"
        if re.fullmatch(r"[\d,]+", whole):
            if len(whole.split(",")[0]) > 3:
                return f"{prefix}: a thousands separator must come every three digits"
            return f"{prefix}: a thousands separator must be followed by three digits"
    if " " in number_part:
        return f"{prefix}: it has spaces inside it"
    return f"{prefix}: it contains characters other than digits"


def format_number(
    value: int | float | Decimal | None, decimals: int = 0, unit: str | None = None
) -> str:
    """Write a number for people, British style: ``format_number(12345.678, 1)`` is "12,345.7".

    Rounds half away from zero, as people do by hand, so 2.675 to 2 places
    is "2.68" (Python's own rounding would give "2.67").

    ``unit`` "%" (or "percent", "percentage") appends a percent sign to a
    value already on a 0 to 100 scale; "£" (or "GBP", "pounds") puts a pound
    sign in front, after any minus: "-£1,234". Any other unit follows the
    number after a space ("12.5 days"). None is written "No data".
    """
    if value is None:
        return "No data"
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise NumberError(f"{value!r} is not a number, so it cannot be formatted")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        raise NumberError(f"{decimals!r} is not a number of decimal places: use 0 or more")
    if _is_nan(value):
        # Old rows, or a database that stores them, may hold these: a page must still show.
        return "Not a number"
    if _is_infinite(value):
        return "-Infinity" if value < 0 else "Infinity"
    rounded = _rounded(_exact_decimal(value), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0.0"
    digits = f"{abs(rounded):,.{decimals}f}"
    sign = "-" if rounded < 0 else ""
    if unit is None:
        return f"{sign}{digits}"
    if unit in _PERCENT_UNITS:
        return f"{sign}{digits}%"
    if unit in _POUND_UNITS:
        return f"{sign}£{digits}"
    return f"{sign}{digits} {unit}"


def round_half_up(value: int | float | Decimal, decimals: int) -> float:
    """The value rounded to `decimals` places as people round by hand: ``round_half_up(2.675,
    2)`` is 2.68, where Python's ``round`` gives 2.67."""
    return float(_rounded(_exact_decimal(value), decimals))


def _rounded(exact: Decimal, decimals: int) -> Decimal:
    # Decimal's default precision of 28 digits cannot hold 1e28 to 0 places; give every
    # number the digits it needs, so any float can be rounded and shown.
    with localcontext() as context:
        context.prec = max(28, exact.adjusted() + decimals + 2)
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _is_nan(value: int | float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, float) and math.isnan(value)


def _is_infinite(value: int | float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_infinite()
    return isinstance(value, float) and math.isinf(value)


def decimal_places(values, most: int = 3) -> int:
    """The decimal places needed to show these values as written, at most `most`:
    ``decimal_places([0.825, 0.8])`` is 3. None and non-finite values are ignored."""
    places = 0
    for value in values:
        if value is None or isinstance(value, bool) or not math.isfinite(value):
            continue
        exponent = _exact_decimal(value).normalize().as_tuple().exponent
        places = max(places, -exponent)
        if places >= most:
            return most
    return places


def _exact_decimal(value: int | float | Decimal) -> Decimal:
    """The decimal a person would read the value as: 2.675, not 2.67499999..."""
    try:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise NumberError(f"'{value}' is not a number, so it cannot be formatted") from None
    if not exact.is_finite():
        raise NumberError(f"'{value}' is not a number, so it cannot be formatted")
    return exact
