"""A checklist changes stage only through the survey's
services, scoring needs current membership, RADAR attributes come from the framework's own
data, and the suggested part score is the mean of the RADAR elements."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.reviews import assessment_frameworks, radar, scoring
from pif.reviews import models as m
from pif.reviews.rules import assessments as rules
from pif.reviews.services import assessments as services
from pif.reviews.testing import make_assessment, scored_nodes
from pif.reviews.tests.test_survey_factories import make_checklist

pytestmark = pytest.mark.django_db
MOVE = {"assessors": 0, "scored_nodes": 1, "not_agreed": []}


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def refused(call) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return codes(caught.value)


def u(name, *args):
    return reverse(name, args=["alpha", *args])


# A checklist's stage -----------------------------------------------

def test_a_checklist_has_no_backward_move():
    assert rules.check_stage_move(method="checklist", old="closed", new="open", **MOVE)
    assert rules.check_stage_move(method="checklist", old="open", new="draft", **MOVE)
    assert rules.check_stage_move(method="checklist", old="open", new="closed", **MOVE) == ()


@pytest.mark.parametrize(("stage", "to"), [("closed", "open"), ("draft", "open"),
                                           ("open", "closed")])
def test_the_generic_stage_service_refuses_a_checklist(world, stage, to):
    checklist = make_checklist(world.partnership, stage=stage)
    assert refused(lambda: services.move_stage(
        Actor(world.editor), checklist, to, loaded_version=PROGRAM_CHANGE)) == {
        "checklist_stage_by_survey"}
    checklist.refresh_from_db()
    assert checklist.stage == stage


@pytest.mark.parametrize("stage", ["draft", "open", "closed"])
def test_a_checklists_stage_page_is_a_plain_page_and_moves_nothing(client, world, stage):
    checklist = make_checklist(world.partnership, stage=stage)
    client.force_login(world.editor)
    body = client.get(u("assessment_stage", checklist.pk)).content.decode()
    assert "A checklist survey opens and closes on its own page" in body
    assert 'name="stage"' not in body
    back = {"draft": "open", "open": "closed", "closed": "open"}[stage]
    response = client.post(u("assessment_stage", checklist.pk), {"stage": back, "version": 1})
    assert response.status_code == 200
    checklist.refresh_from_db()
    assert checklist.stage == stage


# Scoring needs current membership and role -----------------------------------

@pytest.fixture
def open_full(world):
    assessment = make_assessment(world.partnership)
    services.add_assessor(COMMAND_LINE, assessment, world.contributor)
    assessment.stage = "open"
    assessment.save()
    return assessment


def _score(world, assessment):
    node = scored_nodes(assessment.framework_version)[0]
    return lambda: services.save_score(Actor(world.contributor), assessment, node, percent=40,
                                       loaded_version=0)


def test_an_assessor_made_a_viewer_can_no_longer_score(world, open_full):
    membership = world.membership("contributor")
    membership.role = "viewer"
    membership.save()
    assert refused(_score(world, open_full)) == {"score_assessor_only"}
    assert not m.Score.objects.exists()


def test_an_assessor_who_left_the_partnership_can_no_longer_score(world, open_full):
    world.membership("contributor").delete()
    assert refused(_score(world, open_full)) == {"score_assessor_only"}
    assert not m.Score.objects.exists()


def test_an_editor_made_a_contributor_can_no_longer_agree_a_score(world, open_full):
    open_full.stage = "consensus"
    open_full.save()
    membership = world.membership("editor")
    membership.role = "contributor"
    membership.save()
    node = scored_nodes(open_full.framework_version)[0]
    assert refused(lambda: services.agree_score(
        Actor(world.editor), open_full, node, percent=50, loaded_version=0)) == {
        "assessment_edit_role"}


# RADAR attributes from the framework's data -----------------------------------

def test_efqm_2020_results_are_scored_against_the_2020_attributes():
    assessment_frameworks.load_all()
    version = m.AssessmentFrameworkVersion.objects.get(
        framework__slug="efqm", framework__partnership=None, label="2020")
    keys = [a.key for a in radar.for_version(version, "result")]
    assert "credibility" in keys and "causes" not in keys and "integrity" not in keys


def test_a_framework_without_attributes_falls_back_to_the_2013_ones(world):
    version = make_assessment(world.partnership).framework_version
    assert radar.for_version(version, "enabler") == radar.ENABLERS_2013
    assert radar.for_version(version, "") == radar.ENABLERS_2013


def test_the_score_form_asks_what_the_framework_page_lists(client, world):
    assessment_frameworks.load_all()
    version = m.AssessmentFrameworkVersion.objects.get(
        framework__slug="efqm", framework__partnership=None, label="2020")
    assessment = make_assessment(world.partnership, version=version)
    services.add_assessor(COMMAND_LINE, assessment, world.contributor)
    assessment.stage = "open"
    assessment.save()
    client.force_login(world.contributor)
    listed = client.get(u("assessment_framework_version", version.pk)).context["radar"]
    for node_type in ("enabler", "result"):
        node = version.nodes.filter(is_scored=True, node_type=node_type).first()
        page = client.get(u("score_node", assessment.pk, node.pk))
        asked = [field.label for field in page.context["attribute_fields"]]
        assert asked == listed[node_type]
        assert all(label in page.content.decode() for label in asked)
    node = version.nodes.filter(is_scored=True, node_type="result").first()
    form = {"attr_credibility": "50", "attr_trends": "60", "percent": "55", "version": 0}
    response = client.post(u("score_node", assessment.pk, node.pk), form)
    assert response.status_code == 302
    assert m.Score.objects.get().attributes == {"credibility": 50, "trends": 60}


# The suggestion is the mean of the elements -----------------------------------

def test_the_suggestion_is_the_mean_of_the_elements_means():
    assert scoring.suggest_by_element([[80, 80], [80, 80], [20, 20, 20]]) == 60
    assert scoring.suggest_by_element([[80, None], [], [None]]) == 80
    assert scoring.suggest_by_element([[None], []]) is None


def test_radar_groups_a_scores_attributes_by_element():
    values = {"sound": 80, "integrated": 80, "implemented": 80, "structured": 80,
              "measurement": 20, "learning": 20, "improvement": 20, "stray": 100}
    assert radar.suggest(radar.ENABLERS_2013, values) == 60


def test_the_help_text_says_the_suggestion_is_the_mean_of_the_elements(client, world,
                                                                        open_full):
    node = scored_nodes(open_full.framework_version)[0]
    services.save_score(Actor(world.contributor), open_full, node, percent=45,
                        attributes={"sound": 80, "integrated": 80, "implemented": 80,
                                    "structured": 80, "measurement": 20, "learning": 20,
                                    "improvement": 20}, loaded_version=0)
    client.force_login(world.contributor)
    body = client.get(u("score_node", open_full.pk, node.pk)).content.decode()
    assert "PIF suggests 60%, the mean of the RADAR elements" in body
    assert ">60%<" in client.get(u("assessment_scores", open_full.pk)).content.decode()
