"""What stage 3 adds to the shared registries: the menu entry, the stage facts, the overview's
providers, the outcome page's sections, the charts' marks, the notices, history and verbs."""

import pytest
from django.urls import reverse

from pif.improvement import overview as stage3_overview
from pif.improvement.outcome_sections import outcome_sections
from pif.improvement.stage_facts import action_facts
from pif.improvement.testing import make_action
from pif.outcomes import sections
from pif.partnerships import history, overview, stages
from pif.partnerships.context_processors import PARTNERSHIP_SECTIONS
from pif.partnerships.events import EVENT_VERBS

pytestmark = pytest.mark.django_db


def test_each_provider_is_registered_once():
    assert stages._providers["action"].count(action_facts) == 1
    assert overview._providers.count(stage3_overview.my_actions) == 1
    assert overview._providers.count(stage3_overview.action_panels) == 1
    assert sections._providers.count(outcome_sections) == 1


def test_registering_again_changes_nothing():
    from pif.improvement import registrations

    before = (list(PARTNERSHIP_SECTIONS), list(overview._providers),
              list(sections._providers), list(stages._providers["action"]))
    registrations.register_all()
    after = (list(PARTNERSHIP_SECTIONS), list(overview._providers),
             list(sections._providers), list(stages._providers["action"]))
    assert after == before


def test_the_menu_has_take_action_after_vision_and_conditions():
    names = [name for name, _ in PARTNERSHIP_SECTIONS]
    assert ("actions", "Take action") in PARTNERSHIP_SECTIONS
    assert names.index("outcomes") < names.index("actions") < names.index("scorecard")


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor", "admin"])
def test_every_member_sees_take_action_in_the_menu(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert f'href="{reverse("actions", args=["alpha"])}"' in page


def test_the_charts_have_stage_3_marks():
    from pif.improvement import chart_marks
    from pif.measures.charts import marks

    assert chart_marks.provider in marks._providers


def test_the_reminders_have_stage_3():
    from pif.improvement import notices
    from pif.measures import reminders

    assert notices.reminders_for in reminders.registered()


def test_history_and_verbs_name_stage_3(client, world):
    assert {"Action", "Improvement project", "PDSA cycle"} <= {
        kind for _, kind in history.kinds()}
    assert EVENT_VERBS["action_added"] == "Action added"
    make_action(world.partnership, world.health_board, title="Open a falls clinic")
    client.force_login(world.viewer)
    page = client.get(reverse("history", args=["alpha"])).content.decode()
    assert "Open a falls clinic" in page
