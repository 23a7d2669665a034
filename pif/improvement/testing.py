"""Factories for stage 3 tests, and URL samples for the test that walks every URL."""

import datetime

from pif.improvement import models as m


def make_action(partnership, organisation, reference="A01", **fields) -> m.Action:
    fields.setdefault("title", "Open a falls prevention clinic")
    fields.setdefault("start_date", datetime.date(2026, 4, 1))
    fields.setdefault("due_date", datetime.date(2027, 3, 31))
    return m.Action.objects.create(partnership=partnership, reference=reference,
                                   owner_organisation=organisation, **fields)


def make_project(partnership, organisation, title="Fewer falls in care homes",
                 **fields) -> m.Project:
    fields.setdefault("aim_what", "Falls with harm in our care homes")
    fields.setdefault("aim_how_much", "Reduce by 25%")
    fields.setdefault("aim_by_when", datetime.date(2027, 12, 31))
    return m.Project.objects.create(partnership=partnership, organisation=organisation,
                                    title=title, **fields)


def make_change_idea(project, title="Falls huddle at each shift change", **fields):
    return m.ChangeIdea.objects.create(project=project, title=title, **fields)


def make_cycle(project, change_idea=None, title="Cycle 1: one ward, one week",
               **fields) -> m.PdsaCycle:
    fields.setdefault("objective", "Test a falls huddle on one ward")
    fields.setdefault("start_date", datetime.date(2026, 5, 4))
    change_idea = change_idea or make_change_idea(project)
    return m.PdsaCycle.objects.create(project=project, change_idea=change_idea, title=title,
                                      **fields)


def _cached(world, name, factory):
    if not hasattr(world, name):
        setattr(world, name, factory())
    return getattr(world, name)


def sample_action(world) -> m.Action:
    return _cached(world, "_action",
                   lambda: make_action(world.partnership, world.health_board))


def sample_project(world) -> m.Project:
    return _cached(world, "_project",
                   lambda: make_project(world.partnership, world.health_board))


def sample_cycle(world) -> m.PdsaCycle:
    return _cached(world, "_cycle", lambda: make_cycle(sample_project(world)))


URL_KWARG_SAMPLES = {
    "action_id": lambda world: sample_action(world).pk,
    "project_id": lambda world: sample_project(world).pk,
    "cycle_id": lambda world: sample_cycle(world).pk,
    "change_idea_id": lambda world: sample_cycle(world).change_idea_id,
    "milestone_id": lambda world: m.Milestone.objects.get_or_create(
        action=sample_action(world), title="Book a room")[0].pk,
}
