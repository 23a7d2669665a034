"""Factories for stage 4 tests, and URL samples for the test that walks every URL."""

import datetime

from pif.people import models as m


def make_activity(partnership, title="Quality improvement foundations", **fields):
    fields.setdefault("kind", m.LearningActivity.Kind.COURSE)
    fields.setdefault("start_date", datetime.date(2026, 6, 1))
    return m.LearningActivity.objects.create(partnership=partnership, title=title, **fields)


def levels_of(partnership) -> list[m.CapabilityLevel]:
    """The partnership's levels (every new partnership starts with the NES ones)."""
    return list(m.CapabilityLevel.objects.filter(partnership=partnership))


def make_level(partnership, name="Expert", position=99, **fields) -> m.CapabilityLevel:
    return m.CapabilityLevel.objects.create(partnership=partnership, name=name,
                                            position=position, **fields)


def make_count(partnership, organisation, level, people=10,
               counted_on=datetime.date(2026, 9, 30)) -> m.CapabilityCount:
    return m.CapabilityCount.objects.create(partnership=partnership, organisation=organisation,
                                            level=level, people=people, counted_on=counted_on)


def keep_personal_records(partnership, keep=True) -> m.PeopleSettings:
    found, _ = m.PeopleSettings.objects.update_or_create(
        partnership=partnership, defaults={"keep_personal_records": keep})
    return found


def make_record(partnership, organisation, level, person_name="Ann Other",
                **fields) -> m.TrainingRecord:
    fields.setdefault("achieved_on", datetime.date(2026, 5, 1))
    return m.TrainingRecord.objects.create(partnership=partnership, organisation=organisation,
                                           level=level, person_name=person_name, **fields)


def _cached(world, name, factory):
    if not hasattr(world, name):
        setattr(world, name, factory())
    return getattr(world, name)


URL_KWARG_SAMPLES = {
    "activity_id": lambda world: _cached(world, "_activity",
                                         lambda: make_activity(world.partnership)).pk,
    "level_id": lambda world: _cached(world, "_level", lambda: make_level(world.partnership)).pk,
    "record_id": lambda world: _cached(world, "_training_record", lambda: make_record(
        world.partnership, world.council, levels_of(world.partnership)[0])).pk,
}
