"""The fast path for changed values writes the rows and history django-simple-history's
`bulk_update_with_history` wrote before it: each change is compared, field by field, with the
same change written the old way."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures import bulk, writing
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

NOW = datetime.datetime(2024, 6, 15, 12, 0, tzinfo=datetime.UTC)
HISTORY_FIELDS = [f.attname for f in Observation.history.model._meta.concrete_fields
                  if f.attname != "history_id"]  # a sequence: not rolled back on PostgreSQL


def write_the_old_way(actor, rows: list[tuple]) -> None:
    """What ObservationWriter did before bulk.update_observations: the changed objects
    written by `bulk_update_with_history`."""
    observations = Observation.objects.in_bulk([row[0] for row in rows])
    for row in rows:
        for name, value in zip(bulk.CHANGED_COLUMNS, row, strict=True):
            setattr(observations[row[0]], name, value)
    bulk_update_with_history(list(observations.values()), Observation,
                             fields=[*writing.VALUE_FIELDS, "entered_by", "entered_at",
                                     "approved_by", "approved_at"],
                             batch_size=1000, default_user=actor.user,
                             default_change_reason=actor.change_reason())


@pytest.fixture
def stored(world, monkeypatch):
    """Values of an indicator, total and for an area: six approved, two waiting."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)  # both ways write at the same time
    indicator = make_indicator(world.partnership, owner=world.health_board, code="C1")
    area = Breakdown.objects.create(partnership=world.partnership, name="North")
    months = [Period.month(2023, month) for month in range(1, 9)]
    for breakdown in (None, area):
        rows = [ObservationInput(indicator=indicator, period=period, value=10.0 + n,
                                 breakdown=breakdown, note="first")
                for n, period in enumerate(months)]
        write_observations(Actor(user=world.editor), rows[:6], approve=True,
                           partnership=world.partnership)
        write_observations(Actor(user=world.contributor), rows[6:], approve=False,
                           partnership=world.partnership)
    return indicator, area, months


def changes(indicator, area, months) -> list[ObservationInput]:
    """Every stored value changed: new figures, a note, a missing value, statuses."""
    rows = []
    for breakdown in (None, area):
        for n, period in enumerate(months):
            rows.append(ObservationInput(
                indicator=indicator, period=period, breakdown=breakdown,
                value=None if n == 2 else 50.0 + n, missing_code="c" if n == 2 else "",
                note="second" if n % 2 else "first",
                status=Observation.Status.FINAL if n == 3 else Observation.Status.PROVISIONAL))
    return rows


def written(stored, actor, approve: bool, monkeypatch, *, old_way: bool):
    """The observations and their history after the change, then rolled back."""
    if old_way:
        monkeypatch.setattr(writing, "update_observations", write_the_old_way)
    with transaction.atomic():
        result = write_observations(actor, changes(*stored), approve=approve,
                                    partnership=stored[0].partnership)
        observations = list(Observation.objects.order_by("id").values())
        history = list(Observation.history.order_by("id", "history_date", "history_type")
                       .values(*HISTORY_FIELDS))
        transaction.set_rollback(True)
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return result, observations, history


ACTORS = {"contributor": lambda world: Actor(user=world.contributor),
          "editor via upload": lambda world: Actor(user=world.editor, via="upload"),
          "operator": lambda world: COMMAND_LINE}


@pytest.mark.parametrize("approve", [False, True])
@pytest.mark.parametrize("who", list(ACTORS))
def test_changed_values_and_their_history_are_as_bulk_update_with_history_wrote_them(
        world, stored, monkeypatch, who, approve):
    actor = ACTORS[who](world)
    old = written(stored, actor, approve, monkeypatch, old_way=True)
    new = written(stored, actor, approve, monkeypatch, old_way=False)
    assert new[0].changed == old[0].changed == 16
    assert new[1] == old[1]
    assert new[2] == old[2]
    changed = [row for row in new[2] if row["history_type"] == "~"]
    assert len(changed) == 16
    assert {row["history_user_id"] for row in changed} == {actor.user.pk if actor.user
                                                           else None}
    assert {row["history_change_reason"] for row in changed} == {actor.change_reason()}
    assert {row["history_date"] for row in changed} == {NOW}


def test_a_change_approved_before_is_a_revision_in_the_history(world, stored, monkeypatch):
    _, observations, history = written(stored, Actor(user=world.contributor), False,
                                       monkeypatch, old_way=False)
    revised = {row["id"] for row in history if row["history_type"] == "~"
               and row["status"] == Observation.Status.REVISED}
    approved_before = {row["id"] for row in observations if row["period_end"]
                       < datetime.date(2023, 7, 1)}
    assert revised == approved_before


def test_a_value_withdrawn_meanwhile_refuses_the_whole_write(world, stored):
    """Rows that are no longer stored cannot be changed: nothing is kept half written."""
    first = Observation.objects.order_by("id").first()
    rows = [(first.pk + 10_000, *([None] * (len(bulk.CHANGED_COLUMNS) - 1)))]
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk.update_observations(Actor(user=world.editor), rows)
