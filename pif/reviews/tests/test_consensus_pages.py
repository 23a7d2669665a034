"""The consensus step and the summary: spread and suggestion, recording the agreed score,
closing, a fixed query count whatever the number of nodes, the summary and its download."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
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


def scored(world, version=None, scores=((30, 55), (40, 45), (60, 60), (20, 30))):
    """An assessment at the consensus step, scored by the contributor and the editor."""
    assessment = make_assessment(world.partnership, version)
    for user in (world.contributor, world.editor):
        services.add_assessor(COMMAND_LINE, assessment, user)
    assessment.stage = "open"
    assessment.save()
    for node, pair in zip(scored_nodes(assessment.framework_version), scores, strict=False):
        for user, percent in zip((world.contributor, world.editor), pair, strict=True):
            services.save_score(Actor(user), assessment, node, percent=percent,
                                loaded_version=0)
    assessment.stage = "consensus"
    assessment.save()
    return assessment


def test_the_consensus_page_shows_spread_and_suggestion(client, world):
    assessment = scored(world)
    client.force_login(world.viewer)
    body = page(client, "assessment_consensus", assessment.pk)
    assert "30% to 55% (25 percentage points apart)" in body and "Discuss first" in body
    assert "40% to 45% (5 percentage points apart)" in body
    assert body.count("Discuss first") == 1
    assert ">45%<" in body  # (30 + 55) / 2 = 42.5 → 45
    assert "Record" not in body  # viewers do not record agreed scores


def test_an_editor_records_the_agreed_score_and_closes(client, world):
    assessment = scored(world)
    nodes = scored_nodes(assessment.framework_version)
    client.force_login(world.editor)
    body = page(client, "agree_node", assessment.pk, nodes[0].pk)
    assert "25 points apart" in body and "Discuss this part" in body
    assert "The assessors&#x27; mean rounded to 5 is 45%" in body
    response = client.post(u("agree_node", assessment.pk, nodes[0].pk),
                           {"percent": "40", "note": "Agreed after talking", "version": 0})
    assert response.status_code == 302
    agreed = m.AgreedScore.objects.get()
    assert agreed.percent == 40 and agreed.agreed_by == world.editor
    body = client.post(u("assessment_stage", assessment.pk),
                       {"stage": "closed", "version": assessment.version}).content.decode()
    assert "Not agreed yet: 1b, 2a, 2b." in body
    for node, percent in zip(nodes[1:], (40, 60, 30), strict=True):
        services.agree_score(Actor(world.editor), assessment, node, percent=percent,
                             loaded_version=0)
    response = client.post(u("assessment_stage", assessment.pk),
                           {"stage": "closed", "version": assessment.version})
    assert response.status_code == 302 and m.Assessment.objects.get().stage == "closed"


def test_an_empty_agreed_score_is_an_error(client, world):
    assessment = scored(world)
    node = scored_nodes(assessment.framework_version)[0]
    client.force_login(world.editor)
    body = client.post(u("agree_node", assessment.pk, node.pk), {"version": 0}).content.decode()
    assert "Choose the agreed score" in body and not m.AgreedScore.objects.exists()


def test_agreeing_outside_the_consensus_step_is_refused(client, world):
    assessment = make_assessment(world.partnership)
    node = scored_nodes(assessment.framework_version)[0]
    client.force_login(world.editor)
    assert client.get(u("agree_node", assessment.pk, node.pk)).status_code == 403
    client.force_login(world.contributor)
    assert client.get(u("agree_node", assessment.pk, node.pk)).status_code == 403


def _wide_framework(parts: int) -> m.AssessmentFrameworkVersion:
    version = make_framework_version(slug=f"wide-{parts}")
    criterion = version.nodes.get(code="1")
    for number in range(parts):
        m.AssessmentNode.objects.create(
            framework_version=version, parent=criterion, code=f"1x{number}", kind="part",
            label=f"Part {number}", position=10 + number, is_scored=True)
    return version


def test_the_consensus_page_has_a_fixed_query_count(client, world):
    few = scored(world, make_framework_version(slug="few"))
    many = scored(world, _wide_framework(26))
    client.force_login(world.viewer)
    with CaptureQueriesContext(connection) as small:
        page(client, "assessment_consensus", few.pk)
    with CaptureQueriesContext(connection) as large:
        body = page(client, "assessment_consensus", many.pk)
    assert "0 of 30 parts agreed" in body
    assert len(large) == len(small)


def test_the_summary_has_the_weighted_total_and_compares_rounds(client, world):
    version = make_framework_version()
    before = make_assessment(world.partnership, version, title="2025 round")
    after = make_assessment(world.partnership, version, title="2026 round",
                            previous_round=before)
    nodes = scored_nodes(version)
    for assessment, percents in ((before, (30, 30, 40, 40)), (after, (35, 40, 50, 40))):
        assessment.stage = "consensus"
        assessment.save()
        for node, percent in zip(nodes, percents, strict=True):
            services.agree_score(COMMAND_LINE, assessment, node, percent=percent,
                                 loaded_version=0)
    client.force_login(world.viewer)
    body = page(client, "assessment_summary", after.pk)
    # 1: (35 + 40) / 2 = 37.5 % of 100 = 37.5; 2: 0.75 × 50 + 0.25 × 40 = 47.5 % of 150
    assert "37.5%" in body and "47.5%" in body and "Total: 108.8 out of 250 points" in body
    assert "+7.5 points" in body and "2025 round" in body
    response = client.get(u("assessment_summary_export", after.pk, "csv"))
    text = response.content.decode()
    assert "1 Leadership,37.5,100.00,37.50" in text and "Total,,250,108.75" in text


def test_a_draft_summary_names_the_parts_not_agreed(client, world):
    assessment = make_assessment(world.partnership)
    assessment.stage = "consensus"
    assessment.save()
    node = scored_nodes(assessment.framework_version)[0]
    services.agree_score(COMMAND_LINE, assessment, node, percent=Decimal(40).__int__(),
                         loaded_version=0)
    client.force_login(world.viewer)
    body = page(client, "assessment_summary", assessment.pk)
    assert "This is a draft" in body and "1b, 2a, 2b" in body
    assert client.get(u("assessment_summary_export", assessment.pk, "pdf")).status_code == 404


def test_a_compliance_summary_counts_ratings(client, world):
    from pif.reviews.models import Scale

    version = make_framework_version(scale=Scale.COMPLIANCE, slug="cse")
    assessment = make_assessment(world.partnership, version)
    assessment.stage = "consensus"
    assessment.save()
    nodes = scored_nodes(version)
    for node, rating in zip(nodes, ("compliance", "compliance", "partial",
                                    "compliance_plus"), strict=True):
        services.agree_score(COMMAND_LINE, assessment, node, percent=None, compliance=rating,
                             loaded_version=0)
    client.force_login(world.viewer)
    body = page(client, "assessment_summary", assessment.pk)
    assert "Agreed ratings by criterion" in body
    text = client.get(u("assessment_summary_export", assessment.pk, "csv")).content.decode()
    assert "1 Leadership,0,2,0,0,0" in text and "2 Customer results,1,0,1,0,0" in text
    services.move_stage(COMMAND_LINE, assessment, "closed", loaded_version=PROGRAM_CHANGE)
