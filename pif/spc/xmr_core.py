"""The vectorised XmR core behind :func:`pif.spc.xmr_many` (and :func:`pif.spc.xmr`).

All series are padded into one float matrix (NaN for missing) and flattened row
by row. Groups are contiguous *segments* of that flat array (a row start, a
rebase index, or the padding after a short series starts one), so group sums are
``np.add.reduceat`` calls and group values reach their points with
``np.repeat``. Means are two-pass, like R's ``mean``, which is why PIF reproduces
NHSRplotthedots' doubles bit for bit. Runs of 7 (shift) and 6 equal steps
(trend) are found with sliding AND/OR windows built by doubling shifts, and the
2-of-3 rule with three shifted sums: a handful of passes over boolean arrays,
never a Python loop per point. The rules and formulas are documented in
:mod:`pif.spc.xmr`.
"""

import numpy as np

from .constants import (
    MR_SCREENING_FACTOR,
    SHIFT_LENGTH,
    TREND_LENGTH,
    TRIAL_LIMITS_THRESHOLD,
    XMR_LIMIT_MULTIPLIER,
    XMR_NEAR_MULTIPLIER,
)
from .signals import assurance_of, variation_of
from .xmr_results import (
    _COMMON,
    _CONCERN,
    _IMPROVEMENT,
    _NEUTRAL_HIGH,
    _NEUTRAL_LOW,
    _POINT_TYPES,
    XmrGroup,
    _Batch,
    _new_result,
)

__all__ = ["analyse"]

_DIRECTION_NAMES = {1: "increase", -1: "decrease", 0: "neutral"}
# The icons come from pif.spc.signals, the one place they are decided; the table only
# saves a call per series. Keys: (point type code, improvement sign).
_VARIATION = {
    (code, sign): variation_of(_POINT_TYPES[code], name)
    for code in (_COMMON, _IMPROVEMENT, _CONCERN) for sign, name in _DIRECTION_NAMES.items()
    if sign or code == _COMMON
} | {(code, 0): variation_of(_POINT_TYPES[code], "neutral")
     for code in (_NEUTRAL_HIGH, _NEUTRAL_LOW)}


