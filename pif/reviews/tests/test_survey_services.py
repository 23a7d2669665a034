"""The checklist survey's services and rules: invitations, links, opening and closing, and
one anonymous response per link."""

import datetime
import hashlib
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships.events import Event
from pif.reviews import models as m
from pif.reviews.rules import surveys as rules
from pif.reviews.services import surveys as services
from pif.reviews.testing import make_assessment, make_framework_version
from pif.reviews.tests.test_survey_factories import (
    make_checklist,
    make_invitation,
    sections_of,
    statements_of,
)

TODAY = datetime.date(2026, 11, 27)
BASE = "https://pif.example/"

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite writes one transaction at a time; the race "
                                          "needs PostgreSQL")


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def full_answers(assessment, rating=3):
    answers = {s.pk: rating for s in statements_of(assessment)}
    comments = {s.pk: ("Clear aims", "Faster data") for s in sections_of(assessment)}
    return answers, comments


# Rules -------------------------------------------------------------------------------------

def test_addresses_are_read_one_a_line_with_repeats_left_out_and_each_bad_line_named():
    found, problems = rules.read_addresses("a@example.org\n\n A@Example.org \nnot an address\n"
                                           "b@example.org,\nx@\n")
    assert found == ["a@example.org", "b@example.org"]
    assert [p.message.split(",")[0] for p in problems] == ["Line 4", "Line 6"]
    assert "“not an address”" in problems[0].message


def test_no_address_at_all_is_refused():
    assert rules.read_addresses("\n  \n")[1][0].message == "Enter at least one email address"


def test_a_link_answers_once_and_only_while_the_survey_is_open():
    def accepts(**given):
        values = {"is_used": False, "stage": "open", "opens_on": TODAY, "closes_on": TODAY,
                  "today": TODAY, **given}
        return [f.rule for f in rules.check_accepts(**values)]
    assert accepts() == []
    assert accepts(is_used=True) == ["survey_link_once"]
    assert accepts(stage="draft") == ["survey_open"]
    assert accepts(today=TODAY + datetime.timedelta(days=1)) == ["survey_open"]
    early = rules.check_accepts(is_used=False, stage="open", opens_on=TODAY, closes_on=TODAY,
                                today=TODAY - datetime.timedelta(days=1))
    assert early[0].message == "This survey opens on 27 November 2026."


def test_dates_must_be_in_order():
    assert rules.check_dates(TODAY, TODAY) == ()
    assert [f.field for f in rules.check_dates(TODAY, TODAY - datetime.timedelta(days=1))] == [
        "closes_on"]
    assert {f.field for f in rules.check_dates(None, None)} == {"opens_on", "closes_on"}


# Invitations and links ---------------------------------------------------------------------

def test_editor_invites_people_once_each_and_history_names_them(world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    actor = Actor(user=world.editor)
    added = services.add_invitations(actor, assessment, "a@example.org\nb@example.org\n")
    assert len(added) == 2
    again = services.add_invitations(actor, assessment, "b@example.org\nc@example.org")
    assert [i.email for i in again] == ["c@example.org"]
    assert assessment.invitations.count() == 3
    assert m.SurveyInvitation.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="survey_invitations_added").count() == 2
    assert mail.outbox == []  # added, not sent


