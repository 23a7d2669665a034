"""Status helpers for reports: red/amber/green, trajectories, direction of travel, NPF status.

These are conventions, not statistics; the rules follow PIF's frameworks
reference (``frameworks.md`` §10.1-10.3 and §2.5):

* RAG compares the latest value with the target for the same period, respecting
  the direction of improvement; there is no national tolerance rule, so the
  tolerance is an option (relative, as a fraction of the target, or absolute).
* Direction of travel compares with a comparator (previous period, same period
  last year, or a baseline) and is independent of RAG: "green but worsening" is
  normal.
* Scotland's National Performance Framework calls an indicator improving,
  maintaining or worsening by comparing the latest value with the mean of the
  previous value(s) against an indicator-specific threshold, and "to be
  confirmed" when no judgement can be made yet.

A neutral direction has no better or worse, so every helper returns ``None`` for it.
"""

import math
import numbers

from .errors import option_error

__all__ = [
    "rag",
    "trajectory_target",
    "linear_trajectory",
    "direction_of_travel",
    "npf_status",
]

_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}
# Differences this close to a threshold count as on it (0.9 + 0.1 is not 1.0 in floats).
_RELATIVE_FUZZ = 1e-9


def _direction(improvement):
    if improvement not in _DIRECTIONS:
        raise option_error("improvement", improvement,
                           "must be 'increase', 'decrease' or 'neutral'")
    return _DIRECTIONS[improvement]


