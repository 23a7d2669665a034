"""Golden tests for qic() from qicharts2's own examples.

* test_montgomery.R runs qic() on Montgomery's textbook tables; its expected
  values sit in binary .rds files, so the numbers asserted here are the ones
  Montgomery prints (Introduction to Statistical Quality Control, 6th ed.), to
  the textbook's rounding.
* The qicharts2 vignette: the Anhøj critical-value table (appendix 2), the CDI
  case (median 19, a run of 15 below it; C chart 19 -> 7 per month, limits 0-15),
  the hospital infections case (non-random UTI rates at BOH and NOH only; funnel:
  NOH low for BAC and UTI, BFH high for CDI) and the NHS accidents case (P chart
  limits too narrow, P' chart fine).
"""

import math

import numpy as np
import pytest

from pif.spc import anhoej_limits, qic

from .helpers import dates, numbers, read_rows


def table(name):
    return read_rows(name)


def test_anhoej_limits_match_the_vignette_table_for_10_to_100_useful_points():
    rows = table("anhoej_critical_values.csv")
    assert len(rows) == 91
    for row in rows:
        expected = (int(row["longest_run_max"]), int(row["n_crossings_min"]))
        assert anhoej_limits(int(row["n_useful"])) == expected, row["n_useful"]


@pytest.mark.parametrize(
    ("n_useful", "expected"),
    [(10, (6, 2)), (12, (7, 3)), (20, (7, 6)), (24, (8, 8)), (30, (8, 10)), (40, (8, 14)),
     (100, (10, 41))],
)
def test_anhoej_limits_match_the_worked_values_in_the_spec(n_useful, expected):
    assert anhoej_limits(n_useful) == expected


def test_example_6_3_xbar_and_s_charts_match_montgomery():
    rows = table("montgomery_06.03.csv")
    y, x = numbers(rows, "obs"), numbers(rows, "sample")
    xbar = qic(y, x=x, chart="xbar")
    assert xbar.cl[0] == pytest.approx(74.001, abs=5e-4)
    assert xbar.ucl[0] == pytest.approx(74.014, abs=1e-3)
    assert xbar.lcl[0] == pytest.approx(73.988, abs=1e-3)
    s = qic(y, x=x, chart="s")
    assert s.cl[0] == pytest.approx(0.0094, abs=5e-5)
    assert s.ucl[0] == pytest.approx(0.0196, abs=1e-4)
    assert s.lcl[0] == 0


def test_example_6_4_variable_subgroup_sizes_use_the_pooled_standard_deviation():
    rows = table("montgomery_06.04.csv")
    y, x = numbers(rows, "obs"), numbers(rows, "sample")
    xbar = qic(y, x=x, chart="xbar")
    assert xbar.cl[0] == pytest.approx(74.001, abs=5e-4)
    by_size = {int(n): (lcl, ucl)
               for n, lcl, ucl in zip(xbar.n, xbar.lcl, xbar.ucl, strict=True)}
    assert by_size[5] == pytest.approx((73.986, 74.016), abs=1e-3)
    assert by_size[3] == pytest.approx((73.981, 74.021), abs=1e-3)
    s = qic(y, x=x, chart="s")
    assert s.cl[0] == pytest.approx(0.0103, abs=5e-5)
    upper_by_size = {int(n): u for n, u in zip(s.n, s.ucl, strict=True)}
    assert upper_by_size[5] == pytest.approx(0.0215, abs=1e-4)


