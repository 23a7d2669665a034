"""Runs of consecutive periods."""

from __future__ import annotations

from .constants import _KIND_PHRASES
from .errors import PeriodError
from .period import Period


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive, stepping with ``next()``.

    Both must be of the same kind and in the same series (weeks ending on the
    same weekday, spans of the same length lined up with each other).
    """
    if first.kind != last.kind:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: the first is "
            f"{_KIND_PHRASES[first.kind]} and the last is {_KIND_PHRASES[last.kind]}"
        )
    if last < first:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: "
            "the first comes after the last"
        )
    periods = []
    current = first
    while current.start < last.start:
        periods.append(current)
        current = current.next()
    if current != last:
        raise PeriodError(
            f"Cannot list the periods from {first.label} to {last.label}: stepping on from "
            f"{first.label} passes {current.label} and never reaches {last.label}"
        )
    periods.append(last)
    return periods
