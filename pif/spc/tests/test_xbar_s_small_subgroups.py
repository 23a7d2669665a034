"""Xbar and S charts with empty subgroups and subgroups of one value, as qicharts2 0.8.1.

What qicharts2 0.8.1 does (read from anhoej/qicharts2 @ 1b9487e, ``qic.agg``,
``qic.xbar``, ``qic.s`` and the ``a3``/``b3``/``b4`` factors):

* A subgroup's size is its count of non-missing values. One value: mean = the
  value, sd missing. No value: mean and plotted point NaN.
* Centre line: Σ size·mean / Σ size over baseline ∩ included subgroups, so a
  single value weighs 1 and an empty subgroup nothing.
* "Equal sizes" compares the sizes of **every** subgroup of the part, whatever
  its size (0 and 1 included) and whether or not it is in the baseline. Equal:
  s̄ = mean of the baseline sds. Otherwise pooled:
  √(Σ (size−1)·sd² / Σ (size−1)) over the baseline, where the numerator skips the
  missing sds but the denominator does not skip empty subgroups: each empty one
  takes 1 off it (size − 1 = −1).
* Factors A3, B3, B4 are missing for size ≤ 1: no limits, no sigma signal.
* Runs analysis: included points with a value (an S chart has none for size 1);
  ``n_obs`` counts every included subgroup.

The hand-computed expectations use closed forms: c4(3) = √π/2 and
c4(4) = √(2/3)·2/√π.
"""

import math

import numpy as np
import pytest

from pif.spc import qic

from .helpers import numbers, read_rows

C4_3 = math.sqrt(math.pi) / 2
C4_4 = math.sqrt(2 / 3) * 2 / math.sqrt(math.pi)


def a3(c4, size):
    return 3 / (c4 * math.sqrt(size))


def b4(c4):
    return 1 + 3 * math.sqrt(1 - c4**2) / c4


# Subgroups: A = 1, 2, 3 (mean 2, sd 1); B = 2, 4, 6 (mean 4, sd 2);
# C = 1, 2, 3, 4 (mean 2.5); TWO = 1, 3; ONE = 5; EMPTY = two missing values.
A, B, C, TWO, ONE, EMPTY = [1, 2, 3], [2, 4, 6], [1, 2, 3, 4], [1, 3], [5], [None, None]


def chart_of(chart, *groups, **options):
    values, labels = [], []
    for label, group in enumerate(groups, start=1):
        values += group
        labels += [label] * len(group)
    return qic(values, x=labels, chart=chart, **options)


def test_a_one_value_subgroup_makes_sizes_unequal_so_the_sd_is_pooled():
    chart = chart_of("xbar", A, B, ONE)
    pooled = math.sqrt((2 * 1**2 + 2 * 2**2) / (2 + 2))  # not the mean of sds, 1.5
    centre = (3 * 2 + 3 * 4 + 1 * 5) / 7
    assert list(chart.y) == [2, 4, 5]
    assert chart.cl[0] == pytest.approx(centre, rel=1e-14)
    assert chart.ucl[0] == pytest.approx(centre + a3(C4_3, 3) * pooled, rel=1e-14)
    assert chart.lcl[1] == pytest.approx(centre - a3(C4_3, 3) * pooled, rel=1e-14)
    assert math.isnan(chart.ucl[2]) and math.isnan(chart.lcl[2])
    assert not chart.sigma_signal.any()


def test_an_s_chart_plots_no_sd_and_no_limits_for_a_one_value_subgroup():
    chart = chart_of("s", A, B, ONE)
    pooled = math.sqrt((2 * 1**2 + 2 * 2**2) / (2 + 2))
    assert chart.y[:2].tolist() == [1, 2] and math.isnan(chart.y[2])
    assert chart.cl[0] == pytest.approx(pooled, rel=1e-14)
    assert chart.ucl[0] == pytest.approx(b4(C4_3) * pooled, rel=1e-14)
    assert chart.lcl[0] == 0  # B3(3) = max(0, 1 − 3·c5/c4) = 0
    assert math.isnan(chart.ucl[2]) and math.isnan(chart.lcl[2])


def test_an_empty_subgroup_takes_one_off_the_pooled_degrees_of_freedom():
    pooled = math.sqrt((2 * 1**2 + 2 * 2**2) / (2 + 2 - 1))
    xbar = chart_of("xbar", A, B, EMPTY)
    assert xbar.cl[0] == pytest.approx((6 + 12) / 6, rel=1e-14)
    assert xbar.ucl[0] == pytest.approx(3 + a3(C4_3, 3) * pooled, rel=1e-14)
    assert math.isnan(xbar.y[2]) and math.isnan(xbar.ucl[2]) and math.isnan(xbar.lcl[2])
    s = chart_of("s", A, B, EMPTY)
    assert s.cl[0] == pytest.approx(pooled, rel=1e-14)
    assert s.ucl[1] == pytest.approx(b4(C4_3) * pooled, rel=1e-14)


def test_the_equal_sizes_test_also_counts_subgroups_outside_the_baseline():
    pooled = math.sqrt((2 * 1**2 + 2 * 2**2) / (2 + 2))
    for options in ({"freeze": 2}, {"exclude": (2,)}):
        chart = chart_of("xbar", A, B, C, **options)
        assert chart.cl[0] == pytest.approx(3, rel=1e-14)
        assert chart.ucl[0] == pytest.approx(3 + a3(C4_3, 3) * pooled, rel=1e-14), options
        assert chart.ucl[2] == pytest.approx(3 + a3(C4_4, 4) * pooled, rel=1e-14), options
        s = chart_of("s", A, B, C, **options)
        assert s.cl[0] == pytest.approx(pooled, rel=1e-14), options


