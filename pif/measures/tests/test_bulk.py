"""The fast path for new values: every observation gets exactly one matching history row."""

import pytest
from django.db import connection

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import bulk
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

COPIED = ["id", "indicator_id", "breakdown_id", "period", "period_start", "period_end",
          "value", "numerator", "denominator", "missing_code", "status", "note",
          "entered_by_id", "entered_at", "approved_by_id", "approved_at"]


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.health_board, code="B1")


def inputs(indicator, values):
    rows, period = [], Period.month(2023, 1)
    for value in values:
        rows.append(ObservationInput(indicator=indicator, period=period, value=value,
                                     numerator=value, denominator=100, note=f"n{value}"))
        period = period.next()
    return rows


def test_each_new_value_has_one_created_history_row_with_the_same_columns(world, indicator):
    write_observations(Actor(user=world.editor, via="upload"), inputs(indicator, range(30)),
                       approve=True,
                       partnership=world.partnership, source="file.csv")
    stored = {row["id"]: row for row in Observation.objects.values(*COPIED)}
    history = list(Observation.history.values(*COPIED, "history_type", "history_user_id",
                                              "history_change_reason"))
    assert len(stored) == len(history) == 30
    for row in history:
        assert {name: row[name] for name in COPIED} == stored[row["id"]]
        assert row["history_type"] == "+"
        assert row["history_user_id"] == world.editor.pk
        assert row["history_change_reason"] == "Changed through upload"


def test_a_later_write_copies_only_its_own_new_values(world, indicator):
    write_observations(Actor(user=world.editor), inputs(indicator, [1, 2, 3]), approve=True,
                       partnership=world.partnership)
    # The same three periods changed, and two new ones after them.
    write_observations(Actor(user=world.contributor), inputs(indicator, [9, 9, 9, 4, 5]),
                       approve=False, partnership=world.partnership)
    kinds = list(Observation.history.order_by("history_id")
                 .values_list("history_type", "value", "history_user_id"))
    editor, contributor = world.editor.pk, world.contributor.pk
    assert sorted(kinds[:3]) == [("+", 1, editor), ("+", 2, editor), ("+", 3, editor)]
    assert sorted(kinds[3:]) == [("+", 4, contributor), ("+", 5, contributor),
                                 ("~", 9, contributor), ("~", 9, contributor),
                                 ("~", 9, contributor)]


def test_values_for_other_indicators_written_before_are_not_copied_again(world, indicator):
    other = make_indicator(world.partnership, owner=world.health_board, code="B2")
    write_observations(Actor(user=world.editor), inputs(other, [1, 2]), approve=True,
                       partnership=world.partnership)
    write_observations(Actor(user=world.editor), inputs(indicator, [3]), approve=True,
                       partnership=world.partnership)
    assert Observation.history.filter(indicator_id=other.pk).count() == 2
    assert Observation.history.filter(indicator_id=indicator.pk).count() == 1


def estimated_values() -> float:
    """PostgreSQL's estimate of how many values are stored, renewed by ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                       [Observation._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_write_adding_over_a_tenth_of_the_values_renews_their_statistics_once_committed(
        world, indicator, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(bulk, "ANALYSE_AFTER", 1)

    def write(indicator, values):
        with django_capture_on_commit_callbacks(execute=True):
            write_observations(Actor(user=world.editor), inputs(indicator, values),
                               approve=True, partnership=world.partnership)

    write(indicator, range(30))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Observation._meta.db_table}")
    assert estimated_values() == 30
    later = make_indicator(world.partnership, owner=world.health_board, code="B3")
    write(later, [1, 2])
    assert estimated_values() == 30  # two is less than a tenth of thirty: left to autovacuum
    uncommitted = make_indicator(world.partnership, owner=world.health_board, code="B4")
    with django_capture_on_commit_callbacks(execute=False):  # as if rolled back
        write_observations(Actor(user=world.editor), inputs(uncommitted, range(10)),
                           approve=True, partnership=world.partnership)
    assert estimated_values() == 30
    write(make_indicator(world.partnership, owner=world.health_board, code="B5"), range(10))
    assert Observation.objects.count() == 52
    assert estimated_values() == 52  # renewed at once
