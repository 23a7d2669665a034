"""The partnership home page (the six stages) and each stage page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from pif.partnerships.models import Organisation
from pif.partnerships.stages import STAGES

TITLES = ["Establish a vision", "Create the right conditions", "Take action",
          "Develop people", "Check and report progress", "Review the cycle"]


def site_name() -> str:
    return settings.SITE_NAME


def add_organisations(world, count):
    for number in range(count):
        Organisation.objects.create(partnership=world.partnership, name=f"Extra {number}",
                                    kind="other", short_code=f"EX{number}")


def test_it_shows_the_six_stages_in_order(client, world):
    client.force_login(world.viewer)
    response = client.get(reverse("partnership", args=["alpha"]))
    assert response.status_code == 200
    page = response.content.decode()
    cycle = page[page.index("The improvement cycle"):]  # the menu and panels come first
    positions = [cycle.index(title) for title in TITLES]
    assert positions == sorted(positions)
    for stage in STAGES:
        assert reverse("stage", args=["alpha", stage.slug]) in page


def test_it_shows_the_counts_of_organisations_and_members(client, world):
    add_organisations(world, 4)
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert 'Partner organisations: <span class="pif-stage-card__count-value">6</span>' in page
    assert 'Members: <span class="pif-stage-card__count-value">4</span>' in page
    assert "Your role: viewer" in page


def test_it_counts_only_this_partnerships_organisations(client, world):
    client.force_login(world.outsider)
    page = client.get(reverse("partnership", args=["beta"])).content.decode()
    assert 'Partner organisations: <span class="pif-stage-card__count-value">1</span>' in page
    assert 'Members: <span class="pif-stage-card__count-value">1</span>' in page


def test_a_partnership_without_a_vision_says_nothing_recorded(client, world):
    client.force_login(world.outsider)
    page = client.get(reverse("partnership", args=["beta"])).content.decode()
    assert "Vision statement set" not in page
    assert "Nothing recorded yet." in page


BUILT = [stage for stage in STAGES if stage.is_built]
COMING = [stage for stage in STAGES if not stage.is_built]


@pytest.mark.parametrize("stage", BUILT, ids=[s.slug for s in BUILT])
def test_each_built_stage_page_shows_its_title_and_next_step(client, world, stage):
    client.force_login(world.admin)  # who can take every next step: test_stage_next_step.py
    response = client.get(reverse("stage", args=["alpha", stage.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Stage {stage.number} of 6" in page
    assert stage.title in page
    assert escape(stage.next_step) in page
    assert "What to do next" in page
    assert escape(stage.holds) in page  # as written: "SPC charts", not "spc charts"


def test_stages_3_and_6_are_built():
    assert "review" in [stage.slug for stage in BUILT]
    assert "action" in [stage.slug for stage in BUILT]
    assert all(stage.next_step == "" for stage in COMING)
    assert all(stage.next_step for stage in BUILT)


@pytest.mark.parametrize("stage", COMING, ids=[s.slug for s in COMING])
def test_a_stage_not_built_yet_says_so_and_offers_nothing_to_do(client, world, stage):
    client.force_login(world.admin)
    response = client.get(reverse("stage", args=["alpha", stage.slug]))
    page = response.content.decode()
    assert f"{site_name()} does not hold this stage yet" in page
    assert "What to do next" not in page
    assert escape(stage.holds) in page  # as written: "PDSA cycles", not "pdsa cycles"
    content = page[page.index("<main"):page.index("</main>")]
    nav_end = content.index("</nav>")
    # After the partnership's menu, the only link goes back to the overview.
    assert content[nav_end:].count("<a ") == 1
    assert 'role="button"' not in content


def test_the_overview_marks_the_stages_not_built_yet(client, world):
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert page.count("Coming in a later version") == len(COMING)


def test_the_conditions_stage_lists_organisations_and_members(client, world):
    client.force_login(world.viewer)
    response = client.get(reverse("stage", args=["alpha", "conditions"]))
    facts = {fact.label: fact.count for fact in response.context["summary"].facts}
    assert facts["Partner organisations"] == 2
    assert facts["Members"] == 4
    assert reverse("organisations", args=["alpha"]) in response.content.decode()


def test_an_unknown_stage_is_not_found(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("stage", args=["alpha", "no-such-stage"])).status_code == 404


def test_an_outsider_gets_404_for_a_stage(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("stage", args=["alpha", "vision"])).status_code == 404


def test_the_site_home_lists_only_my_partnerships(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("home")).content.decode()
    assert "Alpha Partnership" in page
    assert "Beta Partnership" not in page
