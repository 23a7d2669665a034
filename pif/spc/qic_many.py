"""P and U charts of many series at once: :func:`qic_many`, vectorised with numpy.

``qic_many(ys, ns, chart="p")[i] == qic(ys[i], n=ns[i], chart="p")`` field by field,
bit for bit, with the same options (``part``, ``freeze``, ``multiply``); the formulas
are those of :mod:`pif.spc.qic`. All series are padded into two float matrices
(numerators and denominators, NaN for missing) and every step is a whole-matrix
operation:

* a *segment* is one part of one series; its centre line ``Σy / Σn`` over the
  baseline needs the same sums as ``np.sum`` gives on the part's usable points, so
  segments with the same number of usable points are summed together as the rows
  of one matrix, which numpy sums exactly as it sums each row alone;
* limits are per point (they depend on its denominator) and use the segment's
  centre line;
* the Anhøj runs analysis of every segment at once: the useful points (off the
  centre line, not missing) of all segments in one array, runs where the side or the
  segment changes, and per-segment counts, longest runs and crossings with
  ``np.bincount`` and ``reduceat``.

The other charts (and the options ``x``, ``exclude`` and ``cl``) are refused with an
:class:`~pif.spc.errors.SPCError`: :func:`~pif.spc.qic.qic` draws them one at a time.
"""

import math
import numbers
from dataclasses import fields

import numpy as np

from ._matrix import as_matrix
from .errors import option_error
from .qic import QicResult
from .runs import RunsAnalysis, anhoej_limits

__all__ = ["qic_many", "QIC_MANY_CHARTS"]

#: The charts :func:`qic_many` draws.
QIC_MANY_CHARTS = ("p", "u")


# ------------------------------------------------------------------------- options


def _is_sequence(value):
    return isinstance(value, (list, tuple, np.ndarray, range))


def _per_series(name, value, count, is_common):
    """``value`` for every series, or its sequence of one value per series."""
    if is_common(value):
        return [value] * count
    if len(value) != count:
        raise option_error(name, value, f"must be one value or a sequence of {count} values")
    return list(value)


def _check_multiply(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
            math.isfinite(value) and value > 0):
        raise option_error("multiply", value, "must be a positive number")
    return float(value)


