"""The assessment pages in a browser: an assessor scores a part, then at the consensus step an
editor reads the spread and records the agreed score, and everyone reads the summary. Each
page is checked with axe-core, and at 320 px wide it must fit."""

from pathlib import Path

import pytest
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.reviews.services import assessments as services
from pif.reviews.testing import make_assessment, scored_nodes
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import (  # noqa: F401 (browser, page: fixtures used by name)
    browser,
    check_accessibility,
    check_fits,
    page,
    sign_in,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SHOTS = Path("/tmp/h/shots/assessments")


def look(tab, name: str) -> None:
    """Check the page at 1024 and 320 px wide, keeping a screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.set_viewport_size({"width": 1024, "height": 800})
    check_accessibility(tab, f"assessments-{name}")
    tab.screenshot(path=str(SHOTS / f"{name}-1024.png"), full_page=True)
    tab.set_viewport_size({"width": 320, "height": 640})
    check_fits(tab, f"assessments-{name}-320")
    tab.screenshot(path=str(SHOTS / f"{name}-320.png"), full_page=True)


def test_score_agree_and_read_the_summary(page, transactional_db):  # noqa: F811
    world = build_world()
    assessment = make_assessment(world.partnership, title="Self-assessment 2026/27")
    for user in (world.contributor, world.editor):
        services.add_assessor(COMMAND_LINE, assessment, user)
    assessment.stage = "open"
    assessment.save()
    nodes = scored_nodes(assessment.framework_version)
    for node, percent in zip(nodes[1:], (40, 50, 60), strict=True):
        services.save_score(Actor(world.editor), assessment, node, percent=percent,
                            rationale="Clear evidence in the plan.", loaded_version=0)
    go = lambda name, *args: page.goto(reverse(name, args=["alpha", *args]))  # noqa: E731

    sign_in(page, world.contributor.email, PASSWORD)
    go("assessment", assessment.pk)
    look(page, "assessment-open")
    go("score_node", assessment.pk, nodes[0].pk)
    look(page, "score-form")
    page.get_by_label("Approach: Sound").select_option("50")
    page.get_by_label("Score for this part").select_option("45")
    page.get_by_role("button", name="Save and go to the next part").click()
    go("assessment_scores", assessment.pk)
    look(page, "my-scores")

    assessment.stage = "consensus"
    assessment.save()
    page.context.clear_cookies()
    sign_in(page, world.editor.email, PASSWORD)
    go("assessment_consensus", assessment.pk)
    look(page, "consensus")
    go("agree_node", assessment.pk, nodes[0].pk)
    look(page, "agree-form")
    page.get_by_role("button", name="Save the agreed score").click()
    go("assessment_summary", assessment.pk)
    look(page, "summary")
    go("assessments")
    look(page, "list")
    go("assessment_stage", assessment.pk)
    look(page, "stage")
    go("assessment_add")
    look(page, "set-up")
