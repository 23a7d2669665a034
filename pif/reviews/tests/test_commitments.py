"""The share of commitments closed by the next meeting, written as an indicator's value."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.measures.models import Observation
from pif.reviews import commitments
from pif.reviews.models import FollowUpKind, FollowUpStatus, MeetingStage
from pif.reviews.services import follow_ups as services
from pif.reviews.testing import make_follow_up, make_meeting, make_series

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def series(world):
    return make_series(world.partnership, world.users["admin"])


def commitment(meeting, **fields):
    return make_follow_up(meeting, kind=FollowUpKind.COMMITMENT, **fields)


def test_the_share_counts_commitments_of_the_previous_meeting_done_by_this_one(series):
    october = make_meeting(series, at(datetime.date(2026, 10, 8)), stage=MeetingStage.HELD)
    november = make_meeting(series, at(datetime.date(2026, 11, 12)))
    december = make_meeting(series, at(datetime.date(2026, 12, 10)))
    commitment(october, status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 11, 1))
    commitment(october, status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 11, 13),
               closed_at=november)  # closed at the meeting, recorded the day after
    commitment(october, status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 11, 20),
               closed_at=december)
    commitment(october, status=FollowUpStatus.DROPPED, closed_on=datetime.date(2026, 11, 1))
    commitment(october)
    make_follow_up(october, status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 11, 1))
    share = commitments.share_at(november)
    assert (share.closed, share.raised) == (2, 5) and share.percent == 40
    assert commitments.share_at(october).raised == 0


def test_an_editor_creates_the_indicator_once(world, series):
    actor = Actor(user=world.users["editor"])
    indicator = commitments.create_indicator(actor, series, code="STAT-C", owner=world.council,
                                             loaded_version=PROGRAM_CHANGE)
    series.refresh_from_db()
    assert series.commitments_indicator == indicator
    assert (indicator.unit, indicator.improvement, indicator.frequency) == (
        "percentage", "higher", "monthly")
    assert indicator.title == "Commitments closed by the next meeting"
    with pytest.raises(ValidationError, match="already has"):
        commitments.create_indicator(actor, series, code="STAT-D", owner=world.council,
                                     loaded_version=PROGRAM_CHANGE)


def test_holding_a_meeting_writes_the_month_value_with_history(world, series):
    actor = Actor(user=world.users["editor"])
    commitments.create_indicator(actor, series, code="STAT-C", owner=world.council,
                                 loaded_version=PROGRAM_CHANGE)
    series.refresh_from_db()
    october = make_meeting(series, at(datetime.date(2026, 10, 8)))
    november = make_meeting(series, at(datetime.date(2026, 11, 12)))
    commitment(october, status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 11, 1))
    commitment(october)
    services.hold_meeting(actor, october, loaded_version=PROGRAM_CHANGE,
                          today=datetime.date(2026, 12, 1))
    assert not Observation.objects.exists()  # nothing was due at the first meeting
    services.hold_meeting(actor, november, loaded_version=PROGRAM_CHANGE,
                          today=datetime.date(2026, 12, 1))
    value = Observation.objects.get()
    assert (value.value, value.numerator, value.denominator) == (50, 1, 2)
    assert value.period_start == datetime.date(2026, 11, 1)
    assert value.history.latest().history_user == world.users["editor"]
