"""Stage 6 services: the checklist survey. Every change takes the actor first.

A survey is anonymous. An invitation records that its personal link was used, never which
response it gave; a response has a random key and no date, so nothing matches the two. A
personal link's token is made with `secrets` and only its SHA-256 hash is stored: the link is
emailed, never shown, and a new link (sent again) makes the old one stop working.

| function | what it does |
|---|---|
| `checklist(version)` | the sections of a framework version, each with its statements |
| `add_invitations(actor, assessment, text)` | email addresses pasted one a line |
| `send_links(actor, assessment, base_url, invitation=None)` | emails personal links |
| `open_survey(actor, assessment, *, opens_on, closes_on, loaded_version)` | dates; opens it |
| `close_survey(actor, assessment, *, loaded_version)` | closes it (the assessment's stage) |
| `invitation_for(token)` | the invitation a personal link belongs to, or None |
| `submit_response(actor, token, *, answers, comments, today)` | one anonymous response |
| `results_visible(assessment, today)` | the survey no longer takes responses |
| `comment_to_finding(actor, assessment, *, kind, text, node)` | a finding from a comment |
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.lib.text import one_line
from pif.partnerships.access import access_for
from pif.reviews.models import (
    Assessment,
    AssessmentNode,
    NodeKind,
    SurveyAnswer,
    SurveyComment,
    SurveyInvitation,
    SurveyResponse,
)
from pif.reviews.rules import assessments as assessment_rules
from pif.reviews.rules import surveys as rules
from pif.rules import Finding, refuse

VERBS: list[tuple[str, str]] = [
    ("survey_invitations_added", "Survey invitations added"),
    ("survey_links_sent", "Survey links sent"),
    ("survey_opened", "Survey opened"),
    ("survey_dates_changed", "Survey dates changed"),
    ("survey_closed", "Survey closed"),
]
MAY_MANAGE = "Only editors and admins can invite people to a survey, open it and close it."
UNKNOWN_LINK = ("This link does not work. Check it is the whole link from your email, or ask "
                "whoever invited you for a new one.")


# What is asked -----------------------------------------------------------------------------

@dataclass
class SectionQuestions:
    node: AssessmentNode
    statements: list[AssessmentNode]


def checklist(version) -> list[SectionQuestions]:
    """The version's statements (kind "statement") grouped under their sections, in the
    framework's order, in one query. A statement with no parent is a section of its own."""
    statements = (AssessmentNode.objects
                  .filter(framework_version=version, kind=NodeKind.STATEMENT)
                  .select_related("parent").order_by("position", "id"))
    sections: dict[int, SectionQuestions] = {}
    for statement in statements:
        section = statement.parent or statement
        sections.setdefault(section.pk, SectionQuestions(section, [])).statements.append(
            statement)
    return sorted(sections.values(), key=lambda s: (s.node.position, s.node.pk))


# Who may manage a survey -------------------------------------------------------------------

def _require_manage(actor: Actor, assessment: Assessment) -> None:
    refuse(rules.check_is_checklist(assessment.method))
    if actor.is_operator:
        return
    access = access_for(actor.user, assessment.partnership)
    if access is None or not access.can_edit:
        refuse([Finding("", MAY_MANAGE, "survey_manage_role")])


# Personal links ----------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its hash: only the hash is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def invitation_for(token: str) -> SurveyInvitation | None:
    return (SurveyInvitation.objects.select_related("assessment", "assessment__partnership")
            .filter(token_hash=hash_token(token)).first())


