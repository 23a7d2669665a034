"""pif.spc.signals: one decision of the variation and assurance icons for every chart type.

ADR 0010: on XmR charts the four Making Data Count rules judge each point; on qicharts2
charts (run, P, P′, U, U′, C and the others) a point is special cause only when it lies
outside the limits, and the Anhøj runs analysis judges a part as a whole.
"""

import pytest

from pif.spc import icons, qic, qic_point_types, runs_rule, xmr
from pif.spc.signals import assurance_of, variation_of
from pif.spc.vocabulary import Assurance, Variation

DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
# 24 counts alternating about 10, so neither runs rule fires and no point is outside
QUIET = [8, 12] * 12
DENOMINATORS = [100] * 24


# ------------------------------------------------------------------ the two tables


@pytest.mark.parametrize(("point_type", "improvement", "expected"), [
    ("common_cause", "increase", "common_cause"),
    ("common_cause", "neutral", "common_cause"),
    ("special_cause_improvement", "increase", "improvement_high"),
    ("special_cause_improvement", "decrease", "improvement_low"),
    ("special_cause_concern", "increase", "concern_low"),
    ("special_cause_concern", "decrease", "concern_high"),
    ("special_cause_neutral_high", "neutral", "neutral_high"),
    ("special_cause_neutral_low", "neutral", "neutral_low"),
])
def test_variation_follows_the_mdc_icon_table(point_type, improvement, expected):
    assert variation_of(point_type, improvement) == expected
    assert isinstance(variation_of(point_type, improvement), Variation)


@pytest.mark.parametrize(("improvement", "target", "expected"), [
    ("increase", 11, Assurance.CONSISTENT_FAIL),
    ("increase", -1, Assurance.CONSISTENT_PASS),
    ("increase", 10, Assurance.INCONSISTENT),  # equal to a limit: inconsistent
    ("decrease", 11, Assurance.CONSISTENT_PASS),
    ("decrease", -1, Assurance.CONSISTENT_FAIL),
    ("increase", None, None),
    ("neutral", 11, None),
])
def test_assurance_compares_the_target_with_the_limits(improvement, target, expected):
    assert assurance_of(target, improvement, 0.0, 10.0) == expected


def test_no_limits_no_assurance():
    assert assurance_of(5, "increase", None, None) is None
    assert assurance_of(5, "increase", float("nan"), float("nan")) is None


# ------------------------------------------------------------------------- XmR


def test_xmr_icons_are_the_engine_icons():
    result = xmr(DEVIATIONS + [10], improvement="increase", target=6)
    assert icons(result, improvement="increase", target=6) == (
        Variation.IMPROVEMENT_HIGH, Assurance.CONSISTENT_FAIL)
    assert (result.variation, result.assurance) == ("improvement_high", "consistent_fail")


def test_xmr_icons_use_the_last_observed_point():
    result = xmr([*DEVIATIONS, 10, None], improvement="decrease")
    assert icons(result, improvement="decrease", target=None) == (Variation.CONCERN_HIGH, None)


def test_an_empty_series_has_no_icons():
    assert icons(xmr([None, None]), improvement="increase", target=3) == (None, None)
    assert icons(qic([], chart="c"), improvement="increase", target=3) == (None, None)


# ------------------------------------------------------------ qicharts2 charts


def test_a_lone_point_outside_the_limits_is_an_astronomical_point_not_a_run():
    counts = [*QUIET[:-1], 40]
    result = qic(counts, chart="c")
    assert not result.runs[0].runs_signal
    types = qic_point_types(result, "increase")
    assert types[-1] == ("special_cause_improvement", "outside_limits")
    assert set(types[:-1]) == {("common_cause", "")}
    assert icons(result, improvement="increase", target=None).variation == (
        Variation.IMPROVEMENT_HIGH)
    assert icons(result, improvement="decrease", target=None).variation == Variation.CONCERN_HIGH


