"""build_chart: the SPC rows, the Vega-Lite spec and the summary of an indicator's chart."""

import json
import math

import pytest
from django.utils import timezone

from pif import spc
from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.charts import POINT_STYLES, build_chart, observations_as_of
from pif.measures.models import Annotation, Observation, Target, TargetPoint
from pif.measures.targets import TargetSchedule, schedules_for
from pif.measures.testing import make_indicator

DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
APRIL_2019 = Period.month(2019, 4)


def totals(indicator):
    return list(Observation.objects.filter(indicator=indicator, breakdown__isnull=True)
                .order_by("period_start"))


def chart_of(indicator, *, schedule=None, **kwargs):
    schedule = schedule or schedules_for(
        Target.objects.filter(indicator=indicator).prefetch_related("points")).get(
        indicator.pk, TargetSchedule.empty())
    return build_chart(indicator, totals(indicator), indicator.annotations.all(), schedule,
                       **kwargs)


def annotate(indicator, period, text, *, rebase=False):
    return Annotation.objects.create(indicator=indicator, period=period.key,
                                     period_start=period.start, text=text, is_rebase=rebase)


def nth_month(n):
    period = APRIL_2019
    for _ in range(n):
        period = period.next()
    return period


def layer_marks(spec):
    return [layer["mark"]["type"] for layer in spec["layer"]]


def layer(spec, mark):
    return next(one for one in spec["layer"] if one["mark"]["type"] == mark)


@pytest.fixture
def deviations(world):
    return make_indicator(world.partnership, owner=world.council, code="DEV", unit="count",
                          decimals=0, values=DEVIATIONS, first_period=APRIL_2019)


# --------------------------------------------------------------------------- rows


def test_rows_match_the_xmr_engine_for_the_deviations_example(deviations):
    chart = chart_of(deviations)
    expected = spc.xmr(DEVIATIONS)
    assert len(chart.rows) == 18
    assert [row.value for row in chart.rows] == DEVIATIONS
    assert [row.mean for row in chart.rows] == pytest.approx(list(expected.mean))
    assert [row.upper for row in chart.rows] == pytest.approx(list(expected.upl))
    assert [row.lower for row in chart.rows] == pytest.approx(list(expected.lpl))
    assert round(chart.rows[0].mean, 3) == 1.944
    assert round(chart.rows[0].upper, 3) == 4.604
    assert round(chart.rows[0].lower, 3) == -0.716


def test_rows_give_point_types_and_signal_rules_in_words(deviations):
    row = chart_of(deviations).rows[4]
    assert (row.label, row.value) == ("August 2019", 10)
    assert row.point_type == "special_cause_improvement"
    assert row.point_type_text == "Special cause: improvement"
    assert row.signal_text == "Outside the process limits"
    quiet = chart_of(deviations).rows[0]
    assert (quiet.point_type_text, quiet.signal_text) == ("Common cause", "")


def test_rows_write_values_in_the_unit_and_limits_with_one_more_decimal(deviations):
    row = chart_of(deviations).rows[0]
    assert (row.value_text, row.mean_text, row.upper_text, row.lower_text) == (
        "1", "1.9", "4.6", "-0.7")


def test_a_shift_and_a_trend_are_named(world):
    values = [5, 5, 5, 5, 5, 5, 5, 5, 1, 2, 3, 4, 5, 6, 7, 5, 5, 5]
    indicator = make_indicator(world.partnership, owner=world.council, code="TR",
                               values=values, first_period=APRIL_2019)
    texts = {row.signal_text for row in chart_of(indicator).rows}
    assert "Run of 7 rising or falling" in texts


def test_a_missing_value_keeps_its_row_and_code_but_has_no_point_type(deviations):
    Observation.objects.filter(indicator=deviations, period=nth_month(8).key).update(
        value=None, missing_code="c")
    chart = chart_of(deviations)
    row = chart.rows[8]
    assert (row.value, row.missing_code, row.point_type, row.value_text) == (None, "c", "", "")
    assert len(chart.rows) == 18
    datum = chart.spec["data"]["values"][8]
    assert datum["value"] is None and datum["value_text"] == "No value (c)"


def test_lower_is_better_turns_a_high_point_into_concern(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LOW",
                               values=DEVIATIONS, improvement="lower", first_period=APRIL_2019)
    chart = chart_of(indicator)
    assert chart.rows[4].point_type_text == "Special cause: concern"


def test_target_rows_and_assurance_come_from_the_schedule(deviations):
    Target.objects.create(indicator=deviations, value=6)
    chart = chart_of(deviations)
    assert {row.target for row in chart.rows} == {6}
    assert chart.assurance == "consistent_fail"  # 6 is above the upper limit 4.6
    assert chart.target_label == "Target"
    assert chart.variation == "common_cause"


