"""Factories for outcomes tests, and URL samples for the test that walks every URL."""

import datetime

from pif.outcomes import models as m


def make_outcome(partnership, title="Fewer children live in poverty", *, level=2, parent=None,
                 **fields) -> m.Outcome:
    return m.Outcome.objects.create(partnership=partnership, title=title, level=level,
                                    parent=parent, **fields)


def make_risk(partnership, organisation, reference="R01", **fields) -> m.Risk:
    values = {"title": "Funding ends", "cause": "Grant funding is short term",
              "effect": "Services stop", "inherent_likelihood": 4, "inherent_impact": 4,
              "residual_likelihood": 3, "residual_impact": 3,
              "review_date": datetime.date(2030, 1, 1)}
    values.update(fields)
    return m.Risk.objects.create(partnership=partnership, reference=reference,
                                 owner_organisation=organisation, **values)


def make_group(partnership, name="Community Planning Board", **fields) -> m.Group:
    fields.setdefault("kind", m.Group.Kind.BOARD)
    fields.setdefault("remit", "Sets the plan's priorities.")
    return m.Group.objects.create(partnership=partnership, name=name, **fields)


def make_diagram(partnership, title="Reduce falls", **fields) -> m.DriverDiagram:
    fields.setdefault("aim", "Halve falls with harm by 2028")
    return m.DriverDiagram.objects.create(partnership=partnership, title=title, **fields)


def _cached(world, name, factory):
    if not hasattr(world, name):
        setattr(world, name, factory())
    return getattr(world, name)


def sample_outcome(world) -> m.Outcome:
    return _cached(world, "_outcome", lambda: make_outcome(world.partnership))


def sample_diagram(world) -> m.DriverDiagram:
    return _cached(world, "_diagram", lambda: make_diagram(world.partnership))


def sample_group(world) -> m.Group:
    return _cached(world, "_group", lambda: make_group(world.partnership))


URL_KWARG_SAMPLES = {
    "outcome_id": lambda world: sample_outcome(world).pk,
    "vision_id": lambda world: _cached(world, "_vision", lambda: m.Vision.objects.create(
        partnership=world.partnership, first_year=2026, last_year=2035,
        statement="A fairer Alpha.")).pk,
    "version_id": lambda world: _cached(world, "_version", lambda: _version()).pk,
    "link_id": lambda world: _cached(world, "_link", lambda: m.OutcomeLink.objects.create(
        partnership=world.partnership, cause=sample_outcome(world),
        effect=make_outcome(world.partnership, "Higher incomes", level=2))).pk,
    "locality_id": lambda world: _cached(world, "_locality", lambda: m.Locality.objects.create(
        partnership=world.partnership, name="Townhead")).pk,
    "diagram_id": lambda world: sample_diagram(world).pk,
    "node_id": lambda world: _cached(world, "_node", lambda: m.DriverNode.objects.create(
        diagram=sample_diagram(world), kind="primary", title="Reliable assessment")).pk,
    "risk_id": lambda world: _cached(world, "_risk", lambda: make_risk(
        world.partnership, world.council)).pk,
    "group_id": lambda world: sample_group(world).pk,
    "group_member_id": lambda world: _cached(world, "_member", lambda: m.GroupMember.objects
                                             .create(group=sample_group(world),
                                                     name="Chief Executive")).pk,
    "resource_id": lambda world: _cached(world, "_resource", lambda: m.Resource.objects.create(
        partnership=world.partnership, organisation=world.council, kind="money",
        amount=1000, financial_year=2026)).pk,
}


def _version() -> m.FrameworkVersion:
    from pif.outcomes import frameworks

    frameworks.ensure_loaded()
    return frameworks.current_version("npf")
