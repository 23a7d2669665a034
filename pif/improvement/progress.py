"""How far an action should have got by now, and the status that suggests. Pure: plain dates
and whole numbers, no database.

| name | what it is |
|---|---|
| `expected_percent(start, due, on, ongoing=)` | the progress expected on a day, or None |
| `suggested_status(percent, start, due, on, ...)` | the status PIF suggests, or None |
| `SUGGESTABLE` | the statuses PIF may suggest (never deferred, complete or cancelled) |

The expectation is a straight line from the start date (0 %) to the due date (100 %): before
the start it is 0, after the due date 100. Ongoing work, or work without both dates, has no
expectation, so PIF suggests nothing and the status stays as the owner chose it.

The suggestion compares the progress made with the progress expected, rounded down to a
whole percentage (as the pages show it): on track at `on_track_at` % of the expected progress
or more, off track at `off_track_at` % of it or less, at risk between (the partnership's
thresholds, 90 and 70 unless it changes them). Work at 0 % while less than 1 % is expected
(its start date still to come, or only just passed) is "not started". Once the due date has
passed, work short of 100 % is "off track", however close it is. At 100 % PIF suggests
nothing: completing an action is a separate step, with its evidence.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
SUGGESTABLE = (NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK)


def expected_fraction(start: datetime.date | None, due: datetime.date | None,
                      on: datetime.date, *, ongoing: bool = False) -> Fraction | None:
    """The progress expected on day `on`, exactly, as a percentage (a Fraction), or None."""
    if ongoing or start is None or due is None or due < start:
        return None
    if on <= start:
        return Fraction(0) if on < start or due > start else Fraction(100)
    if on >= due:
        return Fraction(100)
    return Fraction((on - start).days * 100, (due - start).days)


def expected_percent(start: datetime.date | None, due: datetime.date | None,
                     on: datetime.date, *, ongoing: bool = False) -> int | None:
    """The progress expected on day `on`, as a whole percentage (rounded down), or None when
    there is no expectation (ongoing, or a date missing)."""
    expected = expected_fraction(start, due, on, ongoing=ongoing)
    return None if expected is None else int(expected)


def suggested_status(percent: int, start: datetime.date | None, due: datetime.date | None,
                     on: datetime.date, *, ongoing: bool = False, on_track_at: int = 90,
                     off_track_at: int = 70) -> str | None:
    """The status PIF suggests for an action `percent` complete on day `on`, or None when it
    has nothing to suggest (no expectation, or the work is 100 % done)."""
    if percent >= 100:
        return None
    expected = expected_percent(start, due, on, ongoing=ongoing)
    if expected is None:
        return None
    if on > due:
        return OFF_TRACK
    if percent <= 0 and expected == 0:
        return NOT_STARTED
    if percent * 100 >= on_track_at * expected:
        return ON_TRACK
    if percent * 100 <= off_track_at * expected:
        return OFF_TRACK
    return AT_RISK