def test_example_6_5_individuals_and_moving_range_charts_frozen_after_20_weeks():
    rows = table("montgomery_06.07.csv")
    y, x = numbers(rows, "cost"), numbers(rows, "weeks")
    i_chart = qic(y, x=x, chart="i", freeze=20)
    assert i_chart.cl[0] == pytest.approx(300.5)
    assert i_chart.ucl[0] == pytest.approx(321.22, abs=0.01)
    assert i_chart.lcl[0] == pytest.approx(279.78, abs=0.01)
    # qicharts2 uses 3 / 1.128, not 2.66
    assert i_chart.ucl[0] - i_chart.cl[0] == pytest.approx(3 / 1.128 * 148 / 19)
    assert list(i_chart.baseline) == [True] * 20 + [False] * 20
    mr_chart = qic(y, x=x, chart="mr", freeze=20)
    assert math.isnan(mr_chart.y[0])
    assert mr_chart.cl[0] == pytest.approx(7.79, abs=0.005)
    assert mr_chart.ucl[0] == pytest.approx(25.45, abs=0.01)
    assert not mr_chart.runs[0].runs_signal


def test_example_7_1_p_chart_with_two_excluded_samples_and_a_new_part_after_30():
    rows = table("montgomery_07.03.csv")
    chart = qic(numbers(rows, "count"), x=numbers(rows, "sample"), n=numbers(rows, "size"),
                chart="p", exclude=(14, 22), part=(30,))
    assert chart.cl[0] == pytest.approx(0.2150, abs=5e-5)
    assert chart.ucl[0] == pytest.approx(0.3893, abs=1e-4)
    assert chart.lcl[0] == pytest.approx(0.0407, abs=1e-4)
    assert list(chart.part[29:31]) == [1, 2]
    assert not chart.include[14] and not chart.include[22]
    assert chart.sigma_signal[14] and chart.sigma_signal[22]  # still tested against limits
    assert chart.runs[0].n_obs == 28
    phase_two = qic(numbers(rows, "count")[30:54], n=numbers(rows, "size")[30:54], chart="p")
    assert phase_two.cl[0] == pytest.approx(0.1108, abs=5e-5)
    assert phase_two.ucl[0] == pytest.approx(0.2440, abs=1e-4)
    assert phase_two.lcl[0] == 0


def test_example_7_3_c_chart_with_exclusions_from_a_26_sample_baseline():
    rows = table("montgomery_07.08.csv")
    y, x = numbers(rows, "count"), numbers(rows, "sample")
    trial = qic(y, x=x, chart="c", freeze=26)
    # Montgomery rounds c̄ before taking its square root, hence the 0.01 tolerance
    assert (trial.cl[0], trial.lcl[0], trial.ucl[0]) == pytest.approx((19.85, 6.48, 33.22),
                                                                      abs=0.01)
    revised = qic(y, x=x, chart="c", freeze=26, exclude=(5, 19))
    assert (revised.cl[0], revised.lcl[0], revised.ucl[0]) == pytest.approx(
        (19.67, 6.36, 32.97), abs=0.01)


def test_example_7_5_u_chart_per_50_metres_of_paper():
    rows = table("montgomery_07.11.csv")
    chart = qic(numbers(rows, "count"), x=numbers(rows, "roll"), n=numbers(rows, "meters"),
                chart="u", multiply=50)
    assert chart.cl[0] == pytest.approx(1.42, abs=0.005)
    ten_units = list(chart.n).index(500)
    assert chart.lcl[ten_units] == pytest.approx(0.29, abs=0.005)
    assert chart.ucl[ten_units] == pytest.approx(2.55, abs=0.01)


def test_example_7_6_t_chart_back_transforms_an_individuals_chart_of_y_to_the_1_over_3_6():
    rows = table("montgomery_07.14.csv")
    hours = numbers(rows, "hours")
    chart = qic(hours, x=numbers(rows, "failure"), chart="t")
    transformed = qic([h ** (1 / 3.6) for h in hours], chart="i")
    assert chart.cl[0] == pytest.approx(transformed.cl[0] ** 3.6)
    assert chart.ucl[0] == pytest.approx(transformed.ucl[0] ** 3.6)
    assert transformed.lcl[0] < 0 and chart.lcl[0] == 0


