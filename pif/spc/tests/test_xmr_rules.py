"""The four MDC rules, their priority, direction, icons, groups and the missing-value policy.

Rule examples follow NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R.
"""

import math

import numpy as np
import pytest

from pif.spc import SPCError, xmr, xmr_many

FLAT = [10, 12] * 10  # mean 11, MR̄ 2: limits 5.68 / 16.32, near 7.453 / 14.547


def fixed(tail, **options):
    """FLAT followed by ``tail``; only FLAT sets the limits, so the tail cannot move them."""
    return xmr(FLAT + list(tail), fix_after=20, **options)


def signals(result):
    return list(result.signal)


def test_screening_drops_moving_ranges_at_or_above_3_267_times_the_mean():
    # MRs: 1 x 9 and one of exactly 3.267 x MR̄0 would be kept only if strictly below
    values = [0, 1] * 5 + [50]
    ranges = [1.0] * 9 + [49.0]
    first_mean = sum(ranges) / 10
    assert 49 >= 3.267 * first_mean
    assert xmr(values).upl[0] == pytest.approx(np.mean(values) + 2.66 * 1.0)


def test_a_moving_range_just_below_the_screening_threshold_is_kept():
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 4]  # MRs nine 1s and a 3; 3 < 3.267 * 1.2
    assert xmr(values).upl[0] == pytest.approx(np.mean(values) + 2.66 * 1.2)


def test_a_point_beyond_a_limit_is_flagged_outside_and_names_its_side():
    result = fixed([17, 5])
    assert signals(result)[20:] == ["outside_limits", "outside_limits"]
    assert list(result.point_type[20:]) == ["special_cause_improvement", "special_cause_concern"]
    assert fixed([17], improvement="decrease").point_type[20] == "special_cause_concern"


def test_a_point_exactly_on_a_limit_is_neither_outside_nor_close():
    limits = fixed([])
    upl, near_upl = float(limits.upl[0]), float(limits.near_upl[0])
    result = fixed([upl, near_upl])
    assert not result.outside_limits[20] and result.close_to_limits[20]
    assert not result.outside_limits[21] and not result.close_to_limits[21]


def test_seven_increasing_points_flag_all_seven_as_a_trend_and_six_do_not():
    six = xmr([5, 5, 5, 0, 1, 2, 3, 4, 5, 5, 5, 5])
    assert "trend" not in signals(six)
    seven = [20, 20, 1, 2, 3, 4, 5, 6, 7, 20, 20]
    result = xmr(seven, screen_outliers=False)
    flagged = [i for i, s in enumerate(result.signal) if s == "trend"]
    assert set(range(2, 9)) <= set(flagged) | {i for i, s in enumerate(result.signal)
                                              if s == "outside_limits"}


def test_a_tie_breaks_a_trend():
    values = [10, 12, 10, 12, 1, 2, 3, 3, 4, 5, 6, 10, 12, 10, 12]
    assert "trend" not in signals(xmr(values))


def test_a_trend_may_straddle_the_mean_and_is_coloured_by_its_slope():
    values = [0, 10] * 4 + [1, 2, 3, 4, 5, 6, 7, 8] + [0, 10] * 4
    result = xmr(values)
    trend = [i for i, s in enumerate(result.signal) if s == "trend"]
    assert trend == list(range(8, 16))
    assert set(result.relative_to_mean[trend]) == {-1, 1}
    assert set(result.point_type[trend]) == {"special_cause_improvement"}
    falling = xmr([-v for v in values])
    assert set(falling.point_type[trend]) == {"special_cause_concern"}


def test_trend_direction_at_a_peak_comes_from_the_next_point():
    values = [50, 0] * 3 + [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1] + [0, 50] * 3
    result = xmr(values, screen_outliers=False)
    peak = 6 + 6
    assert result.signal[peak] == "trend"
    assert result.point_type[peak] == "special_cause_concern"  # sign(next - this) < 0
    assert result.point_type[peak - 1] == "special_cause_improvement"


def test_two_of_three_close_points_on_one_side_are_flagged_but_not_the_third():
    result = fixed([15, 11.5, 15, 11])
    assert result.close_to_limits[20] and result.close_to_limits[22]
    assert signals(result)[20:] == ["two_in_three", None, "two_in_three", None]
    assert result.point_type[20] == "special_cause_improvement"


def test_two_of_three_needs_all_three_points_on_the_same_side_of_the_mean():
    assert signals(fixed([15, 10.5, 15]))[20:] == [None, None, None]


def test_a_point_beyond_the_limit_does_not_count_towards_two_of_three():
    result = fixed([15, 11.5, 40])
    assert result.outside_limits[22] and not result.close_to_limits[22]
    assert signals(result)[20:] == [None, None, "outside_limits"]


