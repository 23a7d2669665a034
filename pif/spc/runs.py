"""Runs analysis: the Anhøj rules, as qicharts2 applies them.

Anhøj rules (Anhøj & Olesen 2014, PLoS ONE 9(11): e113825; Anhøj 2015, PLoS ONE
10(3): e0121349), as qicharts2 0.8.1 applies them to the *useful* observations,
that is, the points not on the centre line and not missing:

* **Longest run**: the longest block of points on the same side of the centre
  line. The upper prediction limit is ``round(log2(n_useful)) + 3`` and a run
  *longer* than it is a signal. R's ``round`` rounds half to even and so does
  Python's, although a tie cannot occur for a whole ``n_useful``.
* **Crossings**: the number of times consecutive useful points change side
  (number of runs − 1). The lower prediction limit is
  ``qbinom(0.05, n_useful − 1, 0.5)`` and *fewer* crossings is a signal.

``qbinom`` is computed here exactly with integer binomial coefficients (no
SciPy): the smallest ``c`` with ``P(Bin(m, ½) <= c) >= 0.05``.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import option_error

__all__ = ["anhoej_limits", "qbinom_half", "RunsAnalysis", "runs_analysis"]

# Above this many trials the exact integer sum gets slow; switch to log-space floats.
_EXACT_QBINOM_LIMIT = 4000


@lru_cache(maxsize=4096)
def qbinom_half(probability, size):
    """Smallest ``c`` with ``P(Bin(size, 0.5) <= c) >= probability`` (R's ``qbinom``).

    Exact for ``size <= 4000`` (integer arithmetic: no rounding can flip a tie);
    beyond that the binomial probabilities are summed in log space with
    ``math.lgamma``.
    """
    if size < 0:
        raise option_error("size", size, "must be >= 0")
    if size == 0:
        return 0
    if size <= _EXACT_QBINOM_LIMIT:
        total = 1 << size
        cumulative = 0
        for c in range(size + 1):
            cumulative += math.comb(size, c)
            # cumulative / total >= probability, compared without float division
            if cumulative >= probability * total:
                return c
        return size
    log_total = size * math.log(2.0)
    log_size_factorial = math.lgamma(size + 1)
    cumulative = 0.0
    for c in range(size + 1):
        log_term = log_size_factorial - math.lgamma(c + 1) - math.lgamma(size - c + 1)
        cumulative += math.exp(log_term - log_total)
        if cumulative >= probability * (1 - 64 * 2.220446049250313e-16):
            return c
    return size


def anhoej_limits(n_useful):
    """Return ``(longest_run_max, n_crossings_min)`` for ``n_useful`` useful points.

    ``longest_run_max = round(log2(n_useful)) + 3`` and
    ``n_crossings_min = qbinom(0.05, n_useful - 1, 0.5)`` (qicharts2 0.8.1;
    table in its vignette, appendix 2). With no useful point there is nothing to
    test: ``(0, 0)`` is returned and no signal can follow.

    >>> anhoej_limits(24)
    (8, 8)
    """
    if isinstance(n_useful, bool) or not isinstance(n_useful, (int, np.integer)):
        raise option_error("n_useful", n_useful, "must be a whole number >= 0")
    n_useful = int(n_useful)
    if n_useful < 0:
        raise option_error("n_useful", n_useful, "must be a whole number >= 0")
    if n_useful == 0:
        return (0, 0)
    return (round(math.log2(n_useful)) + 3, qbinom_half(0.05, n_useful - 1))


@dataclass(frozen=True)
class RunsAnalysis:
    """Anhøj runs statistics of one part of a qic chart (qicharts2 ``summary``)."""

    part: int
    n_obs: int
    n_useful: int
    longest_run: int
    longest_run_max: int
    n_crossings: int
    n_crossings_min: int
    runs_signal: bool
    #: +1 when the longest run lies above the centre line, -1 below, 0 with no useful
    #: point; of equally long runs, the latest counts (PIF's addition, ADR 0010).
    longest_run_side: int = 0


def runs_analysis(values, centre, *, part=1, n_obs=None, signal_enabled=True):
    """Anhøj runs analysis of ``values`` against the centre line ``centre``.

    Points on the centre line and missing points are dropped before counting
    (they neither break nor extend a run). ``signal_enabled=False`` reports the
    statistics with ``runs_signal`` false, as qicharts2 does for MR charts and
    categorical x axes.
    """
    values = np.asarray(values, dtype=float)
    centre = np.broadcast_to(np.asarray(centre, dtype=float), values.shape)
    signs = np.sign(values - centre)
    useful = signs[np.isfinite(signs) & (signs != 0)]
    n_useful = int(useful.size)
    if n_useful:
        changes = np.flatnonzero(useful[1:] != useful[:-1])
        n_crossings = int(changes.size)
        bounds = np.concatenate(([0], changes + 1, [n_useful]))
        lengths = np.diff(bounds)
        longest_run = int(lengths.max())
        latest_longest = lengths.size - 1 - int(np.argmax(lengths[::-1]))
        longest_run_side = int(useful[bounds[latest_longest]])
    else:
        n_crossings = longest_run = longest_run_side = 0
    longest_run_max, n_crossings_min = anhoej_limits(n_useful)
    signal = bool(
        signal_enabled
        and n_useful > 0
        and (longest_run > longest_run_max or n_crossings < n_crossings_min)
    )
    return RunsAnalysis(
        part=part,
        n_obs=int(values.size if n_obs is None else n_obs),
        n_useful=n_useful,
        longest_run=longest_run,
        longest_run_max=longest_run_max,
        n_crossings=n_crossings,
        n_crossings_min=n_crossings_min,
        runs_signal=signal,
        longest_run_side=longest_run_side,
    )

