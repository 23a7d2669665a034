"""Meeting services: roles, rules, history and events, scheduling defaults, locking and
issuing the briefing memo (with its email)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.measures import locks
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Event
from pif.reviews import models as m
from pif.reviews.services import meetings as services
from pif.reviews.testing import make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db


def actor(world, role):
    return Actor(user=world.users[role])


def test_an_editor_sets_up_a_series_in_history_with_an_event(world):
    series = m.MeetingSeries(partnership=world.partnership, name="PartnershipStat",
                             chair=world.editor)
    services.save_series(actor(world, "editor"), series, attendees=[world.viewer],
                         loaded_version=None)
    assert list(series.attendees.all()) == [world.viewer]
    assert series.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="meeting_series_created").exists()


def test_a_contributor_cannot_set_up_a_series(world):
    series = m.MeetingSeries(partnership=world.partnership, name="X", chair=world.editor)
    with pytest.raises(ValidationError, match="Only editors and admins"):
        services.save_series(actor(world, "contributor"), series, attendees=[],
                             loaded_version=None)


def test_the_chair_and_attendees_must_be_members(world):
    series = m.MeetingSeries(partnership=world.partnership, name="X", chair=world.outsider)
    with pytest.raises(ValidationError) as error:
        services.save_series(actor(world, "editor"), series, attendees=[world.outsider],
                             loaded_version=None)
    assert set(error.value.message_dict) == {"chair", "attendees"}


def test_a_rotation_step_needs_its_organisation_and_keeps_only_what_its_kind_names(world):
    series = make_series(world.partnership, world.editor)
    step = m.RotationStep(series=series, focus_kind="organisation")
    with pytest.raises(ValidationError):
        services.add_rotation_step(actor(world, "editor"), step)
    step = m.RotationStep(series=series, focus_kind="service", service="Roads",
                          organisation=world.council)
    services.add_rotation_step(actor(world, "editor"), step)
    assert step.organisation is None and step.position == 0


def test_a_rotation_step_of_another_partnership_is_refused(world):
    series = make_series(world.partnership, world.editor)
    step = m.RotationStep(series=series, focus_kind="organisation",
                          organisation=world.other_council)
    with pytest.raises(ValidationError):
        services.add_rotation_step(actor(world, "editor"), step)


def test_the_next_meeting_follows_the_cadence_and_the_rotation(world):
    series = make_series(world.partnership, world.editor)
    first = m.RotationStep.objects.create(series=series, position=0, focus_kind="whole")
    second = m.RotationStep.objects.create(series=series, position=1, focus_kind="organisation",
                                           organisation=world.council)
    meeting = services.next_meeting(series, today=datetime.date(2026, 11, 1))
    assert meeting.starts_at.date() == datetime.date(2026, 11, 15)
    assert meeting.focus_kind == first.focus_kind
    make_meeting(series)  # 12 November 2026 at 10:00, the whole partnership
    meeting = services.next_meeting(series)
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour) == (datetime.date(2026, 12, 10), 10)  # 2nd Thursday
    assert meeting.data_to == datetime.date(2026, 11, 30)
    assert (meeting.focus_kind, meeting.organisation) == ("organisation", second.organisation)


def test_scheduling_and_changing_a_meeting_keeps_history(world):
    series = make_series(world.partnership, world.editor)
    meeting = services.next_meeting(series)
    services.save_meeting(actor(world, "editor"), meeting, loaded_version=None)
    meeting.location = "Room 2"
    services.save_meeting(actor(world, "admin"), meeting, loaded_version=meeting.version)
    assert meeting.history.latest().history_user == world.admin
    assert Event.objects.filter(verb="meeting_changed").exists()


def test_an_editor_locks_the_period_and_the_meeting_says_when(world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    services.lock_period(actor(world, "editor"), meeting, loaded_version=PROGRAM_CHANGE)
    assert locks.locked_through(world.partnership) == datetime.date(2026, 10, 31)
    lock = locks.active_lock(world.partnership)
    assert lock.reason == "PartnershipStat, 12 November 2026"
    meeting.refresh_from_db()
    assert meeting.period_locked_at is not None
    with pytest.raises(ValidationError, match="already locked"):
        services.lock_period(actor(world, "admin"), meeting, loaded_version=PROGRAM_CHANGE)


def test_a_contributor_cannot_lock_the_period(world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    with pytest.raises(ValidationError, match="Only editors and admins"):
        services.lock_period(actor(world, "contributor"), meeting,
                             loaded_version=PROGRAM_CHANGE)
    assert locks.locked_through(world.partnership) is None


def _issue(world, meeting, who, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_briefing(who, meeting, loaded_version=meeting.version)


def test_issuing_emails_the_chair_and_attendees_and_stops_changes(
        world, django_capture_on_commit_callbacks):
    series = make_series(world.partnership, world.editor)
    series.attendees.set([world.viewer, world.outsider])
    meeting = make_meeting(series)
    item = make_item(meeting)
    _issue(world, meeting, actor(world, "admin"), django_capture_on_commit_callbacks)
    meeting.refresh_from_db()
    assert meeting.stage == "briefed" and meeting.briefing_issued_by == world.admin
    assert [sorted(message.to) for message in mail.outbox] == [
        ["editor@alpha.test", "viewer@alpha.test"]]
    assert f"/meetings/m/{meeting.pk}/briefing/" in mail.outbox[0].body
    assert Event.objects.filter(verb="briefing_issued").exists()
    with pytest.raises(ValidationError, match="already been issued"):
        services.issue_briefing(actor(world, "admin"), meeting, loaded_version=meeting.version)
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.remove_item(actor(world, "editor"), item)


def test_the_demo_emails_nobody(world, django_capture_on_commit_callbacks):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    make_item(meeting)
    _issue(world, meeting, demo_actor(world.admin), django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_an_empty_memo_is_not_issued(world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    with pytest.raises(ValidationError, match="no items"):
        services.issue_briefing(actor(world, "editor"), meeting, loaded_version=1)


def test_a_contributor_adds_an_item_at_the_end_and_a_viewer_cannot(world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    make_item(meeting, position=4)
    item = m.MeetingItem(meeting=meeting, section="exception", title="Winter pressures")
    services.save_item(actor(world, "contributor"), item, loaded_version=None)
    assert (item.reason, item.position) == ("other", 5)
    assert item.history.latest().history_user == world.contributor
    with pytest.raises(ValidationError, match="Viewers"):
        services.save_item(actor(world, "viewer"), m.MeetingItem(
            meeting=meeting, section="standing", title="X"), loaded_version=None)