def test_two_of_three_windows_stop_at_group_ends():
    values = FLAT + [15, 15] + FLAT
    assert signals(xmr(values, fix_after=20))[20:22] == ["two_in_three", "two_in_three"]
    split = xmr(values, fix_after=20, rebase=[21])
    assert signals(split)[20:22] == [None, None]


def test_seven_points_on_one_side_of_the_mean_are_a_shift_and_a_point_on_the_mean_breaks_it():
    base = [10, 12] * 6
    shifted = base + [12.5] * 7 + base
    result = xmr(shifted)
    assert signals(result)[12:19] == ["shift"] * 7
    broken = base + [12.5] * 3 + [None] + [12.5] * 3 + base
    assert "shift" not in signals(xmr(broken))


def test_the_first_matching_rule_wins_in_the_order_outside_trend_two_in_three_shift():
    values = [10, 12] * 6 + [12.5, 13, 14, 15, 16, 17, 30] + [10, 12] * 6
    result = xmr(values, screen_outliers=False)
    assert result.signal[18] == "outside_limits"
    assert set(signals(result)[12:18]) == {"trend"}


def test_neutral_direction_gives_neutral_high_and_low_points_and_icons():
    values = FLAT.copy()
    values[-1] = 30
    result = xmr(values, improvement="neutral", target=11)
    assert result.point_type[-1] == "special_cause_neutral_high"
    assert result.variation == "neutral_high"
    assert result.assurance is None
    values[-1] = -10
    assert xmr(values, improvement="neutral").variation == "neutral_low"


@pytest.mark.parametrize(
    ("last", "improvement", "icon"),
    [
        (30, "increase", "improvement_high"),
        (30, "decrease", "concern_high"),
        (-10, "increase", "concern_low"),
        (-10, "decrease", "improvement_low"),
        (11, "increase", "common_cause"),
    ],
)
def test_variation_icon_comes_from_the_last_point(last, improvement, icon):
    values = FLAT.copy()
    values[-1] = last
    assert xmr(values, improvement=improvement).variation == icon


@pytest.mark.parametrize(
    ("target", "improvement", "icon"),
    [
        (20, "increase", "consistent_fail"),
        (20, "decrease", "consistent_pass"),
        (2, "increase", "consistent_pass"),
        (2, "decrease", "consistent_fail"),
        (11, "increase", "inconsistent"),
        (5.68, "increase", "inconsistent"),
    ],
)
def test_assurance_compares_the_target_with_the_latest_groups_limits(target, improvement, icon):
    result = xmr(FLAT, improvement=improvement, target=target)
    if target == 5.68:  # equality with a limit is "inconsistent"
        target = float(result.lpl[0])
        result = xmr(FLAT, improvement=improvement, target=target)
    assert result.assurance == icon


def test_no_target_gives_no_assurance():
    assert xmr(FLAT).assurance is None


def test_assurance_uses_the_last_group_after_a_rebase():
    values = [10, 12] * 7 + [30, 32] * 7
    assert xmr(values, target=20, rebase=[14]).assurance == "consistent_pass"
    assert xmr(values, target=20).assurance == "inconsistent"


def test_fix_after_lets_only_the_first_points_of_each_group_set_the_limits():
    values = [10, 12] * 6 + [40] * 8
    fixed = xmr(values, fix_after=12)
    assert fixed.mean[0] == pytest.approx(11) and fixed.mean[-1] == pytest.approx(11)
    assert all(s == "outside_limits" for s in fixed.signal[12:])
    regrouped = xmr(values + [10, 12] * 6 + [0] * 3, fix_after=12, rebase=[20])
    assert regrouped.groups[1].mean == pytest.approx(11)


def test_groups_report_start_stop_n_mean_limits_and_trial_limits_below_13_points():
    result = xmr(list(range(25)), rebase=[12])
    first, second = result.groups
    assert (first.start, first.stop, first.n, first.trial_limits) == (0, 12, 12, True)
    assert (second.start, second.stop, second.n, second.trial_limits) == (12, 25, 13, False)
    assert second.mean == pytest.approx(18)


def test_limits_never_span_a_rebase_and_no_moving_range_crosses_it():
    result = xmr([1, 1, 1, 100, 100, 100], rebase=[3])
    assert list(result.lpl) == [1, 1, 1, 100, 100, 100]
    assert not any(result.outside_limits)


def test_missing_values_are_left_out_and_never_flagged():
    values = [10, 12, None, 12, float("nan"), 10] + [10, 12] * 5
    result = xmr(values)
    assert result.mean[0] == pytest.approx(11)
    assert result.signal[2] is None and result.signal[4] is None
    assert result.relative_to_mean[2] == 0 and not result.outside_limits[4]
    assert result.groups[0].n == 14


