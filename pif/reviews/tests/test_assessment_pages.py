"""The assessment pages: each role, setting up, a stale edit, stages, assessors, and that
each assessor sees only their own scores until the consensus step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.reviews import models as m
from pif.reviews.services import assessments as services
from pif.reviews.testing import make_assessment, make_framework_version, scored_nodes

pytestmark = pytest.mark.django_db


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def page(client, name, *args) -> str:
    response = client.get(u(name, *args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def test_an_editor_sets_up_a_full_assessment(client, world):
    version = make_framework_version()
    client.force_login(world.editor)
    response = client.post(u("assessment_add"), {
        "title": "Self-assessment 2026/27", "framework_version": version.pk, "method": "full",
        "scope": "The whole partnership", "lead": world.editor.pk})
    assessment = m.Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
    assert assessment.stage == "draft" and assessment.lead == world.editor
    assert "Add the assessors who will score it." in page(client, "assessment", assessment.pk)


def test_an_empty_form_says_what_to_enter(client, world):
    client.force_login(world.editor)
    body = client.post(u("assessment_add"), {}).content.decode()
    assert "There is a problem" in body and "Enter" in body


def test_another_partnerships_framework_is_not_offered(client, world):
    theirs = make_framework_version(slug="theirs", partnership=world.other_partnership)
    client.force_login(world.editor)
    body = client.post(u("assessment_add"), {"title": "X", "framework_version": theirs.pk,
                                             "method": "full"}).content.decode()
    assert "There is a problem" in body and not m.Assessment.objects.exists()


def test_viewers_read_but_cannot_set_up(client, world):
    assessment = make_assessment(world.partnership)
    client.force_login(world.viewer)
    body = page(client, "assessments")
    assert assessment.title in body and "Set up a self-assessment" not in body
    assert "Change the assessment" not in page(client, "assessment", assessment.pk)
    for name in ("assessment_edit", "assessment_delete", "assessment_assessors",
                 "assessment_stage"):
        assert client.get(u(name, assessment.pk)).status_code == 403, name
    assert client.get(u("assessment_add")).status_code == 403


def test_outsiders_and_other_partnerships_get_404(client, world):
    theirs = make_assessment(world.other_partnership)
    client.force_login(world.admin)
    assert client.get(u("assessment", theirs.pk)).status_code == 404
    assert client.post(u("assessment_delete", theirs.pk)).status_code == 404
    client.force_login(world.outsider)
    assert client.get(u("assessments")).status_code == 404


def test_a_stale_edit_is_refused_and_shows_what_changed(client, world):
    assessment = make_assessment(world.partnership)
    client.force_login(world.editor)
    form = {"title": "Renamed", "framework_version": assessment.framework_version_id,
            "method": "full", "version": 1}
    assert client.post(u("assessment_edit", assessment.pk), form).status_code == 302
    body = client.post(u("assessment_edit", assessment.pk),
                       {**form, "title": "Again"}).content.decode()
    assert "while you were editing" in body or "another tab" in body
    assert m.Assessment.objects.get().title == "Renamed"


def test_assessors_are_added_and_the_assessment_opened(client, world):
    assessment = make_assessment(world.partnership)
    client.force_login(world.editor)
    body = client.post(u("assessment_stage", assessment.pk),
                       {"stage": "open", "version": 1}).content.decode()
    assert "Add at least one assessor before opening." in body
    client.post(u("assessment_assessors", assessment.pk), {"user": world.contributor.pk})
    assert assessment.assessors.get().user == world.contributor
    response = client.post(u("assessment_stage", assessment.pk), {"stage": "open",
                                                                  "version": 1})
    assert response.status_code == 302 and m.Assessment.objects.get().stage == "open"


def test_an_outsider_cannot_be_made_an_assessor(client, world):
    assessment = make_assessment(world.partnership)
    client.force_login(world.editor)
    body = client.post(u("assessment_assessors", assessment.pk),
                       {"user": world.outsider.pk}).content.decode()
    assert "There is a problem" in body and not assessment.assessors.exists()
    body = client.post(u("assessment_assessors", assessment.pk), {"remove": "x"})
    assert body.status_code == 404


def test_deleting_asks_first(client, world):
    assessment = make_assessment(world.partnership)
    client.force_login(world.editor)
    assert "Delete assessment" in page(client, "assessment_delete", assessment.pk)
    client.post(u("assessment_delete", assessment.pk))
    assert not m.Assessment.objects.exists()


def _open_with_two_assessors(world):
    assessment = make_assessment(world.partnership)
    services.add_assessor(COMMAND_LINE, assessment, world.contributor)
    services.add_assessor(COMMAND_LINE, assessment, world.editor)
    assessment.stage = "open"
    assessment.save()
    return assessment, scored_nodes(assessment.framework_version)


def test_each_assessor_sees_only_their_own_scores_until_consensus(client, world):
    assessment, nodes = _open_with_two_assessors(world)
    services.save_score(Actor(world.editor), assessment, nodes[0], percent=85,
                        rationale="Editor's secret reasons", loaded_version=0)
    client.force_login(world.contributor)
    for body in (page(client, "assessment_scores", assessment.pk),
                 page(client, "score_node", assessment.pk, nodes[0].pk),
                 page(client, "assessment_consensus", assessment.pk),
                 page(client, "assessment", assessment.pk)):
        assert 'value="85" selected' not in body and ">85%<" not in body.replace(
            '<option value="85">85%<', "")
        assert "Editor&#x27;s secret reasons" not in body
    assert "stay private until the consensus step" in page(client, "assessment_consensus",
                                                           assessment.pk)
    assessment.stage = "consensus"
    assessment.save()
    assert "85%" in page(client, "assessment_consensus", assessment.pk)


def test_an_assessor_scores_a_part_with_radar_attributes(client, world):
    assessment, nodes = _open_with_two_assessors(world)
    client.force_login(world.contributor)
    body = page(client, "score_node", assessment.pk, nodes[0].pk)
    assert "Approach: Sound" in body and "Assessment and refinement: Measurement" in body
    form = {"attr_sound": "50", "attr_integrated": "40", "attr_implemented": "45",
            "attr_structured": "35", "attr_measurement": "30", "attr_learning": "25",
            "attr_improvement": "30", "percent": "40", "rationale": "Some evidence",
            "version": 0}
    response = client.post(u("score_node", assessment.pk, nodes[0].pk), form)
    assert response["Location"] == u("score_node", assessment.pk, nodes[1].pk)
    score = m.Score.objects.get()
    assert score.percent == 40 and score.attributes["sound"] == 50
    assert score.assessor == world.contributor
    body = page(client, "score_node", assessment.pk, nodes[0].pk)
    # The mean of the elements: Approach 45, Deployment 40, Assessment and refinement 28⅓.
    assert "PIF suggests 40%" in body
    assert ">40%<" in page(client, "assessment_scores", assessment.pk)


def test_a_score_off_the_steps_is_an_error_not_a_crash(client, world):
    assessment, nodes = _open_with_two_assessors(world)
    client.force_login(world.contributor)
    response = client.post(u("score_node", assessment.pk, nodes[0].pk),
                           {"percent": "42", "version": "zero"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not m.Score.objects.exists()


def test_only_assessors_open_the_score_pages(client, world):
    assessment, nodes = _open_with_two_assessors(world)
    client.force_login(world.admin)
    assert client.get(u("assessment_scores", assessment.pk)).status_code == 403
    assert client.get(u("score_node", assessment.pk, nodes[0].pk)).status_code == 403
    other = make_framework_version(slug="other")
    client.force_login(world.contributor)
    foreign = scored_nodes(other)[0]
    assert client.get(u("score_node", assessment.pk, foreign.pk)).status_code == 404


def test_the_list_query_count_does_not_grow(client, world):
    version = make_framework_version()
    client.force_login(world.viewer)
    make_assessment(world.partnership, version)
    with CaptureQueriesContext(connection) as few:
        page(client, "assessments")
    for number in range(10):
        make_assessment(world.partnership, version, title=f"Round {number}")
    with CaptureQueriesContext(connection) as many:
        page(client, "assessments")
    assert len(many) == len(few)


def test_the_next_round_starts_from_the_previous_one(client, world):
    previous = make_assessment(world.partnership, title="Round one", scope="Waste Services")
    client.force_login(world.editor)
    form = client.get(reverse("assessment_add", args=["alpha"]),
                      {"previous_round": previous.pk}).context["form"]
    assert form.instance.previous_round == previous
    assert form.instance.framework_version == previous.framework_version
    assert form.instance.scope == "Waste Services"
    theirs = make_assessment(world.other_partnership, previous.framework_version, "Theirs")
    for odd in (theirs.pk, "x", ""):
        form = client.get(reverse("assessment_add", args=["alpha"]),
                          {"previous_round": odd}).context["form"]
        assert form.instance.previous_round_id is None