def test_missing_values_test_gives_no_limits_to_small_subgroups_and_nan_to_empty_ones():
    rows = table("montgomery_NA_test.csv")
    chart = qic(numbers(rows, "obs"), x=numbers(rows, "sample"), chart="xbar")
    assert len(chart.x) == 25  # rows without a sample number are dropped
    by_label = {label: i for i, label in enumerate(chart.x)}
    for label in (5.0, 11.0):
        assert chart.n[by_label[label]] == 1 and math.isnan(chart.ucl[by_label[label]])
    empty = by_label[16.0]
    assert chart.n[empty] == 0 and math.isnan(chart.y[empty]) and math.isnan(chart.lcl[empty])
    assert np.isfinite(chart.cl).all()


def cdi():
    rows = table("cdi.csv")
    return numbers(rows, "n"), dates(rows, "month"), numbers(rows, "days")


def test_cdi_run_chart_frozen_on_24_months_has_median_19_and_a_run_of_15_below_it():
    counts, months, _ = cdi()
    chart = qic(counts, x=months, freeze=24)
    assert chart.cl[0] == 19
    assert chart.runs[0].longest_run == 15 and chart.runs[0].runs_signal


def test_cdi_c_chart_split_at_24_drops_from_about_19_to_7_with_limits_0_to_15():
    counts, months, _ = cdi()
    chart = qic(counts, x=months, chart="c", part=(24,))
    assert round(chart.cl[0]) == 19 and round(chart.cl[-1]) == 7
    assert chart.lcl[-1] == 0 and round(chart.ucl[-1]) == 15
    assert not any(part.runs_signal for part in chart.runs)


def hospital_infections():
    return table("hospital_infections.csv")


def test_hospital_infections_show_non_random_uti_rates_only_at_boh_and_noh():
    rows = hospital_infections()
    signalling = set()
    for infection in ("BAC", "CDI", "UTI"):
        for hospital in sorted({row["hospital"] for row in rows}):
            subset = [r for r in rows if r["infection"] == infection and r["hospital"] == hospital]
            chart = qic(numbers(subset, "n"), x=dates(subset, "month"),
                        n=numbers(subset, "days"), chart="u", multiply=10000)
            if chart.runs_signal or chart.sigma_signal.any():
                signalling.add((infection, hospital))
    assert signalling == {("UTI", "BOH"), ("UTI", "NOH")}


def test_all_hospital_infections_aggregated_by_month_look_predictable():
    rows = hospital_infections()
    chart = qic(numbers(rows, "n"), x=dates(rows, "month"), n=numbers(rows, "days"),
                chart="u", multiply=10000)
    assert len(chart.x) == 24 and not chart.runs_signal and not chart.sigma_signal.any()


@pytest.mark.parametrize(
    ("infection", "outliers"), [("BAC", {"NOH"}), ("CDI", {"BFH"}), ("UTI", {"NOH"})]
)
def test_funnel_plot_of_late_2016_flags_noh_low_and_bfh_high(infection, outliers):
    rows = [r for r in hospital_infections()
            if r["infection"] == infection and r["month"] >= "2016-07-01"]
    chart = qic(numbers(rows, "n"), x=[r["hospital"] for r in rows], n=numbers(rows, "days"),
                chart="u", multiply=10000)
    flagged = {label for label, signal in zip(chart.x, chart.sigma_signal, strict=True) if signal}
    assert flagged == outliers
    assert not chart.runs[0].runs_signal  # no runs analysis on a categorical axis


def test_nhs_accidents_p_chart_limits_are_too_narrow_and_the_p_prime_chart_corrects_them():
    rows = table("nhs_accidents.csv")
    r, n = numbers(rows, "r"), numbers(rows, "n")
    p_chart = qic(r, n=n, chart="p")
    prime = qic(r, n=n, chart="pp")
    individuals = qic(r, n=n, chart="i")
    assert p_chart.sigma_signal.sum() > len(rows) / 2
    assert not prime.sigma_signal.any()
    assert prime.cl[0] == p_chart.cl[0]
    # Laney: the P' limits are close to the I chart's
    assert prime.ucl.mean() == pytest.approx(individuals.ucl[0], abs=0.002)
