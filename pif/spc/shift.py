"""Has the process shifted since a change? The points after it, judged on the old limits.

:func:`shift_since` takes the values before a change (a PDSA cycle, an action, a rebase)
and the values after it, both in time order, and the improvement direction. It answers
with a :class:`ShiftResult` whose ``verdict`` is a
:class:`~pif.spc.vocabulary.ChangeVerdict` (docs/adr/0015-shift-since-a-change.md).

How it is computed (no rule is written twice):

* The **old limits** are those NHSRplotthedots gives the "before" values as one group:
  :func:`pif.spc.xmr` is called on ``before + [gap] + after`` with
  ``fix_after=len(before)``, so the mean, the moving ranges, their screening and the limits
  come from the before values alone, exactly as ``fix_after_n_points`` does in the R
  package, and are then applied to every later point of the same group.
* The **four rules** (outside the limits, a trend of 7, 2 of 3 near a limit on one side, a
  shift of 7 on one side of the mean) are those of :mod:`pif.spc.xmr`, run by the same call on
  the after values against the old mean and limits. The gap between the two halves (a
  missing value) interrupts runs, trends and 2-of-3 windows, so only patterns made of points
  *after* the change count: a run that began before the change is not evidence of it.
* Which rule flagged each after point, and whether it is improvement or concern, are the
  engine's; a point's label is the first rule that matches it (outside, trend, 2 of 3,
  shift), and ``rules`` also lists a shift whose points were labelled by an earlier rule.

The verdict:

* ``TOO_FEW_POINTS`` when fewer than :data:`MINIMUM_POINTS_BEFORE` (12) values are observed
  before the change, the point from which NHSRplotthedots stops calling limits "trial"
  (its ``fix_after_n_points`` minimum), or when no value is observed after it;
* for a measure with no better direction (``neutral``): ``CHANGED`` when any after point is
  special cause, else ``NO_SIGNAL``;
* otherwise, when the latest points form a sustained shift (below) on the better side,
  ``SUSTAINED_IMPROVEMENT``; on the worse side, ``DETERIORATION``; else the latest special
  cause point after the change decides: improvement gives ``IMPROVEMENT`` (not yet
  sustained), concern gives ``DETERIORATION``; with no special cause point, ``NO_SIGNAL``.

**Sustained** means: the latest observed point after the change ends a run of at least
:data:`~pif.spc.constants.SHIFT_LENGTH` (7) consecutive after points, with no gap, all on the
same side of the old mean (none on it). That is a shift (rule 4) that runs to the latest point;
an outlier or a trend alone, or a shift that has since ended, is a signal but not a sustained
one. ``sustained`` is reported for every verdict but ``TOO_FEW_POINTS``, and ``run_side``
says which side the run is on (+1 above, -1 below).
"""

from dataclasses import dataclass

import numpy as np

from .constants import MINIMUM_FIX_AFTER, SHIFT_LENGTH
from .vocabulary import ChangeVerdict, PointSignal, PointType
from .xmr import xmr

__all__ = ["MINIMUM_POINTS_BEFORE", "ShiftResult", "ShiftSignal", "shift_since"]

#: Observed values needed before a change for its limits to be more than trial limits.
MINIMUM_POINTS_BEFORE = MINIMUM_FIX_AFTER

_SIDES = {"increase": 1, "decrease": -1, "neutral": 0}


@dataclass(frozen=True)
class ShiftSignal:
    """One special cause point after the change: its 0-based position in ``after``, the
    rule that names it and its point type (improvement, concern or neutral)."""

    position: int
    signal: PointSignal
    point_type: PointType

    @property
    def is_improvement(self) -> bool:
        return self.point_type is PointType.SPECIAL_CAUSE_IMPROVEMENT

    @property
    def is_concern(self) -> bool:
        return self.point_type is PointType.SPECIAL_CAUSE_CONCERN


