"""The value a new one is compared with for the large-change warning: the latest approved
value before its period, whichever path asks (pif.measures.previous)."""

import pytest

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Breakdown, Observation
from pif.measures.previous import previous_value, previous_values
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

MAY, JUNE = Period.month(2024, 5), Period.month(2024, 6)


@pytest.fixture
def ae(world):
    return world.sample_indicator()  # 90.1, 91.2, 89.5, 92.0 for January to April 2024


def submit(world, indicator, period, value, **fields):
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(indicator, period, value, **fields)],
                       approve=False, partnership=world.partnership)


def test_it_is_the_latest_approved_value_before_the_period(world, ae):
    assert previous_value(ae, MAY) == 92.0
    assert previous_value(ae, Period.month(2024, 4)) == 89.5
    assert previous_value(ae, Period.month(2024, 1)) is None


def test_a_value_awaiting_approval_does_not_count(world, ae):
    submit(world, ae, MAY, 20.0)
    assert previous_value(ae, JUNE) == 92.0


def test_a_later_period_does_not_count(world, ae):
    assert previous_value(ae, Period.month(2023, 12)) is None


def test_a_missing_value_does_not_count(world, ae):
    write_observations(Actor(user=world.editor),
                       [ObservationInput(ae, MAY, None, missing_code="..")],
                       approve=True, partnership=world.partnership)
    assert previous_value(ae, JUNE) == 92.0


def test_a_breakdown_is_compared_with_its_own_values(world, ae):
    north = Breakdown.objects.create(partnership=world.partnership, name="North")
    write_observations(Actor(user=world.editor),
                       [ObservationInput(ae, Period.month(2024, 3), 10.0, breakdown=north)],
                       approve=True, partnership=world.partnership)
    assert previous_value(ae, MAY, north) == 10.0
    assert previous_value(ae, MAY) == 92.0


def test_many_at_once_agree_with_one_at_a_time(world, ae, django_assert_max_num_queries):
    other = make_indicator(world.partnership, owner=world.health_board, code="OTHER",
                           values=[5.0, 60.0])
    submit(world, ae, MAY, 20.0)
    submit(world, ae, JUNE, 21.0)
    submit(world, other, Period.month(2024, 3), 7.0)
    waiting = list(Observation.objects.filter(approved_at__isnull=True))
    with django_assert_max_num_queries(1):
        found = previous_values(waiting)
    assert found == {o.pk: previous_value(o.indicator, o.period_obj, o.breakdown)
                     for o in waiting}
    assert sorted(found.values()) == [60.0, 92.0, 92.0]
