"""Personal records and the setting that allows them cannot disagree, however close together
an admin turns records off and an editor adds one: both services lock the partnership's
people settings row before they check it, so the second waits for the first and then sees
what it did."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.people import models as m
from pif.people import services
from pif.people.testing import keep_personal_records, levels_of

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite writes one transaction at a time; the race "
                                          "needs PostgreSQL")


def new_record(world) -> m.TrainingRecord:
    return m.TrainingRecord(partnership=world.partnership, person_name="Ann Other",
                            organisation=world.council, level=levels_of(world.partnership)[0],
                            achieved_on="2026-05-01")


def turn_off(world) -> None:
    services.save_settings(Actor(user=world.admin), world.partnership,
                           loaded_version=PROGRAM_CHANGE, keep_personal_records=False)


def add_record(world) -> None:
    services.save_training_record(Actor(user=world.editor), new_record(world))


def race(first, second) -> dict:
    """Run `first` in a transaction that stays open for half a second after it, while
    `second` starts; what each raised is returned by name."""
    done, outcome = threading.Event(), {}

    def run(name, work, before=None, after=None):
        try:
            if before:
                before.wait(5)
            with transaction.atomic():
                work()
                if after:
                    after.set()
                    threading.Event().wait(0.5)  # hold the transaction open
        except ValidationError as refused:
            outcome[name] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=("first", first, None, done)),
               threading.Thread(target=run, args=("second", second, done, None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcome


def first(sqls: list[str], *words: str) -> int:
    """Where the first query holding every one of `words` comes (it must come)."""
    return next(i for i, sql in enumerate(sqls) if all(word in sql for word in words))


def sqls_of(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_records_turned_off_while_one_is_added_wait_and_are_refused(world):
    keep_personal_records(world.partnership)
    outcome = race(lambda: add_record(world), lambda: turn_off(world))
    assert "first" not in outcome
    assert outcome["second"].error_dict["keep_personal_records"][0].code == (
        "personal_records_left")
    assert m.TrainingRecord.objects.count() == 1
    assert m.PeopleSettings.objects.get().keep_personal_records


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_record_added_while_records_are_turned_off_waits_and_is_refused(world):
    keep_personal_records(world.partnership)
    outcome = race(lambda: turn_off(world), lambda: add_record(world))
    assert "first" not in outcome
    assert outcome["second"].error_dict["__all__"][0].code == "personal_records_off"
    assert not m.TrainingRecord.objects.exists()
    assert not m.PeopleSettings.objects.get().keep_personal_records


@on_postgresql
@pytest.mark.django_db
def test_both_services_lock_the_settings_row_before_checking(world):
    keep_personal_records(world.partnership)
    with CaptureQueriesContext(connection) as adding:
        add_record(world)
    sqls = sqls_of(adding)
    assert first(sqls, "people_peoplesettings", "FOR UPDATE") < first(sqls, "INSERT")
    m.TrainingRecord.objects.all().delete()
    with CaptureQueriesContext(connection) as turning_off:
        turn_off(world)
    sqls = sqls_of(turning_off)
    assert (first(sqls, "people_peoplesettings", "FOR UPDATE")
            < first(sqls, "COUNT", "people_trainingrecord"))


def test_without_a_settings_row_a_record_is_refused_and_no_row_is_made(world):
    with pytest.raises(ValidationError) as refused:
        add_record(world)
    assert refused.value.error_dict["__all__"][0].code == "personal_records_off"
    assert not m.PeopleSettings.objects.exists()
    assert not m.TrainingRecord.objects.exists()
