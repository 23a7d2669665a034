"""Factories for stage 6 tests, and URL samples for the test that walks every URL."""

import datetime
from decimal import Decimal

from django.utils import timezone

from pif.reviews import models as m


def make_series(partnership, chair, name="PartnershipStat", **fields) -> m.MeetingSeries:
    return m.MeetingSeries.objects.create(partnership=partnership, chair=chair, name=name,
                                          **fields)


def make_meeting(series, starts_at=None, **fields) -> m.Meeting:
    starts_at = starts_at or timezone.make_aware(datetime.datetime(2026, 11, 12, 10, 0))
    fields.setdefault("data_to", datetime.date(2026, 10, 31))
    return m.Meeting.objects.create(series=series, starts_at=starts_at, **fields)


def make_item(meeting, title="Delayed discharges", **fields) -> m.MeetingItem:
    fields.setdefault("section", m.ItemSection.STANDING)
    return m.MeetingItem.objects.create(meeting=meeting, title=title, **fields)


def make_follow_up(meeting, text="Explain the rise in delayed discharges", **fields
                   ) -> m.FollowUp:
    fields.setdefault("kind", m.FollowUpKind.DATA_REQUEST)
    return m.FollowUp.objects.create(series=meeting.series, raised_at=meeting, text=text,
                                     **fields)


def make_framework_version(scale=m.Scale.RADAR, slug="test-model", label="1",
                           partnership=None) -> m.AssessmentFrameworkVersion:
    """A small framework: an enabler criterion (1a, 1b equal) and a result criterion (2a at
    75 %, 2b at 25 %), 100 and 150 points."""
    framework, _ = m.AssessmentFramework.objects.get_or_create(
        slug=slug, partnership=partnership, defaults={"name": "Test model"})
    version = m.AssessmentFrameworkVersion.objects.create(
        framework=framework, label=label, scale=scale, total_points=250)
    kinds = m.NodeKind
    one = _node(version, "1", kinds.CRITERION, "Leadership", 0, node_type="enabler",
                points=Decimal(100))
    _node(version, "1a", kinds.PART, "Vision and values", 1, parent=one, node_type="enabler",
          is_scored=True)
    _node(version, "1b", kinds.PART, "Management system", 2, parent=one, node_type="enabler",
          is_scored=True)
    two = _node(version, "2", kinds.CRITERION, "Customer results", 3, node_type="result",
                points=Decimal(150))
    _node(version, "2a", kinds.PART, "Perceptions", 4, parent=two, node_type="result",
          weight=Decimal("0.75"), is_scored=True)
    _node(version, "2b", kinds.PART, "Performance indicators", 5, parent=two,
          node_type="result", weight=Decimal("0.25"), is_scored=True)
    return version


def _node(version, code, kind, label, position, parent=None, **fields) -> m.AssessmentNode:
    return m.AssessmentNode.objects.create(framework_version=version, code=code, kind=kind,
                                           label=label, position=position, parent=parent,
                                           **fields)


def scored_nodes(version) -> list[m.AssessmentNode]:
    return list(version.nodes.filter(is_scored=True))


def make_assessment(partnership, version=None, title="Self-assessment 2026", **fields
                    ) -> m.Assessment:
    fields.setdefault("method", m.AssessmentMethod.FULL)
    return m.Assessment.objects.create(
        partnership=partnership, framework_version=version or make_framework_version(),
        title=title, **fields)


def make_finding(assessment, text="Staff are unclear how their work links to the plan",
                 **fields) -> m.Finding:
    fields.setdefault("kind", m.FindingKind.AREA_FOR_IMPROVEMENT)
    return m.Finding.objects.create(assessment=assessment, text=text, **fields)


def make_cycle(partnership, first_year=2026, **fields) -> m.Cycle:
    return m.Cycle.objects.create(
        partnership=partnership, first_year=first_year,
        starts_on=datetime.date(first_year, 4, 1), ends_on=datetime.date(first_year + 1, 3, 31),
        **fields)


