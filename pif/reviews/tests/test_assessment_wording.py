"""The words people read on the assessment, consensus, scores, summary, plan, evidence and
survey pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.reviews import models as m
from pif.reviews import survey_results as sr
from pif.reviews.testing import make_assessment, make_finding, scored_nodes
from pif.reviews.tests.test_consensus_pages import scored
from pif.reviews.tests.test_survey_factories import (
    make_checklist,
    make_invitation,
    make_responses,
    sections_of,
)

pytestmark = pytest.mark.django_db


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(u(name, *args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def closed_checklist(world, sent=3, unsent=2):
    checklist = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    for n in range(sent):
        make_invitation(checklist, email=f"sent{n}@example.org", used=True)
    for n in range(unsent):
        invitation, _ = make_invitation(checklist, email=f"never{n}@example.org")
        invitation.sent_at = None
        invitation.save()
    return checklist


# 7 ------------------------------------------------------------------------------------------

def test_a_closed_checklist_points_to_its_results(client, world):
    checklist = closed_checklist(world)
    body = page(client, world.viewer, "assessment", checklist.pk)
    assert "Read the survey results, then turn what people said into strengths" in body
    assert u("survey_results", checklist.pk) in body
    assert "Set up and run the checklist survey below" not in body


# 8 ------------------------------------------------------------------------------------------

def test_filler_is_left_out_and_identical_comments_are_grouped():
    said = [("a", "Nothing to add."), ("b", "n/a"), ("c", " "), ("d", "None"),
            ("e", "Clear aims."), ("f", "clear aims"), ("g", "Good data")]
    found = sr.grouped(said)
    assert [(c.ref, c.text, c.count) for c in found] == [("e", "Clear aims.", 2),
                                                         ("g", "Good data", 1)]


def test_the_results_count_only_links_sent_and_group_comments(client, world):
    checklist = closed_checklist(world, sent=5, unsent=3)
    checklist.closes_on = timezone.localdate() - timezone.timedelta(days=1)
    checklist.save()
    make_responses(checklist, [3] * 5)
    section = sections_of(checklist)[0]
    m.SurveyComment.objects.filter(node=section).update(strengths="Same words")
    m.SurveyComment.objects.filter(node=section).update(improvements="Nothing to add.")
    body = page(client, world.editor, "survey_results", checklist.pk)
    assert "100%: 5 of 5 people sent a link answered; 3 addresses were never sent one" in body
    assert "Same words <span class=\"govuk-body-s\">(5 people)</span>" in body
    assert body.count("Same words") == 2  # the comment and its "Make this a finding" name
    assert "Nothing to add" not in body
    assert 'class="govuk-details"' in body
    assert "Results of the checklist survey “Partnership checklist 2026”" in body
    assert "Checklist survey:" not in body


# 16 -----------------------------------------------------------------------------------------

def test_a_closed_surveys_invitations_page(client, world):
    checklist = closed_checklist(world, sent=2, unsent=1)
    body = page(client, world.editor, "survey_invitations", checklist.pk)
    assert '<h1 class="govuk-heading-l">Survey invitations</h1>' in body
    assert ">Status</th>" in body and ">Link</th>" not in body
    assert "2 answered, 1 never sent" in body
    assert body.index("2 answered, 1 never sent") < body.index("<table")
    caption = ('Stage 6: review the cycle · <a class="govuk-link" href="'
               + checklist.get_absolute_url() + '">')
    assert caption in body


# 9 and 14 (evidence) ------------------------------------------------------------------------

def test_evidence_guidance_follows_the_framework(client, world):
    assessment = make_assessment(world.partnership)
    node = scored_nodes(assessment.framework_version)[0]
    body = page(client, world.editor, "node_evidence", assessment.pk, node.pk)
    assert "PSIF asks" not in body
    assert "Write full sentences; aim for 3 to 5 strengths" in body
    assert "Link records from PIF (indicators, actions, projects) as evidence" in body
    framework = assessment.framework_version.framework
    framework.slug = "psif"  # the partnership's own copy: the shipped PSIF may be loaded
    framework.partnership = world.partnership
    framework.save()
    body = page(client, world.editor, "node_evidence", assessment.pk, node.pk)
    assert "PSIF asks for full sentences" in body


# 11 -----------------------------------------------------------------------------------------

def test_the_consensus_step_counts_parts_agreed_and_names_the_spread(client, world):
    assessment = scored(world, scores=((30, 55), (40, 40)))
    body = page(client, world.viewer, "assessment_consensus", assessment.pk)
    parts = len(scored_nodes(assessment.framework_version))
    assert f"0 of {parts} parts agreed" in body
    assert "(25 percentage points apart)" in body
    assert "Same score (40%)" in body
    assert "<title>The consensus step –" in body
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Agreed' in body


# 12 -----------------------------------------------------------------------------------------

def test_the_scores_notice_once_closed(client, world):
    assessment = scored(world)
    assessment.stage = "closed"
    assessment.save()
    body = page(client, world.editor, "assessment_scores", assessment.pk)
    assert "This assessment is closed, so you can no longer change your scores." in body
    assert "It is now" not in body


# 13 -----------------------------------------------------------------------------------------

def test_the_plan_keeps_five_columns_and_counts_areas_without_action(client, world):
    assessment = make_assessment(world.partnership, stage="closed")
    make_finding(assessment, resources="Two analysts")
    body = page(client, world.editor, "improvement_plan", assessment.pk)
    assert "Resources required</th>" not in body and "Two analysts" not in body
    assert ">Lead</th>" in body and ">Complete by</th>" in body
    assert "1 area for improvement has no action yet: create it from its row." in body


# 14 (summary) -------------------------------------------------------------------------------

def test_the_summary_writes_the_total_in_house_style(client, world):
    version = m.AssessmentFrameworkVersion.objects.get(pk=scored(world).framework_version_id)
    version.total_points = 1000
    version.save()
    assessment = m.Assessment.objects.get(framework_version=version)
    for node in scored_nodes(version):
        m.AgreedScore.objects.create(assessment=assessment, node=node, percent=50)
    body = page(client, world.viewer, "assessment_summary", assessment.pk)
    assert "out of 1,000 points" in body


# 20 -----------------------------------------------------------------------------------------

def test_the_list_says_a_checklist_uses_no_assessors(client, world):
    make_checklist(world.partnership)
    body = page(client, world.viewer, "assessments")
    assert "Not used</td>" in body
