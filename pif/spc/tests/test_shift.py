"""Has the process shifted since a change? pif.spc.shift against hand-worked examples and
NHSRplotthedots' own A&E snapshot."""

import math

import pytest

from pif.spc import SPCError, xmr
from pif.spc.shift import MINIMUM_POINTS_BEFORE, shift_since
from pif.spc.vocabulary import ChangeVerdict, PointSignal, PointType

from .helpers import from_hex, numbers, read_rows

# Mean 10; moving ranges 1,2,1,2,4,2,1,2,1,2,4 -> MR̄ = 22/11 = 2; limits 10 ± 5.32 =
# 4.68 / 15.32; near limits 10 ± 3.5467 = 6.4533 / 13.5467.
BEFORE = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8]


def test_the_old_limits_are_worked_by_hand_and_equal_the_engine_on_the_before_values():
    result = shift_since(BEFORE, [10], improvement="increase")
    assert result.mean == pytest.approx(10)
    assert result.lower == pytest.approx(10 - 2.66 * 2)
    assert result.upper == pytest.approx(10 + 2.66 * 2)
    alone = xmr(BEFORE)
    assert (result.mean, result.lower, result.upper) == (alone.mean[0], alone.lpl[0],
                                                         alone.upl[0])


def test_the_old_limits_are_screened_as_nhsrplotthedots_screens_them():
    # the deviations vignette: screening drops the moving ranges 8 and 9 -> limits 4.604/-0.716
    deviations = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    screened = shift_since(deviations, [1])
    assert screened.upper == pytest.approx(4.604, abs=1e-3)
    assert screened.lower == pytest.approx(-0.716, abs=1e-3)
    excel = shift_since(deviations, [1], screen_outliers=False)
    assert excel.upper == pytest.approx(6.952, abs=1e-3)


