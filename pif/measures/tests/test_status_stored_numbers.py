"""Numbers stored before the rules refused them (above 10^15, infinity, NaN) never stop a
status refresh or a chart: a value that is not a finite number counts as missing, and a
huge one is analysed without numeric overflow."""

import math
import warnings

import pytest
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.charts import build_chart
from pif.measures.models import Observation
from pif.measures.targets import TargetSchedule
from pif.measures.testing import make_indicator

ODD_NUMBERS = [1e300, -1e300, 1.7e308, -1.7e308, math.inf, -math.inf, math.nan]
CHARTS = ["xmr", "run", "c", "p", "u"]


def store_directly(indicator, value, period, **fields):
    """Save a value as data from before the rules would have done: no check at all."""
    observation = Observation(indicator=indicator, value=value, status=Observation.Status.FINAL,
                              approved_at=timezone.now(), **fields)
    observation.set_period(period)
    observation.save()
    return observation


def refreshed(indicator):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in the SPC arithmetic fails the test
        status.refresh([indicator])
    indicator.refresh_from_db()
    return indicator.status


def indicator_with(world, odd, chart_type="xmr"):
    """Three ordinary values, then ``odd`` stored as the value, numerator and denominator."""
    indicator = make_indicator(world.partnership, owner=world.council, code="ODD",
                               values=[10.0, 12.0, 11.0], chart_type=chart_type)
    for observation in indicator.observations.all():
        observation.numerator, observation.denominator = observation.value, 100
        observation.save()
    store_directly(indicator, odd, Period.month(2024, 4), numerator=odd, denominator=odd)
    return indicator


@pytest.mark.parametrize("chart_type", CHARTS)
@pytest.mark.parametrize("odd", ODD_NUMBERS, ids=repr)
def test_a_refresh_survives_any_stored_number(world, odd, chart_type):
    stored = refreshed(indicator_with(world, odd, chart_type))
    for number in (stored.latest_value, stored.previous_value, stored.mean,
                   stored.lower_limit, stored.upper_limit, *stored.sparkline):
        assert number is None or math.isfinite(number)


@pytest.mark.parametrize("odd", [math.inf, -math.inf, math.nan], ids=repr)
def test_a_value_that_is_not_a_finite_number_counts_as_missing(world, odd):
    indicator = make_indicator(world.partnership, owner=world.council, code="NAN",
                               values=[10.0, 12.0, 11.0])
    store_directly(indicator, odd, Period.month(2024, 4))
    stored = refreshed(indicator)
    assert stored.latest_value == 11.0
    assert stored.latest_period == Period.month(2024, 3).key
    assert stored.points == 3
    assert stored.sparkline == [10.0, 12.0, 11.0]


def test_a_huge_finite_value_still_counts(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="BIG",
                               values=[10.0, 12.0, 11.0])
    store_directly(indicator, 1e300, Period.month(2024, 4))
    stored = refreshed(indicator)
    assert stored.latest_value == 1e300
    assert stored.points == 4


@pytest.mark.parametrize("chart_type", CHARTS)
@pytest.mark.parametrize("odd", ODD_NUMBERS, ids=repr)
def test_the_chart_agrees_with_the_status_for_any_stored_number(world, odd, chart_type):
    indicator = indicator_with(world, odd, chart_type)
    stored = refreshed(indicator)
    observations = indicator.observations.order_by("period_start")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = build_chart(indicator, observations, [], TargetSchedule.empty())
    latest = chart.observed_rows[-1]
    assert latest.period == stored.latest_period
    if chart_type not in ("p", "u"):  # those chart the ratio of the numerator and denominator
        assert latest.value == stored.latest_value
    assert len(chart.observed_rows) == stored.points
    assert chart.svg.startswith("<svg")


def test_the_sparkline_spans_the_largest_stored_numbers(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="SPAN",
                               values=[10.0])
    store_directly(indicator, -1.7e308, Period.month(2024, 2))
    store_directly(indicator, 1.7e308, Period.month(2024, 3))
    svg = refreshed(indicator).sparkline_svg
    assert 'points="2.0,' in svg
    assert "nan" not in svg and "inf" not in svg
