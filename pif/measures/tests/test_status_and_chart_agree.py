"""The stored status and the chart give the same variation and assurance, for any series.

Both prepare the series with ``status.spc_input`` and call ``pif.spc.icons`` (ADR 0010), but
the status engine analyses XmR series together (``status.spc_summaries``, with
``pif.spc.xmr_many``) and the chart one at a time from observation rows
(``charts.analysis.analyse``). Hypothesis draws random series of every chart type, with
gaps, rows a P or U chart cannot use, recalculations, directions and targets that change
from period to period, and checks the two sides agree. No database: the rows are unsaved.
"""

from datetime import date

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.charts.analysis import analyse
from pif.measures.counting import finite
from pif.measures.models import Indicator, Observation
from pif.measures.targets import TargetRule, TargetSchedule

FIRST = Period.month(2022, 1)
RATIO_CHARTS = ("p", "pp", "u", "up")


def periods(count):
    found, period = [], FIRST
    for _ in range(count):
        found.append(period)
        period = period.next()
    return found


@st.composite
def rows(draw, chart_type):
    """(value, numerator, denominator) of one period; value None is a gap."""
    if chart_type in RATIO_CHARTS:
        denominator = draw(st.one_of(st.none(), st.just(0), st.integers(1, 400)))
        numerator = draw(st.integers(0, denominator or 50)) if draw(st.booleans()) or (
            denominator) else None
        if draw(st.integers(0, 9)) == 0:
            return None, numerator, denominator
        value = 100 * numerator / denominator if numerator is not None and denominator else (
            draw(st.floats(0, 100)))
        return value, numerator, denominator
    if draw(st.integers(0, 9)) == 0:
        return None, None, None
    if chart_type == "c":
        return float(draw(st.integers(0, 30))), None, None
    # a few levels, so runs, shifts and points on the centre line are common
    return draw(st.one_of(st.sampled_from([1.0, 2.0, 3.0, 5.0, 8.0]),
                          st.floats(-50, 50, allow_nan=False))), None, None


@st.composite
def schedules(draw, starts):
    """No target, one target for some periods, or a trajectory of step changes."""
    kind = draw(st.sampled_from(["none", "value", "trajectory"]))
    if kind == "none":
        return TargetSchedule.empty()
    valid_from = draw(st.one_of(st.none(), st.sampled_from(starts)))
    valid_to = draw(st.one_of(st.none(), st.sampled_from(starts)))
    if kind == "value":
        value, points = draw(st.floats(-20, 120)), {}
    else:
        value = None
        chosen = draw(st.lists(st.sampled_from(starts), min_size=1, max_size=4, unique=True))
        points = {start: draw(st.floats(-20, 120)) for start in chosen}
    return TargetSchedule((TargetRule(level="standard", value=value, points=points,
                                      valid_from=valid_from, valid_to=valid_to, tolerance=0.0,
                                      tolerance_kind="relative"),))


class Rebase:
    is_rebase = True
    text = "Recalculated"

    def __init__(self, period):
        self.period = period


@st.composite
def indicators(draw):
    chart_type = draw(st.sampled_from(["xmr", "run", "c", *RATIO_CHARTS]))
    count = draw(st.integers(1, 40))
    chosen = periods(count)
    data = draw(st.lists(rows(chart_type), min_size=count, max_size=count))
    rebases = draw(st.sets(st.integers(0, count - 1), max_size=3))
    starts = [period.start for period in chosen]
    indicator = Indicator(pk=1, code="PROP", title="Property", chart_type=chart_type,
                          unit="percentage", decimals=1,
                          improvement=draw(st.sampled_from(["higher", "lower", "neither"])))
    return indicator, chosen, data, {chosen[i].key for i in rebases}, draw(schedules(starts))


def stored(indicator, chosen, data, rebases, schedule):
    series = status.Series()
    for period, (value, numerator, denominator) in zip(chosen, data, strict=True):
        series.periods.append(period.key)
        series.values.append(finite(value))
        series.numerators.append(finite(numerator))
        series.denominators.append(finite(denominator))
    summary = status.spc_summaries([(indicator, series, rebases, schedule)]).get(
        indicator.pk, status.SpcSummary())
    return summary.variation, summary.assurance


def charted(indicator, chosen, data, rebases, schedule):
    observations = []
    for period, (value, numerator, denominator) in zip(chosen, data, strict=True):
        observation = Observation(value=value, numerator=numerator, denominator=denominator,
                                  approved_at=timezone.now())
        observation.set_period(period)
        observations.append(observation)
    annotations = [Rebase(key) for key in rebases]
    analysis = analyse(indicator, observations, annotations, schedule)
    return analysis.variation, analysis.assurance


@settings(max_examples=200, deadline=None)
@given(indicators())
def test_the_stored_status_and_the_chart_give_the_same_icons(case):
    assert stored(*case) == charted(*case)


def test_the_property_sees_signals_and_targets():
    """The strategy is not vacuous: a known case gives a special cause and an assurance."""
    indicator = Indicator(pk=1, code="K", title="Known", chart_type="c", unit="count",
                          decimals=0, improvement="higher")
    chosen = periods(24)
    data = [(v, None, None) for v in [14] * 12 + [14, 6] * 6]
    schedule = TargetSchedule((TargetRule("standard", 40.0, {}, date(2022, 1, 1), None, 0.0,
                                          "relative"),))
    assert stored(indicator, chosen, data, set(), schedule) == (
        "improvement_high", "consistent_fail")
    assert charted(indicator, chosen, data, set(), schedule) == (
        "improvement_high", "consistent_fail")


def test_assurance_uses_the_target_of_the_last_period_a_p_chart_can_analyse():
    """The last value has no denominator, so the P chart ends a period earlier, and the
    target (which ends there too) is the one that period has: both sides say so."""
    indicator = Indicator(pk=1, code="P", title="Ends early", chart_type="p",
                          unit="percentage", decimals=1, improvement="higher")
    chosen = periods(13)
    data = [(10.0, 10, 100)] * 12 + [(12.0, None, None)]
    schedule = TargetSchedule((TargetRule("standard", 99.0, {}, None, chosen[11].start, 0.0,
                                          "relative"),))
    assert stored(indicator, chosen, data, set(), schedule) == (
        "common_cause", "consistent_fail")
    assert charted(indicator, chosen, data, set(), schedule) == (
        "common_cause", "consistent_fail")