# --------------------------------------------------------------------------- spec


def test_spec_is_json_without_nan(deviations):
    Observation.objects.filter(indicator=deviations, period=nth_month(3).key).update(
        value=None)
    spec = chart_of(deviations).spec
    text = json.dumps(spec, allow_nan=False)
    assert "NaN" not in text and "Infinity" not in text
    assert spec["$schema"].endswith("vega-lite/v6.json")


def test_spec_has_reference_lines_values_and_points_in_mdc_colours(deviations):
    Target.objects.create(indicator=deviations, value=3)
    spec = chart_of(deviations).spec
    assert layer_marks(spec) == ["line", "line", "point"]
    reference = spec["layer"][0]
    fold = reference["transform"][0]["fold"]
    assert fold == ["mean", "lower", "upper", "target"]
    colour = reference["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"], strict=True)) == {
        "Mean": "#000000", "Process limits": "#7b7d7d", "Target": "#de1b1b"}
    dashes = reference["encoding"]["strokeDash"]["scale"]
    assert dict(zip(dashes["domain"], dashes["range"], strict=True))["Target"] != [1, 0]
    points = layer(spec, "point")["encoding"]
    assert points["color"]["scale"]["domain"] == ["Common cause", "Special cause: improvement"]
    assert points["color"]["scale"]["range"] == ["#a6a6a6", "#00b0f0"]
    assert points["shape"]["scale"]["range"] == ["circle", "square"]


def test_every_point_type_has_its_own_colour_and_shape():
    fills = [style[0] for style in POINT_STYLES.values()]
    shapes = [style[2] for style in POINT_STYLES.values()]
    assert fills == ["#a6a6a6", "#00b0f0", "#e46c0a", "#490092"]
    assert len(set(shapes)) == 4


def test_tooltips_show_period_value_mean_limits_and_point_type(deviations):
    tooltip = layer(chart_of(deviations).spec, "point")["encoding"]["tooltip"]
    assert [t["title"] for t in tooltip] == [
        "Period", "Value", "Mean", "Lower process limit", "Upper process limit", "Point type",
        "Signal"]


def test_x_axis_lists_period_labels_in_order_and_y_axis_names_the_unit(deviations):
    spec = chart_of(deviations).spec
    x = layer(spec, "point")["encoding"]["x"]
    assert x["scale"]["domain"][:3] == ["April 2019", "May 2019", "June 2019"]
    assert x["axis"]["values"][-1] == "September 2020"
    assert layer(spec, "point")["encoding"]["y"]["axis"]["title"] == "Count"


def test_a_rebase_starts_a_new_phase_and_lines_break_there(deviations):
    annotate(deviations, nth_month(6), "New triage process", rebase=True)
    chart = chart_of(deviations)
    assert [row.phase for row in chart.rows] == [0] * 6 + [1] * 12
    expected = spc.xmr(DEVIATIONS, rebase=[6])
    assert [row.mean for row in chart.rows] == pytest.approx(list(expected.mean))
    assert chart.rows[5].mean != chart.rows[6].mean
    spec = chart.spec
    assert [d["phase"] for d in spec["data"]["values"]][5:7] == [0, 1]
    values_line = spec["layer"][3]
    assert values_line["encoding"]["detail"]["field"] == "phase"
    reference = spec["layer"][2]
    assert reference["encoding"]["detail"]["field"] == "segment"
    assert "datum.phase" in reference["transform"][2]["calculate"]


def test_annotations_are_a_rule_and_text_at_their_period(deviations):
    annotate(deviations, nth_month(2), "Winter pressures")
    annotate(deviations, nth_month(6), "Rebased", rebase=True)
    annotate(deviations, Period.month(2030, 1), "Not on the chart")
    spec = chart_of(deviations).spec
    assert layer_marks(spec)[:2] == ["rule", "text"]
    values = spec["layer"][0]["data"]["values"]
    assert [(v["label"], v["text"], v["rebase"]) for v in values] == [
        ("June 2019", "Winter pressures", False), ("October 2019", "Rebased", True)]


def test_a_trajectory_is_a_stepped_line_named_trajectory(deviations):
    target = Target.objects.create(indicator=deviations, value=None)
    for period, value in ((nth_month(0), 3.0), (nth_month(9), 2.5)):
        TargetPoint.objects.create(target=target, period=period.key,
                                   period_start=period.start, value=value)
    chart = chart_of(deviations)
    assert chart.target_label == "Trajectory"
    assert [row.target for row in chart.rows] == [3.0] * 9 + [2.5] * 9
    reference = chart.spec["layer"][0]
    assert reference["mark"]["interpolate"] == "step"
    assert "Trajectory" in reference["encoding"]["color"]["scale"]["domain"]
    # the target is one segment across phases
    assert "'target'" in reference["transform"][2]["calculate"]


