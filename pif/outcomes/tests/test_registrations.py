import datetime

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.outcomes import frameworks
from pif.outcomes.services import plan
from pif.outcomes.testing import make_group, make_outcome, make_risk
from pif.partnerships import stages

pytestmark = pytest.mark.django_db


def facts(partnership, slug) -> dict:
    return {f.label: f.count for f in stages.summary(partnership, slug).facts}


def test_the_vision_stage_counts_outcomes_national_links_and_diagrams(world):
    plan.use_framework(Actor(), world.partnership, frameworks.current_version("npf"))
    outcome = make_outcome(world.partnership)
    outcome.national_outcomes.add(*frameworks.current_version("npf").nodes.filter(
        kind="national_outcome")[:2])
    vision = facts(world.partnership, "vision")
    assert vision["Outcomes"] == 12
    assert vision["National outcomes linked"] == 11
    assert vision["Driver diagrams"] == 0


def test_the_conditions_stage_counts_risks_overdue_reviews_groups_and_resources(world):
    make_risk(world.partnership, world.council, "R1", review_date=datetime.date(2020, 1, 1))
    make_risk(world.partnership, world.council, "R2")
    make_group(world.partnership)
    conditions = facts(world.partnership, "conditions")
    assert conditions["Risks"] == 2 and conditions["Risk reviews overdue"] == 1
    assert conditions["Governance groups"] == 1 and conditions["Resources committed"] == 0


def test_the_home_page_shows_the_new_facts(client, world):
    make_risk(world.partnership, world.council)
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert 'Risks: <span class="pif-stage-card__count-value">1</span>' in page


def test_changes_appear_on_the_history_page(client, world):
    from pif.outcomes.services import outcomes

    outcomes.create_outcome(Actor(user=world.editor), world.partnership, level=2,
                            title="Healthier lives")
    client.force_login(world.viewer)
    page = client.get(reverse("history", args=["alpha"])).content.decode()
    assert "Healthier lives" in page and "Outcome" in page
