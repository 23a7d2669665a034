"""During and after a stat meeting: outcomes (a commitment becomes an action), holding the
meeting (carry-over and escalation), closing follow-ups and issuing the memo."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.improvement.models import Action, ActionSource
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Event
from pif.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, MeetingStage
from pif.reviews.services import follow_ups as services
from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def series(world):
    return make_series(world.partnership, world.users["admin"], escalate_after=2)


@pytest.fixture
def editor(world):
    return Actor(user=world.users["editor"])


def hold(editor, meeting, today=TODAY):
    return services.hold_meeting(editor, meeting, loaded_version=PROGRAM_CHANGE, today=today)


def test_a_commitment_becomes_an_action_in_the_plan(world, series, editor):
    meeting = make_meeting(series, at(datetime.date(2026, 11, 12)))
    item = make_item(meeting)
    follow_up = services.record_outcome(
        editor, item, kind=FollowUpKind.COMMITMENT, text="Cut delayed discharges by 10",
        owner=world.users["contributor"], due_date=datetime.date(2027, 1, 31),
        report_back="The January figure and what changed")
    action = follow_up.action
    assert action.source == ActionSource.MEETING
    assert "PartnershipStat meeting of 12 November 2026" in action.source_detail
    assert action.owner == world.users["contributor"]
    assert action.owner_organisation == world.health_board  # the owner's organisation
    assert action.reference == "M01" and action.due_date == datetime.date(2027, 1, 31)
    assert FollowUp.history.latest().history_user == world.users["editor"]
    assert Event.objects.filter(verb="follow_up_recorded").exists()


def test_a_commitment_needs_an_owner_a_due_date_and_what_is_reported_back(series, editor):
    item = make_item(make_meeting(series))
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(editor, item, kind=FollowUpKind.COMMITMENT, text="Do it")
    assert set(refused.value.message_dict) == {"owner", "due_date", "report_back"}
    assert not Action.objects.exists() and not FollowUp.objects.exists()


def test_an_owner_from_another_partnership_is_refused(world, series, editor):
    item = make_item(make_meeting(series))
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(editor, item, kind=FollowUpKind.DATA_REQUEST,
                                text="Send the data", owner=world.outsider)
    assert "owner" in refused.value.message_dict


def test_a_decision_needs_only_what_was_agreed(series, editor):
    item = make_item(make_meeting(series))
    follow_up = services.record_outcome(editor, item, kind=FollowUpKind.DECISION,
                                        text="Fund the pilot")
    assert follow_up.action is None and follow_up.status == FollowUpStatus.OPEN


def test_holding_carries_over_open_follow_ups_from_earlier_meetings_only(series, editor):
    first = make_meeting(series, at(datetime.date(2026, 10, 8)))
    second = make_meeting(series, at(datetime.date(2026, 11, 12)))
    older = make_follow_up(first)
    closed = make_follow_up(first, status=FollowUpStatus.DONE)
    new = make_follow_up(second)
    hold(editor, second)
    for row in (older, closed, new):
        row.refresh_from_db()
    assert (older.times_carried_over, closed.times_carried_over,
            new.times_carried_over) == (1, 0, 0)
    second.refresh_from_db()
    assert second.stage == MeetingStage.HELD
    assert Event.objects.filter(verb="meeting_held").exists()


def test_a_meeting_is_held_once_and_not_before_its_day(series, editor):
    meeting = make_meeting(series, at(datetime.date(2026, 11, 12)))
    with pytest.raises(ValidationError, match="takes place on 12 November 2026"):
        hold(editor, meeting, today=datetime.date(2026, 11, 11))
    hold(editor, meeting)
    with pytest.raises(ValidationError, match="already marked as held"):
        hold(editor, meeting)


@pytest.fixture
def saved(django_capture_on_commit_callbacks):
    """Run a service as if its transaction committed: emails go once the change is saved."""
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)
    return run


def test_escalated_to_the_chair_after_the_series_number_of_carry_overs_once(
        world, series, editor, saved):
    meetings = [make_meeting(series, at(datetime.date(2026, month, 10)))
                for month in (9, 10, 11, 12)]
    follow_up = make_follow_up(meetings[0], owner=world.users["contributor"])
    saved(hold, editor, meetings[1])
    assert not mail.outbox
    saved(hold, editor, meetings[2], today=datetime.date(2026, 11, 10))
    follow_up.refresh_from_db()
    assert follow_up.escalated_on == datetime.date(2026, 11, 10)
    assert [message.to for message in mail.outbox] == [[world.users["admin"].email]]
    assert "Explain the rise" in mail.outbox[0].body
    saved(hold, editor, meetings[3], today=datetime.date(2026, 12, 10))
    follow_up.refresh_from_db()
    assert follow_up.times_carried_over == 3
    assert follow_up.escalated_on == datetime.date(2026, 11, 10)  # never twice
    assert len(mail.outbox) == 1
    assert Event.objects.filter(verb="follow_up_escalated").count() == 1


def test_closing_says_how_or_why_and_keeps_the_action_apart(world, series, editor):
    meeting = make_meeting(series, at(datetime.date(2026, 11, 12)))
    item = make_item(meeting)
    follow_up = services.record_outcome(
        editor, item, kind=FollowUpKind.COMMITMENT, text="Cut delays",
        owner=world.users["contributor"], due_date=datetime.date(2027, 1, 31),
        report_back="The figure")
    with pytest.raises(ValidationError, match="Enter what was done"):
        services.close_follow_up(editor, follow_up, outcome="done", note=" ", meeting=meeting,
                                 loaded_version=PROGRAM_CHANGE)
    services.close_follow_up(editor, follow_up, outcome="done", note="Reported in December",
                             meeting=meeting, loaded_version=PROGRAM_CHANGE, today=TODAY)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.closed_at, follow_up.closed_on) == (
        FollowUpStatus.DONE, meeting, TODAY)
    assert follow_up.action.status == "not_started"  # the action closes on its own
    with pytest.raises(ValidationError, match="closed already"):
        services.close_follow_up(editor, follow_up, outcome="dropped", note="x",
                                 meeting=meeting, loaded_version=PROGRAM_CHANGE)


def test_dropping_says_why(series, editor):
    meeting = make_meeting(series)
    follow_up = make_follow_up(meeting)
    with pytest.raises(ValidationError, match="Enter why it is dropped"):
        services.close_follow_up(editor, follow_up, outcome="dropped", note="",
                                 meeting=meeting, loaded_version=PROGRAM_CHANGE)


def test_the_memo_is_issued_once_after_the_meeting_and_emails_attendees_and_owners(
        world, series, editor, saved):
    meeting = make_meeting(series, at(datetime.date(2026, 11, 12)))
    meeting.present.set([world.users["viewer"]])
    make_follow_up(meeting, owner=world.users["contributor"])
    with pytest.raises(ValidationError, match="Mark the meeting as held"):
        services.issue_memo(editor, meeting, loaded_version=PROGRAM_CHANGE)
    hold(editor, meeting)
    saved(services.issue_memo, editor, meeting, loaded_version=PROGRAM_CHANGE)
    meeting.refresh_from_db()
    assert meeting.stage == MeetingStage.FOLLOWED_UP
    assert meeting.follow_up_issued_by == world.users["editor"]
    assert sorted(mail.outbox[0].to) == sorted([world.users["viewer"].email,
                                                world.users["contributor"].email])
    assert f"/p/alpha/meetings/m/{meeting.pk}/follow-up/" in mail.outbox[0].body
    with pytest.raises(ValidationError, match="issued already"):
        services.issue_memo(editor, meeting, loaded_version=PROGRAM_CHANGE)


def test_the_demo_emails_nobody(world, series, saved):
    meeting = make_meeting(series, at(datetime.date(2026, 11, 12)))
    make_follow_up(meeting, owner=world.users["contributor"])
    actor = demo_actor(world.users["editor"])
    saved(services.hold_meeting, actor, meeting, loaded_version=PROGRAM_CHANGE, today=TODAY)
    saved(services.issue_memo, actor, meeting, loaded_version=PROGRAM_CHANGE)
    assert not mail.outbox


def test_attendance_is_members_only_and_kept_in_history(world, series, editor):
    meeting = make_meeting(series)
    with pytest.raises(ValidationError):
        services.record_attendance(editor, meeting, present=[world.outsider],
                                   loaded_version=PROGRAM_CHANGE)
    services.record_attendance(editor, meeting, present=[world.users["viewer"]],
                               loaded_version=PROGRAM_CHANGE)
    assert list(meeting.present.all()) == [world.users["viewer"]]
    assert meeting.history.latest().history_user == world.users["editor"]