def test_percentages_label_the_axis_with_a_percent_sign(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="PCT",
                               values=[90.1, 91.2, 89.5, 92.0])
    y = layer(chart_of(indicator).spec, "point")["encoding"]["y"]
    assert y["axis"]["title"] == "Percentage"
    assert "%" in y["axis"]["labelExpr"]


# --------------------------------------------------------------------------- qic


def test_a_p_chart_uses_numerators_and_denominators(world):
    numerators = [120, 150, 90, 140, 110, 130, 100, 160, 120, 140, 10, 8]
    denominators = [1000, 1200, 900, 1100, 1000, 1050, 950, 1300, 1000, 1150, 1000, 900]
    indicator = make_indicator(
        world.partnership, owner=world.council, code="P1", chart_type="p", improvement="lower",
        values=[100 * k / n for k, n in zip(numerators, denominators, strict=True)])
    for observation, k, n in zip(totals(indicator), numerators, denominators, strict=True):
        observation.numerator, observation.denominator = k, n
        observation.save()
    chart = chart_of(indicator)
    expected = spc.qic(numerators, chart="p", n=denominators, multiply=100)
    assert [row.value for row in chart.rows] == pytest.approx(list(expected.y))
    assert [row.mean for row in chart.rows] == pytest.approx(list(expected.cl))
    assert [row.upper for row in chart.rows] == pytest.approx(list(expected.ucl))
    assert [row.lower for row in chart.rows] == pytest.approx(list(expected.lcl))
    assert chart.centre_label == "Centre line"
    low = [row for row, signal in zip(chart.rows, expected.sigma_signal, strict=True) if signal]
    assert [row.label for row in low] == ["November 2024", "December 2024"]
    assert all(row.point_type_text == "Special cause: improvement" for row in low)
    assert all(row.signal_text == "Outside the process limits" for row in low)
    assert chart.summary.startswith("P chart of P1 from January 2024 to December 2024")
    assert chart.variation == "improvement_low"
    json.dumps(chart.spec, allow_nan=False)


def test_a_run_chart_has_a_median_and_no_limits(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="RUN",
                               chart_type="run", values=[3, 5, 4, 6, 5, 4, 6, 5])
    chart = chart_of(indicator)
    assert chart.centre_label == "Median"
    assert chart.rows[0].mean == 5
    assert not chart.has_limits
    assert chart.spec["layer"][0]["transform"][0]["fold"] == ["mean"]
    json.dumps(chart.spec, allow_nan=False)


def test_a_p_chart_row_without_its_denominator_is_listed_but_not_analysed(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="P2",
                               chart_type="p", values=[10.0, 12.0, 11.0])
    observations = totals(indicator)
    for observation in observations[:2]:
        observation.numerator, observation.denominator = observation.value, 100
        observation.save()
    chart = chart_of(indicator)
    assert chart.rows[2].value == 11.0 and chart.rows[2].point_type == ""
    assert chart.rows[0].mean == pytest.approx(11.0)


# ----------------------------------------------------------------------- summary


def test_summary_names_chart_code_span_latest_value_and_point_type(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="AE-4HR",
                               values=DEVIATIONS, first_period=APRIL_2019)
    chart = chart_of(indicator)
    assert chart.summary == ("XmR chart of AE-4HR from April 2019 to September 2020: "
                             "latest value 1.0%, common cause")
    assert chart.spec["description"] == chart.summary


def test_summary_of_an_indicator_without_data(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="EMPTY")
    chart = chart_of(indicator)
    assert chart.rows == ()
    assert chart.summary == "XmR chart of EMPTY: no data yet"
    assert chart.variation == "" and chart.assurance == ""
    json.dumps(chart.spec, allow_nan=False)


def test_summary_says_when_the_chart_is_as_it_stood(deviations):
    chart = chart_of(deviations, as_of_label="1 May 2020")
    assert chart.summary.startswith("XmR chart of DEV as it stood on 1 May 2020 from April 2019")


# ------------------------------------------------------------------------ as of


