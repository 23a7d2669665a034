"""Numbers of an indicator written for people, shared by charts, tables and template tags."""

import math

from pif.lib.numbers import format_number, round_half_up

__all__ = ["format_value", "number_unit", "shown_number", "unit_title"]

# Indicator.Unit -> the unit pif.lib.numbers.format_number understands.
_NUMBER_UNITS = {"percentage": "percentage", "currency": "£"}

_UNIT_TITLES = {
    "percentage": "Percentage",
    "count": "Count",
    "currency": "Pounds (£)",
    "days": "Days",
    "score": "Score",
    "ratio": "Ratio",
}


def number_unit(indicator) -> str | None:
    """The ``unit`` argument of ``format_number`` for this indicator, or None."""
    return _NUMBER_UNITS.get(indicator.unit)


def _rate_suffix(indicator) -> str:
    if indicator.unit == "rate" and indicator.rate_per:
        return f" per {format_number(indicator.rate_per, 0)}"
    return ""


def format_value(value, indicator, *, extra_decimals: int = 0) -> str:
    """``value`` in the indicator's unit and decimal places: "91.2%", "£1,234", "4.5 per 1,000".

    ``extra_decimals`` adds places, for means and limits that fall between the values.
    None is written "No data", as ``format_number`` does.
    """
    if value is None:
        return format_number(None)
    text = format_number(value, indicator.decimals + extra_decimals, number_unit(indicator))
    return text + _rate_suffix(indicator)


def shown_number(value, indicator) -> float | int | None:
    """``value`` rounded as ``format_value`` shows it, as a number for a spreadsheet: a whole
    number when the indicator shows no decimal places (1235, not 1235.0)."""
    if value is None or not math.isfinite(value):
        return value
    rounded = round_half_up(value, indicator.decimals)
    return int(rounded) if indicator.decimals == 0 else rounded


def unit_title(indicator) -> str:
    """The y-axis title: the indicator's unit in words, such as "Rate per 1,000"."""
    if indicator.unit == "rate":
        return "Rate" + _rate_suffix(indicator)
    return _UNIT_TITLES.get(indicator.unit, indicator.unit.capitalize())
