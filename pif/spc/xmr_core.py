"""The vectorised XmR core behind :func:`pif.spc.xmr_many` (and :func:`pif.spc.xmr`).

All series are padded into one float matrix (NaN for missing), one row per
series, and every rule is a handful of whole-matrix operations, never a Python
loop per point or per series:

* Groups are contiguous *segments* of the flattened matrix (a row start, a
  rebase index, or the padding after a short series starts one), so group sums
  are ``np.add.reduceat`` calls. Means are two-pass, like R's ``mean``, which is
  why PIF reproduces NHSRplotthedots' doubles bit for bit. The padding is a
  segment of its own so that a group's sum sees the same numbers, and rounds the
  same way, whatever the width of the batch: ``xmr_many(s)[i] == xmr(s[i])``.
* Centre lines and limits are computed once per group. When every series is one
  group of the full width (the usual refresh: no rebase, no short series) a
  group's values reach its points by numpy broadcasting of a column, without
  building a matrix of them; otherwise with ``np.repeat``.
* Consecutive points are compared along the rows, so a row never runs into the
  next; an inner group start (a rebase) breaks runs through a boundary mask.
  Runs of 7 (shift) and 6 equal steps (trend) are found with sliding AND/OR
  windows built by doubling shifts, and the 2-of-3 rule with three shifted sums.

Only small per-point arrays (flags and 1-byte codes) are kept for the results;
their limits stay one value per group (:mod:`pif.spc.xmr_results`). The rules and
formulas are documented in :mod:`pif.spc.xmr`.
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
    _DIRECTION_NAMES,
    _IMPROVEMENT,
    _NEUTRAL_HIGH,
    _NEUTRAL_LOW,
    _POINT_TYPES,
    XmrGroup,
    _Batch,
    new_results,
)

__all__ = ["analyse"]

# Signal codes (positions in xmr_results._SIGNALS): the first matching rule wins.
_OUTSIDE, _TREND, _TWO_IN_THREE, _SHIFT = (np.int8(code) for code in range(1, 5))


def _variation_table():
    """Variation icon by [point type code, improvement sign + 1], from pif.spc.signals.

    The icons are decided in one place (:func:`~pif.spc.signals.variation_of`); the
    table only lets a whole batch look them up at once.
    """
    table = np.full((len(_POINT_TYPES), 3), None, dtype=object)
    for sign, name in _DIRECTION_NAMES.items():
        codes = (_COMMON, _NEUTRAL_HIGH, _NEUTRAL_LOW) if sign == 0 else (
            _COMMON, _IMPROVEMENT, _CONCERN)
        for code in codes:
            table[code, sign + 1] = variation_of(_POINT_TYPES[code], name)
    return table


# where the target lies against the limits of the last point
_ABOVE, _BELOW, _BETWEEN, _NO_ASSURANCE = range(4)


def _assurance_table():
    """Assurance icon by [target position code, improvement sign + 1], from pif.spc.signals."""
    table = np.full((4, 3), None, dtype=object)
    for sign, name in _DIRECTION_NAMES.items():
        for position, target in ((_ABOVE, 2.0), (_BELOW, -1.0), (_BETWEEN, 0.5)):
            table[position, sign + 1] = assurance_of(target, name, 0.0, 1.0)
    return table


_VARIATION = _variation_table()
_ASSURANCE = _assurance_table()


class _Segments:
    """The groups of a batch as contiguous segments of the flattened (row-major) matrix.

    Every row starts a segment and so does every rebase index; the padding after a
    short series forms a segment of its own that is never observed. ``by_row`` is
    true when each row is exactly one segment: then a value per segment reaches
    its points as a broadcast column.
    """

    def __init__(self, lengths, width, rebase):
        count = lengths.size
        self.shape = (count, width)
        self.boundary = None  # starts of segments inside a row (rebases), when any
        if (lengths == width).all() and not any(rebase):
            self.starts = np.arange(count) * width
        else:
            new_segment = np.zeros(self.shape, dtype=bool)
            new_segment[:, 0] = True
            short = np.flatnonzero(lengths < width)
            new_segment[short, lengths[short]] = True
            for row, indexes in enumerate(rebase):
                if indexes:
                    new_segment[row, indexes] = True
            self.starts = np.flatnonzero(new_segment)
            if self.starts.size > count:
                self.boundary = new_segment
        self.by_row = self.starts.size == count
        self.sizes = np.diff(np.append(self.starts, count * width))
        self.row = self.starts // width
        self.start_column = self.starts % width
        # first segment of each row (and one past the last)
        self.offsets = np.searchsorted(self.row, np.arange(count + 1))
        self.index_in_row = np.arange(self.starts.size) - self.offsets[self.row]

    def spread(self, per_segment):
        """One value per segment, on every point of the segment (maybe as a broadcast column)."""
        if self.by_row:
            return per_segment[:, None]
        return np.repeat(per_segment, self.sizes).reshape(self.shape)

    def per_row(self, per_row):
        """One value per series, for each segment."""
        return per_row if self.by_row else per_row[self.row]

    def total(self, values):
        return np.add.reduceat(values.ravel(), self.starts)

    def count(self, mask):
        if self.by_row:
            return np.count_nonzero(mask, axis=1)
        return np.add.reduceat(mask.ravel(), self.starts, dtype=np.intp)

    def mean(self, values, mask, work):
        """Two-pass mean of ``values`` where ``mask`` (NaN when a segment has none).

        As R's ``mean``: the first mean is corrected by the mean of the residuals.
        Without it twelve copies of 0.4 average to 0.4000000000000001 and a
        constant series would sit "above its mean" and signal a shift. ``work`` is
        a scratch matrix: writing into it, rather than into new matrices, spares the
        memory system a fresh batch-sized array for every step.
        """
        n = self.count(mask)
        left_out = ~mask
        with np.errstate(invalid="ignore", divide="ignore"):
            np.copyto(work, values)
            np.putmask(work, left_out, 0.0)
            first = self.total(work) / n
            np.subtract(values, self.spread(first), out=work)
            np.putmask(work, left_out, 0.0)
            return first + self.total(work) / n


def _following(later, boundary):
    """``later``, a flag for each point but the first of its row, cleared where a
    segment starts (such a point follows nothing)."""
    return later if boundary is None else later & ~boundary[:, 1:]


def _run_flags(values, boundary, minimum):
    """True where ``values`` is in a run of at least ``minimum`` equal non-zero values.

    Runs never cross a segment start; a zero (on the mean, a tie, a gap) breaks
    them. ``continues[i]`` says point i extends the run of point i-1; a run of
    ``minimum`` ends where ``minimum - 1`` continuations in a row end, and its
    points are then marked backwards. Both steps are sliding ANDs/ORs done with
    doubling shifts, so the cost is a few boolean passes, not a loop.
    """
    continues = np.zeros(values.shape, dtype=bool)
    continues[:, 1:] = _following((values[:, 1:] == values[:, :-1]) & (values[:, 1:] != 0),
                                  boundary)
    ends = _sliding(continues, minimum - 1, np.logical_and, forward=False)
    ends &= values != 0
    return _sliding(ends, minimum, np.logical_or, forward=True)


def _sliding(flags, span, combine, *, forward):
    """Combine each position with the ``span - 1`` positions before it (or after it) in its row.

    ``forward=False`` gives ``flags[i-span+1] ∘ … ∘ flags[i]``; ``forward=True``
    gives ``flags[i] ∘ … ∘ flags[i+span-1]``. Positions past the ends of the row
    count as False. Built by doubling: covering ``a`` positions and then ``b`` more.
    """
    result = flags.copy()
    width = flags.shape[1]
    covered = 1
    while covered < span:
        step = min(covered, span - covered)
        if step >= width:
            result = combine(result, False)
        elif forward:
            combine(result[:, :-step], result[:, step:], out=result[:, :-step])
            result[:, -step:] = combine(result[:, -step:], False)
        else:
            combine(result[:, step:], result[:, :-step], out=result[:, step:])
            result[:, :step] = combine(result[:, :step], False)
        covered += step
    return result


def _limits(values, observed, moving_range, segments, fix_after, screen):
    """Mean, process limits and near limits per segment (see :mod:`pif.spc.xmr`).

    ``moving_range`` holds ``|values[i] - values[i-1]|`` along each row; only those
    between consecutive baseline points of one segment count.
    """
    count, width = segments.shape
    in_baseline = observed
    if (fix_after <= width).any():
        position = np.arange(width) - segments.spread(segments.start_column)
        in_baseline = observed & (position < fix_after[:, None])
    work = np.empty(segments.shape)
    mean = segments.mean(values, in_baseline, work)

    has_range = np.zeros(segments.shape, dtype=bool)
    has_range[:, 1:] = _following(in_baseline[:, 1:] & in_baseline[:, :-1], segments.boundary)
    first_mean_range = segments.mean(moving_range, has_range, work)
    # all-zero ranges are kept: R would drop them all and give NaN limits
    keep_every_range = ~segments.per_row(screen) | (first_mean_range == 0)
    with np.errstate(invalid="ignore"):
        kept = has_range & (
            (moving_range < segments.spread(MR_SCREENING_FACTOR * first_mean_range))
            | segments.spread(keep_every_range)
        )
    mean_range = segments.mean(moving_range, kept, work)
    return {
        "mean": mean,
        "lpl": mean - XMR_LIMIT_MULTIPLIER * mean_range,
        "upl": mean + XMR_LIMIT_MULTIPLIER * mean_range,
        "near_lpl": mean - XMR_NEAR_MULTIPLIER * mean_range,
        "near_upl": mean + XMR_NEAR_MULTIPLIER * mean_range,
    }


def _steps(values, boundary):
    """``values[i] - values[i-1]`` along each row (0 in the first column), and its sign as
    int8 (+1, -1, or 0 for a tie, a gap or a segment start): one subtraction serves the
    trend rule and the moving ranges."""
    difference = np.empty(values.shape)
    difference[:, 0] = 0.0
    np.subtract(values[:, 1:], values[:, :-1], out=difference[:, 1:])
    step = np.zeros(values.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        rising = _following(difference[:, 1:] > 0, boundary)
        falling = _following(difference[:, 1:] < 0, boundary)
    step[:, 1:] = rising.view(np.int8) - falling.view(np.int8)
    return difference, step


def _trend(step, boundary):
    """Rule 2: 6 equal non-zero consecutive steps flag 7 points; and which of them rise.

    A trend point's direction is the sign of ``next - this`` when the next point is
    in a trend too, else of ``this - previous``.
    """
    trend_step = _run_flags(step, boundary, TREND_LENGTH - 1)
    trend = trend_step.copy()
    trend[:, :-1] |= trend_step[:, 1:]
    next_step = np.zeros_like(step)
    next_step[:, :-1] = step[:, 1:]
    next_in_trend = np.zeros_like(trend)
    next_in_trend[:, :-1] = _following(trend[:, 1:], boundary)
    judged_by_next = trend & next_in_trend
    rising_trend = (judged_by_next & (next_step == 1)) | (~judged_by_next & (step == 1))
    return trend, rising_trend


def _two_in_three(close, side, boundary):
    """Rule 3: windows of 3 inside one group, >= 2 close, all one side; flag the close ones."""
    window = np.zeros(close.shape, dtype=bool)
    closes = close[:, :-2].view(np.int8) + close[:, 1:-1].view(np.int8) + close[:, 2:].view(
        np.int8)
    sides = side[:, :-2] + side[:, 1:-1] + side[:, 2:]
    found = (closes >= 2) & ((sides == 3) | (sides == -3))
    if boundary is not None:
        found &= ~(boundary[:, 1:-1] | boundary[:, 2:])
    window[:, :-2] = found
    in_window = window.copy()
    in_window[:, 1:] |= window[:, :-1]
    in_window[:, 2:] |= window[:, :-2]
    return in_window & close


def _point_types(signal, upward, directions):
    """Point type codes: improvement or concern by the direction, neutral high or low."""
    up = np.choose(directions + 1, (_CONCERN, _NEUTRAL_HIGH, _IMPROVEMENT)).astype(np.int8)
    down = np.choose(directions + 1, (_IMPROVEMENT, _NEUTRAL_LOW, _CONCERN)).astype(np.int8)
    kind = _override(down[:, None], upward, up[:, None])
    return _override(kind, signal == 0, np.int8(_COMMON))


def _override(codes, flags, code):
    """``np.where(flags, code, codes)`` for 1-byte codes, as arithmetic (several times faster)."""
    return codes + (code - codes) * flags.view(np.int8)


def analyse(matrix, lengths, directions, targets, fix_after, screen, rebase):
    """Vectorised XmR analysis of the padded ``matrix``; one XmrResult per row."""
    count = matrix.shape[0]
    if count == 0:
        return []
    if matrix.shape[1] == 0:  # only empty series: one padding column keeps shapes simple
        matrix = np.full((count, 1), np.nan)
    values = matrix
    observed = ~np.isnan(values)  # the padding is NaN too
    segments = _Segments(lengths, values.shape[1], rebase)
    boundary = segments.boundary
    difference, step = _steps(values, boundary)
    moving_range = np.abs(difference, out=difference)
    limits = _limits(values, observed, moving_range, segments, fix_after, screen)
    mean, lpl, upl, near_lpl, near_upl = (
        segments.spread(limits[name]) for name in ("mean", "lpl", "upl", "near_lpl", "near_upl"))

    # comparisons with NaN (a gap, the padding, no limits) are false: nothing to mask
    with np.errstate(invalid="ignore"):
        outside = (values > upl) | (values < lpl)
        above = values > mean
        below = values < mean
        close = ((values < near_lpl) | (values > near_upl)) & ~outside
    side = above.view(np.int8) - below.view(np.int8)

    shift = _run_flags(side, boundary, SHIFT_LENGTH)  # rule 4: 7 on one side of the mean
    trend, rising_trend = _trend(step, boundary)
    two_in_three = _two_in_three(close, side, boundary)

    # the first matching rule wins: outside, trend, two in three, shift
    signal = shift.view(np.int8) * _SHIFT
    signal = _override(signal, two_in_three, _TWO_IN_THREE)
    signal = _override(signal, trend, _TREND)
    signal = _override(signal, outside, _OUTSIDE)
    named_by_trend = trend & ~outside
    upward = (named_by_trend & rising_trend) | (~named_by_trend & above)
    point_type = _point_types(signal, upward, directions)

    variation, assurance = _icons(observed, point_type, segments, limits, directions, targets)
    groups = _GroupSummary(segments, lengths, observed, limits)
    return new_results(_Batch(
        rows={"values": values, "outside_limits": outside, "close_to_limits": close,
              "relative_to_mean": side, "signal": signal, "point_type": point_type},
        groups={**limits, "group": segments.index_in_row},
        group_sizes=segments.sizes,
        group_offsets=segments.offsets,
        lengths=lengths,
        directions=directions,
        targets=targets,
        variation=variation,
        assurance=assurance,
        records=groups.records,
    ))


def _icons(observed, point_type, segments, limits, directions, targets):
    """Variation and assurance icons of every series, from its last observed point."""
    count, width = segments.shape
    rows = np.arange(count)
    last = width - 1 - np.argmax(observed[:, ::-1], axis=1)
    has_value = observed[rows, last]
    last_type = np.where(has_value, point_type[rows, last], _COMMON)
    variation = _VARIATION[last_type, directions + 1].tolist()

    segment = np.searchsorted(segments.starts, rows * width + last, side="right") - 1
    lower, upper = limits["lpl"][segment], limits["upl"][segment]
    position = np.where(targets > upper, _ABOVE, np.where(targets < lower, _BELOW, _BETWEEN))
    usable = has_value & np.isfinite(targets) & np.isfinite(lower) & np.isfinite(upper)
    position[~usable] = _NO_ASSURANCE
    assurance = _ASSURANCE[position, directions + 1].tolist()
    return variation, assurance


class _GroupSummary:
    """Per-segment facts of a batch, turned into :class:`XmrGroup` records on request."""

    def __init__(self, segments, lengths, observed, limits):
        row = segments.row
        # the padding segment and an empty series have no group
        keep = segments.start_column < lengths[row]
        self.index = segments.index_in_row[keep]
        self.start = segments.start_column[keep]
        self.stop = np.minimum(self.start + segments.sizes[keep], lengths[row[keep]])
        self.n = segments.count(observed)[keep]
        self.mean, self.lpl, self.upl = (limits[name][keep] for name in ("mean", "lpl", "upl"))
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
