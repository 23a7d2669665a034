"""Run and control charts with Anhøj runs analysis, as qicharts2 0.8.1 computes them.

Implemented from the behaviour described in PIF's SPC reference (qicharts2 is
GPL-3; none of its code is used). Pipeline of :func:`qic`:

1. Rows with a missing ``x`` are dropped. With denominators ``n``, a row where
   ``y`` or ``n`` is missing has both set missing.
2. Rows with equal ``x`` form a **subgroup**; subgroups are the distinct ``x``
   sorted. Plotted value: ``Σy / Σn`` with denominators, else the mean of the
   subgroup's values. A subgroup with no value plots NaN and gets no limits.
3. ``part`` splits the subgroups; each part gets its own centre line, limits and
   runs analysis. ``freeze = k`` (ignored with ``part``) lets only the first ``k``
   subgroups set centre and limits. ``exclude`` leaves subgroups out of centre,
   limits **and** runs analysis; they are still plotted and still tested
   against the limits. Centre and limits use ``baseline ∩ include``.
4. Centre lines and 3-sigma limits (Montgomery 2009; Laney 2002; Nelson 1982)::

       run   CL = median(y)                         no limits
       i     CL = mean(y); σ = MR̄/1.128 with the MRs of the baseline points in
             sequence (excluded points removed), screened at 3.267·MR̄₀;
             limits CL ± 3σ = CL ± 2.6596·MR̄
       mr    y_i = |y_i − y_(i−1)|; CL = mean; UCL = 3.267·CL; LCL = 0; no runs signal
       xbar  CL = Σ n_i·x̄_i / Σ n_i; s̄ = mean(s_i) when all n_i of the part are
             equal (every subgroup counts, baseline or not, n_i = 0 or 1 too), else
             pooled √(Σ(n_i−1)s_i² / Σ(n_i−1)), where an empty subgroup adds −1 to
             the denominator; limits CL ± A3(n_i)·s̄, A3 = 3 / (c4(n_i)·√n_i);
             n_i <= 1 gives no limits
       s     CL = s̄ as above; LCL = max(0, 1 − 3·c5/c4)·CL; UCL = (1 + 3·c5/c4)·CL
       t     I chart of y^(1/3.6), centre and limits back-transformed with ^3.6;
             needs y > 0; a negative or missing LCL becomes 0
       p     CL = Σy/Σn; σ_i = √(CL(1 − CL)/n_i); 0 <= LCL, UCL <= 1
       pp    Laney P′: as p, with σ_i multiplied by σ_z = MR̄(z)/1.128 (screened),
             z_i = (p_i − CL)/σ_i over the baseline; sd(z) for a categorical x
       c     CL = mean count; σ = √CL; LCL >= 0
       u     CL = Σy/Σn; σ_i = √(CL/n_i); LCL >= 0
       up    Laney U′: as pp with the u-chart σ_i
       g     m = mean(y); σ = √(m(m + 1)); LCL = max(0, m − 3σ); UCL = m + 3σ; the
             centre line shown (and used by the runs analysis) is the median
             (0.693·cl when ``cl`` is given)

   A supplied ``cl`` replaces the computed centre line, and limits are built
   around it. ``multiply`` scales y, centre and limits at the end.
5. ``sigma_signal = y > UCL or y < LCL`` (strict; false where a limit is missing).
6. Runs analysis (Anhøj rules, :mod:`pif.spc.runs`) per part over the *included*
   points (so points after a freeze count); switched off for MR charts and for a
   categorical x axis (labels that are strings, as in a funnel plot), though the
   statistics are still reported.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np

from ._equality import NanAwareEquality
from .constants import D2, G_CHART_MEDIAN_FACTOR, MR_SCREENING_FACTOR, T_CHART_EXPONENT, a3, c4, c5
from .errors import option_error
from .runs import runs_analysis

__all__ = ["qic", "QicResult", "CHARTS", "screened_mean_moving_range"]

#: Chart types accepted by :func:`qic` (qicharts2 names; "pp" is P′ and "up" U′).
CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")
_NEEDS_DENOMINATOR = {"p", "pp", "u", "up"}


@dataclass(frozen=True, eq=False)
class QicResult(NanAwareEquality):
    """One qic chart. Per-subgroup fields are read-only numpy arrays; ``x`` is a tuple.

    ``part`` numbers parts from 1 as qicharts2 does; ``runs`` holds one
    :class:`~pif.spc.runs.RunsAnalysis` per part.
    """

    chart: str
    x: tuple
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    part: np.ndarray
    baseline: np.ndarray
    include: np.ndarray
    sigma_signal: np.ndarray
    n: np.ndarray
    runs: tuple

    def __len__(self):
        return len(self.x)

    @property
    def runs_signal(self):
        """True when the runs analysis of any part signals."""
        return any(part.runs_signal for part in self.runs)


def screened_mean_moving_range(values):
    """Average moving range of ``values`` after one screening pass (Nelson 1982).

    ``MR_i = |v_i − v_(i−1)|`` (missing when either is missing), ``MR̄₀ =
    mean(MR)``; ranges ``>= 3.267·MR̄₀`` are dropped and the rest averaged. When
    every range is zero none is dropped, so a constant series gives 0, not NaN.
    NaN when there is no range at all.
    """
    values = np.asarray(values, dtype=float)
    ranges = np.abs(np.diff(values))
    ranges = ranges[np.isfinite(ranges)]
    if ranges.size == 0:
        return math.nan
    first_mean = ranges.mean()
    if first_mean == 0:
        return 0.0
    kept = ranges[ranges < MR_SCREENING_FACTOR * first_mean]
    return float(kept.mean()) if kept.size else math.nan


# ----------------------------------------------------------------------- validation


def _float_array(name, values):
    try:
        array = np.asarray(values, dtype=float)  # None becomes NaN
    except (TypeError, ValueError):
        raise option_error(name, values, "must be numbers, None or NaN") from None
    if array.ndim != 1:
        raise option_error(name, values, "must be one-dimensional")
    if np.isinf(array).any():
        raise option_error(name, values, "must be finite numbers, None or NaN")
    return array


def _indexes(name, value, count, lowest=0):
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    try:
        items = list(value)
    except TypeError:
        raise option_error(name, value, "must be a sequence of 0-based indexes") from None
    for item in items:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise option_error(name, value, "must hold whole-number indexes")
        if not lowest <= item < count:
            raise option_error(name, item, f"index out of range for {count} subgroups")
    return sorted({int(item) for item in items})


def _is_missing_label(label):
    return label is None or (isinstance(label, float) and math.isnan(label))


# ---------------------------------------------------------------------- chart maths


def _mean(values, weights=None):
    """Mean of the finite values, two-pass like R's ``mean`` (so constants stay exact)."""
    usable = np.isfinite(values)
    values = values[usable]
    weights = np.ones(values.size) if weights is None else weights[usable]
    total = weights.sum()
    if values.size == 0 or total <= 0:
        return math.nan
    first = float(np.sum(weights * values) / total)
    return first + float(np.sum(weights * (values - first)) / total)


