"""The stage 6 demo: the Loch Arden Stat series with three past meetings and the next one, a
PSIF checklist, an EFQM 2013 assessment with two assessors, last year's cycle closed with its
snapshot and this year's started by the roll-over; nobody emailed."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from pif.improvement.models import Action, ActionSource
from pif.measures.models import Observation, PeriodLock
from pif.partnerships import demo
from pif.reviews import demo as reviews_demo
from pif.reviews import models as m
from pif.reviews.memos import memo_items
from pif.reviews.rollover import carried_text

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 5)
SPREAD_TOTAL = 1524  # the sum of every rating given: the seeded responses do not change


def _others(steps) -> list:
    return [step for step in steps if step is not reviews_demo.load]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo built once for the module (the other apps' steps, then this one, called
    directly with a fixed today), inside a transaction rolled back at the end. Callbacks run
    on commit (emails) are run, so any email the demo would send is in the outbox."""
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(demo, "_steps", _others(demo._steps)):
            partnership = demo.load(reset=True)
        users = {m.role: m.user for m in partnership.memberships.select_related("user")}
        mail.outbox = []
        with TestCase.captureOnCommitCallbacks(execute=True):
            reviews_demo.load(partnership, users, today=TODAY)
        partnership.sent = list(mail.outbox)
        yield partnership
        transaction.set_rollback(True)


@pytest.fixture
def loaded(built, db):
    return built


