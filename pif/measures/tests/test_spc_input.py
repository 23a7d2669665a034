"""One preparation of a series for SPC, shared by the stored status and the chart (ADR 0010):
which rows are analysed, what pif.spc is given, and the target the assurance icon uses."""

import math
from datetime import date

from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.charts import analysis
from pif.measures.models import Indicator, Observation
from pif.measures.targets import TargetRule, TargetSchedule

MONTHS = [Period.month(2024, month) for month in range(1, 6)]


def series(values, numerators=None, denominators=None) -> status.Series:
    count = len(values)
    return status.Series(periods=[period.key for period in MONTHS[:count]], values=values,
                         numerators=numerators or [None] * count,
                         denominators=denominators or [None] * count)


def target_until(end: date) -> TargetSchedule:
    return TargetSchedule((TargetRule("standard", 50.0, {}, None, end, 0.0, "relative"),))


def test_a_p_chart_analyses_only_rows_with_a_usable_ratio_in_fractions():
    indicator = Indicator(chart_type="p", unit="percentage")
    prepared = status.spc_input(
        indicator, series([10.0, 20.0, None, 40.0, 30.0], [1, 2, None, 4, 3],
                          [10, 10, 10, 10, None]),
        rebases={MONTHS[3].key}, schedule=target_until(MONTHS[3].end))
    assert prepared.rows == (0, 1, 3)  # no value in March, no denominator in May
    assert (prepared.y, prepared.n, prepared.multiply) == ([1, 2, 4], [10, 10, 10], 100)
    assert prepared.parts == (2,)  # April starts a new part: third of the rows analysed
    assert prepared.target == 50.0  # April's: May, after the target ends, is not analysed


def test_an_xmr_chart_keeps_every_row_and_takes_the_target_of_the_last_value():
    indicator = Indicator(chart_type="xmr")
    prepared = status.spc_input(indicator, series([5.0, None, 7.0, 6.0, None]),
                                rebases={MONTHS[2].key}, schedule=target_until(MONTHS[3].end))
    assert prepared.rows == (0, 1, 2, 3, 4)
    assert (prepared.n, prepared.multiply) == (None, 1)
    assert [None if math.isnan(y) else y for y in prepared.y] == [5.0, None, 7.0, 6.0, None]
    assert prepared.parts == (2,)
    assert prepared.target == 50.0  # April's, the last observed value


def test_nothing_to_analyse_gives_none():
    assert status.spc_input(Indicator(chart_type="p", unit="percentage"),
                            series([10.0], [1], [0]), rebases=set(),
                            schedule=TargetSchedule.empty()) is None
    assert status.spc_input(Indicator(chart_type="xmr"), series([None]), rebases=set(),
                            schedule=TargetSchedule.empty()) is None


def test_the_chart_prepares_its_rows_with_the_same_function(monkeypatch):
    seen = []

    def spy(*args, **kwargs):
        seen.append(args[0])
        return status.spc_input(*args, **kwargs)

    monkeypatch.setattr(analysis, "spc_input", spy)
    indicator = Indicator(pk=1, code="C", chart_type="c", unit="count", decimals=0)
    observations = []
    for period, value in zip(MONTHS, [3.0, 4.0, 5.0], strict=False):
        observation = Observation(value=value, approved_at=timezone.now())
        observation.set_period(period)
        observations.append(observation)
    analysis.analyse(indicator, observations, [], TargetSchedule.empty())
    assert seen == [indicator]


def test_an_xmr_chart_without_gaps_is_given_a_copy_of_its_values():
    values = [5.0, 6.0, 7.0]
    prepared = status.spc_input(Indicator(chart_type="xmr"), series(values), rebases=set(),
                                schedule=target_until(MONTHS[1].end))
    assert (prepared.rows, prepared.y, prepared.parts) == ((0, 1, 2), values, ())
    assert prepared.y is not values
    assert prepared.target is None  # March's: the target ended in February
