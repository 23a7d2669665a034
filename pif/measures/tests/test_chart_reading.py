"""What a chart says in words, for each chart type and kind of signal (ADR 0010).

A single point outside the limits is an astronomical point, named on its row; a runs
signal (an unusually long run, too few crossings) belongs to the part of a run, P, P′, U,
U′ or C chart as a whole, named under the chart and never on single points; trends are an
XmR rule only. "How to read this chart" describes the rules of the chart's own type.
No database: the charts are built from unsaved rows.
"""

import pytest
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures.charts import build_chart, how_to_read
from pif.measures.models import Indicator, Observation
from pif.measures.targets import TargetSchedule

QUIET = [8, 12] * 12  # 24 values alternating about 10: nothing unusual
LONG_RUN_THEN_A_LOW_POINT = [14] * 12 + [14, 6] * 6
FEW_CROSSINGS = ([11, 13, 12, 14] + [7, 9, 8, 6]) * 3
# on a run chart a long run of 10 comes with too few crossings: 20 values, median 11
RUN_CHART_SHIFT = [20] * 10 + [1, 2] * 5
RATIO_CHARTS = ("p", "pp", "u", "up")
QIC_CHARTS = ("run", "c", *RATIO_CHARTS)


def indicator_of(chart_type, improvement="higher"):
    return Indicator(code="RD-1", title="Reading", unit="count", decimals=0,
                     chart_type=chart_type, improvement=improvement)


def observation(period, value, numerator=None, denominator=None):
    row = Observation(value=value, numerator=numerator, denominator=denominator,
                      approved_at=timezone.now())
    row.set_period(period)
    return row


def chart_of(chart_type, counts, improvement="higher"):
    """A chart of ``counts``; ratio charts get them over denominators of 100."""
    indicator = indicator_of(chart_type, improvement)
    period, rows = Period.month(2024, 1), []
    for count in counts:
        if chart_type in RATIO_CHARTS:
            rows.append(observation(period, count, count, 100))
        else:
            rows.append(observation(period, count))
        period = period.next()
    return build_chart(indicator, rows, [], TargetSchedule.empty())


def signals(chart):
    return {(row.point_type_text, row.signal_text) for row in chart.rows}


@pytest.mark.parametrize("chart_type", ("c", *RATIO_CHARTS))
def test_a_lone_point_outside_the_limits_is_named_on_its_row_only(chart_type):
    chart = chart_of(chart_type, [*QUIET[:-1], 40])
    assert (chart.rows[-1].point_type_text, chart.rows[-1].signal_text) == (
        "Special cause: improvement", "Outside the process limits")
    assert all(row.signal_text == "" for row in chart.rows[:-1])
    assert [part.rule for part in chart.runs] == [""]
    assert chart.variation == "improvement_high"


@pytest.mark.parametrize("chart_type", ("c", *RATIO_CHARTS))
def test_a_long_run_is_named_for_the_part_and_no_point_is_called_a_run(chart_type):
    chart = chart_of(chart_type, LONG_RUN_THEN_A_LOW_POINT, improvement="lower")
    assert signals(chart) == {("Common cause", "")}
    (part,) = chart.runs
    assert part.rule == "long_run"
    assert part.text == ("An unusually long run: 13 points in a row above the centre line, "
                         "more than the 8 expected at most for 24 points.")
    assert all(row.runs_signal for row in chart.rows)
    # the last point is low, but the run that signals is high: concern, high
    assert chart.variation == "concern_high"
    assert "unusually long run above the" in chart.summary


def test_a_run_chart_names_a_long_run_and_too_few_crossings_together():
    chart = chart_of("run", RUN_CHART_SHIFT)
    assert signals(chart) == {("Common cause", "")}
    (part,) = chart.runs
    assert part.rule == "long_run_and_few_crossings"
    assert part.text == (
        "An unusually long run: 10 points in a row below the median, more than the 7 "
        "expected at most for 20 points; too few crossings: the values cross the median "
        "once, fewer than the 6 expected at least for 20 points.")
    assert chart.variation == "concern_low"  # the later of the two runs of 10 is low


@pytest.mark.parametrize("chart_type", QIC_CHARTS)
def test_too_few_crossings_is_named_for_the_part(chart_type):
    chart = chart_of(chart_type, FEW_CROSSINGS)
    assert signals(chart) == {("Common cause", "")}
    (part,) = chart.runs
    assert part.rule == "few_crossings"
    centre = "median" if chart_type == "run" else "centre line"
    assert part.text == (f"Too few crossings: the values cross the {centre} 5 times, "
                         "fewer than the 8 expected at least for 24 points.")
    assert "too few crossings" in chart.summary
    assert chart.variation == "concern_low"  # the latest of the runs of 4 is low


