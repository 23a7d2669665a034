"""A straightforward plain-Python XmR analysis, written independently of the numpy engine.

It follows the spec rule by rule with ordinary loops and lists, one series at a
time. The tests compare it with :func:`pif.spc.xmr` on random series, and
``benchmarks/spc.py`` times it as the per-series baseline that ``xmr_many`` must
beat. It returns a dict with the same fields as :class:`pif.spc.XmrResult`
(lists instead of arrays, groups as tuples).
"""

import math

LIMIT = 2.66
NEAR = 2 * LIMIT / 3
SCREEN = 3.267


def _mean(values):
    """Two-pass mean, as R's ``mean`` and the engine compute it."""
    if not values:
        return math.nan
    first = sum(values) / len(values)
    return first + sum(v - first for v in values) / len(values)


def _is_missing(value):
    return value is None or value != value


def plain_xmr(values, improvement="increase", target=None, rebase=(), fix_after=None,
              screen_outliers=True):
    direction = {"increase": 1, "decrease": -1, "neutral": 0}[improvement]
    n = len(values)
    values = [math.nan if _is_missing(v) else float(v) for v in values]
    starts = sorted({0, *rebase}) if n else []
    bounds = list(zip(starts, starts[1:] + [n], strict=False))  # empty when n == 0

    out = {name: [] for name in ("mean", "lpl", "upl", "near_lpl", "near_upl",
                                 "outside_limits", "close_to_limits", "relative_to_mean",
                                 "signal", "point_type", "group")}
    groups = []
    for index, (start, stop) in enumerate(bounds):
        part = values[start:stop]
        base = [v if (fix_after is None or i < fix_after) else math.nan
                for i, v in enumerate(part)]
        mean = _mean([v for v in base if v == v])
        ranges = [abs(b - a) for a, b in zip(base, base[1:], strict=False) if a == a and b == b]
        first = _mean(ranges)
        if screen_outliers and ranges:
            ranges = [r for r in ranges if r < SCREEN * first or first == 0]
        spread = _mean(ranges)
        limits = (mean - LIMIT * spread, mean + LIMIT * spread,
                  mean - NEAR * spread, mean + NEAR * spread)
        lpl, upl, near_lpl, near_upl = limits
        observed = [v == v for v in part]
        outside = [ok and (v > upl or v < lpl) for v, ok in zip(part, observed, strict=True)]
        side = [(1 if v > mean else -1 if v < mean else 0) if ok else 0
                for v, ok in zip(part, observed, strict=True)]
        close = [ok and not out and (v < near_lpl or v > near_upl)
                 for v, ok, out in zip(part, observed, outside, strict=True)]
        size = len(part)

        shift = [False] * size
        for end in range(6, size):
            window = side[end - 6:end + 1]
            if window[0] != 0 and all(s == window[0] for s in window):
                for i in range(end - 6, end + 1):
                    shift[i] = True

        step = [0] * size
        for i in range(1, size):
            if observed[i] and observed[i - 1]:
                step[i] = (part[i] > part[i - 1]) - (part[i] < part[i - 1])
        trend = [False] * size
        for end in range(6, size):
            steps = step[end - 5:end + 1]
            if steps[0] != 0 and all(s == steps[0] for s in steps):
                for i in range(end - 6, end + 1):
                    trend[i] = True

        two = [False] * size
        for k in range(size - 2):
            if sum(close[k:k + 3]) >= 2 and abs(sum(side[k:k + 3])) == 3:
                for i in range(k, k + 3):
                    two[i] = two[i] or close[i]

        for i in range(size):
            if outside[i]:
                signal, upward = "outside_limits", side[i] == 1
            elif trend[i]:
                next_in_trend = i + 1 < size and trend[i + 1]
                slope = step[i + 1] if next_in_trend else step[i]
                signal, upward = "trend", slope == 1
            elif two[i]:
                signal, upward = "two_in_three", side[i] > 0
            elif shift[i]:
                signal, upward = "shift", side[i] > 0
            else:
                signal, upward = None, None
            if signal is None:
                point_type = "common_cause"
            elif direction == 0:
                point_type = "special_cause_neutral_" + ("high" if upward else "low")
            elif upward == (direction > 0):
                point_type = "special_cause_improvement"
            else:
                point_type = "special_cause_concern"
            for name, value in (("mean", mean), ("lpl", lpl), ("upl", upl),
                                ("near_lpl", near_lpl), ("near_upl", near_upl),
                                ("outside_limits", outside[i]), ("close_to_limits", close[i]),
                                ("relative_to_mean", side[i]), ("signal", signal),
                                ("point_type", point_type), ("group", index)):
                out[name].append(value)
        count = sum(observed)
        groups.append((index, start, stop, count, mean, lpl, upl, count < 13))

    last = max((i for i, v in enumerate(values) if v == v), default=None)
    variation = "common_cause"
    assurance = None
    if last is not None:
        kind = out["point_type"][last]
        high_is_good = direction > 0
        variation = {
            "common_cause": "common_cause",
            "special_cause_improvement": "improvement_high" if high_is_good else "improvement_low",
            "special_cause_concern": "concern_low" if high_is_good else "concern_high",
            "special_cause_neutral_high": "neutral_high",
            "special_cause_neutral_low": "neutral_low",
        }[kind]
        lpl, upl = out["lpl"][last], out["upl"][last]
        if target is not None and direction != 0 and lpl == lpl and upl == upl:
            if target > upl:
                assurance = "consistent_fail" if direction > 0 else "consistent_pass"
            elif target < lpl:
                assurance = "consistent_pass" if direction > 0 else "consistent_fail"
            else:
                assurance = "inconsistent"
    out.update(values=values, variation=variation, assurance=assurance, groups=groups)
    return out