def test_a_lone_point_below_the_centre_after_a_long_run_keeps_the_run_side():
    # twelve high counts, then alternating, ending on one low point: the part's long run
    # is above the centre line, so the icon says "high" although the last point is low
    counts = [14] * 12 + [14, 6] * 6
    result = qic(counts, chart="c")
    part = result.runs[0]
    assert part.runs_signal and part.longest_run > part.longest_run_max
    assert part.longest_run_side == 1
    assert runs_rule(part) == "long_run"
    assert result.y[-1] < result.cl[-1]
    # no point is special cause: a runs signal belongs to the part, not to its points
    assert {kind for kind, _ in qic_point_types(result, "decrease")} == {"common_cause"}
    assert icons(result, improvement="decrease", target=None).variation == Variation.CONCERN_HIGH
    assert icons(result, improvement="neutral", target=None).variation == Variation.NEUTRAL_HIGH


def test_too_few_crossings_is_a_runs_signal_of_the_part():
    # 20 points in runs of 4: longest run 4 (at most 7 expected), 4 crossings (6 expected)
    counts = ([12] * 4 + [8] * 4) * 2 + [12] * 4
    result = qic(counts, chart="c")
    part = result.runs[0]
    assert part.longest_run <= part.longest_run_max
    assert part.n_crossings < part.n_crossings_min
    assert runs_rule(part) == "few_crossings"
    assert icons(result, improvement="increase", target=None).variation == (
        Variation.IMPROVEMENT_HIGH)  # the latest of the equally long runs is above


def test_both_runs_rules_are_named_together():
    counts = [12] * 12 + [8] * 12
    part = qic(counts, chart="c").runs[0]
    assert runs_rule(part) == "long_run_and_few_crossings"


def test_nothing_unusual_is_common_cause():
    result = qic(QUIET, chart="u", n=DENOMINATORS)
    assert runs_rule(result.runs[0]) == ""
    assert icons(result, improvement="increase", target=0.001) == (
        Variation.COMMON_CAUSE, Assurance.CONSISTENT_PASS)


def test_only_the_last_part_counts_for_the_icon():
    counts = [14] * 12 + [14, 6] * 6 + QUIET
    result = qic(counts, chart="c", part=(24,))
    assert result.runs[0].runs_signal and not result.runs[1].runs_signal
    assert icons(result, improvement="increase", target=None).variation == (
        Variation.COMMON_CAUSE)


def test_a_point_outside_the_limits_wins_over_the_part_runs_signal():
    counts = [14] * 12 + [6, 14] * 5 + [6, 0]
    result = qic(counts, chart="c")
    assert result.runs[0].runs_signal and result.sigma_signal[-1]
    assert icons(result, improvement="increase", target=None).variation == Variation.CONCERN_LOW


def test_a_run_chart_has_runs_but_no_limits_so_no_assurance():
    # ten high values, then ten low ones: the later of the two equally long runs is low
    result = qic([20] * 10 + [1, 2] * 5, chart="run")
    assert result.runs[0].runs_signal
    assert icons(result, improvement="increase", target=3) == (Variation.CONCERN_LOW, None)


def test_p_chart_assurance_uses_the_last_points_limits():
    result = qic([10] * 24, chart="p", n=[100] * 23 + [10000], multiply=100)
    assert result.lcl[-1] > result.lcl[0]
    target = (result.lcl[0] + result.lcl[-1]) / 2  # inside the first limits, below the last
    assert icons(result, improvement="increase", target=target).assurance == (
        Assurance.CONSISTENT_PASS)


@pytest.mark.parametrize("chart", ["i", "mr", "xbar", "s", "t", "g", "pp", "up"])
def test_every_qic_chart_gets_icons(chart):
    values = [3.0, 4.0, 5.0, 4.0, 3.5, 4.5, 4.0, 3.0, 5.0, 4.0, 3.8, 4.2]
    n = [50] * len(values) if chart in ("pp", "up") else None
    x = [i // 2 for i in range(len(values))] if chart in ("xbar", "s") else None
    result = qic(values, chart=chart, n=n, x=x)
    found = icons(result, improvement="increase", target=100)
    assert found.variation == Variation.COMMON_CAUSE
    assert found.assurance == Assurance.CONSISTENT_FAIL


def test_an_xmr_result_and_a_qic_result_are_told_apart_by_type():
    with pytest.raises(TypeError):
        icons([1, 2, 3], improvement="increase", target=None)