@pytest.mark.parametrize("chart_type", QIC_CHARTS)
def test_nothing_unusual(chart_type):
    chart = chart_of(chart_type, QUIET)
    assert signals(chart) == {("Common cause", "")}
    (part,) = chart.runs
    assert part.rule == ""
    centre = "median" if chart_type == "run" else "centre line"
    assert part.text == (f"Nothing unusual in the runs: the longest run is 1 point, at most 8 "
                         f"expected, and the values cross the {centre} 23 times, at least 8 "
                         "expected.")
    assert not any(row.runs_signal for row in chart.rows)
    assert chart.variation == "common_cause"
    assert chart.summary.endswith("common cause")


def test_a_trend_is_an_xmr_rule_named_on_its_points():
    values = [5, 5, 5, 5, 5, 5, 5, 5, 1, 2, 3, 4, 5, 6, 7, 5, 5, 5]
    chart = chart_of("xmr", values)
    assert ("Special cause: improvement", "Run of 7 rising or falling") in signals(chart)
    assert chart.runs == ()


def test_a_rising_sequence_is_no_trend_on_a_c_chart():
    chart = chart_of("c", [8, 12] * 4 + [1, 2, 3, 4, 5, 6, 7, 8] + [12, 8] * 4)
    assert not any("rising" in row.signal_text for row in chart.rows)


def test_an_xmr_lone_point_outside_the_limits():
    chart = chart_of("xmr", [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
    assert (chart.rows[4].point_type_text, chart.rows[4].signal_text) == (
        "Special cause: improvement", "Outside the process limits")


def test_each_part_of_a_recalculated_chart_is_judged_on_its_own():
    indicator = indicator_of("c")
    period, rows = Period.month(2020, 1), []
    for count in LONG_RUN_THEN_A_LOW_POINT + QUIET:
        rows.append(observation(period, count))
        period = period.next()

    class Rebase:
        is_rebase, text = True, "New process"
        period = rows[24].period

    chart = build_chart(indicator, rows, [Rebase()], TargetSchedule.empty())
    first, second = chart.runs
    assert first.text.startswith("January 2020 to December 2021: an unusually long run")
    assert second.text.startswith("January 2022 to December 2023: nothing unusual")
    assert [row.runs_signal for row in chart.rows] == [True] * 24 + [False] * 24
    reference = next(layer for layer in chart.spec["layer"]
                     if any("fold" in step for step in layer.get("transform", [])))
    legend = reference["encoding"]["strokeDash"]["scale"]["domain"]
    assert legend[:2] == ["Centre line", "Centre line: runs signal"]
    assert chart.variation == "common_cause"


# ------------------------------------------------------------------ how to read


def test_how_to_read_an_xmr_chart_names_the_four_rules():
    text = " ".join(how_to_read("xmr", has_target=True))
    assert "The solid line is the mean" in text
    assert "a run of 7 rising or falling" in text and "2 of 3 points near a limit" in text
    assert "The red dashed line is the target." in text


def test_how_to_read_a_run_chart():
    text = " ".join(how_to_read("run", has_target=False))
    assert "The solid line is the median" in text
    assert "no process limits" in text
    assert "too few crossings" in text and "unusually long run" in text
    assert "rising or falling" not in text and "2 of 3" not in text
    assert "target" not in text


@pytest.mark.parametrize("chart_type", ("c", *RATIO_CHARTS))
def test_how_to_read_an_attribute_chart(chart_type):
    text = " ".join(how_to_read(chart_type, has_target=True))
    assert "A point outside the limits is special cause" in text
    assert "as a whole, not point by point" in text
    assert "rising or falling" not in text and "2 of 3" not in text
    assert ("denominator" in text) == (chart_type in RATIO_CHARTS)
    assert ("Laney" in text) == (chart_type in ("pp", "up"))
    assert "The red dashed line is the target." in text


def test_the_centre_line_of_a_part_with_a_runs_signal_is_dashed_in_the_spec():
    spec = chart_of("c", LONG_RUN_THEN_A_LOW_POINT).spec
    reference = spec["layer"][0]
    dashes = reference["encoding"]["strokeDash"]["scale"]
    by_name = dict(zip(dashes["domain"], dashes["range"], strict=True))
    assert by_name["Centre line: runs signal"] != [1, 0]
    assert "Centre line" not in by_name  # every part signals: no solid centre line to name
    assert all(datum["runs_signal"] for datum in spec["data"]["values"])
    quiet = chart_of("c", QUIET).spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert "Centre line: runs signal" not in quiet["domain"]
