"""qic() options and edge cases: freeze, part, exclude, multiply, cl, validation."""

import math

import numpy as np
import pytest

from pif.spc import CHARTS, SPCError, qic
from pif.spc.qic import screened_mean_moving_range
from pif.spc.runs import qbinom_half, runs_analysis

SERIES = [5, 7, 6, 8, 5, 9, 6, 7, 8, 6, 7, 5, 9, 7, 6, 8, 7, 6, 5, 8]


def test_a_run_chart_uses_the_median_and_has_no_limits():
    chart = qic(SERIES)
    assert chart.cl[0] == np.median(SERIES)
    assert np.isnan(chart.lcl).all() and not chart.sigma_signal.any()
    assert chart.x == tuple(range(1, 21))


def test_an_i_chart_uses_3_over_1_128_times_the_screened_mean_moving_range():
    chart = qic(SERIES, chart="i")
    spread = screened_mean_moving_range(SERIES)
    assert chart.ucl[0] == pytest.approx(np.mean(SERIES) + 3 / 1.128 * spread)


def test_an_i_chart_moving_range_spans_an_excluded_point():
    values = [10, 12, 100, 12, 10, 12, 10, 12]
    chart = qic(values, chart="i", exclude=(2,))
    kept = [10, 12, 12, 10, 12, 10, 12]
    assert chart.cl[0] == pytest.approx(np.mean(kept))
    assert chart.ucl[0] == pytest.approx(np.mean(kept) + 3 / 1.128 * (10 / 6))
    assert chart.sigma_signal[2] and not chart.include[2]


def test_excluded_points_are_left_out_of_the_runs_analysis():
    chart = qic(SERIES, exclude=(0, 1))
    assert chart.runs[0].n_obs == 18


def test_freeze_sets_limits_from_the_first_points_but_runs_use_all_included_points():
    values = [10, 12] * 10 + [20] * 10
    chart = qic(values, chart="i", freeze=20)
    assert chart.cl[-1] == pytest.approx(11)
    assert chart.runs[0].n_useful == 30 and chart.runs[0].runs_signal


def test_part_gives_each_part_its_own_centre_and_ignores_freeze():
    values = [10, 12] * 10 + [20, 22] * 10
    chart = qic(values, chart="i", part=(20,), freeze=5)
    assert list(chart.part) == [1] * 20 + [2] * 20
    assert chart.cl[0] == pytest.approx(11) and chart.cl[-1] == pytest.approx(21)
    assert chart.baseline.all() and len(chart.runs) == 2


def test_multiply_scales_values_centre_and_limits_but_not_signals():
    plain = qic(SERIES, chart="c")
    scaled = qic(SERIES, chart="c", multiply=100)
    np.testing.assert_allclose(scaled.y, plain.y * 100)
    np.testing.assert_allclose(scaled.ucl, plain.ucl * 100)
    assert np.array_equal(scaled.sigma_signal, plain.sigma_signal)
    assert scaled.runs == plain.runs


def test_a_supplied_centre_line_replaces_the_computed_one():
    chart = qic(SERIES, chart="c", cl=4)
    assert chart.cl[0] == 4 and chart.ucl[0] == pytest.approx(4 + 3 * 2)


def test_p_chart_limits_are_clipped_to_zero_and_one():
    chart = qic([1, 9, 1, 9, 0, 10], n=[10] * 6, chart="p")
    assert chart.lcl.min() >= 0 and chart.ucl.max() <= 1


def test_rows_with_a_missing_numerator_or_denominator_lose_both():
    chart = qic([1, 2, None, 4], n=[10, None, 10, 10], chart="p")
    assert math.isnan(chart.y[1]) and math.isnan(chart.y[2])
    assert chart.cl[0] == pytest.approx(5 / 20)


def test_rows_with_equal_x_form_one_sorted_subgroup():
    chart = qic([1, 2, 3, 4], x=[2, 1, 2, 1], chart="xbar")
    assert chart.x == (1, 2) and list(chart.y) == [3, 2] and list(chart.n) == [2, 2]


def test_a_g_chart_shows_the_median_and_uses_the_mean_for_its_limits():
    values = [3, 10, 1, 7, 25, 4, 12, 2]
    chart = qic(values, chart="g")
    mean = np.mean(values)
    assert chart.cl[0] == np.median(values)
    assert chart.ucl[0] == pytest.approx(mean + 3 * math.sqrt(mean * (mean + 1)))
    assert chart.lcl[0] == 0


def test_a_u_prime_chart_widens_overdispersed_limits():
    counts = [50, 80, 40, 90, 45, 85, 55, 70]
    sizes = [1000] * 8
    assert qic(counts, n=sizes, chart="up").ucl[0] > qic(counts, n=sizes, chart="u").ucl[0]


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_survives_a_constant_series_without_dividing_by_zero(chart):
    with np.errstate(all="raise"):
        result = qic([4] * 12, n=[10] * 12, chart=chart)
    assert not result.sigma_signal.any()
    assert not any(part.runs_signal for part in result.runs)


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_accepts_empty_and_single_point_input(chart):
    assert len(qic([], n=[], chart=chart)) == 0
    assert len(qic([3], n=[10], chart=chart)) == 1


def test_runs_analysis_drops_points_on_the_centre_line():
    stats = runs_analysis([1, 2, 2, 3, 3, 1], 2)
    assert (stats.n_useful, stats.longest_run, stats.n_crossings) == (4, 2, 2)


def test_qbinom_matches_known_quantiles():
    assert [qbinom_half(0.05, n) for n in (9, 23, 99)] == [2, 8, 41]
    # past the exact range the log-space sum must agree with integer arithmetic
    assert qbinom_half(0.05, 5000) == 2442 and qbinom_half(0.05, 10000) == 4918


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"chart": "pie"}, "chart='pie'"),
        ({"chart": "p", "n": [10, -1, 10]}, "n=-1"),
        ({"chart": "p"}, "n=None"),
        ({"part": (7,)}, "part=7"),
        ({"exclude": (3,)}, "exclude=3"),
        ({"freeze": 0}, "freeze=0"),
        ({"multiply": 0}, "multiply=0"),
        ({"chart": "t", "y": [1, 0, 2]}, "y=0"),
    ],
)
def test_invalid_qic_options_raise_spc_error_naming_the_option_and_value(options, named):
    options = dict(options)
    y = options.pop("y", [1, 2, 3])
    with pytest.raises(SPCError, match=named.replace(".", r"\.")):
        qic(y, **options)