def test_common_cause_after_the_change_is_no_signal_yet():
    result = shift_since(BEFORE, [10, 11, 9, 12], improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL
    assert not result.sustained and not result.signals and result.rules == ()
    assert (result.points_before, result.points_after) == (12, 4)
    assert result.explanation == ("no signal yet: 4 values since, none beyond what was "
                                  "expected before the change and no run or trend of 7")
    assert result.evidence == ()


def test_rule_1_one_point_above_the_old_upper_limit_is_improvement_not_yet_sustained():
    result = shift_since(BEFORE, [10, 15.33, 10], improvement="increase")
    assert result.verdict is ChangeVerdict.IMPROVEMENT
    assert result.rules == (PointSignal.OUTSIDE_LIMITS,)
    assert [(s.position, s.signal, s.point_type) for s in result.signals] == [
        (1, PointSignal.OUTSIDE_LIMITS, PointType.SPECIAL_CAUSE_IMPROVEMENT)]
    assert not result.sustained
    assert result.above == 1 and result.below == 0
    assert "1 value was above the highest value expected before it" in result.evidence
    assert "not yet sustained" in result.explanation and "(" in result.explanation


def test_a_point_exactly_on_the_old_limit_is_not_outside_it():
    result = shift_since(BEFORE, [10 + 2.66 * 2], improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL


def test_rule_2_a_trend_of_7_inside_the_limits_is_a_signal_even_across_the_mean():
    rising = [7, 8, 9, 10, 11, 12, 13]
    result = shift_since(BEFORE, rising, improvement="increase")
    assert result.rules == (PointSignal.TREND,)
    assert result.verdict is ChangeVerdict.IMPROVEMENT
    assert len(result.signals) == 7
    assert "7 or more values in a row went steadily up or down" in result.evidence
    # lower is better: the same rise is a deterioration
    assert shift_since(BEFORE, rising, improvement="decrease").verdict is (
        ChangeVerdict.DETERIORATION)
    # six steps make a trend, five do not
    assert shift_since(BEFORE, rising[:6]).verdict is ChangeVerdict.NO_SIGNAL


def test_rule_3_two_of_three_near_the_old_upper_limit_on_one_side():
    result = shift_since(BEFORE, [14, 10.5, 14], improvement="increase")
    assert result.rules == (PointSignal.TWO_IN_THREE,)
    assert [s.position for s in result.signals] == [0, 2]  # the middle point is not near
    assert result.verdict is ChangeVerdict.IMPROVEMENT
    # with the middle point below the old mean the window does not count (issue #143)
    assert shift_since(BEFORE, [14, 9.5, 14]).verdict is ChangeVerdict.NO_SIGNAL


def test_rule_4_seven_points_above_the_old_mean_up_to_the_latest_is_sustained():
    result = shift_since(BEFORE, [11] * 7, improvement="increase")
    assert result.verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT
    assert result.sustained and (result.run_length, result.run_side) == (7, 1)
    assert result.rules == (PointSignal.SHIFT,)
    assert result.explanation == ("the process has shifted for the better, and the shift is "
                                  "sustained")
    assert result.evidence == (
        "all 7 values since have been above the average before the change",)


def test_six_points_above_the_old_mean_are_not_a_shift():
    result = shift_since(BEFORE, [11] * 6, improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL
    assert not result.sustained and result.run_length == 6


def test_a_point_on_the_old_mean_breaks_the_run():
    result = shift_since(BEFORE, [11, 11, 11, 10, 11, 11, 11, 11], improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL


def test_a_gap_breaks_the_run_and_is_never_flagged():
    result = shift_since(BEFORE, [11, 11, 11, None, 11, 11, 11, 11], improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL
    assert result.points_after == 7


def test_a_shift_that_has_ended_is_improvement_not_yet_sustained():
    result = shift_since(BEFORE, [11] * 7 + [9], improvement="increase")
    assert result.verdict is ChangeVerdict.IMPROVEMENT
    assert not result.sustained
    assert result.longest_run == 7 and result.run_length == 1
    assert any("7 values in a row were above the average before the change" in item
               for item in result.evidence)


def test_a_run_that_began_before_the_change_does_not_count_after_it():
    before = BEFORE[:-3] + [11, 11, 11]  # three above the mean just before the change
    result = shift_since(before, [11] * 4, improvement="increase")
    assert result.verdict is ChangeVerdict.NO_SIGNAL


def test_lower_is_better_reads_a_fall_below_the_old_mean_as_sustained_improvement():
    result = shift_since(BEFORE, [9] * 8, improvement="decrease")
    assert result.verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT
    assert result.run_side == -1
    assert "all 8 values since have been below the average before the change" in (
        result.evidence)
    worse = shift_since(BEFORE, [9] * 8, improvement="increase")
    assert worse.verdict is ChangeVerdict.DETERIORATION and worse.sustained
    assert worse.explanation.startswith("the process has shifted for the worse")


def test_a_neutral_measure_is_changed_or_no_signal():
    changed = shift_since(BEFORE, [9] * 7, improvement="neutral")
    assert changed.verdict is ChangeVerdict.CHANGED and changed.sustained
    assert changed.signals[0].point_type is PointType.SPECIAL_CAUSE_NEUTRAL_LOW
    assert changed.explanation.startswith("the process has changed")
    assert shift_since(BEFORE, [10, 11], improvement="neutral").verdict is (
        ChangeVerdict.NO_SIGNAL)


def test_the_latest_special_cause_decides_when_nothing_is_sustained():
    # improvement outside the limits, then a concern point outside them
    result = shift_since(BEFORE, [16, 10, 4], improvement="increase")
    assert result.verdict is ChangeVerdict.DETERIORATION
    assert not result.sustained
    assert result.explanation.startswith("there is a signal of deterioration")


def test_fewer_than_12_points_before_is_too_few_points():
    assert MINIMUM_POINTS_BEFORE == 12
    short = shift_since(BEFORE[:11], [11] * 7)
    assert short.verdict is ChangeVerdict.TOO_FEW_POINTS and not short.sustained
    assert short.points_before == 11 and short.mean == pytest.approx(sum(BEFORE[:11]) / 11)
    assert short.explanation == ("too few values to judge: 11 values before the change, and "
                                 "at least 12 are needed to know what to expect")
    # missing values do not count towards the 12
    gappy = shift_since([*BEFORE[:11], None, None], [11] * 7)
    assert gappy.verdict is ChangeVerdict.TOO_FEW_POINTS
    # exactly 12 is enough
    assert shift_since(BEFORE, [11] * 7).verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT


def test_no_point_after_the_change_is_too_few_points():
    for after in ([], [None, None]):
        result = shift_since(BEFORE, after)
        assert result.verdict is ChangeVerdict.TOO_FEW_POINTS
        assert result.mean == pytest.approx(10)
        assert result.explanation == "too few values to judge: no value since the change yet"
    assert shift_since([], []).verdict is ChangeVerdict.TOO_FEW_POINTS


def test_bad_options_and_values_are_an_spc_error():
    with pytest.raises(SPCError):
        shift_since(BEFORE, [1], improvement="up")
    with pytest.raises(SPCError):
        shift_since([], [1], improvement="up")
    with pytest.raises(SPCError):
        shift_since(BEFORE, [math.inf])


def test_england_performance_after_12_points_matches_the_fixed_limits_snapshot():
    """NHSRplotthedots' integration snapshot fixes England's 4-hour performance after 12
    points; the 24 later points judged on those limits give the snapshot's point types."""
    rows = read_rows("ae_attendances_england_by_month.csv")
    attendances, breaches = numbers(rows, "attendances"), numbers(rows, "breaches")
    performance = [1 - b / a for a, b in zip(attendances, breaches, strict=True)]
    result = shift_since(performance[:12], performance[12:], improvement="increase")
    assert result.mean == from_hex("3FEC822F02657506")
    assert result.lower == from_hex("3FEB90A12CA09B5A")
    assert result.upper == from_hex("3FED73BCD82A4EB2")
    snapshot = (["special_cause_improvement"] * 7 + ["common_cause"]
                + ["special_cause_concern"] * 4 + ["common_cause"] * 5
                + ["special_cause_concern"] * 7)
    flagged = {s.position: s.point_type for s in result.signals}
    assert [flagged.get(i, "common_cause") for i in range(24)] == snapshot
    # the latest seven are below the old mean: a sustained deterioration
    assert result.verdict is ChangeVerdict.DETERIORATION and result.sustained
    assert (result.run_length, result.run_side) == (7, -1)
    assert result.explanation == ("the process has shifted for the worse, and the shift is "
                                  "sustained")
    assert result.evidence[:2] == (
        "the latest 7 values have all been below the average before the change",
        "6 values were below the lowest value expected before it")


def test_rl4_attendances_since_april_2018_are_no_signal_yet():
    rows = [row for row in read_rows("ae_attendances_rl4.csv") if row["type"] == "1"]
    periods = [row["period"] for row in rows]
    values = numbers(rows, "attendances")
    change = periods.index("2018-04-01")
    result = shift_since(values[:change], values[change:], improvement="neutral")
    assert result.points_before == change and result.points_after == len(values) - change
    assert result.verdict in set(ChangeVerdict) - {ChangeVerdict.TOO_FEW_POINTS}
    # the verdict agrees with the engine run with the same fixed limits
    fixed = xmr([*values[:change], None, *values[change:]], improvement="neutral",
                fix_after=change)
    assert bool(result.signals) == any(fixed.signal[change + 1:])