def _day(meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def test_the_step_is_registered():
    assert reviews_demo.load in demo._steps


def test_nobody_is_emailed(loaded):
    assert loaded.sent == []


def test_three_past_meetings_briefed_held_and_followed_up_and_the_next_drafted(loaded):
    series = m.MeetingSeries.objects.get(partnership=loaded, name="Loch Arden Stat")
    assert series.cadence == m.Cadence.MONTHLY
    assert series.chair.email == "admin@example.org"
    assert [s.focus_kind for s in series.rotation.all()] == ["whole", "organisation", "outcome"]
    held = list(series.meetings.filter(stage=m.MeetingStage.FOLLOWED_UP))
    assert len(held) == 3
    assert all(mt.period_locked_at and mt.briefing_issued_at and mt.follow_up_issued_at
               and mt.present.exists() and reviews_demo.ILLUSTRATIVE in mt.notes
               for mt in held)
    assert [_day(mt) for mt in held] == [datetime.date(2026, 9, 10),
                                         datetime.date(2026, 10, 8), datetime.date(2026, 11, 12)]
    for mt in held:  # issued on time, not on the day the demo was loaded
        assert mt.briefing_issued_at < mt.starts_at
        # The packs were locked after the demo's data was stored, so their charts have data
        # (but for the commitments indicator, whose values come as the meetings are held).
        charted = [item for _, _, items in memo_items(mt) for item in items
                   if getattr(item, "chart", None)]
        assert charted and [item.title for item in charted if not item.chart.rows and
                            item.indicator_id != series.commitments_indicator_id] == []
        assert mt.starts_at < mt.follow_up_issued_at <= mt.starts_at + datetime.timedelta(days=2)
    assert [mt.focus_kind for mt in held] == ["whole", "organisation", "outcome"]
    upcoming = series.meetings.get(stage=m.MeetingStage.PLANNED)
    assert _day(upcoming) == datetime.date(2026, 12, 10) and upcoming.focus_kind == "whole"
    assert upcoming.items.filter(section=m.ItemSection.FOLLOW_UP).count() >= 3
    assert PeriodLock.objects.filter(partnership=loaded).exists()


def test_every_meeting_pack_was_built_by_the_briefing(loaded):
    for meeting in m.Meeting.objects.filter(series__partnership=loaded):
        assert meeting.items.count() >= 3, meeting
        assert meeting.items.exclude(indicator=None).exists(), meeting
    later = m.Meeting.objects.filter(series__partnership=loaded).order_by("starts_at")[1:]
    for meeting in later:  # the follow-ups come first
        assert meeting.items.first().section == m.ItemSection.FOLLOW_UP, meeting


def test_follow_ups_of_every_kind_some_closed_one_escalated(loaded):
    follow_ups = m.FollowUp.objects.filter(series__partnership=loaded)
    assert set(follow_ups.values_list("kind", flat=True)) == set(m.FollowUpKind.values)
    assert follow_ups.filter(status=m.FollowUpStatus.DONE).count() >= 3
    assert follow_ups.filter(status=m.FollowUpStatus.DROPPED).count() == 1
    escalated = follow_ups.get(escalated_on__isnull=False)
    assert escalated.times_carried_over == 2 and escalated.status == m.FollowUpStatus.OPEN
    assert escalated.kind == m.FollowUpKind.COMMITMENT
    commitments = follow_ups.filter(kind=m.FollowUpKind.COMMITMENT)
    assert commitments.count() == 4
    assert not commitments.filter(action=None).exists()
    actions = Action.objects.filter(pk__in=commitments.values("action"))
    assert all(a.source == ActionSource.MEETING and "Loch Arden Stat" in a.source_detail
               and reviews_demo.ILLUSTRATIVE in a.description for a in actions)
    assert m.MeetingItem.objects.filter(meeting__series__partnership=loaded,
                                        is_discussed=True).exclude(notes="").count() >= 6


def test_the_commitments_indicator_has_its_values(loaded):
    series = m.MeetingSeries.objects.get(partnership=loaded)
    values = list(Observation.objects.filter(indicator=series.commitments_indicator)
                  .order_by("period_start").values_list("numerator", "denominator"))
    # Meeting 2: one of meeting 1's two commitments done; meeting 3: meeting 2's one done.
    assert values == [(1, 2), (1, 1)]


def test_the_psif_checklist_has_invitations_responses_and_two_findings(loaded):
    survey = m.Assessment.objects.get(partnership=loaded, method=m.AssessmentMethod.CHECKLIST)
    assert survey.framework_version.framework.slug == "psif"
    assert survey.stage == m.AssessmentStage.CLOSED
    invitations = survey.invitations.all()
    assert invitations.count() == 40
    assert all(i.email.endswith("@example.org") for i in invitations)
    assert not invitations.filter(sent_at__isnull=False).exists()  # never emailed
    assert invitations.filter(is_used=True).count() == 25
    assert survey.responses.count() == 25
    ratings = set(m.SurveyAnswer.objects.filter(response__assessment=survey)
                  .values_list("rating", flat=True))
    assert ratings == {0, 1, 2, 3, 4}  # a spread, "Don't know" included
    assert m.SurveyComment.objects.filter(response__assessment=survey).count() == 25 * 6
    assert survey.findings.count() == 2


def test_the_responses_are_the_same_each_time(loaded):
    survey = m.Assessment.objects.get(partnership=loaded, method=m.AssessmentMethod.CHECKLIST)
    spread = sorted(m.SurveyAnswer.objects.filter(response__assessment=survey)
                    .values_list("rating", flat=True))
    assert sum(spread) == SPREAD_TOTAL


def test_the_efqm_assessment_is_scored_agreed_evidenced_and_made_into_actions(loaded):
    assessment = m.Assessment.objects.get(partnership=loaded, method=m.AssessmentMethod.FULL)
    version = assessment.framework_version
    assert (version.framework.slug, version.label) == ("efqm", "2013")
    assert assessment.stage == m.AssessmentStage.CLOSED
    assert assessment.assessors.count() == 2
    parts = version.nodes.filter(is_scored=True).count()
    assert parts == 32
    scores = m.Score.objects.filter(assessment=assessment)
    assert scores.count() == 2 * parts
    assert all(len(s.attributes) == 7 and s.percent is not None for s in scores)
    assert m.AgreedScore.objects.filter(assessment=assessment).count() == parts
    evidence = m.Evidence.objects.filter(assessment=assessment)
    assert evidence.exclude(text="").exists()
    assert evidence.exclude(indicator=None).exists()
    assert evidence.exclude(action=None).exists()
    assert evidence.exclude(pdsa_cycle=None).exists()
    assert not evidence.exclude(file="").exists()
    findings = assessment.findings.all()
    assert findings.filter(kind=m.FindingKind.STRENGTH).count() >= 3
    assert findings.filter(kind=m.FindingKind.AREA_FOR_IMPROVEMENT).count() >= 3
    assert findings.exclude(action=None).count() == 2
    assert sorted(findings.filter(kind=m.FindingKind.AREA_FOR_IMPROVEMENT)
                  .values_list("priority", flat=True)) == [1, 2, 3]
    assert all(reviews_demo.ILLUSTRATIVE in f.text for f in findings)


def test_last_year_closed_with_a_snapshot_and_this_year_rolled_over(loaded):
    cycles = list(m.Cycle.objects.filter(partnership=loaded).order_by("first_year"))
    assert [c.state for c in cycles] == [m.Cycle.State.CLOSED, m.Cycle.State.OPEN]
    closed, current = cycles
    assert current.first_year == closed.first_year + 1
    assert current.starts_on <= TODAY <= current.ends_on
    snapshot = closed.snapshot
    assert snapshot["assessment"]["title"] == closed.assessment.title
    assert snapshot["assessment"]["complete"] is True
    # As it stood at the year's end: the series began this year, so none of its follow-ups.
    assert snapshot["follow_ups"]["open"] == snapshot["follow_ups"]["escalated"] == 0
    assert snapshot["indicators"]
    assert Action.objects.filter(partnership=loaded).open().filter(
        updates__text=carried_text(current.label)).exists()


@pytest.mark.parametrize(("today", "first"), [
    (datetime.date(2026, 12, 5), datetime.date(2026, 9, 10)),
    (datetime.date(2026, 12, 10), datetime.date(2026, 9, 10)),  # the next one is today
    (datetime.date(2026, 12, 11), datetime.date(2026, 10, 8)),
    (datetime.date(2027, 1, 3), datetime.date(2026, 10, 8)),
])
def test_the_meetings_are_on_the_last_three_second_thursdays(loaded, today, first):
    users = {m.role: m.user for m in loaded.memberships.select_related("user")}
    loader = reviews_demo._Loader(loaded, users, today)
    assert loader.first_meeting_day() == first