def _median(values):
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else math.nan


def _subgroup_sd(sizes, sds, base):
    """s̄ of an Xbar or S chart part, exactly as qicharts2 0.8.1 computes it.

    Sizes count as "equal" only when every subgroup of the part has the same
    size, whether or not it is in the baseline and even if it is 0 or 1. Equal:
    the mean of the baseline sds. Otherwise the pooled sd over the baseline,
    √(Σ(n_i−1)s_i² / Σ(n_i−1)): a missing sd (n_i <= 1) drops out of the sum on
    top but not from the one below, so each empty subgroup takes 1 off it.
    NaN when no degree of freedom is left (qicharts2 gives +Inf or NaN there).
    """
    if np.unique(sizes).size <= 1:
        return _mean(sds[base])
    sizes, sds = sizes[base], sds[base]
    freedom = float(np.sum(sizes - 1))
    if freedom <= 0:
        return math.nan
    known = np.isfinite(sds)
    return math.sqrt(float(np.sum((sizes[known] - 1) * sds[known] ** 2)) / freedom)


def _individuals(y, base, cl):
    centre = _mean(y[base]) if cl is None else cl
    sigma = screened_mean_moving_range(y[base]) / D2
    return centre, centre - 3 * sigma, centre + 3 * sigma


def _proportion_centre(sums, sizes, base, cl):
    if cl is not None:
        return cl
    usable = base & np.isfinite(sums) & np.isfinite(sizes)
    total = np.sum(sizes[usable])
    return float(np.sum(sums[usable]) / total) if total > 0 else math.nan


