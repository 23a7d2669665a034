"""XmR charts with the "Making Data Count" rules, as NHSRplotthedots 0.2.2 draws them.

Everything is computed **separately within each group** (a phase started by a
``rebase`` index). For a group with values ``y_1..y_n`` and ``k = fix_after``
(all points when ``None``):

* baseline ``b_i = y_i`` for ``i <= k``; ``mean = average(b)``;
* moving ranges ``MR_i = |b_i - b_(i-1)|``, missing when either value is missing;
  ``MR̄₀ = average(MR)``;
* screening (``screen_outliers=True``, Nelson 1982): keep ``MR_i`` only when
  ``MR_i < 3.267 · MR̄₀`` (strict, a single pass), ``MR̄ = average(kept)``;
* process limits ``mean ± 2.66 · MR̄``; near limits ``mean ± (2/3 · 2.66) · MR̄``;
  no clipping, so a lower limit can be negative.

Per point: ``outside_limits = y > upl or y < lpl``; ``relative_to_mean =
sign(y - mean)``; ``close_to_limits = not outside and (y < near_lpl or y > near_upl)``.

The four rules, each flagging the **whole pattern** (ptd_calculate_point_type):

1. ``outside_limits``: the point is beyond a process limit;
2. ``trend``: 7 points each strictly above (or below) the one before; ties break
   it and the mean plays no part. A trend point's direction is the sign of
   ``next - this`` when the next point is in a trend too, else of ``this - previous``;
3. ``two_in_three``: in a window of 3 consecutive points of the group, at least 2
   are close to the limits and all 3 are on the same side of the mean; only the
   window points that are themselves close are flagged (issue #143);
4. ``shift``: 7 consecutive points on the same side of the mean (a point on the
   mean breaks it).

The first rule that matches names the point's ``signal``. Its direction (+1 for
Above/Increasing, -1 for Below/Decreasing) times the improvement direction gives
improvement or concern **per point**; a neutral direction gives neutral high/low.
The ``variation`` icon comes from the last observed point and the ``assurance``
icon compares the target with the limits of that point's group (§1.5 of the spec).

Missing values (``None`` or NaN), PIF policy (the R package has none): they are left
out of the mean and of the moving ranges (an MR next to a gap is missing), they are
never flagged, and a gap interrupts runs, trends and 2-of-3 windows, exactly as a
point on the mean interrupts a shift. Icons use the last *observed* point.

Two deliberate deviations from NHSRplotthedots, both recorded in
``docs/adr/0002-spc-engine-choices.md``: when every moving range is zero the
screening keeps them (R drops them all and returns NaN limits), so a constant
series has limits equal to its mean and no signal; and ``trial_limits`` counts the
observed values of the group, not its rows.

The core is vectorised (:mod:`pif.spc.xmr_core`): all series are padded into one
2-D array and the rules are array operations, so :func:`xmr_many` refreshes
thousands of indicators without a Python loop per point; :func:`xmr` calls the
same core with one series. Results are described in :mod:`pif.spc.xmr_results`.
"""

import math
import numbers

import numpy as np

from ._matrix import as_matrix
from .constants import MINIMUM_FIX_AFTER
from .errors import option_error
from .xmr_core import analyse
from .xmr_results import IMPROVEMENT_DIRECTIONS, XmrGroup, XmrResult

__all__ = ["xmr", "xmr_many", "XmrResult", "XmrGroup", "IMPROVEMENT_DIRECTIONS"]


# --------------------------------------------------------------------------- options


def _is_sequence(value):
    return isinstance(value, (list, tuple, np.ndarray, range))


def _check_improvement(value):
    if not isinstance(value, str) or value not in IMPROVEMENT_DIRECTIONS:
        raise option_error("improvement", value, "must be 'increase', 'decrease' or 'neutral'")
    return IMPROVEMENT_DIRECTIONS[value]


def _check_target(value):
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise option_error("target", value, "must be a finite number or None")
    return float(value)


def _check_fix_after(value):
    if value is None:
        return None
    whole = isinstance(value, numbers.Integral) or (
        isinstance(value, float) and value.is_integer()
    )
    if isinstance(value, bool) or not whole or value < MINIMUM_FIX_AFTER:
        raise option_error("fix_after", value, "must be None or a whole number >= 12")
    return int(value)