def test_a_bad_address_refuses_the_whole_paste(world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    with pytest.raises(ValidationError) as refused:
        services.add_invitations(Actor(user=world.editor), assessment, "a@example.org\nnope")
    assert codes(refused.value) == {"survey_addresses"}
    assert assessment.invitations.count() == 0


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_editors_invite(world, role):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    with pytest.raises(ValidationError) as refused:
        services.add_invitations(Actor(user=world.users[role]), assessment, "a@example.org")
    assert codes(refused.value) == {"survey_manage_role"}


def test_a_full_assessment_has_no_invitations(world):
    assessment = make_assessment(world.partnership)
    with pytest.raises(ValidationError) as refused:
        services.add_invitations(Actor(user=world.editor), assessment, "a@example.org")
    assert codes(refused.value) == {"survey_checklist_only"}


def test_links_are_emailed_and_only_the_token_hash_is_kept(world):
    assessment = make_checklist(world.partnership)
    services.add_invitations(Actor(user=world.editor), assessment, "a@example.org\nb@example.org")
    assert services.send_links(Actor(user=world.editor), assessment, BASE) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    body = mail.outbox[0].body
    token = body.split(BASE + "survey/")[1].split("/")[0]
    invitation = m.SurveyInvitation.objects.get(email=mail.outbox[0].to[0])
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert invitation.sent_at is not None
    assert services.invitation_for(token) == invitation
    # Sent already: sending again sends nothing more.
    assert services.send_links(Actor(user=world.editor), assessment, BASE) == 0


def test_a_new_link_stops_the_old_one_working(world):
    assessment = make_checklist(world.partnership)
    invitation, old = make_invitation(assessment)
    services.send_links(Actor(user=world.editor), assessment, BASE, invitation=invitation)
    new = mail.outbox[0].body.split(BASE + "survey/")[1].split("/")[0]
    assert services.invitation_for(old) is None
    assert services.invitation_for(new) == invitation


def test_a_failed_email_leaves_the_invitation_unsent(world, monkeypatch):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    invitation.sent_at = None
    invitation.save()

    def fail(*args, **kwargs):
        raise OSError("mail server down")
    monkeypatch.setattr(services, "send_mail", fail)
    with pytest.raises(OSError):
        services.send_links(Actor(user=world.editor), assessment, BASE)
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert services.invitation_for(token) == invitation  # the old token still stands


# Opening and closing -----------------------------------------------------------------------

def test_opening_sets_the_dates_and_the_stage(world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.DRAFT)
    services.open_survey(Actor(user=world.editor), assessment, opens_on=TODAY,
                         closes_on=TODAY + datetime.timedelta(days=7),
                         loaded_version=PROGRAM_CHANGE)
    assessment.refresh_from_db()
    assert assessment.stage == "open"
    assert assessment.closes_on == datetime.date(2026, 12, 4)
    assert m.Assessment.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="survey_opened").exists()


def test_a_survey_without_statements_cannot_open(world):
    assessment = make_assessment(world.partnership, method=m.AssessmentMethod.CHECKLIST,
                                 version=make_framework_version(scale=m.Scale.LIKERT))
    with pytest.raises(ValidationError) as refused:
        services.open_survey(Actor(user=world.editor), assessment, opens_on=TODAY,
                             closes_on=TODAY, loaded_version=PROGRAM_CHANGE)
    assert codes(refused.value) == {"survey_needs_statements"}
    assessment.refresh_from_db()
    assert assessment.stage == "draft"


