"""The writer's last guard trusts a check made moments before only where it can: rows of
the very indicator objects checked, written as they were given, and only for rules that
cannot have changed since (docs/adr/0026-trusted-checks-in-the-writer.md)."""

import pytest
from django.db import transaction

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Indicator, Observation
from pif.measures.rules import ObservationRefused
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, ObservationWriter


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.health_board, code="T1")


def write(world, rows, *, checked):
    with transaction.atomic():
        writer = ObservationWriter(Actor(user=world.editor), approve=True,
                                   partnership=world.partnership, checked=checked)
        writer.write(rows)
        return writer.finish()


def test_rows_of_an_indicator_not_named_as_checked_pass_every_rule(world, indicator):
    other = make_indicator(world.partnership, owner=world.health_board, code="T2")
    rows = [ObservationInput(indicator=indicator, period=Period.month(2024, 1), value=50),
            ObservationInput(indicator=other, period=Period.month(2024, 1), value=150)]
    with pytest.raises(ObservationRefused) as refused:
        write(world, rows, checked=[indicator])
    assert list(refused.value.findings) == [1]
    assert not Observation.objects.exists()


def test_a_copy_of_a_checked_indicator_is_not_trusted(world, indicator):
    copy = Indicator.objects.get(pk=indicator.pk)  # read again: its rules may have changed
    rows = [ObservationInput(indicator=copy, period=Period.month(2024, 1), value=150)]
    with pytest.raises(ObservationRefused):
        write(world, rows, checked=[indicator])


def test_a_checked_row_still_meets_the_period_rules_of_today(world, indicator):
    future = Period.month(2999, 1)
    rows = [ObservationInput(indicator=indicator, period=Period.month(2024, 1), value=50),
            ObservationInput(indicator=indicator, period=future, value=50)]
    with pytest.raises(ObservationRefused) as refused:
        write(world, rows, checked=[indicator])
    assert [finding.rule for finding in refused.value.findings[1]] == ["period_begun"]


def test_checked_rows_are_written_as_any_others(world, indicator):
    rows = [ObservationInput(indicator=indicator, period=Period.month(2024, month), value=month)
            for month in (1, 2, 3)]
    result = write(world, rows, checked=[indicator])
    assert (result.created, result.changed, result.unchanged) == (3, 0, 0)
    assert sorted(Observation.objects.values_list("value", flat=True)) == [1, 2, 3]
    assert Observation.history.filter(history_type="+").count() == 3