def _check_part(value, count):
    """Sorted distinct part starts, 1 <= index < count (as :func:`~pif.spc.qic.qic`)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    if not _is_sequence(value):
        raise option_error("part", value, "must be a sequence of 0-based indexes")
    for item in value:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise option_error("part", value, "must hold whole-number indexes")
        if not 1 <= item < count:
            raise option_error("part", item, f"index out of range for {count} subgroups")
    return sorted({int(item) for item in value})


def _check_freeze(value, count):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not (
            1 <= value <= count):
        raise option_error("freeze", value, f"must be a whole number from 1 to {count}")
    return int(value)


def _part_lists(part, lengths):
    count = lengths.size
    common = isinstance(part, numbers.Integral) or not _is_sequence(part) or not any(
        _is_sequence(item) for item in part)
    if common:
        if _is_sequence(part) and len(part) == 0:
            return [[]] * count
        return [_check_part(part, length) for length in lengths.tolist()]
    if len(part) != count:
        raise option_error("part", part, f"must be one value or a sequence of {count} values")
    # most series are one part: skip checking their empty lists one by one
    return [[] if isinstance(item, (list, tuple)) and not item else _check_part(item, length)
            for item, length in zip(part, lengths.tolist(), strict=True)]


def _refuse_unsupported(chart, x, exclude, cl):
    if chart not in QIC_MANY_CHARTS:
        raise option_error("chart", chart, "qic_many draws 'p' and 'u' charts; use qic for "
                                           "the others")
    for name, value, given in (("x", x, x is not None), ("cl", cl, cl is not None),
                               ("exclude", exclude, not _is_sequence(exclude) or len(exclude))):
        if given:
            raise option_error(name, value,
                               "qic_many does not support it; use qic one series at a time")


def _inputs(ys, ns):
    """The numerator and denominator matrices, checked as :func:`~pif.spc.qic.qic` checks
    one series."""
    numerators, lengths = as_matrix(ys, name="ys", outer="ys")
    denominators, n_lengths = as_matrix(ns, name="ns", outer="ns")
    if n_lengths.size != lengths.size:
        raise option_error("ns", ns, f"must hold one series of denominators per series "
                                     f"({lengths.size})")
    differ = np.flatnonzero(n_lengths != lengths)
    if differ.size:
        row = int(differ[0])
        raise option_error(f"ns[{row}]", ns[row],
                           f"must have one denominator per value ({lengths[row]})")
    with np.errstate(invalid="ignore"):
        negative = np.flatnonzero(denominators < 0)
    if negative.size:
        value = float(denominators.flat[negative[0]])
        raise option_error(f"ns[{negative[0] // denominators.shape[1]}]", value,
                           "denominators must not be negative")
    return numerators, denominators, lengths


# ------------------------------------------------------------------------ interface


def qic_many(ys, ns, *, chart, part=(), freeze=None, multiply=1, x=None, exclude=(),
             cl=None):
    """:func:`~pif.spc.qic.qic` P or U charts of many series at once; a list of results.

    ``ys`` holds each series' numerators and ``ns`` its denominators (sequences of
    sequences, ``None`` or NaN missing); ``chart`` is ``"p"`` or ``"u"``. ``part``,
    ``freeze`` and ``multiply`` mean what they mean for ``qic``, each either one value
    for every series or a sequence with one value per series (for ``part`` a
    sequence of sequences). ``qic_many(ys, ns, chart=c)[i] == qic(ys[i], n=ns[i],
    chart=c)``. ``x``, ``exclude`` and ``cl`` and the other charts raise
    :class:`~pif.spc.errors.SPCError`: use ``qic`` one series at a time for them.
    """
    _refuse_unsupported(chart, x, exclude, cl)
    numerators, denominators, lengths = _inputs(ys, ns)
    count = lengths.size
    if count == 0:
        return []
    scale = np.array([_check_multiply(value) for value in _per_series(
        "multiply", multiply, count, lambda value: not _is_sequence(value))])
    parts = _part_lists(part, lengths)
    freezes = [_check_freeze(value, length) for value, length in zip(
        _per_series("freeze", freeze, count, lambda value: not _is_sequence(value)),
        lengths.tolist(), strict=True)]
    return _Batch(chart, numerators, denominators, lengths, parts, freezes).results(scale)


# ----------------------------------------------------------------------------- core


def _segment_sums(values, sizes):
    """``np.sum`` of each consecutive segment of ``values`` (``sizes[k]`` values long).

    Bit for bit what ``np.sum`` gives on each segment alone, as :func:`qic` does on one
    part: numpy sums each row of a matrix as it sums that row on its own, so segments
    of the same size are summed together as the rows of one matrix.
    """
    starts = np.cumsum(sizes) - sizes
    sums = np.zeros(sizes.size)
    for size in np.unique(sizes).tolist():
        if size:
            chosen = np.flatnonzero(sizes == size)
            sums[chosen] = values[starts[chosen, None] + np.arange(size)].sum(axis=1)
    return sums


class _Batch:
    """The P or U charts of all series: per-point matrices and per-segment values."""

    def __init__(self, chart, numerators, denominators, lengths, parts, freezes):
        count, width = numerators.shape
        self.chart, self.lengths = chart, lengths
        column = np.arange(width)
        self.valid = column < lengths[:, None]
        starts_part = np.zeros((count, width), dtype=bool)
        freeze_at = np.full(count, width + 1)
        for row, (breaks, frozen) in enumerate(zip(parts, freezes, strict=True)):
            if breaks:
                starts_part[row, breaks] = True
            elif frozen is not None:  # qicharts2 ignores freeze when a chart has parts
                freeze_at[row] = frozen
        self.part = 1 + np.cumsum(starts_part, axis=1)
        self.parts_per_row = np.array([len(breaks) + 1 for breaks in parts])
        self.first_segment = np.cumsum(self.parts_per_row) - self.parts_per_row
        self.segment_count = int(self.parts_per_row.sum())
        self.segment = self.first_segment[:, None] + self.part - 1
        self.baseline = column < freeze_at[:, None]

        # as qic's subgroups: a missing numerator or denominator makes both missing, and
        # np.bincount's sums start from 0.0 (so a denominator of -0.0 becomes 0.0)
        has_value = ~(np.isnan(numerators) | np.isnan(denominators))
        self.totals = np.where(has_value, numerators, 0.0)
        self.sizes = np.where(has_value, denominators, 0.0) + 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            self.plotted = np.where(has_value & (self.sizes > 0), self.totals / self.sizes,
                                    np.nan)
        self.usable = has_value & self.valid & self.baseline

    def centre_lines(self):
        """Σy / Σn over each segment's usable baseline points (NaN when Σn is not > 0)."""
        in_segment = self.segment[self.usable]
        usable_per_segment = np.bincount(in_segment, minlength=self.segment_count)
        totals = _segment_sums(self.totals[self.usable], usable_per_segment)
        sizes = _segment_sums(self.sizes[self.usable], usable_per_segment)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(sizes > 0, totals / sizes, np.nan)

    def limits(self, centre):
        """Per-point centre, lower and upper limits, as qic's ``_limits`` for P and U."""
        at_point = centre[self.segment]
        with np.errstate(invalid="ignore", divide="ignore"):
            if self.chart == "p":
                sigma = np.sqrt((centre * (1 - centre))[self.segment] / self.sizes)
            else:
                sigma = np.sqrt(at_point / self.sizes)
            low = at_point - 3 * sigma
            high = at_point + 3 * sigma
        lower = np.where(low < 0, 0.0, low)
        upper = np.where(high > 1, 1.0, high) if self.chart == "p" else high
        return at_point, lower, upper

    def runs(self, at_point):
        """Anhøj runs statistics of every segment (:func:`~pif.spc.runs.runs_analysis`)."""
        segments = self.segment_count
        with np.errstate(invalid="ignore"):
            side = np.sign(self.plotted - at_point)
        useful = self.valid & np.isfinite(side) & (side != 0)
        sides, owner = side[useful], self.segment[useful]
        n_useful = np.bincount(owner, minlength=segments)
        n_obs = np.bincount(self.segment[self.valid], minlength=segments)

        # a run starts at the first useful point of a segment and wherever the side changes
        starts_run = np.ones(sides.size, dtype=bool)
        starts_run[1:] = (sides[1:] != sides[:-1]) | (owner[1:] != owner[:-1])
        run_start = np.flatnonzero(starts_run)
        run_length = np.diff(np.append(run_start, sides.size))
        run_owner = owner[run_start]
        runs_per_segment = np.bincount(run_owner, minlength=segments)
        n_crossings = np.maximum(runs_per_segment - 1, 0)
        longest = np.zeros(segments, dtype=np.int64)
        side_of_longest = np.zeros(segments, dtype=np.int64)
        has_runs = runs_per_segment > 0
        if run_start.size:
            first_run = (np.cumsum(runs_per_segment) - runs_per_segment)[has_runs]
            longest[has_runs] = np.maximum.reduceat(run_length, first_run)
            # of equally long runs the latest counts: the last longest run of each segment
            longest_runs = np.flatnonzero(run_length == longest[run_owner])
            last = np.append(run_owner[longest_runs][1:] != run_owner[longest_runs][:-1], True)
            chosen = longest_runs[last]
            side_of_longest[run_owner[chosen]] = sides[run_start[chosen]]
        limits = {n: anhoej_limits(n) for n in np.unique(n_useful).tolist()}
        longest_max = np.array([limits[n][0] for n in n_useful.tolist()], dtype=np.int64)
        crossings_min = np.array([limits[n][1] for n in n_useful.tolist()], dtype=np.int64)
        signal = (n_useful > 0) & ((longest > longest_max) | (n_crossings < crossings_min))
        columns = (self._part_numbers(), n_obs.tolist(), n_useful.tolist(), longest.tolist(),
                   longest_max.tolist(), n_crossings.tolist(), crossings_min.tolist(),
                   signal.tolist(), side_of_longest.tolist())
        return [_frozen(RunsAnalysis, zip(_RUNS_FIELDS, values, strict=True))
                for values in zip(*columns, strict=True)]

    def _part_numbers(self):
        """The part number (from 1) of every segment."""
        return (np.arange(self.segment_count) + 1
                - np.repeat(self.first_segment, self.parts_per_row)).tolist()

    def results(self, scale):
        centre = self.centre_lines()
        at_point, lower, upper = self.limits(centre)
        with np.errstate(invalid="ignore"):
            sigma_signal = (self.plotted > upper) | (self.plotted < lower)
        runs = self.runs(at_point)
        factor = scale[:, None]
        arrays = {
            "y": self.plotted * factor,
            "cl": at_point * factor,
            "lcl": lower * factor,
            "ucl": upper * factor,
            "part": self.part,
            "baseline": self.baseline,
            "include": np.ones(self.plotted.shape, dtype=bool),
            "sigma_signal": sigma_signal,
            "n": self.sizes,
        }
        for array in arrays.values():
            array.flags.writeable = False
        names = list(arrays)
        rows = zip(*(self._rows(arrays[name]) for name in names), strict=True)
        labels = {}
        results = []
        for length, first, parts, values in zip(
                self.lengths.tolist(), self.first_segment.tolist(),
                self.parts_per_row.tolist(), rows, strict=True):
            x = labels.get(length)
            if x is None:
                x = labels[length] = tuple(range(1, length + 1))
            fields = dict(zip(names, values, strict=True))
            fields.update(chart=self.chart, x=x, runs=tuple(runs[first:first + parts]))
            results.append(_frozen(QicResult, fields.items()))
        return results

    def _rows(self, matrix):
        """Each series' row of ``matrix``, as long as the series (read-only views)."""
        if (self.lengths == matrix.shape[1]).all():
            return list(matrix)
        return [matrix[row, :length] for row, length in enumerate(self.lengths.tolist())]


_RUNS_FIELDS = tuple(field.name for field in fields(RunsAnalysis))


def _frozen(cls, items):
    """An instance of the frozen dataclass ``cls`` with these ``(field, value)`` items.

    Its ``__init__`` sets each field with ``object.__setattr__``; filling the instance's
    dictionary at once builds ten thousand results in a fraction of the time. Every
    field must be given (the callers pass all of them).
    """
    instance = object.__new__(cls)
    instance.__dict__.update(items)
    return instance
