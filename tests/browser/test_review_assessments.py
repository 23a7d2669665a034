"""The assessment pages in a browser: an assessor scores a part, then at the consensus step an
editor reads the spread and records the agreed score, and everyone reads the summary. Each
page is checked with axe-core, and at 320 px wide it must fit."""

import pytest
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.reviews.services import assessments as services
from pif.reviews.testing import make_assessment, scored_nodes
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"review-assessments-{name}")


def test_score_agree_and_read_the_summary(page, transactional_db):
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


def test_a_checklists_stage_page_and_an_efqm_2020_results_score(page, transactional_db):
    from pif.reviews import assessment_frameworks
    from pif.reviews.models import AssessmentFrameworkVersion
    from pif.reviews.tests.test_survey_factories import make_checklist

    world = build_world()
    checklist = make_checklist(world.partnership, stage="closed")
    assessment_frameworks.load_all()
    version = AssessmentFrameworkVersion.objects.get(
        framework__slug="efqm", framework__partnership=None, label="2020")
    assessment = make_assessment(world.partnership, version=version)
    services.add_assessor(COMMAND_LINE, assessment, world.editor)
    assessment.stage = "open"
    assessment.save()
    result = version.nodes.filter(is_scored=True, node_type="result").first()
    go = lambda name, *args: page.goto(reverse(name, args=["alpha", *args]))  # noqa: E731
    sign_in(page, world.editor.email, PASSWORD)
    for name, args in (("assessment_stage", (checklist.pk,)),
                       ("score_node", (assessment.pk, result.pk))):
        go(name, *args)
        look(page, f"efqm-2020-{name}")
    assert page.get_by_label("Relevance and usability: credibility and accuracy").count() == 1
    assert page.get_by_label("Performance: causes").count() == 0