def test_closing_stops_responses_and_shows_results(world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    assert not services.results_visible(assessment, timezone.localdate())
    services.close_survey(Actor(user=world.editor), assessment, loaded_version=PROGRAM_CHANGE)
    assessment.refresh_from_db()
    assert assessment.stage == "closed"
    assert services.results_visible(assessment, timezone.localdate())
    answers, comments = full_answers(assessment)
    with pytest.raises(ValidationError) as refused:
        services.submit_response(Actor(), token, answers=answers, comments=comments)
    assert codes(refused.value) == {"survey_open"}


# Responding --------------------------------------------------------------------------------

def test_a_response_is_stored_with_no_link_to_its_invitation(world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    answers, comments = full_answers(assessment, rating=4)
    response = services.submit_response(Actor(), token, answers=answers, comments=comments)
    invitation.refresh_from_db()
    assert invitation.is_used
    assert response.answers.count() == len(statements_of(assessment))
    assert response.comments.count() == len(sections_of(assessment))
    assert {f.name for f in m.SurveyResponse._meta.get_fields()} == {
        "id", "assessment", "answers", "comments"}
    with pytest.raises(ValidationError) as refused:
        services.submit_response(Actor(), token, answers=answers, comments=comments)
    assert codes(refused.value) == {"survey_link_once"}
    assert m.SurveyResponse.objects.count() == 1


def test_an_unknown_token_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.submit_response(Actor(), "made-up", answers={}, comments={})
    assert codes(refused.value) == {"survey_link_known"}


def test_a_response_missing_an_answer_or_a_comment_is_refused_and_the_link_stays_usable(world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    answers, comments = full_answers(assessment)
    answers.popitem()
    comments[next(iter(comments))] = ("", "Faster data")
    with pytest.raises(ValidationError) as refused:
        services.submit_response(Actor(), token, answers=answers, comments=comments)
    assert codes(refused.value) == {"survey_complete"}
    invitation.refresh_from_db()
    assert not invitation.is_used
    assert m.SurveyResponse.objects.count() == 0


def race(work_a, work_b) -> dict:
    """Run both at once, each in its own transaction; what each raised, by name."""
    outcome, start = {}, threading.Barrier(2)

    def run(name, work):
        try:
            start.wait(5)
            with transaction.atomic():
                work()
        except ValidationError as refused:
            outcome[name] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in (("a", work_a),
                                                                        ("b", work_b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcome


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_link_sent_twice_at_once_gives_one_response(world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    answers, comments = full_answers(assessment)

    def submit():
        services.submit_response(Actor(), token, answers=answers, comments=comments)
    outcome = race(submit, submit)
    assert len(outcome) == 1
    assert codes(next(iter(outcome.values()))) == {"survey_link_once"}
    assert m.SurveyResponse.objects.filter(assessment=assessment).count() == 1


# Findings from comments --------------------------------------------------------------------

def test_a_comment_becomes_a_finding_through_the_findings_service(world):
    assessment = make_checklist(world.partnership, stage=m.AssessmentStage.CLOSED)
    section = sections_of(assessment)[0]
    finding = services.comment_to_finding(Actor(user=world.editor), assessment,
                                          kind="strength", text="Clear shared aims.",
                                          node=section)
    assert finding.assessment == assessment and finding.node == section
    assert m.Finding.history.latest().history_user == world.editor


# Sending links twice at once ----------------------------------------------------------------

def test_a_link_read_as_unsent_but_sent_meanwhile_is_not_sent_again(world):
    assessment = make_checklist(world.partnership)
    services.add_invitations(Actor(user=world.editor), assessment, "a@example.org")
    stale = m.SurveyInvitation.objects.get()  # what a second click read before the first sent
    assert services.send_links(Actor(user=world.editor), assessment, BASE) == 1
    sent = m.SurveyInvitation.objects.get()
    assert not services._send_one(Actor(user=world.editor), assessment, stale, BASE)
    assert len(mail.outbox) == 1
    assert m.SurveyInvitation.objects.get().token_hash == sent.token_hash  # first link works


def test_a_deliberate_resend_of_one_still_sends_a_new_link(world):
    assessment = make_checklist(world.partnership)
    invitation, old = make_invitation(assessment)
    assert services.send_links(Actor(user=world.editor), assessment, BASE,
                               invitation=invitation) == 1
    assert len(mail.outbox) == 1 and services.invitation_for(old) is None


def test_a_used_link_is_not_sent_again_even_when_read_unused(world):
    assessment = make_checklist(world.partnership)
    invitation, token = make_invitation(assessment)
    m.SurveyInvitation.objects.filter(pk=invitation.pk).update(is_used=True)
    assert services.send_links(Actor(user=world.editor), assessment, BASE,
                               invitation=invitation) == 0
    assert not mail.outbox and services.invitation_for(token) == invitation


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_send_links_clicked_twice_at_once_emails_each_person_once(world):
    assessment = make_checklist(world.partnership)
    services.add_invitations(Actor(user=world.editor), assessment,
                             "a@example.org\nb@example.org")

    def send():
        services.send_links(Actor(user=world.editor), assessment, BASE)
    race(send, send)
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org",
                                                                 "b@example.org"]
    for message in mail.outbox:
        token = message.body.split(BASE + "survey/")[1].split("/")[0]
        assert services.invitation_for(token) is not None