@dataclass(frozen=True)
class ShiftResult:
    """The points after a change judged against the limits of the points before it.

    ``mean``, ``lower`` and ``upper`` are the old mean and process limits (None when there
    were no values before); ``points_before``/``points_after`` count observed values;
    ``signals`` are the special cause points after the change, in order; ``rules`` the
    rules that fired there, in the engine's order; ``run_length``/``run_side`` the run on
    one side of the old mean that ends at the latest point (0 and 0 when that point is on
    the mean or missing); ``above``/``below`` the after points above or below the old
    process limits.
    """

    verdict: ChangeVerdict
    sustained: bool
    improvement: str
    mean: float | None
    lower: float | None
    upper: float | None
    points_before: int
    points_after: int
    signals: tuple[ShiftSignal, ...] = ()
    rules: tuple[PointSignal, ...] = ()
    run_length: int = 0
    run_side: int = 0
    longest_run: int = 0
    longest_run_side: int = 0
    above: int = 0
    below: int = 0

    @property
    def has_signal(self) -> bool:
        return bool(self.signals)

    @property
    def explanation(self) -> str:
        """The verdict in plain words, lower case first, for "Since <change> on <date>: …"."""
        return _explain(self)

    @property
    def evidence(self) -> tuple[str, ...]:
        """What the values after the change show, one plain sentence each, lower case first
        ("all 7 values since have been above the average before the change")."""
        if self.verdict in (ChangeVerdict.TOO_FEW_POINTS, ChangeVerdict.NO_SIGNAL):
            return ()
        return _evidence(self)


def _observed(values) -> int:
    return sum(1 for value in values if value is not None and value == value)


def _as_floats(values) -> list:
    return [None if value is None else float(value) for value in values]


def _run_at_end(sides) -> tuple[int, int]:
    """The length and side of the run of equal non-zero sides that ends at the last entry."""
    if not sides or sides[-1] == 0:
        return 0, 0
    side, length = sides[-1], 0
    for value in reversed(sides):
        if value != side:
            break
        length += 1
    return length, side


def _longest_run(sides) -> tuple[int, int]:
    best, best_side, length, side = 0, 0, 0, 0
    for value in sides:
        length = length + 1 if value != 0 and value == side else (1 if value != 0 else 0)
        side = value
        if length > best:
            best, best_side = length, value
    return best, best_side


def _too_few(improvement, before_count, after_count, mean=None, lower=None, upper=None):
    return ShiftResult(ChangeVerdict.TOO_FEW_POINTS, False, improvement, mean, lower, upper,
                       before_count, after_count)


def shift_since(before, after, *, improvement: str = "increase",
                screen_outliers: bool = True) -> ShiftResult:
    """Judge the ``after`` values against the limits of the ``before`` values.

    ``before`` and ``after`` are numbers in time order (``None``/NaN missing; a gap keeps
    its place, as on the chart); ``improvement`` is "increase", "decrease" or "neutral".
    Raises :class:`pif.spc.SPCError` for an invalid option or value. See the module
    docstring for the rules, the verdict and what *sustained* means.
    """
    before, after = _as_floats(before), _as_floats(after)
    before_count, after_count = _observed(before), _observed(after)
    if before_count < MINIMUM_POINTS_BEFORE:
        if before_count:
            old = xmr(before, improvement=improvement, screen_outliers=screen_outliers)
            last = len(before) - 1
            return _too_few(improvement, before_count, after_count,
                            _number(old.mean[last]), _number(old.lpl[last]),
                            _number(old.upl[last]))
        xmr(after or [None], improvement=improvement)  # still refuse a bad option
        return _too_few(improvement, before_count, after_count)
    result = xmr([*before, None, *after], improvement=improvement, fix_after=len(before),
                 screen_outliers=screen_outliers)
    start = len(before) + 1
    mean, lower, upper = (_number(result.mean[0]), _number(result.lpl[0]),
                          _number(result.upl[0]))
    if not after_count:
        return _too_few(improvement, before_count, after_count, mean, lower, upper)
    values = np.asarray(result.values[start:], dtype=float)
    observed = ~np.isnan(values)
    sides = [int(side) if seen else 0
             for side, seen in zip(result.relative_to_mean[start:], observed, strict=True)]
    signals = tuple(
        ShiftSignal(position, PointSignal(signal), PointType(point_type))
        for position, (signal, point_type, seen) in enumerate(
            zip(result.signal[start:], result.point_type[start:], observed, strict=True))
        if seen and signal)
    last_seen = int(np.flatnonzero(observed)[-1])
    run_length, run_side = _run_at_end(sides[:last_seen + 1])
    longest, longest_side = _longest_run(sides)
    fired = {signal.signal for signal in signals}
    if longest >= SHIFT_LENGTH:
        fired.add(PointSignal.SHIFT)
    with np.errstate(invalid="ignore"):
        above = int(np.sum(observed & (values > upper))) if upper is not None else 0
        below = int(np.sum(observed & (values < lower))) if lower is not None else 0
    sustained = run_length >= SHIFT_LENGTH
    verdict = _verdict(_SIDES[improvement], signals, sustained, run_side)
    return ShiftResult(
        verdict=verdict, sustained=sustained, improvement=improvement, mean=mean,
        lower=lower, upper=upper, points_before=before_count, points_after=after_count,
        signals=signals, rules=tuple(rule for rule in PointSignal if rule in fired),
        run_length=run_length, run_side=run_side, longest_run=longest,
        longest_run_side=longest_side, above=above, below=below)


