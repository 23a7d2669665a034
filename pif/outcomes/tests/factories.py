"""Fill a partnership with n of everything, to check that pages cost the same queries."""

import datetime

from pif.actors import Actor
from pif.measures.testing import make_indicator
from pif.outcomes import frameworks
from pif.outcomes import models as m
from pif.outcomes.services import plan
from pif.outcomes.testing import make_group, make_outcome, make_risk


def fill(world, n: int, start: int = 0) -> None:
    """Add rows numbered start to start + n - 1 (call again to add more)."""
    partnership = world.partnership
    plan.use_framework(Actor(), partnership, frameworks.current_version("balanced-scorecard"))
    national = frameworks.current_version("npf").nodes.filter(kind="national_outcome")[0]
    perspective = plan.plan_settings(partnership).perspectives.nodes.first()
    locality, _ = m.Locality.objects.get_or_create(partnership=partnership, name="Townhead")
    top = (m.Outcome.objects.filter(partnership=partnership, title="Top").first()
           or make_outcome(partnership, "Top", level=1, perspective=perspective))
    previous = None
    diagram, _ = m.DriverDiagram.objects.get_or_create(partnership=partnership, title="D",
                                                       aim="Aim")
    group = (m.Group.objects.filter(partnership=partnership, name="Board").first()
             or make_group(partnership, "Board"))
    for i in range(start, start + n):
        outcome = make_outcome(partnership, f"Outcome {i}", level=2 + i % 3,
                               parent=top if i % 3 == 0 or previous is None else previous,
                               locality=locality,
                               lead_organisation=world.council, lead_person=world.editor,
                               perspective=perspective)
        if i % 3 != 2:
            previous = outcome
        outcome.national_outcomes.add(national)
        indicator = make_indicator(partnership, owner=world.council, code=f"I-{i}",
                                   values=[1, 2, 3, 4] if i % 2 else [])
        outcome.indicators.add(indicator)
        first = m.Outcome.objects.filter(partnership=partnership, title="Outcome 0").first()
        first.indicators.add(indicator)  # so one outcome page grows with n too
        locality.indicators.add(indicator)
        m.OutcomeLink.objects.create(partnership=partnership, cause=outcome, effect=top)
        risk = make_risk(partnership, world.council, reference=f"R{i:02d}",
                         owner=world.editor, review_date=datetime.date(2020, 1, 1) if i % 2 else
                         datetime.date(2099, 1, 1))
        risk.outcomes.add(outcome, first)
        other = make_group(partnership, f"Group {i}", reports_to=group)
        other.outcomes.add(outcome)
        m.GroupMember.objects.create(group=other, name=f"Person {i}",
                                     organisation=world.health_board)
        m.Resource.objects.create(partnership=partnership, organisation=world.council,
                                  outcome=outcome, kind="money", amount=1000 + i,
                                  financial_year=2026)
        parent = diagram.nodes.filter(kind="primary").first() if i % 2 else None
        m.DriverNode.objects.create(diagram=diagram, kind="secondary" if parent else "primary",
                                    parent=parent, title=f"Driver {i}", outcome=outcome,
                                    indicator=indicator)