class _Segments:
    """Contiguous groups in the flattened (row-major) matrix, reduced with ``reduceat``.

    Every row starts a segment and so does every rebase index; the padding after a
    short series forms a segment of its own that is never observed.
    """

    def __init__(self, new_segment, width):
        self.starts = np.flatnonzero(new_segment)
        self.sizes = np.diff(np.append(self.starts, new_segment.size))
        # 0-based group number within the row: segments since the row's first one
        first_of_row = (self.starts % width == 0) if width else np.ones(0, dtype=bool)
        positions = np.arange(self.starts.size)
        self.index_in_row = positions - np.maximum.accumulate(
            np.where(first_of_row, positions, 0)) if self.starts.size else positions

    def spread(self, per_segment):
        """Broadcast one value per segment back to every point of the segment."""
        return np.repeat(per_segment, self.sizes)

    def total(self, values):
        return np.add.reduceat(values, self.starts) if self.starts.size else values[:0]

    def mean(self, values, mask):
        """Two-pass mean of ``values`` where ``mask`` (NaN when a segment has none).

        As R's ``mean``: the first mean is corrected by the mean of the residuals.
        Without it twelve copies of 0.4 average to 0.4000000000000001 and a
        constant series would sit "above its mean" and signal a shift.
        """
        count = self.total(mask.astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            first = self.total(np.where(mask, values, 0.0)) / count
            residual = np.where(mask, values - self.spread(first), 0.0)
            return first + self.total(residual) / count


def _run_flags(values, new_segment, minimum):
    """True where ``values`` is in a run of at least ``minimum`` equal non-zero values.

    Runs never cross a segment start; a zero (on the mean, a tie, a gap) breaks
    them. ``continues[i]`` says point i extends the run of point i-1; a run of
    ``minimum`` ends where ``minimum - 1`` continuations in a row end, and its
    points are then marked backwards. Both steps are sliding ANDs/ORs done with
    doubling shifts, so the cost is a few boolean passes, not a loop.
    """
    continues = np.zeros(values.size, dtype=bool)
    continues[1:] = (values[1:] == values[:-1]) & (values[1:] != 0) & ~new_segment[1:]
    ends = _sliding(continues, minimum - 1, np.logical_and, forward=False)
    ends &= values != 0
    return _sliding(ends, minimum, np.logical_or, forward=True)


def _sliding(flags, span, combine, *, forward):
    """Combine each position with the ``span - 1`` positions before it (or after it).

    ``forward=False`` gives ``flags[i-span+1] ∘ … ∘ flags[i]``; ``forward=True``
    gives ``flags[i] ∘ … ∘ flags[i+span-1]``. Positions past the ends count as
    False. Built by doubling: covering ``a`` positions and then ``b`` more.
    """
    result = flags.copy()
    covered = 1
    while covered < span:
        step = min(covered, span - covered)
        shifted = np.zeros_like(result)
        if forward:
            shifted[:-step or None] = result[step:]
        else:
            shifted[step:] = result[:-step or None]
        if step >= result.size:
            shifted[:] = False
        result = combine(result, shifted)
        covered += step
    return result


def analyse(matrix, lengths, directions, targets, fix_after, screen, rebase, names):
    """Vectorised XmR analysis of the padded ``matrix``; one XmrResult per row."""
    count, width = matrix.shape
    if count == 0:
        return []
    total = count * width
    flat = matrix.ravel()
    column = np.tile(np.arange(width), count)
    row_length = np.repeat(lengths, width)
    observed = (column < row_length) & ~np.isnan(flat)

    # padding after a short series is a segment of its own, so that a group's sums
    # see exactly the same numbers whatever the width of the batch (pairwise
    # summation would otherwise round differently in xmr and xmr_many)
    new_segment = (column == 0) | (column == row_length)
    for row, indexes in enumerate(rebase):
        if indexes:
            new_segment[row * width + np.asarray(indexes)] = True
    segments = _Segments(new_segment, width)
    segment_start_column = segments.spread(segments.starts % width if width else segments.starts)
    in_baseline = observed & (column - segment_start_column < np.repeat(fix_after, width))

    mean_by_segment = segments.mean(flat, in_baseline)
    moving_range = np.full(total, np.nan)
    if total > 1:
        adjacent = in_baseline[1:] & in_baseline[:-1] & ~new_segment[1:]
        moving_range[1:] = np.where(adjacent, np.abs(flat[1:] - flat[:-1]), np.nan)
    has_range = ~np.isnan(moving_range)
    first_mean_range = segments.spread(segments.mean(moving_range, has_range))
    with np.errstate(invalid="ignore"):
        # all-zero ranges are kept: R would drop them all and give NaN limits
        kept = has_range & (
            ~np.repeat(screen, width)
            | (moving_range < MR_SCREENING_FACTOR * first_mean_range)
            | (first_mean_range == 0)
        )
    mean_range_by_segment = segments.mean(moving_range, kept)
    # limits are per group: compute them once per segment, then spread to points
    mean = segments.spread(mean_by_segment)
    lpl = segments.spread(mean_by_segment - XMR_LIMIT_MULTIPLIER * mean_range_by_segment)
    upl = segments.spread(mean_by_segment + XMR_LIMIT_MULTIPLIER * mean_range_by_segment)
    near_lpl = segments.spread(mean_by_segment - XMR_NEAR_MULTIPLIER * mean_range_by_segment)
    near_upl = segments.spread(mean_by_segment + XMR_NEAR_MULTIPLIER * mean_range_by_segment)

    with np.errstate(invalid="ignore"):
        outside = observed & ((flat > upl) | (flat < lpl))
        above = observed & (flat > mean)
        below = observed & (flat < mean)
        close = observed & ~outside & ((flat < near_lpl) | (flat > near_upl))
    side = above.view(np.int8) - below.view(np.int8)

    # rule 4, shift: 7 or more consecutive points on one side of the mean
    shift = _run_flags(side, new_segment, SHIFT_LENGTH)

    # rule 2, trend: 6 equal non-zero consecutive differences flag 7 points
    step = np.zeros(total, dtype=np.int8)
    if total > 1:
        with np.errstate(invalid="ignore"):
            rising = (flat[1:] > flat[:-1]) & ~new_segment[1:]
            falling = (flat[1:] < flat[:-1]) & ~new_segment[1:]
        step[1:] = rising.view(np.int8) - falling.view(np.int8)
    trend_step = _run_flags(step, new_segment, TREND_LENGTH - 1)
    trend = trend_step.copy()
    trend[:-1] |= trend_step[1:]
    next_step = np.zeros(total, dtype=np.int8)
    next_in_trend = np.zeros(total, dtype=bool)
    if total > 1:
        next_step[:-1] = step[1:]
        next_in_trend[:-1] = trend[1:] & ~new_segment[1:]
    rising_trend = np.where(trend & next_in_trend, next_step, step) == 1

    # rule 3, two in three: windows of 3 inside one group, >= 2 close, all one side
    window = np.zeros(total, dtype=bool)
    if total > 2:
        one_group = ~(new_segment[1:-1] | new_segment[2:])
        closes = close[:-2].view(np.int8) + close[1:-1].view(np.int8) + close[2:].view(np.int8)
        sides = side[:-2] + side[1:-1] + side[2:]
        window[:-2] = one_group & (closes >= 2) & ((sides == 3) | (sides == -3))
    in_window = window.copy()
    in_window[1:] |= window[:-1]
    in_window[2:] |= window[:-2]
    two_in_three = in_window & close

    # first matching rule wins: outside, trend, two in three, shift
    signal = np.zeros(total, dtype=np.int8)
    signal[shift] = 4
    signal[two_in_three] = 3
    signal[trend] = 2
    signal[outside] = 1
    flagged = signal != 0
    upward = np.where(signal == 2, rising_trend, above)
    direction = np.repeat(directions, width)
    point_type = np.zeros(total, dtype=np.int8)
    neutral = direction == 0
    improving = upward == (direction > 0)
    point_type[flagged & ~neutral & improving] = _IMPROVEMENT
    point_type[flagged & ~neutral & ~improving] = _CONCERN
    point_type[flagged & neutral & upward] = _NEUTRAL_HIGH
    point_type[flagged & neutral & ~upward] = _NEUTRAL_LOW

    shape = (count, width)
    arrays = {
        "values": matrix,
        "mean": mean.reshape(shape),
        "lpl": lpl.reshape(shape),
        "upl": upl.reshape(shape),
        "near_lpl": near_lpl.reshape(shape),
        "near_upl": near_upl.reshape(shape),
        "outside_limits": outside.reshape(shape),
        "close_to_limits": close.reshape(shape),
        "relative_to_mean": side.reshape(shape),
        "signal": signal.reshape(shape),
        "point_type": point_type.reshape(shape),
        "group": segments.spread(segments.index_in_row).reshape(shape),
    }
    for array in arrays.values():
        array.flags.writeable = False
    summary = _GroupSummary(segments, width, lengths, observed, mean, lpl, upl)
    return _assemble(arrays, point_type.reshape(shape), observed.reshape(shape), lengths,
                     directions, targets, names, summary)


class _GroupSummary:
    """Per-segment facts of a batch, turned into :class:`XmrGroup` records on request."""

    def __init__(self, segments, width, lengths, observed, mean, lpl, upl):
        starts = segments.starts
        row = starts // width if width else starts
        column = starts % width if width else starts
        keep = column < lengths[row]  # the padding segment and empty series have no group
        first = starts[keep]
        self.index = segments.index_in_row[keep]
        self.start = column[keep]
        self.stop = np.minimum(self.start + segments.sizes[keep], lengths[row[keep]])
        self.n = segments.total(observed.astype(np.int64))[keep] if starts.size else first
        self.mean, self.lpl, self.upl = mean[first], lpl[first], upl[first]
        self.offsets = np.searchsorted(row[keep], np.arange(lengths.size + 1))

    def records(self, row):
        low, high = self.offsets[row], self.offsets[row + 1]
        return tuple(
            XmrGroup(index, start, stop, n, mean, lpl, upl, n < TRIAL_LIMITS_THRESHOLD)
            for index, start, stop, n, mean, lpl, upl in zip(
                self.index[low:high].tolist(), self.start[low:high].tolist(),
                self.stop[low:high].tolist(), self.n[low:high].tolist(),
                self.mean[low:high].tolist(), self.lpl[low:high].tolist(),
                self.upl[low:high].tolist(), strict=True)
        )


def _assemble(arrays, point_type, observed, lengths, directions, targets, names, summary):
    """Per-series results sharing one batch, with their variation and assurance icons.

    Nothing here creates per-point Python objects: results read their row of the
    batch arrays when a field is asked for.
    """
    count, width = point_type.shape
    has_value = observed.any(axis=1)
    rows = np.arange(count)
    last = (width - 1 - np.argmax(observed[:, ::-1], axis=1)) if width else np.zeros(count, int)
    last_type = np.where(has_value, point_type[rows, last] if width else 0, _COMMON).tolist()
    last_lpl = (arrays["lpl"][rows, last] if width else np.full(count, np.nan)).tolist()
    last_upl = (arrays["upl"][rows, last] if width else np.full(count, np.nan)).tolist()
    batch = _Batch(arrays, lengths, summary)
    return [
        _new_result(
            batch,
            row,
            _VARIATION[(last_type[row], direction)],
            assurance_of(target, _DIRECTION_NAMES[direction], last_lpl[row], last_upl[row])
            if valued else None,
            name,
            None if target != target else target,
        )
        for row, (direction, target, name, valued) in enumerate(
            zip(directions.tolist(), targets.tolist(), names, has_value.tolist(),
                strict=True))
    ]

