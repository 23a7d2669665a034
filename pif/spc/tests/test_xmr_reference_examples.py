"""Golden tests: XmR numbers and signals from NHSRplotthedots' own examples.

Sources (nhs-r-community/NHSRplotthedots):
* the deviations vignette series (screening worked example, spec §1.2);
* nhspy-plotthedots unit tests quoted in the spec (1..10 and 3,1,4,1,5,9,2);
* tests/testthat/test-integration_tests.R and its serialised snapshot
  _snaps/integration_tests.md: the R doubles were decoded from the snapshot
  (16 hex digits each) and PIF reproduces them bit for bit. The snapshot
  predates 0.2.0; where 0.2.x changed a rule (issue #143) the test says so.
"""

import math

import numpy as np
import pytest

from pif.spc import xmr

from .helpers import from_hex, numbers, read_rows

DEVIATIONS_SERIES = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def england():
    rows = read_rows("ae_attendances_england_by_month.csv")
    attendances = numbers(rows, "attendances")
    breaches = numbers(rows, "breaches")
    performance = [1 - b / a for a, b in zip(attendances, breaches, strict=True)]
    return [row["period"] for row in rows], attendances, performance


def rl4_type_1_attendances():
    rows = [row for row in read_rows("ae_attendances_rl4.csv") if row["type"] == "1"]
    return [row["period"] for row in rows], numbers(rows, "attendances")


def test_screening_of_the_deviations_vignette_series_gives_limits_4_604_and_minus_0_716():
    result = xmr(DEVIATIONS_SERIES)
    assert result.mean[0] == pytest.approx(35 / 18)
    assert result.upl[0] == pytest.approx(35 / 18 + 2.66 * 1)
    assert result.lpl[0] == pytest.approx(35 / 18 - 2.66 * 1)
    assert round(result.upl[0], 3) == 4.604 and round(result.lpl[0], 3) == -0.716


def test_the_excel_way_without_screening_gives_limits_6_952_and_minus_3_063():
    result = xmr(DEVIATIONS_SERIES, screen_outliers=False)
    assert result.upl[0] == pytest.approx(35 / 18 + 2.66 * 32 / 17)
    assert round(result.upl[0], 3) == 6.952 and round(result.lpl[0], 3) == -3.063


def test_one_to_ten_has_mean_5_5_and_limits_2_84_and_8_16():
    result = xmr(list(range(1, 11)))
    assert result.mean[0] == pytest.approx(5.5)
    assert result.lpl[0] == pytest.approx(2.84)
    assert result.upl[0] == pytest.approx(8.16)


def test_pi_digits_have_limits_minus_6_6252_and_13_7681():
    result = xmr([3, 1, 4, 1, 5, 9, 2])
    assert result.lpl[0] == pytest.approx(-6.6252, abs=1e-4)
    assert result.upl[0] == pytest.approx(13.7681, abs=1e-4)


def test_england_attendances_match_the_integration_snapshot_and_are_all_common_cause():
    _, attendances, _ = england()
    result = xmr(attendances)
    assert result.mean[0] == from_hex("413E869AF1C71C72")
    assert result.lpl[0] == from_hex("413A6D045D4C3B2A")
    assert result.upl[0] == from_hex("41415018C320FEDD")
    assert set(result.point_type) == {"common_cause"}
    assert result.variation == "common_cause"


def test_england_attendances_rebased_in_april_2017_match_the_snapshot_group_by_group():
    periods, attendances, _ = england()
    result = xmr(attendances, rebase=[periods.index("2017-04-01")])
    first, second = result.groups
    assert (first.start, first.stop, second.start, second.stop) == (0, 12, 12, 36)
    assert first.mean == from_hex("413DB4EA6AAAAAAB")
    assert first.lpl == from_hex("4139060B5FF61200")
    assert first.upl == from_hex("414131E4BAAFA1AB")
    assert second.mean == from_hex("413EEF7335555555")
    assert second.lpl == from_hex("413B0D7910615AAD")
    assert second.upl == from_hex("414168B6AD24A7FF")
    assert first.trial_limits and not second.trial_limits
    assert list(result.group) == [0] * 12 + [1] * 24


def test_england_performance_fixed_after_12_points_matches_every_snapshot_point_type():
    _, _, performance = england()
    result = xmr(performance, fix_after=12)
    assert result.mean[0] == from_hex("3FEC822F02657506")
    assert result.lpl[0] == from_hex("3FEB90A12CA09B5A")
    assert result.upl[0] == from_hex("3FED73BCD82A4EB2")
    expected = (
        ["common_cause"] * 9 + ["special_cause_concern", "common_cause"]
        + ["special_cause_improvement"] * 8 + ["common_cause"]
        + ["special_cause_concern"] * 4 + ["common_cause"] * 5 + ["special_cause_concern"] * 7
    )
    assert list(result.point_type) == expected
    assert result.variation == "concern_low"


def test_rl4_attendances_match_the_snapshot_except_the_two_points_issue_143_unflagged():
    periods, attendances = rl4_type_1_attendances()
    result = xmr(attendances)
    assert result.mean[0] == from_hex("40C5E231C71C71C7")
    assert result.lpl[0] == from_hex("40C2E22371185934")
    assert result.upl[0] == from_hex("40C8E2401D208A5A")
    snapshot = (
        ["common_cause"] * 4 + ["special_cause_concern"] * 7 + ["common_cause"] * 22
        + ["special_cause_improvement", "common_cause", "special_cause_improvement"]
    )
    # 0.1.0 flagged 2019-01 and 2019-03 as 2-of-3; 0.2.x needs all three on one side
    # of the mean and 2019-02 is below it (spec §1.3).
    changed = {periods.index("2019-01-01"), periods.index("2019-03-01")}
    assert list(result.relative_to_mean[33:36]) == [1, -1, 1]
    for index, (ours, theirs) in enumerate(zip(result.point_type, snapshot, strict=True)):
        assert ours == ("common_cause" if index in changed else theirs), index


def test_rl4_other_type_attendances_match_the_snapshot_point_types():
    rows = [row for row in read_rows("ae_attendances_rl4.csv") if row["type"] == "other"]
    result = xmr(numbers(rows, "attendances"))
    assert result.mean[0] == from_hex("40BF09C000000000")
    assert result.lpl[0] == from_hex("40B99EDF7912AC46")
    assert result.upl[0] == from_hex("40C23A504376A9DD")
    expected = (
        ["special_cause_concern"] * 5 + ["common_cause"] * 7
        + ["special_cause_improvement"] * 2 + ["common_cause"] * 4
        + ["special_cause_improvement"] * 10 + ["common_cause"] * 4
        + ["special_cause_improvement"] * 2 + ["common_cause"] * 2
    )
    assert list(result.point_type) == expected


def test_symmetric_data_with_close_points_on_opposite_sides_stays_common_cause():
    # test-ptd_spc_standard.R: "only reports special cause for 2 of 3 points close
    # to limits when they are on the same side of the mean"
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    result = xmr(data)
    assert list(result.point_type[-2:]) == ["common_cause", "common_cause"]


def test_r_doubles_decode_from_their_serialised_hex_digits():
    assert math.isclose(from_hex("413E869AF1C71C72"), 2000538.9444444445)
    assert np.isfinite(from_hex("3FEC822F02657506"))