def _laney_factor(y, centre, sigma, base, categorical):
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y[base] - centre) / sigma[base]
    if categorical:
        z = z[np.isfinite(z)]
        return float(np.std(z, ddof=1)) if z.size > 1 else math.nan
    return screened_mean_moving_range(z) / D2


def _limits(chart, sub, base, cl, categorical):
    """Centre line, lower and upper limits (arrays over the part) before ``multiply``."""
    y, sizes = sub["y"], sub["n"]
    count = y.size
    nan = np.full(count, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        if chart == "run":
            centre = _median(y[base]) if cl is None else cl
            return np.full(count, centre), nan, nan
        if chart == "i":
            centre, low, high = _individuals(y, base, cl)
            return np.full(count, centre), np.full(count, low), np.full(count, high)
        if chart == "mr":
            centre = _mean(y[base]) if cl is None else cl
            return np.full(count, centre), np.zeros(count), np.full(
                count, MR_SCREENING_FACTOR * centre)
        if chart in ("xbar", "s"):
            lengths, sds = sub["length"], sub["sd"]
            s_bar = _subgroup_sd(lengths, sds, base)
            if chart == "xbar":
                centre = _mean(y[base], lengths[base]) if cl is None else cl
                factor = np.array([a3(m) for m in lengths])
                return (np.full(count, centre), centre - factor * s_bar,
                        centre + factor * s_bar)
            centre = s_bar if cl is None else cl
            ratio = np.array([3 * c5(m) / c4(m) for m in lengths])
            return (np.full(count, centre), np.maximum(0, 1 - ratio) * centre,
                    (1 + ratio) * centre)
        if chart == "t":
            transformed = y ** (1 / T_CHART_EXPONENT)
            cl_t = None if cl is None else cl ** (1 / T_CHART_EXPONENT)
            centre, low, high = _individuals(transformed, base, cl_t)
            low = low if low > 0 else 0.0
            return (np.full(count, centre), np.full(count, low), np.full(count, high))
        if chart in ("p", "pp"):
            centre = _proportion_centre(sub["sum"], sizes, base, cl)
            sigma = np.sqrt(centre * (1 - centre) / sizes)
            if chart == "pp":
                sigma = sigma * _laney_factor(y, centre, sigma, base, categorical)
            low, high = centre - 3 * sigma, centre + 3 * sigma
            return (np.full(count, centre), np.where(low < 0, 0.0, low),
                    np.where(high > 1, 1.0, high))
        if chart in ("u", "up"):
            centre = _proportion_centre(sub["sum"], sizes, base, cl)
            sigma = np.sqrt(centre / sizes)
            if chart == "up":
                sigma = sigma * _laney_factor(y, centre, sigma, base, categorical)
            low = centre - 3 * sigma
            return np.full(count, centre), np.where(low < 0, 0.0, low), centre + 3 * sigma
        if chart == "c":
            centre = _mean(y[base]) if cl is None else cl
            low = centre - 3 * math.sqrt(centre) if centre >= 0 else math.nan
            return (np.full(count, centre), np.full(count, max(0.0, low) if low == low else low),
                    np.full(count, centre + 3 * math.sqrt(centre) if centre >= 0 else math.nan))
        # g chart
        mean = _mean(y[base]) if cl is None else cl
        sigma = math.sqrt(mean * (mean + 1)) if mean >= 0 else math.nan
        shown = _median(y[base]) if cl is None else G_CHART_MEDIAN_FACTOR * cl
        low = max(0.0, mean - 3 * sigma) if sigma == sigma else math.nan
        return np.full(count, shown), np.full(count, low), np.full(count, mean + 3 * sigma)


# ------------------------------------------------------------------------ interface


def _subgroups(y, x, n):
    """Aggregate rows into sorted subgroups; returns labels and per-subgroup arrays."""
    if x is None:  # the default 1..N: every row is its own subgroup, already in order
        labels = list(range(1, y.size + 1))
        codes = np.arange(y.size)
    else:
        keep = np.array([not _is_missing_label(label) for label in x], dtype=bool)
        labels_in_rows = [label for label, kept in zip(x, keep, strict=True) if kept]
        y = y[keep]
        n = None if n is None else n[keep]
        try:
            labels = sorted(set(labels_in_rows))
        except TypeError:
            raise option_error("x", x, "labels must be mutually comparable") from None
        position = {label: index for index, label in enumerate(labels)}
        codes = np.array([position[label] for label in labels_in_rows], dtype=np.int64)
    count = len(labels)
    if n is not None:
        missing = ~np.isfinite(y) | ~np.isfinite(n)
        y = np.where(missing, np.nan, y)
        n = np.where(missing, np.nan, n)
    has_value = np.isfinite(y)
    length = np.bincount(codes, weights=has_value, minlength=count)
    total = np.bincount(codes, weights=np.where(has_value, y, 0.0), minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(length > 0, total / length, np.nan)
        squares = np.bincount(codes, weights=np.where(has_value, (y - mean[codes]) ** 2, 0.0),
                              minlength=count)
        sd = np.where(length > 1, np.sqrt(squares / (length - 1)), np.nan)
        if n is None:
            sizes = length.astype(float)
            plotted = mean
        else:
            sizes = np.bincount(codes, weights=np.where(has_value, n, 0.0), minlength=count)
            plotted = np.where((length > 0) & (sizes > 0), total / sizes, np.nan)
    categorical = x is not None and any(isinstance(label, str) for label in labels)
    return labels, categorical, {"y": plotted, "n": sizes, "sum": np.where(length > 0, total,
                                                                           np.nan),
                                 "length": length, "sd": sd}


def qic(y, *, chart="run", x=None, n=None, freeze=None, part=(), exclude=(), multiply=1,
        cl=None):
    """Run or control chart of ``y`` with Anhøj runs analysis (qicharts2 0.8.1 defaults).

    ``chart`` is one of :data:`CHARTS`; ``x`` labels subgroups (default 1..N);
    ``n`` holds denominators or subgroup sizes; ``freeze`` = k lets the first k
    subgroups set centre and limits; ``part`` and ``exclude`` are 0-based subgroup
    indexes (``part=(24,)`` starts part 2 at the 25th subgroup); ``multiply``
    scales the output; ``cl`` replaces the centre line. Formulas: module docstring.
    Raises :class:`~pif.spc.errors.SPCError` for an invalid option.
    """
    if chart not in CHARTS:
        raise option_error("chart", chart, f"must be one of {', '.join(CHARTS)}")
    values = _float_array("y", y)
    rows = values.size
    labels = None if x is None else list(x)
    if labels is not None and len(labels) != rows:
        raise option_error("x", x, f"must have one label per value ({rows})")
    sizes = None
    if n is not None:
        sizes = _float_array("n", n)
        if sizes.size != rows:
            raise option_error("n", n, f"must have one denominator per value ({rows})")
        if np.any(sizes < 0):
            raise option_error("n", float(sizes[sizes < 0][0]), "denominators must not be negative")
    elif chart in _NEEDS_DENOMINATOR:
        raise option_error("n", None, f"denominators are required for chart {chart!r}")
    if chart == "t" and np.any(values[np.isfinite(values)] <= 0):
        raise option_error("y", float(values[np.isfinite(values) & (values <= 0)][0]),
                           "a T chart needs every value > 0")
    if isinstance(multiply, bool) or not isinstance(multiply, numbers.Real) or not (
            math.isfinite(multiply) and multiply > 0):
        raise option_error("multiply", multiply, "must be a positive number")
    if cl is not None and (isinstance(cl, bool) or not isinstance(cl, numbers.Real)
                           or not math.isfinite(cl)):
        raise option_error("cl", cl, "must be a finite number or None")

    subgroup_labels, categorical, sub = _subgroups(values, labels, sizes)
    count = len(subgroup_labels)
    breaks = _indexes("part", part, count, lowest=1)
    excluded = _indexes("exclude", exclude, count)
    index = np.arange(count)
    baseline = np.ones(count, dtype=bool)
    if freeze is not None:
        if isinstance(freeze, bool) or not isinstance(freeze, numbers.Integral) or not (
                1 <= freeze <= count):
            raise option_error("freeze", freeze, f"must be a whole number from 1 to {count}")
        if not breaks:  # qicharts2 ignores freeze when the chart is split into parts
            baseline = index < freeze
    include = np.ones(count, dtype=bool)
    include[excluded] = False
    part_number = 1 + np.searchsorted(np.array(breaks, dtype=np.int64), index, side="right")

    plotted = sub["y"].copy()
    if chart == "s":
        plotted = sub["sd"].copy()
    comparable = np.full(count, np.nan)
    centre = np.full(count, np.nan)
    lower = np.full(count, np.nan)
    upper = np.full(count, np.nan)
    runs = []
    for number in range(1, len(breaks) + 2):
        members = part_number == number
        part_sub = {key: value[members] for key, value in sub.items()}
        part_sub["y"] = plotted[members]
        if chart == "mr":
            moving = np.full(part_sub["y"].size, np.nan)
            moving[1:] = np.abs(np.diff(part_sub["y"]))
            part_sub["y"] = moving
            plotted[members] = moving
        base = baseline[members] & include[members]
        part_cl, part_lcl, part_ucl = _limits(chart, part_sub, base, cl, categorical)
        centre[members], lower[members], upper[members] = part_cl, part_lcl, part_ucl
        included = include[members]
        # T charts are judged on the transformed scale, where the limits were made;
        # back-transforming first would let rounding put a constant series off-centre
        judged = part_sub["y"] ** (1 / T_CHART_EXPONENT) if chart == "t" else part_sub["y"]
        comparable[members] = judged
        runs.append(
            runs_analysis(judged[included], part_cl[included], part=number,
                          n_obs=int(included.sum()),
                          signal_enabled=chart != "mr" and not categorical)
        )

    with np.errstate(invalid="ignore"):
        sigma_signal = (comparable > upper) | (comparable < lower)
    if chart == "t":
        centre, lower, upper = (centre**T_CHART_EXPONENT, lower**T_CHART_EXPONENT,
                                upper**T_CHART_EXPONENT)
    arrays = {
        "y": plotted * multiply,
        "cl": centre * multiply,
        "lcl": lower * multiply,
        "ucl": upper * multiply,
        "part": part_number,
        "baseline": baseline,
        "include": include,
        "sigma_signal": sigma_signal,
        "n": sub["n"],
    }
    for array in arrays.values():
        array.flags.writeable = False
    return QicResult(chart=chart, x=tuple(subgroup_labels), runs=tuple(runs), **arrays)

