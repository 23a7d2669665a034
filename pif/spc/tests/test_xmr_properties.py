"""Hypothesis properties of the XmR engine (spec: shift, scale, mirror, constant, many).

Strategies use whole numbers so that sums and moving ranges are exact; shifted
limits are still rounded once, so cases where a value sits within 1e-9 of a limit
are discarded with ``assume`` (a strict comparison there can flip through rounding).
"""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pif.spc import xmr, xmr_many

values_strategy = st.lists(
    st.one_of(st.integers(-1000, 1000), st.none()), min_size=0, max_size=60
)
dense_strategy = st.lists(st.integers(-1000, 1000), min_size=2, max_size=60)
improvement_strategy = st.sampled_from(["increase", "decrease", "neutral"])
FLAGS = ("outside_limits", "close_to_limits", "relative_to_mean", "signal", "point_type")
LIMITS = ("mean", "lpl", "upl", "near_lpl", "near_upl")


def rebase_strategy(length):
    return st.lists(st.integers(0, max(length - 1, 0)), max_size=3) if length else st.just([])


def clear_of_limits(result, values):
    """True when no observed value is within 1e-9 (relative) of any limit."""
    observed = np.array([np.nan if v is None else v for v in values], dtype=float)
    for name in ("lpl", "upl", "near_lpl", "near_upl"):
        limit = getattr(result, name)
        gap = np.abs(observed - limit)
        scale = np.maximum(1.0, np.abs(limit))
        if np.any(gap <= 1e-9 * scale):
            return False
    return True


def same_flags(a, b):
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FLAGS)


@settings(max_examples=150, deadline=None)
@given(values_strategy, st.integers(-10_000, 10_000), improvement_strategy, st.data())
def test_adding_a_constant_shifts_centre_and_limits_and_keeps_every_signal(
        values, shift, improvement, data):
    rebase = data.draw(rebase_strategy(len(values)))
    before = xmr(values, improvement=improvement, rebase=rebase)
    shifted = [None if v is None else v + shift for v in values]
    after = xmr(shifted, improvement=improvement, rebase=rebase)
    assume(clear_of_limits(before, values) and clear_of_limits(after, shifted))
    for name in LIMITS:
        np.testing.assert_allclose(getattr(after, name), getattr(before, name) + shift,
                                   rtol=1e-9, atol=1e-6)
    assert same_flags(before, after)
    assert (before.variation, before.groups and len(before.groups)) == (
        after.variation, after.groups and len(after.groups))


@settings(max_examples=150, deadline=None)
@given(values_strategy, st.floats(0.01, 1000), improvement_strategy)
def test_multiplying_by_a_positive_constant_scales_centre_and_limits(values, factor, improvement):
    before = xmr(values, improvement=improvement)
    scaled = [None if v is None else v * factor for v in values]
    after = xmr(scaled, improvement=improvement)
    for name in LIMITS:
        np.testing.assert_allclose(getattr(after, name), getattr(before, name) * factor,
                                   rtol=1e-9, atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(values_strategy, st.integers(-3, 3), improvement_strategy)
def test_scaling_by_a_power_of_two_keeps_every_signal_exactly(values, power, improvement):
    factor = 2.0**power  # exact in binary floating point, so no comparison can flip
    before = xmr(values, improvement=improvement)
    after = xmr([None if v is None else v * factor for v in values], improvement=improvement)
    assert same_flags(before, after)
    assert before.variation == after.variation


@settings(max_examples=150, deadline=None)
@given(values_strategy, st.sampled_from(["increase", "decrease"]), st.integers(-2000, 2000))
def test_flipping_the_sign_and_the_direction_swaps_nothing_but_high_and_low(
        values, improvement, target):
    flipped_direction = "decrease" if improvement == "increase" else "increase"
    before = xmr(values, improvement=improvement, target=target)
    after = xmr([None if v is None else -v for v in values], improvement=flipped_direction,
                target=-target)
    np.testing.assert_allclose(after.mean, -before.mean)
    np.testing.assert_allclose(after.upl, -before.lpl)
    assert np.array_equal(after.signal, before.signal)
    assert np.array_equal(after.point_type, before.point_type)  # improvement stays improvement
    assert np.array_equal(after.relative_to_mean, -before.relative_to_mean)
    assert after.assurance == before.assurance
    swap = {"high": "low", "low": "high"}
    expected = before.variation
    if "_" in expected and expected != "common_cause":
        kind, side = expected.rsplit("_", 1)
        expected = f"{kind}_{swap[side]}"
    assert after.variation == expected


@settings(max_examples=150, deadline=None)
@given(values_strategy, st.sampled_from(["increase", "decrease"]))
def test_flipping_only_the_direction_swaps_improvement_and_concern(values, improvement):
    other = "decrease" if improvement == "increase" else "increase"
    a, b = xmr(values, improvement=improvement), xmr(values, improvement=other)
    swap = {"special_cause_improvement": "special_cause_concern",
            "special_cause_concern": "special_cause_improvement", "common_cause": "common_cause"}
    assert [swap[p] for p in a.point_type] == list(b.point_type)


@settings(max_examples=100, deadline=None)
@given(st.integers(-10**6, 10**6), st.integers(0, 80), improvement_strategy)
def test_a_constant_series_gives_no_signal_and_never_divides_by_zero(level, length, improvement):
    with np.errstate(all="raise"):
        result = xmr([level] * length, improvement=improvement, target=level)
    assert set(result.signal) <= {None}
    assert set(result.point_type) <= {"common_cause"}
    if length >= 2:
        assert set(result.upl) == {float(level)} and set(result.lpl) == {float(level)}


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), st.integers(2, 80))
def test_a_constant_fractional_series_sits_exactly_on_its_mean(level, length):
    result = xmr([level] * length)
    assert set(result.mean) == {level} and set(result.relative_to_mean) == {0}
    assert set(result.signal) == {None}


@settings(max_examples=60, deadline=None)
@given(st.lists(values_strategy, min_size=0, max_size=8), st.data())
def test_xmr_many_equals_xmr_on_each_series(series, data):
    improvements = data.draw(st.lists(improvement_strategy, min_size=len(series),
                                      max_size=len(series)))
    targets = data.draw(st.lists(st.one_of(st.none(), st.integers(-1000, 1000)),
                                 min_size=len(series), max_size=len(series)))
    rebases = [data.draw(rebase_strategy(len(s))) for s in series]
    fix_after = data.draw(st.one_of(st.none(), st.integers(12, 40)))
    screen = data.draw(st.booleans())
    many = xmr_many(series, improvement=improvements, target=targets, rebase=rebases,
                    fix_after=fix_after, screen_outliers=screen)
    assert len(many) == len(series)
    for values, improvement, target, rebase, result in zip(
            series, improvements, targets, rebases, many, strict=True):
        single = xmr(values, improvement=improvement, target=target, rebase=rebase,
                     fix_after=fix_after, screen_outliers=screen)
        assert result == single


@settings(max_examples=100, deadline=None)
@given(dense_strategy, improvement_strategy)
def test_every_point_has_one_signal_and_a_matching_point_type(values, improvement):
    result = xmr(values, improvement=improvement)
    assert len(result.signal) == len(values)
    for signal, point_type in zip(result.signal, result.point_type, strict=True):
        assert (signal is None) == (point_type == "common_cause")
    assert (result.outside_limits & result.close_to_limits).sum() == 0