def _number(value) -> float | None:
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None


def _verdict(better: int, signals, sustained: bool, run_side: int) -> ChangeVerdict:
    if not signals:
        return ChangeVerdict.NO_SIGNAL
    if better == 0:
        return ChangeVerdict.CHANGED
    if sustained:
        return (ChangeVerdict.SUSTAINED_IMPROVEMENT if run_side == better
                else ChangeVerdict.DETERIORATION)
    latest = signals[-1]
    return ChangeVerdict.IMPROVEMENT if latest.is_improvement else ChangeVerdict.DETERIORATION


# ------------------------------------------------------------------------------- words


def _points(count: int) -> str:
    return f"{count} point{'' if count == 1 else 's'}"


def _values(count: int) -> str:
    return f"{count} value{'' if count == 1 else 's'}"


def _side_word(side: int) -> str:
    return "above" if side > 0 else "below"


def _evidence(result: ShiftResult) -> tuple[str, ...]:
    """What the values after the change show, one plain sentence each, for example "all 7
    values since have been above the average before the change"."""
    found = []
    if result.sustained:
        side = _side_word(result.run_side)
        if result.run_length == result.points_after:
            found.append(f"all {result.run_length} values since have been {side} the average "
                         "before the change")
        else:
            found.append(f"the latest {result.run_length} values have all been {side} the "
                         "average before the change")
    elif result.longest_run >= SHIFT_LENGTH:
        found.append(f"{result.longest_run} values in a row were "
                     f"{_side_word(result.longest_run_side)} the average before the change, "
                     "but the latest values are not")
    if result.above:
        found.append(f"{_values(result.above)} {'was' if result.above == 1 else 'were'} above "
                     "the highest value expected before it")
    if result.below:
        found.append(f"{_values(result.below)} {'was' if result.below == 1 else 'were'} below "
                     "the lowest value expected before it")
    if PointSignal.TREND in result.rules:
        found.append("7 or more values in a row went steadily up or down")
    if PointSignal.TWO_IN_THREE in result.rules:
        found.append("2 of 3 values in a row were close to the highest or lowest value "
                     "expected before it")
    return tuple(found)


def _since(result: ShiftResult) -> str:
    return f"{_values(result.points_after)} since"


def _explain(result: ShiftResult) -> str:
    verdict = result.verdict
    if verdict is ChangeVerdict.TOO_FEW_POINTS:
        if result.points_before < MINIMUM_POINTS_BEFORE:
            return (f"too few values to judge: {_values(result.points_before)} before the "
                    f"change, and at least {MINIMUM_POINTS_BEFORE} are needed to know what "
                    "to expect")
        return "too few values to judge: no value since the change yet"
    if verdict is ChangeVerdict.NO_SIGNAL:
        return (f"no signal yet: {_since(result)}, none beyond what was expected before "
                "the change and no run or trend of 7")
    sustained = (", and the shift is sustained" if result.sustained
                 else ", not yet sustained: the latest 7 values are not all on one side of "
                      "the average before the change")
    if verdict is ChangeVerdict.CHANGED:
        return f"the process has changed ({_since(result)}){sustained}"
    if verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT:
        return f"the process has shifted for the better{sustained}"
    if verdict is ChangeVerdict.IMPROVEMENT:
        return f"there is a signal of improvement ({_since(result)}){sustained}"
    if result.sustained:
        return f"the process has shifted for the worse{sustained}"
    return f"there is a signal of deterioration ({_since(result)}){sustained}"
