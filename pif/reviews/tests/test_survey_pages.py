"""The checklist survey's pages: invitations, dates, closing, the survey a personal link
opens, the results and findings made from comments."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.reviews import models as m
from pif.reviews.testing import make_assessment
from pif.reviews.tests.test_survey_factories import (
    answers_post,
    make_checklist,
    make_checklist_version,
    make_invitation,
    make_responses,
    sections_of,
)
from pif.reviews.views.surveys import comment_ref


def page(name, assessment, *more):
    return reverse(name, args=[assessment.partnership.short_name, assessment.pk, *more])


def signed_in(client, user):
    client.force_login(user)
    return client


# Invitations -------------------------------------------------------------------------------

def test_editor_pastes_addresses_and_a_bad_line_is_named(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    client = signed_in(client, world.editor)
    response = client.post(page("survey_invitations", assessment),
                           {"addresses": "a@example.org\nwho?\n"})
    assert response.status_code == 200
    assert "Line 2, “who?”, is not an email address" in response.content.decode()
    assert assessment.invitations.count() == 0
    response = client.post(page("survey_invitations", assessment),
                           {"addresses": "a@example.org\nb@example.org\na@example.org"},
                           follow=True)
    assert "2 people invited" in response.content.decode()
    assert assessment.invitations.count() == 2


def test_editor_sends_the_links(client, world):
    assessment = make_checklist(world.partnership)
    m.SurveyInvitation.objects.create(assessment=assessment, email="a@example.org",
                                      token_hash="x" * 64)
    client = signed_in(client, world.editor)
    assert "a@example.org" in client.get(page("survey_send", assessment)).content.decode()
    response = client.post(page("survey_send", assessment), follow=True)
    assert "Links sent to 1 people" in response.content.decode()
    assert mail.outbox[0].to == ["a@example.org"]
    assert "http://testserver/survey/" in mail.outbox[0].body


def test_an_invitation_of_another_survey_is_404(client, world):
    assessment = make_checklist(world.partnership)
    other = make_checklist(world.partnership, version=assessment.framework_version)
    invitation, _ = make_invitation(other)
    client = signed_in(client, world.editor)
    assert client.get(page("survey_send", assessment) + f"?to={invitation.pk}"
                      ).status_code == 404
    assert client.get(page("survey_send", assessment) + "?to=abc").status_code == 404


@pytest.mark.parametrize("name", ["survey_invitations", "survey_dates", "survey_close",
                                  "survey_results", "survey_finding_add"])
def test_a_full_assessment_or_another_partnerships_has_no_survey_pages(client, world, name):
    full = make_assessment(world.partnership)
    theirs = make_checklist(world.other_partnership)
    client = signed_in(client, world.admin)
    assert client.get(page(name, full)).status_code == 404
    url = reverse(name, args=[world.partnership.short_name, theirs.pk])
    assert client.get(url).status_code == 404


# Dates and closing -------------------------------------------------------------------------

def test_editor_opens_the_survey_with_its_dates(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    client = signed_in(client, world.editor)
    response = client.post(page("survey_dates", assessment), {
        "opens_on": "2026-12-01", "closes_on": "2026-11-30", "version": assessment.version})
    assert "The survey must close on or after the day it opens" in response.content.decode()
    response = client.post(page("survey_dates", assessment), {
        "opens_on": "2026-12-01", "closes_on": "2026-12-21", "version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.stage, assessment.opens_on) == ("open", datetime.date(2026, 12, 1))


def test_a_stale_dates_form_is_refused(client, world):
    assessment = make_checklist(world.partnership)
    client = signed_in(client, world.editor)
    response = client.post(page("survey_dates", assessment), {
        "opens_on": "2026-12-01", "closes_on": "2026-12-21",
        "version": assessment.version - 1 if assessment.version > 1 else 99})
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.opens_on != datetime.date(2026, 12, 1)


def test_editor_closes_the_survey(client, world):
    assessment = make_checklist(world.partnership)
    client = signed_in(client, world.editor)
    response = client.post(page("survey_close", assessment), {"version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.stage == "closed"


# The survey --------------------------------------------------------------------------------

def test_the_survey_shows_each_statement_with_five_answers_and_dont_know_after_or(client, world):
    assessment = make_checklist(world.partnership)
    _, token = make_invitation(assessment)
    response = client.get(reverse("survey", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert html.count('type="radio"') == 4 * 5
    assert html.count('class="govuk-radios__divider">or<') == 4
    assert html.index("Strongly disagree") < html.index("Don&#x27;t know")
    assert "We do thing 1.1 well" in html
    assert html.count("<textarea") == 2 * 2
    assert "sessionid" not in response.cookies


def test_an_incomplete_survey_shows_an_error_summary_and_keeps_the_answers(client, world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    data = answers_post(assessment)
    first = sections_of(assessment)[0]
    data[f"strengths_{first.pk}"] = ""
    data.pop(next(k for k in data if k.startswith("statement_")))
    response = client.post(reverse("survey", args=[token]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose an answer to statement 1.1, or “Don&#x27;t know”" in html
    assert "Enter what works well in “Section 1”" in html
    assert "Faster data" in html  # kept
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_a_complete_survey_is_thanked_and_the_link_then_says_it_was_used(client, world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    response = client.post(reverse("survey", args=[token]), answers_post(assessment))
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_thanks")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert m.SurveyResponse.objects.filter(assessment=assessment).count() == 1
    again = client.get(reverse("survey", args=[token]))
    assert again.status_code == 200
    assert "already been used" in again.content.decode()
    posted_again = client.post(reverse("survey", args=[token]), answers_post(assessment))
    assert "already been used" in posted_again.content.decode()
    assert m.SurveyResponse.objects.filter(assessment=assessment).count() == 1


def test_unknown_closed_and_not_yet_open_links_get_a_plain_page(client, world):
    assert client.get(reverse("survey", args=["no-such-token"])).status_code == 404
    closed = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    _, token = make_invitation(closed)
    response = client.get(reverse("survey", args=[token]))
    assert response.status_code == 200 and "This survey is closed." in response.content.decode()
    soon = make_checklist(world.partnership, opens_on=timezone.localdate()
                          + datetime.timedelta(days=3), version=closed.framework_version)
    _, token = make_invitation(soon, email="b@example.org")
    assert "This survey opens on" in client.get(reverse("survey", args=[token])
                                                ).content.decode()
    past = make_checklist(world.partnership, version=closed.framework_version,
                          closes_on=timezone.localdate() - datetime.timedelta(days=1),
                          opens_on=timezone.localdate() - datetime.timedelta(days=9))
    _, token = make_invitation(past, email="c@example.org")
    assert client.post(reverse("survey", args=[token]), answers_post(past)
                       ).status_code == 200
    assert m.SurveyResponse.objects.count() == 0


def test_a_token_holder_gets_nothing_from_the_partnerships_pages(client, world):
    assessment = make_checklist(world.partnership)
    _, token = make_invitation(assessment)
    client.get(reverse("survey", args=[token]))
    client.post(reverse("survey", args=[token]), answers_post(assessment))
    for url in (reverse("partnership", args=["alpha"]), page("survey_results", assessment),
                page("survey_invitations", assessment), assessment.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("login")), url
        assert client.get(url + f"?token={token}").status_code == 302


# Results -----------------------------------------------------------------------------------

def test_results_wait_for_the_survey_to_close(client, world):
    assessment = make_checklist(world.partnership)
    make_responses(assessment, [4] * 6)
    html = signed_in(client, world.viewer).get(page("survey_results", assessment)
                                               ).content.decode()
    assert "can be read once the survey closes" in html
    assert "Good team work" not in html


def test_fewer_than_five_responses_are_not_shown_and_say_why(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    make_responses(assessment, [4] * 4)
    html = signed_in(client, world.viewer).get(page("survey_results", assessment)
                                               ).content.decode()
    assert "Results are shown only from 5 responses" in html
    assert "Good team work" not in html
    csv = client.get(page("survey_results_export", assessment, "csv")).content.decode()
    assert csv.strip().count("\n") == 0  # the headers alone


def test_results_count_each_answer_with_the_share_agreeing_and_the_comments(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    for email in ("a", "b", "c", "d", "e", "f", "g", "h"):
        make_invitation(assessment, email=f"{email}@example.org")
    make_responses(assessment, [4, 4, 3, 2, 1, 0])
    html = signed_in(client, world.viewer).get(page("survey_results", assessment)
                                               ).content.decode()
    assert "75%" in html  # the response rate: 6 of 8
    assert "60%" in html  # agree, of the 5 with a view
    assert "Opinion divided" in html
    assert "Good team work 3" in html and "Slow decisions 5" in html
    assert "Make this a finding" not in html  # a viewer
    csv = client.get(page("survey_results_export", assessment, "csv")).content.decode()
    assert "1.1,Statement 1.1,2,1,1,1,1,6,60,40,40,20,Yes" in csv
    xlsx = client.get(page("survey_results_export", assessment, "xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_comments_are_listed_in_an_order_that_does_not_follow_time(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    make_responses(assessment, [3] * 12)
    html = signed_in(client, world.viewer).get(page("survey_results", assessment)
                                               ).content.decode()
    first = html[html.index("What works well ("):]
    order = [int(first.split(f"Good team work {n}<")[0].count("Good team work"))
             for n in range(12)]
    assert sorted(order) == list(range(12))
    assert order != list(range(12))
    again = client.get(page("survey_results", assessment)).content.decode()
    assert html[html.index("What works well ("):] == again[again.index("What works well ("):]


def test_results_take_the_same_number_of_queries_for_3_or_30_statements(client, world):
    def count(statements):
        version = make_checklist_version(slug=f"q{statements}", sections=3,
                                         statements=statements)
        assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED,
                                    version=version)
        make_responses(assessment, [3] * 5)
        signed_in(client, world.viewer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page("survey_results", assessment)).status_code == 200
        return len(captured)
    assert count(1) == count(10)


def test_editor_makes_a_finding_from_a_comment(client, world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    make_responses(assessment, [3] * 5)
    client = signed_in(client, world.editor)
    html = client.get(page("survey_results", assessment)).content.decode()
    assert "Make this a finding" in html
    comment = m.SurveyComment.objects.filter(improvements="Slow decisions 2").first()
    url = (page("survey_finding_add", assessment)
           + f"?comment={comment_ref(comment)}&part=improvements")
    form = client.get(url).content.decode()
    assert "Slow decisions 2" in form
    assert 'value="area_for_improvement" checked' in form
    response = client.post(url, {"kind": "area_for_improvement", "node": comment.node_id,
                                 "text": "Decisions take too long."})
    assert response.status_code == 302
    finding = m.Finding.objects.get(assessment=assessment)
    assert (finding.kind, finding.node_id, finding.text) == (
        "area_for_improvement", comment.node_id, "Decisions take too long.")


def test_comment_refs_do_not_show_the_comment_id(world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    make_responses(assessment, [3] * 1)
    comment = m.SurveyComment.objects.first()
    assert str(comment.pk) != comment_ref(comment)
    assert len(comment_ref(comment)) == 20


def test_the_assessment_panel_says_where_the_survey_stands(rf, world):
    from pif.partnerships.access import access_for
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    make_invitation(assessment)
    html = render_to_string("reviews/surveys/_assessment_panel.html", {
        "assessment": assessment, "access": access_for(world.editor, world.partnership)})
    assert "Set the dates and open the survey" in html
    assert "People invited" in html
    viewer = render_to_string("reviews/surveys/_assessment_panel.html", {
        "assessment": assessment, "access": access_for(world.viewer, world.partnership)})
    assert "Set the dates" not in viewer and "Read the survey results" in viewer