def make_checklist_version(slug="checklist-model") -> m.AssessmentFrameworkVersion:
    """A Likert framework: two sections, each with two statements."""
    framework, _ = m.AssessmentFramework.objects.get_or_create(
        slug=slug, partnership=None, defaults={"name": "Checklist model"})
    version, made = m.AssessmentFrameworkVersion.objects.get_or_create(
        framework=framework, label="1", defaults={"scale": m.Scale.LIKERT})
    if made:
        for s, section_label in enumerate(("Leadership", "Partnership working"), start=1):
            section = _node(version, str(s), m.NodeKind.SECTION, section_label, s * 10)
            for t in (1, 2):
                _node(version, f"{s}.{t}", m.NodeKind.STATEMENT, f"Statement {s}.{t}",
                      s * 10 + t, parent=section, is_scored=True)
    return version


def make_checklist(partnership, **fields) -> m.Assessment:
    """An open checklist survey (from yesterday to a fortnight on)."""
    today = timezone.localdate()
    fields.setdefault("stage", m.AssessmentStage.OPEN)
    fields.setdefault("opens_on", today - datetime.timedelta(days=1))
    fields.setdefault("closes_on", today + datetime.timedelta(days=14))
    return make_assessment(partnership, version=make_checklist_version("walk-checklist"),
                           method=m.AssessmentMethod.CHECKLIST, **fields)


def _cached(world, name, factory):
    if not hasattr(world, name):
        setattr(world, name, factory())
    return getattr(world, name)


def _series(world):
    return _cached(world, "_review_series",
                   lambda: make_series(world.partnership, world.users["editor"]))


def _meeting(world):
    return _cached(world, "_review_meeting", lambda: make_meeting(_series(world)))


def _assessment(world):
    return _cached(world, "_review_assessment", lambda: make_assessment(world.partnership))


def _sample_node(world):
    return scored_nodes(_assessment(world).framework_version)[0]


def _survey_token(world) -> str:
    """The raw token of an invitation to an open checklist (only its hash is stored)."""
    from pif.reviews.services.surveys import new_token

    token, digest = new_token()
    m.SurveyInvitation.objects.create(assessment=make_checklist(world.partnership),
                                      email="walk@example.org", token_hash=digest)
    return token


URL_KWARG_SAMPLES = {
    "series_id": lambda world: _series(world).pk,
    "meeting_id": lambda world: _meeting(world).pk,
    "item_id": lambda world: make_item(_meeting(world)).pk,
    "follow_up_id": lambda world: make_follow_up(_meeting(world)).pk,
    "assessment_id": lambda world: _assessment(world).pk,
    "assessment_node_id": lambda world: _sample_node(world).pk,
    "framework_version_id": lambda world: make_framework_version(slug="walk-model").pk,
    "finding_id": lambda world: make_finding(_assessment(world)).pk,
    "review_cycle_id": lambda world: make_cycle(world.partnership).pk,
    "evidence_id": lambda world: m.Evidence.objects.create(
        assessment=_assessment(world), node=_sample_node(world),
        text="Board minutes, 3 June 2026").pk,
    "tag_id": lambda world: m.NodeTag.objects.create(
        partnership=world.partnership, node=scored_nodes(make_framework_version(
            slug="tag-model"))[0], indicator=world.sample_indicator()).pk,
    "checklist_id": lambda world: make_checklist(world.partnership).pk,
    "survey_token": _survey_token,
}

NOT_ASSESSORS = {"contributor": 403, "editor": 403, "admin": 403}
EVERY_MEMBER_404 = {"viewer": 404, "contributor": 404, "editor": 404, "admin": 404}
# Where a page's answer differs from what its access rule alone implies.
URL_STATUS_OVERRIDES = {
    # The sample assessment has no assessors, so nobody may score it...
    ("assessment_scores", "GET"): NOT_ASSESSORS,
    ("score_node", "GET"): NOT_ASSESSORS,
    # ...and it is not at the consensus step.
    ("agree_node", "GET"): {"editor": 403, "admin": 403},
    # Evidence and findings are for editors and the assessment's assessors.
    **{(name, "GET"): {"contributor": 403} for name in (
        "evidence_add", "node_tags", "evidence_delete", "tag_delete", "finding_add",
        "finding_edit", "finding_delete")},
    # The sample evidence has no file.
    ("evidence_file", "GET"): EVERY_MEMBER_404,
    # A portfolio is for a compliance framework; the sample assessment is scored by RADAR.
    ("evidence_portfolio", "GET"): EVERY_MEMBER_404,
}