def test_observations_as_of_give_the_values_as_they_stood(deviations):
    before = timezone.now()
    observation = Observation.objects.get(indicator=deviations, period=nth_month(4).key)
    observation.value = 2
    observation.save()
    make_indicator(deviations.partnership, owner=deviations.owner, code="OTHER", values=[7])
    then = observations_as_of(deviations, before)
    assert [o.value for o in then] == DEVIATIONS
    assert [o.value for o in observations_as_of(deviations, timezone.now())][4] == 2
    chart = build_chart(deviations, then, [], TargetSchedule.empty(), as_of_label="then")
    assert chart.rows[4].point_type_text == "Special cause: improvement"
    assert not math.isnan(chart.rows[4].mean)


def test_observations_as_of_leave_out_breakdowns_and_later_additions(deviations):
    from pif.measures.models import Breakdown

    before = timezone.now()
    area = Breakdown.objects.create(partnership=deviations.partnership, name="North")
    extra = Observation(indicator=deviations, breakdown=area, value=99)
    extra.set_period(APRIL_2019)
    extra.save()
    assert len(observations_as_of(deviations, timezone.now())) == 18
    later = Observation(indicator=deviations, value=5)
    later.set_period(nth_month(18))
    later.save()
    assert len(observations_as_of(deviations, before)) == 18
    assert len(observations_as_of(deviations, timezone.now())) == 19


# ------------------------------------------------------------- awaiting approval


def _submit(world, indicator, period, value):
    from pif.measures.writing import ObservationInput, write_observations

    write_observations(Actor(user=world.contributor), [ObservationInput(indicator, period, value)],
                       approve=False, partnership=world.partnership)


def test_a_first_value_awaiting_approval_is_shown_apart_and_not_analysed(world, deviations):
    before = chart_of(deviations)
    _submit(world, deviations, nth_month(len(DEVIATIONS)), 1000)
    chart = chart_of(deviations)
    assert len(chart.rows) == len(before.rows) + 1
    waiting = chart.rows[-1]
    assert waiting.is_waiting and waiting.value is None
    assert waiting.waiting_value == 1000
    assert waiting.waiting_text == "1,000, awaiting approval"
    assert waiting.point_type == "" and waiting.mean is None and waiting.upper is None
    assert [(r.mean, r.lower, r.upper, r.point_type) for r in chart.rows[:-1]] == [
        (r.mean, r.lower, r.upper, r.point_type) for r in before.rows]
    assert (chart.variation, chart.assurance) == (before.variation, before.assurance)
    assert chart.waiting_rows == (waiting,)
    assert "latest value 1," in chart.summary
    assert "1 value awaiting approval, not included" in chart.summary


def test_a_revision_awaiting_approval_leaves_the_approved_value_charted(world, deviations):
    _submit(world, deviations, nth_month(4), 3)
    chart = chart_of(deviations)
    row = chart.rows[4]
    assert row.value == 10 and row.is_special_cause
    assert row.waiting_value == 3 and row.waiting_text == "3, awaiting approval"
    assert len(chart.rows) == len(DEVIATIONS)


def test_a_value_awaiting_approval_is_a_hollow_labelled_point_that_never_stretches_the_scale(
        world, deviations):
    _submit(world, deviations, nth_month(len(DEVIATIONS)), 1000)
    spec = chart_of(deviations).spec
    hollow = [one for one in spec["layer"] if one["mark"].get("filled") is False]
    assert len(hollow) == 1 and hollow[0]["encoding"]["y"]["field"] == "waiting"
    labels = [one for one in spec["layer"] if one["mark"].get("text") == "awaiting approval"]
    assert len(labels) == 1
    drawn = [d["waiting"] for d in spec["data"]["values"] if d["waiting"] is not None]
    highest = max(n for d in spec["data"]["values"]
                  for n in (d["value"], d["upper"], d["mean"]) if n is not None)
    assert drawn == [highest]
    assert [d["waiting_text"] for d in spec["data"]["values"] if d["waiting_text"]] == [
        "1,000, awaiting approval"]
    json.dumps(spec, allow_nan=False)


def test_a_chart_without_values_awaiting_approval_has_no_such_layer(deviations):
    spec = chart_of(deviations).spec
    assert not [one for one in spec["layer"] if one["mark"].get("filled") is False]


def test_a_chart_as_it_stood_shows_what_was_awaiting_approval_then(world, deviations):
    _submit(world, deviations, nth_month(4), 3)
    then = timezone.now()
    from pif.measures.writing import approve

    approve(Actor(user=world.editor), list(Observation.objects.filter(approved_at__isnull=True)),
            partnership=world.partnership)
    chart = build_chart(deviations, observations_as_of(deviations, then), [],
                        TargetSchedule.empty(), as_of_label="then")
    assert chart.rows[4].value == 10 and chart.rows[4].waiting_value == 3
    assert chart_of(deviations).rows[4].value == 3