@transaction.atomic
def add_invitations(actor: Actor, assessment: Assessment, text: str) -> list[SurveyInvitation]:
    """Invite the addresses in `text`, one a line; an address already invited is left as it
    is. Each new invitation gets a token nobody knows until its link is sent."""
    _require_manage(actor, assessment)
    refuse(rules.check_may_invite(assessment.stage))
    addresses, problems = rules.read_addresses(text)
    refuse(problems)
    known = set(assessment.invitations.values_list("email", flat=True))
    added = []
    for email in addresses:
        if email in known:
            continue
        invitation = SurveyInvitation(assessment=assessment, email=email,
                                      token_hash=new_token()[1])
        actor.stamp(invitation)
        invitation.save()
        added.append(invitation)
    if added:
        actor.event(assessment.partnership, "survey_invitations_added",
                    f"{len(added)} people invited to the survey “{assessment}”", assessment)
    return added


def send_links(actor: Actor, assessment: Assessment, base_url: str,
               invitation: SurveyInvitation | None = None) -> int:
    """Email a personal link to each invitation not sent yet (or a new link to `invitation`,
    which stops its old one working). Each is saved and emailed on its own, so a failed email
    leaves that invitation unsent, and every link emailed works. Returns how many were sent."""
    _require_manage(actor, assessment)
    refuse(rules.check_may_invite(assessment.stage))
    if invitation is not None:
        waiting = [invitation] if not invitation.is_used else []
    else:
        waiting = list(assessment.invitations.filter(sent_at__isnull=True, is_used=False)
                       .order_by("email"))
    sent = sum(_send_one(actor, assessment, each, base_url, resend=invitation is not None)
               for each in waiting)
    if sent:
        actor.event(assessment.partnership, "survey_links_sent",
                    f"Survey links sent to {sent} people for “{assessment}”", assessment)
    return sent


@transaction.atomic
def _send_one(actor: Actor, assessment: Assessment, invitation: SurveyInvitation,
              base_url: str, *, resend: bool = False) -> bool:
    """Send `invitation` a new link, unless it was used or (not a deliberate resend) sent
    meanwhile: its row is locked and read again, so "Send links" clicked twice at once
    emails each person one link that works. Returns whether it was sent."""
    stored = (SurveyInvitation.objects.select_for_update()
              .filter(pk=invitation.pk, is_used=False).first())
    if stored is None or (stored.sent_at is not None and not resend):
        return False
    token, invitation.token_hash = new_token()
    invitation.sent_at = timezone.now()
    actor.stamp(invitation, "Survey link sent")
    invitation.save(update_fields=["token_hash", "sent_at"])
    link = base_url.rstrip("/") + reverse("survey", args=[token])
    context = {"assessment": assessment, "link": link, "site_name": settings.SITE_NAME,
               "partnership": assessment.partnership}
    send_mail(subject=one_line(f"Your views on {assessment.partnership.name}: "
                               f"{assessment.title}"),
              message=render_to_string("reviews/surveys/email/invitation.txt", context),
              from_email=None, recipient_list=[invitation.email])
    return True


# Opening and closing -----------------------------------------------------------------------

