"""Constants and bias-correction factors, each with its source.

XmR ("Making Data Count", NHSRplotthedots 0.2.2)
    ``XMR_LIMIT_MULTIPLIER = 2.66`` (3 / 1.128 rounded, as the MDC Excel tool and
    NHSRplotthedots use it), ``XMR_NEAR_MULTIPLIER = 2/3 · 2.66`` for the 2-sigma
    "near" limits, ``MR_SCREENING_FACTOR = 3.267`` (D4 for n = 2; Nelson 1982).

qicharts2 0.8.1
    ``D2 = 1.128`` (d2 for n = 2), so I-chart limits are ``3 / 1.128 · MR̄ =
    2.6596 · MR̄``; the same 3.267 screening factor; exact ``c4(n)``::

        c4(n) = sqrt(2 / (n - 1)) · Γ(n / 2) / Γ((n - 1) / 2)

    (Montgomery, *Introduction to Statistical Quality Control*, appendix VI),
    evaluated with ``math.lgamma`` so large subgroups do not overflow.
"""

import math

__all__ = [
    "XMR_LIMIT_MULTIPLIER",
    "XMR_NEAR_MULTIPLIER",
    "MR_SCREENING_FACTOR",
    "D2",
    "QIC_SIGMA_MULTIPLIER",
    "TRIAL_LIMITS_THRESHOLD",
    "MINIMUM_FIX_AFTER",
    "SHIFT_LENGTH",
    "TREND_LENGTH",
    "T_CHART_EXPONENT",
    "G_CHART_MEDIAN_FACTOR",
    "c4",
    "c5",
    "a3",
]

#: NHSRplotthedots ``limit <- 2.66`` (ptd_spc_standard); MDC Excel uses the same.
XMR_LIMIT_MULTIPLIER = 2.66
#: NHSRplotthedots ``limitclose <- 2 * (limit / 3)``: the 2-sigma "near" limits.
XMR_NEAR_MULTIPLIER = 2.0 * (XMR_LIMIT_MULTIPLIER / 3.0)
#: Upper range limit factor D4(n=2) used to screen outlying moving ranges (Nelson 1982).
MR_SCREENING_FACTOR = 3.267
#: d2 for moving ranges of two points: sigma = MR̄ / 1.128 (qicharts2).
D2 = 1.128
#: qicharts2 I-chart multiplier 3 / d2 = 2.659574…; differs from 2.66 in the 4th digit.
QIC_SIGMA_MULTIPLIER = 3.0 / D2
#: NHSRplotthedots option ``ptd_spc.warning_threshold`` default (commit 83781d2):
#: a group with fewer points than this has trial limits.
TRIAL_LIMITS_THRESHOLD = 13
#: NHSRplotthedots: ``fix_after_n_points`` must be at least 12.
MINIMUM_FIX_AFTER = 12
#: Points in a run on one side of the mean that make a shift (MDC rule 4).
SHIFT_LENGTH = 7
#: Points in a strictly monotone run that make a trend (MDC rule 2).
TREND_LENGTH = 7
#: qicharts2 T chart: I chart on y ** (1 / 3.6), back-transformed with ** 3.6 (Nelson 1994).
T_CHART_EXPONENT = 3.6
#: qicharts2 G chart: displayed centre line is 0.693 · a supplied mean (median of a geometric).
G_CHART_MEDIAN_FACTOR = 0.693


def c4(n):
    """Exact bias-correction factor ``c4(n)`` for a sample standard deviation.

    ``c4(n) = sqrt(2 / (n - 1)) · Γ(n / 2) / Γ((n - 1) / 2)``; NaN for ``n <= 1``.

    >>> round(c4(5), 4)
    0.94
    """
    if not n > 1:
        return math.nan
    log_ratio = math.lgamma(n / 2.0) - math.lgamma((n - 1) / 2.0)
    return math.sqrt(2.0 / (n - 1)) * math.exp(log_ratio)


def c5(n):
    """``c5(n) = sqrt(1 - c4(n)²)``: the standard deviation of s in sigma units."""
    value = c4(n)
    return math.sqrt(1.0 - value * value) if value == value else math.nan


def a3(n):
    """Xbar-chart factor ``A3(n) = 3 / (c4(n) · sqrt(n))`` (Montgomery table VI)."""
    value = c4(n)
    return 3.0 / (value * math.sqrt(n)) if value == value else math.nan