def _number_or_none(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise option_error(name, value, "must be a number or None")
    return None if math.isnan(value) else float(value)


def _non_negative(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise option_error(name, value, "must be a number >= 0")
    return float(value)


def _at_least(difference, threshold):
    """``difference >= threshold`` with a little tolerance for decimal thresholds."""
    return difference >= threshold - _RELATIVE_FUZZ * max(1.0, abs(threshold))


def rag(value, target, *, improvement, tolerance=None, tolerance_kind="relative"):
    """Red/amber/green status of ``value`` against ``target``.

    ``gap = (value − target) × direction`` (+1 for "increase", −1 for "decrease").
    Green when ``gap >= 0`` (at or better than target); amber when the shortfall
    ``−gap`` is within the tolerance band, red otherwise. The band is
    ``tolerance × |target|`` for ``tolerance_kind="relative"`` (0.05 = within 5 %)
    or ``tolerance`` units for ``"absolute"`` (better for percentages near 100).
    Without a tolerance there is no amber. Returns None without a value, without
    a target, or for a neutral direction.

    >>> rag(25.0, 24.0, improvement="decrease", tolerance=0.05)
    'amber'
    """
    direction = _direction(improvement)
    if tolerance_kind not in ("relative", "absolute"):
        raise option_error("tolerance_kind", tolerance_kind, "must be 'relative' or 'absolute'")
    if tolerance is not None:
        tolerance = _non_negative("tolerance", tolerance)
    value = _number_or_none("value", value)
    target = _number_or_none("target", target)
    if value is None or target is None or direction == 0:
        return None
    gap = (value - target) * direction
    if gap >= 0:
        return "green"
    if tolerance is None:
        return "red"
    band = tolerance * abs(target) if tolerance_kind == "relative" else tolerance
    return "amber" if _at_least(band, -gap) else "red"


def trajectory_target(periods_to_targets, period, *, method="step"):
    """The target that applies in ``period`` from a trajectory of milestones.

    ``periods_to_targets`` maps sortable periods (years, dates, "2024/25" labels)
    to target values. A period with its own milestone gets it. Otherwise
    ``method="step"`` keeps the latest earlier milestone in force (targets change
    on their effective dates) and ``method="linear"`` interpolates between the
    milestones either side (periods must then be numbers or dates). Before the
    first milestone, or after the last one with ``"linear"``, there is no target:
    None.
    """
    if method not in ("step", "linear"):
        raise option_error("method", method, "must be 'step' or 'linear'")
    if period in periods_to_targets:
        return periods_to_targets[period]
    earlier = [p for p in periods_to_targets if p < period]
    if not earlier:
        return None
    before = max(earlier)
    if method == "step":
        return periods_to_targets[before]
    later = [p for p in periods_to_targets if p > period]
    if not later:
        return None
    after = min(later)

    def position(p):
        return p.toordinal() if hasattr(p, "toordinal") else p

    fraction = (position(period) - position(before)) / (position(after) - position(before))
    start, end = periods_to_targets[before], periods_to_targets[after]
    return start + fraction * (end - start)


def linear_trajectory(baseline, end, periods):
    """Milestones from ``baseline`` to ``end`` in equal steps over ``periods``.

    ``periods`` lists the periods in order, the baseline period first and the end
    period last; the result maps each to its milestone (frameworks §10.3: baseline
    30.0 in 2023/24 to 18.0 in 2027/28 gives 27, 24, 21, 18).
    """
    periods = list(periods)
    if len(periods) < 2:
        raise option_error("periods", periods, "needs the baseline and end periods at least")
    steps = len(periods) - 1
    return {p: baseline + (end - baseline) * i / steps for i, p in enumerate(periods)}


def direction_of_travel(current, previous, *, improvement, threshold=0, threshold_kind="absolute"):
    """"improving", "worsening" or "no_change" from ``previous`` to ``current``.

    ``change = (current − previous) × direction``. Changes no bigger than the
    threshold (``|current − previous| <= threshold``, in units or, with
    ``threshold_kind="relative"``, as a fraction of ``|previous|``) are
    "no_change". Pass a baseline as ``previous`` for the long-term direction.
    None when either value is missing or the direction is neutral.
    """
    direction = _direction(improvement)
    if threshold_kind not in ("relative", "absolute"):
        raise option_error("threshold_kind", threshold_kind, "must be 'relative' or 'absolute'")
    threshold = _non_negative("threshold", threshold)
    current = _number_or_none("current", current)
    previous = _number_or_none("previous", previous)
    if current is None or previous is None or direction == 0:
        return None
    band = threshold * abs(previous) if threshold_kind == "relative" else threshold
    change = (current - previous) * direction
    if _at_least(band, abs(change)):
        return "no_change"
    return "improving" if change > 0 else "worsening"


def npf_status(values, *, improvement, threshold=0.0, prior_points=1):
    """Scotland NPF-style performance status of the latest value.

    The latest value is compared with the mean of the ``prior_points`` values
    just before it (1: the latest two data points; 3: the economic-growth rule).
    ``difference = (latest − prior mean) × direction``: "improving" when it is at
    least ``threshold`` (and above zero), "worsening" when it is at most
    ``−threshold`` (and below zero), otherwise "maintaining". "to_be_confirmed"
    when the latest value or any of the prior values is missing. None for a
    neutral direction.

    >>> npf_status([8.1, 3.0, 0.6, 1.0], improvement="increase", threshold=0.1, prior_points=3)
    'worsening'
    """
    direction = _direction(improvement)
    threshold = _non_negative("threshold", threshold)
    if isinstance(prior_points, bool) or not isinstance(prior_points, numbers.Integral) or (
            prior_points < 1):
        raise option_error("prior_points", prior_points, "must be a whole number >= 1")
    if direction == 0:
        return None
    observed = [_number_or_none("values", v) for v in values]
    if len(observed) < prior_points + 1:
        return "to_be_confirmed"
    window = observed[-(prior_points + 1):]
    if any(v is None for v in window):
        return "to_be_confirmed"
    latest, prior = window[-1], window[:-1]
    difference = (latest - sum(prior) / len(prior)) * direction
    if difference > 0 and _at_least(difference, threshold):
        return "improving"
    if difference < 0 and _at_least(-difference, threshold):
        return "worsening"
    return "maintaining"
