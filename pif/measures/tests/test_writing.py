"""write_observations: one transaction, history with who, unchanged rows left alone."""

import pytest

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, approve, write_observations
from pif.partnerships.models import Event


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.health_board, code="W1")


def rows(indicator, values, start=None):
    result, period = [], start or Period.month(2024, 1)
    for value in values:
        result.append(ObservationInput(indicator=indicator, period=period, value=value))
        period = period.next()
    return result


def test_it_creates_values_with_history_naming_the_writer(world, indicator):
    result = write_observations(Actor(user=world.editor), rows(indicator, [1, 2, 3]), approve=True,
                                partnership=world.partnership)
    assert (result.created, result.changed, result.unchanged) == (3, 0, 0)
    assert Observation.history.filter(history_user=world.editor).count() == 3
    assert Event.objects.filter(verb="data_submitted", actor=world.editor).exists()


def test_writing_the_same_values_again_changes_nothing(world, indicator):
    write_observations(Actor(user=world.editor), rows(indicator, [1, 2, 3]), approve=True,
                       partnership=world.partnership)
    history_before = Observation.history.count()
    result = write_observations(Actor(user=world.editor), rows(indicator, [1, 2, 3]), approve=True,
                                partnership=world.partnership)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 3)
    assert Observation.history.count() == history_before


def test_changing_an_approved_value_keeps_the_old_one_and_marks_it_revised(world, indicator):
    write_observations(Actor(user=world.editor), rows(indicator, [1]), approve=True,
                       partnership=world.partnership)
    write_observations(Actor(user=world.editor), rows(indicator, [5]), approve=True,
                       partnership=world.partnership)
    observation = Observation.objects.get(indicator=indicator)
    assert observation.value == 5
    assert observation.status == Observation.Status.REVISED
    assert list(observation.history.order_by("history_id").values_list("value", flat=True)) == [
        1, 5]


def test_a_contributors_values_wait_for_approval_and_then_become_final(world, indicator):
    write_observations(Actor(user=world.contributor), rows(indicator, [7]), approve=False,
                       partnership=world.partnership)
    observation = Observation.objects.get(indicator=indicator)
    assert observation.approved_at is None
    assert observation.status == Observation.Status.PROVISIONAL
    indicator.refresh_from_db()
    assert indicator.status.awaiting_approval == 1
    assert approve(Actor(user=world.editor), [observation],
                   partnership=world.partnership).count == 1
    observation.refresh_from_db()
    assert observation.approved_by == world.editor
    assert observation.status == Observation.Status.FINAL
    indicator.refresh_from_db()
    assert indicator.status.awaiting_approval == 0


def test_values_for_areas_waiting_for_approval_are_counted_too(world, indicator):
    area = Breakdown.objects.create(partnership=world.partnership, name="Fife")
    total = ObservationInput(indicator=indicator, period=Period.month(2024, 1), value=5)
    for_area = ObservationInput(indicator=indicator, period=Period.month(2024, 1), value=2,
                                breakdown=area)
    write_observations(Actor(user=world.contributor), [total, for_area], approve=False,
                       partnership=world.partnership)
    indicator.refresh_from_db()
    assert indicator.status.awaiting_approval == 2


def test_it_refreshes_the_status_of_what_it_wrote(world, indicator):
    write_observations(Actor(user=world.editor), rows(indicator, [10, 20]), approve=True,
                       partnership=world.partnership)
    indicator.refresh_from_db()
    assert indicator.status.latest_value == 20
    assert indicator.status.direction == "improving"


def test_a_missing_value_is_stored_with_its_code(world, indicator):
    row = ObservationInput(indicator=indicator, period=Period.month(2024, 1), value=None,
                           missing_code="c", status=Observation.Status.SUPPRESSED)
    write_observations(Actor(user=world.editor), [row], approve=True, partnership=world.partnership)
    observation = Observation.objects.get(indicator=indicator)
    assert observation.value is None
    assert observation.missing_code == "c"
