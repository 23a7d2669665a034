"""Factories for the checklist survey's tests (no tests here): a small Likert framework with
sections and statements, an open checklist, invitations with known tokens and responses."""

import datetime

from django.utils import timezone

from pif.reviews import models as m
from pif.reviews.services import surveys as services
from pif.reviews.testing import make_assessment


def make_checklist_version(slug="checklist-model", sections=2, statements=2):
    """Sections "1", "2", ... each with statements "1.1", "1.2", ..."""
    framework, _ = m.AssessmentFramework.objects.get_or_create(
        slug=slug, partnership=None, defaults={"name": "Checklist model"})
    version = m.AssessmentFrameworkVersion.objects.create(
        framework=framework, label=f"v{m.AssessmentFrameworkVersion.objects.count() + 1}",
        scale=m.Scale.LIKERT)
    position = 0
    for s in range(1, sections + 1):
        section = m.AssessmentNode.objects.create(
            framework_version=version, code=str(s), kind=m.NodeKind.SECTION,
            label=f"Section {s}", position=position)
        position += 1
        for t in range(1, statements + 1):
            m.AssessmentNode.objects.create(
                framework_version=version, parent=section, code=f"{s}.{t}",
                kind=m.NodeKind.STATEMENT, label=f"Statement {s}.{t}",
                text=f"We do thing {s}.{t} well", is_scored=True,
                position=position)
            position += 1
    return version


def make_checklist(partnership, stage=m.AssessmentStage.OPEN, version=None, **fields):
    today = timezone.localdate()
    if stage != m.AssessmentStage.DRAFT:
        fields.setdefault("opens_on", today - datetime.timedelta(days=1))
        fields.setdefault("closes_on", today + datetime.timedelta(days=14))
    return make_assessment(partnership, version=version or make_checklist_version(),
                           title="Partnership checklist 2026",
                           method=m.AssessmentMethod.CHECKLIST, stage=stage, **fields)


def make_invitation(assessment, email="staff@example.org", used=False):
    """An invitation and its raw token."""
    token, digest = services.new_token()
    invitation = m.SurveyInvitation.objects.create(
        assessment=assessment, email=email, token_hash=digest, is_used=used,
        sent_at=timezone.now())
    return invitation, token


def statements_of(assessment):
    return list(assessment.framework_version.nodes.filter(kind=m.NodeKind.STATEMENT))


def sections_of(assessment):
    return list(assessment.framework_version.nodes.filter(kind=m.NodeKind.SECTION))


def make_responses(assessment, ratings, comment="Good team work"):
    """One response per entry of `ratings` (a rating for every statement, or a list)."""
    statements = statements_of(assessment)
    sections = sections_of(assessment)
    for n, rating in enumerate(ratings):
        response = m.SurveyResponse.objects.create(assessment=assessment)
        each = rating if isinstance(rating, list) else [rating] * len(statements)
        for statement, value in zip(statements, each, strict=True):
            m.SurveyAnswer.objects.create(response=response, node=statement, rating=value)
        for section in sections:
            m.SurveyComment.objects.create(response=response, node=section,
                                           strengths=f"{comment} {n}",
                                           improvements=f"Slow decisions {n}")


def answers_post(assessment, rating="3", strengths="Clear aims", improvements="Faster data"):
    data = {f"statement_{s.pk}": rating for s in statements_of(assessment)}
    for section in sections_of(assessment):
        data[f"strengths_{section.pk}"] = strengths
        data[f"improvements_{section.pk}"] = improvements
    return data