@transaction.atomic
def open_survey(actor: Actor, assessment: Assessment, *, opens_on: datetime.date,
                closes_on: datetime.date, loaded_version: LoadedVersion) -> Assessment:
    """Set the survey's dates, and open it if it is being set up. An open survey may change
    its dates."""
    _require_manage(actor, assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    refuse(rules.check_dates(opens_on, closes_on))
    statements = AssessmentNode.objects.filter(
        framework_version=stored.framework_version_id, kind=NodeKind.STATEMENT).count()
    refuse(rules.check_may_open(stored.stage, statements))
    opening = stored.stage == Assessment.Stage.DRAFT
    if opening:
        refuse(assessment_rules.check_stage_move(
            method=stored.method, old=stored.stage, new=Assessment.Stage.OPEN, assessors=0,
            scored_nodes=statements, not_agreed=[]))
    claim_version(assessment, loaded_version)
    assessment.opens_on, assessment.closes_on = opens_on, closes_on
    assessment.stage = Assessment.Stage.OPEN
    actor.stamp(assessment)
    assessment.save(update_fields=["opens_on", "closes_on", "stage", "version"])
    said = f"{opens_on:%-d %B %Y} to {closes_on:%-d %B %Y}"
    verb, words = (("survey_opened", "opened") if opening
                   else ("survey_dates_changed", "dates changed"))
    actor.event(assessment.partnership, verb, f"Survey “{assessment}” {words}: {said}",
                assessment)
    return assessment


@transaction.atomic
def close_survey(actor: Actor, assessment: Assessment, *,
                 loaded_version: LoadedVersion) -> Assessment:
    """Close an open survey now: no more responses, and the results can be read."""
    _require_manage(actor, assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    refuse(rules.check_may_close(stored.stage))
    refuse(assessment_rules.check_stage_move(
        method=stored.method, old=stored.stage, new=Assessment.Stage.CLOSED, assessors=0,
        scored_nodes=1, not_agreed=[]))
    claim_version(assessment, loaded_version)
    assessment.stage = Assessment.Stage.CLOSED
    actor.stamp(assessment)
    assessment.save(update_fields=["stage", "version"])
    actor.event(assessment.partnership, "survey_closed", f"Survey “{assessment}” closed",
                assessment)
    return assessment


def results_visible(assessment: Assessment, today: datetime.date) -> bool:
    """Results are read once the survey takes no more responses, so nobody can tell who
    said what by watching them change."""
    if assessment.stage in (Assessment.Stage.CONSENSUS, Assessment.Stage.CLOSED):
        return True
    return (assessment.stage == Assessment.Stage.OPEN and assessment.closes_on is not None
            and today > assessment.closes_on)


# Responding --------------------------------------------------------------------------------

def refusal(invitation: SurveyInvitation | None, today: datetime.date) -> tuple[Finding, ...]:
    """Why this link takes no response now (empty when it does)."""
    if invitation is None:
        return (Finding("", UNKNOWN_LINK, "survey_link_known"),)
    assessment = invitation.assessment
    return rules.check_accepts(is_used=invitation.is_used, stage=assessment.stage,
                               opens_on=assessment.opens_on, closes_on=assessment.closes_on,
                               today=today)


@transaction.atomic
def submit_response(actor: Actor, token: str, *, answers: dict[int, int],
                    comments: dict[int, tuple[str, str]],
                    today: datetime.date | None = None) -> SurveyResponse:
    """Store one response and mark its link used, together: the invitation's row is locked,
    so a link sent twice at once gives one response. The response is not linked to the
    invitation."""
    today = today or timezone.localdate()
    invitation = (SurveyInvitation.objects.select_for_update(of=("self",))
                  .select_related("assessment").filter(token_hash=hash_token(token)).first())
    refuse(refusal(invitation, today))
    assessment = invitation.assessment
    sections = checklist(assessment.framework_version_id)
    statement_ids = [s.pk for section in sections for s in section.statements]
    section_ids = [section.node.pk for section in sections]
    refuse(rules.check_complete(statement_ids=statement_ids, answers=answers,
                                section_ids=section_ids, comments=comments))
    invitation.is_used = True
    actor.stamp(invitation, "Survey answered")
    invitation.save(update_fields=["is_used"])
    response = SurveyResponse.objects.create(assessment=assessment)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, node_id=pk, rating=answers[pk]) for pk in statement_ids)
    SurveyComment.objects.bulk_create(
        SurveyComment(response=response, node_id=pk, strengths=comments[pk][0].strip(),
                      improvements=comments[pk][1].strip()) for pk in section_ids)
    return response


# Findings from comments --------------------------------------------------------------------

def comment_to_finding(actor: Actor, assessment: Assessment, *, kind: str, text: str,
                       node: AssessmentNode | None):
    """A strength or area for improvement of the assessment, from a survey comment, through
    the findings service (which checks who may add one)."""
    from pif.reviews.services import evidence

    refuse(rules.check_is_checklist(assessment.method))
    return evidence.add_finding(actor, assessment, kind=kind, text=text, node=node)