def _check_screen(value):
    if not isinstance(value, (bool, np.bool_)):
        raise option_error("screen_outliers", value, "must be True or False")
    return bool(value)


def _check_rebase(value, length):
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    if not _is_sequence(value):
        raise option_error("rebase", value, "must be a sequence of 0-based indexes")
    indexes = []
    for index in value:
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise option_error("rebase", value, "must hold whole-number indexes")
        if not 0 <= index < length:
            raise option_error("rebase", index, f"index out of range for {length} values")
        indexes.append(int(index))
    return indexes


def _broadcast(name, value, count, is_common, check, dtype):
    """One checked value per series: ``value`` for all, or a sequence of ``count`` values.

    A common value is checked once, not once per series: refreshing thousands of
    indicators with the same options must not pay Python overhead per series.
    """
    if is_common(value):
        return np.full(count, check(value), dtype=dtype)
    if not _is_sequence(value) or len(value) != count:
        raise option_error(name, value, f"must be one value or a sequence of {count} values")
    return np.array([check(item) for item in value], dtype=dtype)


def _rebase_is_common(value):
    if isinstance(value, numbers.Integral):
        return True
    if not _is_sequence(value):
        return True  # let _check_rebase name the problem
    return not any(_is_sequence(item) for item in value)


def _rebase_lists(rebase, lengths):
    count = lengths.size
    if _rebase_is_common(rebase):
        if _is_sequence(rebase) and len(rebase) == 0:
            return [[]] * count
        return [_check_rebase(rebase, int(length)) for length in lengths]
    if len(rebase) != count:
        raise option_error("rebase", rebase, f"must be one value or a sequence of {count} values")
    # most series have no rebase: skip checking their empty lists one by one
    return [[] if isinstance(item, (list, tuple)) and not item else _check_rebase(item, length)
            for item, length in zip(rebase, lengths.tolist(), strict=True)]


# ------------------------------------------------------------------------ interface


def xmr(values, *, improvement="increase", target=None, rebase=(), fix_after=None,
        screen_outliers=True):
    """XmR chart of one series with the Making Data Count rules (NHSRplotthedots 0.2.2).

    ``values`` are numbers in time order (``None``/NaN missing); ``improvement`` is
    ``"increase"``, ``"decrease"`` or ``"neutral"``; ``rebase`` holds the 0-based
    indexes where a new group starts; ``fix_after`` (None or >= 12) limits the
    points of each group that set its mean and limits. Returns an :class:`XmrResult`.
    Formulas and rules: see the module docstring. Raises :class:`SPCError` for an
    invalid option.
    """
    return xmr_many([values], improvement=improvement, target=target, rebase=[rebase],
                    fix_after=fix_after, screen_outliers=screen_outliers)[0]


def xmr_many(series, *, improvement="increase", target=None, rebase=(), fix_after=None,
             screen_outliers=True):
    """:func:`xmr` on many series at once, vectorised; returns a list of results.

    ``series`` is a sequence of sequences (or a 2-D array). Each option is either
    one value for every series or a sequence with one value per series; for
    ``rebase`` a sequence of sequences is per series. ``xmr_many(s)[i] ==
    xmr(s[i])`` field by field.
    """
    matrix, lengths = as_matrix(series, name="values", outer="series")
    count = matrix.shape[0]

    def scalar(value):
        return not _is_sequence(value)

    directions = _broadcast("improvement", improvement, count,
                            lambda v: isinstance(v, str) or not _is_sequence(v),
                            _check_improvement, np.int8)
    targets = _broadcast("target", target, count, scalar, _check_target, float)
    fixes = _broadcast("fix_after", fix_after, count, scalar,
                       lambda v: _check_fix_after(v) or matrix.shape[1] + 1, np.int64)
    screen = _broadcast("screen_outliers", screen_outliers, count, scalar, _check_screen, bool)
    rebase_lists = _rebase_lists(rebase, lengths)
    return analyse(matrix, lengths, directions, targets, fixes, screen, rebase_lists)
