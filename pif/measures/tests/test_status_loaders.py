"""The status refresh's loaders read plain rows from the cursor: they must still answer for
no indicators at all (a review of a partnership with none), not fail to build their query.
They read numerators and denominators only for the charts that analyse them, and on
PostgreSQL each series whose values are all approved as one row of arrays."""

import pytest
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import IndicatorStatus, Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations


@pytest.mark.django_db
def test_no_indicators_have_no_series():
    assert status.load_series([]) == {}
    assert status.count_unapproved([]) == {}


def test_a_column_of_numbers_keeps_only_finite_ones():
    assert status._finite_column((1.0, None, 2.5)) == [1.0, None, 2.5]
    assert status._finite_column((1.0, None, float("inf"), float("nan"))) == [
        1.0, None, None, None]
    assert status._finite_column([float("-inf"), float("inf")]) == [None, None]
    # their sum overflows, yet each is finite (stored before the rules refused such numbers)
    assert status._finite_column([1.7e308, None, 1.7e308]) == [1.7e308, None, 1.7e308]


def _p_chart(world, code, numerators):
    """A P chart of monthly percentages from 2024, each value approved."""
    indicator = make_indicator(world.partnership, owner=world.health_board, code=code,
                               chart_type="p")
    period = Period.month(2024, 1)
    for numerator in numerators:
        observation = Observation(indicator=indicator, value=numerator, numerator=numerator,
                                  denominator=100, approved_at=timezone.now())
        observation.set_period(period)
        observation.save()
        period = period.next()
    return indicator


def _without_ratios(one: status.Series) -> tuple:
    return one.periods, one.values, one.submitted_period


@pytest.mark.django_db
def test_numerators_and_denominators_are_read_only_when_asked_for(world):
    indicator = _p_chart(world, "R1", [10.0, 20.0, 30.0])
    both = status.load_series([indicator.pk])[indicator.pk]
    values_only = status.load_series([indicator.pk], ratios=False)[indicator.pk]
    assert (both.numerators, both.denominators) == ([10.0, 20.0, 30.0], [100.0] * 3)
    assert (values_only.numerators, values_only.denominators) == ([], [])
    assert _without_ratios(values_only) == _without_ratios(both)
    assert both.submitted_period == Period.month(2024, 3).key


@pytest.mark.django_db
def test_a_value_awaiting_approval_counts_as_approved_whether_or_not_ratios_are_read(world):
    """One indicator with a revision waiting, one without, read together: on PostgreSQL the
    first is read row by row, the second as arrays."""
    waiting, approved = _p_chart(world, "R2", [10.0, 20.0]), _p_chart(world, "R3", [40.0])
    february = Period.month(2024, 2)
    row = ObservationInput(indicator=waiting, period=february, value=25.0, numerator=25,
                           denominator=100)
    write_observations(Actor(user=world.contributor), [row], approve=False,
                       partnership=world.partnership)
    ids = [waiting.pk, approved.pk]
    both, values_only = status.load_series(ids), status.load_series(ids, ratios=False)
    assert (both[waiting.pk].values, both[waiting.pk].numerators) == ([10.0, 20.0], [10.0, 20.0])
    assert (both[approved.pk].values, both[approved.pk].denominators) == ([40.0], [100.0])
    for pk in ids:
        assert _without_ratios(values_only[pk]) == _without_ratios(both[pk])
        assert values_only[pk].numerators == []
    assert both[waiting.pk].submitted_period == february.key


def test_the_last_observed_values_are_the_end_of_the_observed_ones():
    periods = [Period.month(2024, month).key for month in range(1, 7)]
    one = status.Series(periods=periods, values=[None, 1.0, None, 2.0, 3.0, None])
    for count in range(1, 6):
        assert one.last_observed(count) == one.observed()[-count:]
    assert status.Series().last_observed(3) == []


@pytest.mark.django_db
def test_a_stored_status_has_its_sparkline_and_when_it_was_computed(world):
    before = timezone.now()
    indicator = make_indicator(world.partnership, owner=world.health_board, code="S1",
                               values=[1.5, None, 2.5])
    stored = IndicatorStatus.objects.get(indicator=indicator)
    assert stored.sparkline == [1.5, 2.5]
    assert stored.points == 2 and stored.sparkline_svg.startswith("<svg")
    assert before <= stored.computed_at <= timezone.now()