def test_the_equal_sizes_test_is_made_within_each_part():
    chart = chart_of("xbar", A, B, C, ONE, part=(2,))
    mean_sd = (1 + 2) / 2  # part 1 holds two subgroups of 3
    assert chart.ucl[0] == pytest.approx(3 + a3(C4_3, 3) * mean_sd, rel=1e-14)
    part_two_sd = math.sqrt(5 / 3)  # sd of C; ONE adds nothing
    assert chart.cl[2] == pytest.approx((10 + 5) / 5, rel=1e-14)
    assert chart.ucl[2] == pytest.approx(3 + a3(C4_4, 4) * part_two_sd, rel=1e-14)


def test_runs_count_one_value_points_but_not_empty_subgroups():
    xbar = chart_of("xbar", A, B, ONE, EMPTY)  # CL 23/7: below, above, above, missing
    assert (xbar.runs[0].n_obs, xbar.runs[0].n_useful) == (4, 3)
    assert (xbar.runs[0].longest_run, xbar.runs[0].n_crossings) == (2, 1)
    s = chart_of("s", A, B, ONE, EMPTY)  # sds 1 and 2 around √(10/3); ONE has no sd
    assert s.cl[0] == pytest.approx(math.sqrt(10 / 3), rel=1e-14)
    assert (s.runs[0].n_obs, s.runs[0].n_useful, s.runs[0].n_crossings) == (4, 2, 1)


def test_single_values_give_a_centre_line_but_no_limits():
    xbar = qic([3, 1, 4, 1, 5], chart="xbar")
    assert xbar.cl[0] == pytest.approx(2.8, rel=1e-14)
    assert np.isnan(xbar.ucl).all() and np.isnan(xbar.lcl).all()
    assert not xbar.sigma_signal.any() and xbar.runs[0].n_useful == 5
    s = qic([3, 1, 4, 1, 5], chart="s")
    assert np.isnan(s.y).all() and np.isnan(s.cl).all() and s.runs[0].n_useful == 0


def test_no_pooled_degrees_of_freedom_left_gives_no_limits_rather_than_infinity():
    # Σ(size − 1) = 1 − 1 = 0 and 1 − 2 = −1. PIF's own: qicharts2 divides by 0
    # (limits ±Inf, dropped; S chart centre line +Inf) or takes √ of a negative (NaN)
    for groups in ((TWO, EMPTY), (TWO, EMPTY, EMPTY)):
        for kind in ("xbar", "s"):
            chart = chart_of(kind, *groups)
            assert np.isnan(chart.ucl).all() and np.isnan(chart.lcl).all(), (kind, groups)
            assert not chart.sigma_signal.any()
    assert math.isnan(chart_of("s", TWO, EMPTY).cl[0])


# qicharts2's own test data: tests/testthat/NA_test.rds and ex_6.4_*.rds hold the data
# frames qic() returned for test_montgomery.R; the doubles below were read from them.

def montgomery(name, chart):
    rows = read_rows(name)
    return qic(numbers(rows, "obs"), x=numbers(rows, "sample"), chart=chart)


def limits_by_size(chart):
    return {int(size): (lower, upper)
            for size, lower, upper in zip(chart.n, chart.lcl, chart.ucl, strict=True)
            if size > 1}


def test_the_missing_values_test_matches_qicharts2_na_test_reference():
    chart = montgomery("montgomery_NA_test.csv", "xbar")
    assert chart.cl[0] == pytest.approx(74.00117999999999, rel=1e-14)
    expected = {5: (73.98603292378218, 74.0163270762178),
                4: (73.98390191567036, 74.01845808432962),
                3: (73.98043901168812, 74.02192098831186)}
    got = limits_by_size(chart)
    assert set(got) == set(expected)
    for size, limits in expected.items():
        assert got[size] == pytest.approx(limits, rel=1e-14), size
    no_limits = [chart.x[i] for i in np.flatnonzero(np.isnan(chart.ucl))]
    assert no_limits == [5.0, 11.0, 16.0]  # one value, one value, none
    runs = chart.runs[0]
    assert (runs.n_obs, runs.n_useful, runs.longest_run, runs.n_crossings) == (25, 24, 3, 15)
    assert not runs.runs_signal and not chart.sigma_signal.any()


def test_example_6_4_matches_qicharts2_reference_to_the_last_digits():
    xbar = montgomery("montgomery_06.04.csv", "xbar")
    assert xbar.cl[0] == pytest.approx(74.00075221238937, rel=1e-14)
    expected = {5: (73.98606362208984, 74.0154408026889),
                4: (73.98399711733148, 74.01750730744726),
                3: (73.98063903177687, 74.02086539300187)}
    for size, limits in limits_by_size(xbar).items():
        assert limits == pytest.approx(expected[size], rel=1e-14), size
    s = montgomery("montgomery_06.04.csv", "s")
    assert s.cl[0] == pytest.approx(0.010291177451261065, rel=1e-14)
    expected = {5: 0.0214982477613804, 4: 0.023320292601360926, 3: 0.02642948910561219}
    for size, (lower, upper) in limits_by_size(s).items():
        assert lower == 0 and upper == pytest.approx(expected[size], rel=1e-14), size