def test_a_gap_next_to_a_value_breaks_its_moving_ranges():
    # MRs: |12-10|, gap, gap, |20-22|... only pairs of observed neighbours count
    result = xmr([10, 12, None, 20, 22])
    assert result.upl[0] == pytest.approx(16 + 2.66 * 2)


def test_a_gap_interrupts_a_trend():
    values = [10, 0] * 3 + [1, 2, 3, None, 4, 5, 6, 7] + [0, 10] * 3
    assert "trend" not in signals(xmr(values, screen_outliers=False))


def test_icons_use_the_last_observed_point_when_the_series_ends_with_a_gap():
    values = FLAT.copy()
    values[-1] = 30
    assert xmr(values + [None, None]).variation == "improvement_high"


def test_empty_input_gives_an_empty_result():
    result = xmr([])
    assert len(result) == 0 and result.groups == () and result.variation == "common_cause"


def test_one_point_has_no_limits_and_no_signal():
    result = xmr([5])
    assert result.mean[0] == 5 and math.isnan(result.upl[0])
    assert result.signal[0] is None and result.groups[0].trial_limits


def test_all_missing_gives_nan_limits_and_no_signal():
    result = xmr([None, None, float("nan")], target=3)
    assert np.isnan(result.mean).all() and result.assurance is None
    assert list(result.point_type) == ["common_cause"] * 3


def test_a_group_of_one_point_beside_a_full_group_is_left_without_limits():
    result = xmr([10, 12] * 8 + [50], rebase=[16])
    assert math.isnan(result.upl[-1]) and result.signal[-1] is None
    assert result.groups[1].n == 1 and not math.isnan(result.groups[0].upl)


def test_a_constant_series_has_limits_on_the_mean_and_no_signal():
    result = xmr([7] * 30, improvement="decrease", target=7)
    assert set(result.lpl) == {7.0} and set(result.upl) == {7.0}
    assert set(result.signal) == {None} and result.assurance == "inconsistent"


def test_ties_with_the_mean_count_as_neither_side():
    result = xmr([1, 3, 2, 2, 2, 2, 2, 2, 2, 1, 3])
    assert result.relative_to_mean[3] == 0 and "shift" not in signals(result)


def test_results_are_read_only():
    result = xmr(FLAT)
    with pytest.raises(ValueError):
        result.mean[0] = 1
    with pytest.raises(AttributeError):
        result.variation = "x"


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"fix_after": 11}, "fix_after=11"),
        ({"fix_after": 12.5}, "fix_after=12.5"),
        ({"improvement": "up"}, "improvement='up'"),
        ({"rebase": [25]}, "rebase=25"),
        ({"rebase": [-1]}, "rebase=-1"),
        ({"target": float("nan")}, "target=nan"),
        ({"screen_outliers": "yes"}, "screen_outliers='yes'"),
    ],
)
def test_invalid_options_raise_spc_error_naming_the_option_and_value(options, named):
    with pytest.raises(SPCError, match=named.replace("(", r"\(").replace(".", r"\.")):
        xmr(FLAT, **options)


def test_spc_error_is_a_value_error_and_text_values_are_refused():
    assert issubclass(SPCError, ValueError)
    with pytest.raises(SPCError, match="values"):
        xmr(["a", "b"])
    with pytest.raises(SPCError, match="values"):
        xmr([1, float("inf")])


def test_xmr_many_accepts_one_option_for_all_or_one_per_series():
    series = [FLAT, [v * 2 for v in FLAT], FLAT[:15]]
    results = xmr_many(series, improvement=["increase", "decrease", "neutral"],
                       target=[None, 30, 5], rebase=[[], [10], []], fix_after=12)
    for values, improvement, target, rebase, result in zip(
            series, ["increase", "decrease", "neutral"], [None, 30, 5], [[], [10], []], results,
            strict=True):
        assert result == xmr(values, improvement=improvement, target=target, rebase=rebase,
                             fix_after=12)


def test_xmr_many_with_a_wrongly_sized_option_sequence_raises():
    with pytest.raises(SPCError, match="target"):
        xmr_many([FLAT, FLAT], target=[1, 2, 3])


def test_xmr_many_accepts_a_two_dimensional_array():
    matrix = np.array([FLAT, FLAT[::-1]], dtype=float)
    assert xmr_many(matrix)[1] == xmr(FLAT[::-1])


def test_results_survive_pickling_for_caches_and_task_queues():
    import pickle

    original = xmr_many([FLAT, FLAT + [30]], target=11, rebase=[[], [10]])[1]
    restored = pickle.loads(pickle.dumps(original))
    assert restored == original and restored.groups == original.groups
    assert list(restored.signal) == list(original.signal)


def test_label_arrays_are_read_only_too():
    result = fixed([30])
    with pytest.raises(ValueError):
        result.signal[0] = "shift"
    with pytest.raises(ValueError):
        result.point_type[0] = "common_cause"
