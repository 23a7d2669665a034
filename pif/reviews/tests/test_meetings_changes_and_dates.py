"""Meetings and locked periods over time: what may change once the memo is issued, the lock
as it stands now, dates kept in range and on the same weekday, the pack cut at its data date,
and what the pages say about emails and unlocking."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.lib.periods import Period
from pif.measures import locks
from pif.measures.testing import make_indicator
from pif.reviews import meeting_dates as dates
from pif.reviews import models as m
from pif.reviews.memos import memo_items
from pif.reviews.rules import meetings as rules
from pif.reviews.services import meetings as services
from pif.reviews.testing import make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db
D = datetime.date


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def editor(world):
    return Actor(user=world.editor)


# 6: what may change once the memo is issued or the meeting held ----------------------------

def test_the_rule_lets_only_the_location_change_once_briefed_and_nothing_once_held():
    assert rules.check_meeting_changeable("planned", {"starts_at", "focus_kind"}) == ()
    assert rules.check_meeting_changeable("briefed", {"location"}) == ()
    assert rules.check_meeting_changeable("briefed", set()) == ()
    found = rules.check_meeting_changeable("briefed", {"starts_at", "data_to", "service"})
    assert {f.rule for f in found} == {"meeting_changeable"}
    assert {f.field for f in found} == {"day", "data_to", "service"}
    assert rules.check_meeting_changeable("held", {"location"})
    assert rules.check_meeting_changeable("followed_up", set())


def test_a_followed_up_meeting_cannot_be_moved_or_refocused(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor),
                           stage=m.MeetingStage.FOLLOWED_UP)
    client.force_login(world.editor)
    page = client.post(u("meeting_edit", meeting.pk), {
        "day": "2025-01-01", "time": "10:00", "focus_kind": "service", "service": "Roads",
        "data_to": "2024-12-31", "version": meeting.version}).content.decode()
    assert "has been held" in page
    meeting.refresh_from_db()
    assert (meeting.starts_at.date(), meeting.service) == (D(2026, 11, 12), "")


def test_a_briefed_meeting_changes_its_location_but_not_its_date(world):
    meeting = make_meeting(make_series(world.partnership, world.editor),
                           stage=m.MeetingStage.BRIEFED)
    meeting.location = "Room 2"
    services.save_meeting(editor(world), meeting, loaded_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.location == "Room 2"
    meeting.data_to = D(2026, 9, 30)
    with pytest.raises(ValidationError, match="briefing memo has been issued"):
        services.save_meeting(editor(world), meeting, loaded_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.data_to == D(2026, 10, 31)


# 10: locked is worked out from the partnership's locks ------------------------------------

def test_after_an_unlock_the_meeting_says_so_and_can_be_locked_again(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    services.lock_period(editor(world), meeting, loaded_version=PROGRAM_CHANGE)
    locks.unlock(Actor(user=world.admin), locks.active_lock(world.partnership), "Correction")
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Locked on" not in page and "Unlocked since" in page
    assert u("meeting_lock", meeting.pk) in page
    meeting.refresh_from_db()
    services.lock_period(editor(world), meeting, loaded_version=PROGRAM_CHANGE)
    assert locks.locked_through(world.partnership) == D(2026, 10, 31)
    with pytest.raises(ValidationError, match="already locked"):
        services.lock_period(editor(world), meeting, loaded_version=PROGRAM_CHANGE)


def test_a_meeting_whose_data_another_lock_covers_counts_as_locked(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    locks.lock_through(editor(world), world.partnership, D(2026, 11, 30), "Board")
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Locked up to 30 November 2026" in page
    assert u("meeting_lock", meeting.pk) not in page
    assert rules.check_may_lock(D(2026, 10, 31), D(2026, 11, 30))
    assert rules.check_may_lock(D(2026, 10, 31), D(2026, 9, 30)) == ()


# 11: dates out of range -----------------------------------------------------------------

def test_the_form_and_the_service_refuse_a_date_outside_1900_to_2100(client, world):
    series = make_series(world.partnership, world.editor)
    client.force_login(world.editor)
    page = client.post(u("meeting_add", series.pk), {
        "day": "9999-12-31", "time": "10:00", "focus_kind": "whole",
        "data_to": "0001-01-01"}).content.decode()
    assert "between 1900 and 2100" in page and not m.Meeting.objects.exists()
    meeting = services.next_meeting(series)
    meeting.starts_at = timezone.make_aware(datetime.datetime(2101, 1, 5, 10, 0))
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        services.save_meeting(editor(world), meeting, loaded_version=None)


def test_scheduling_after_an_out_of_range_meeting_gives_no_500(client, world):
    series = make_series(world.partnership, world.editor)
    make_meeting(series, starts_at=timezone.make_aware(datetime.datetime(9999, 12, 31, 10)))
    client.force_login(world.editor)
    assert client.get(u("meeting_add", series.pk)).status_code == 200
    assert dates.next_date("quarterly", D(9999, 12, 31), D(2026, 1, 1)) == D(2026, 1, 15)
    assert dates.data_to("monthly", D(1, 1, 1)) is None


# 12: monthly and quarterly keep the weekday and its week ----------------------------------

def test_monthly_keeps_the_second_thursday_across_a_leap_year():
    today = D(2026, 1, 1)
    assert dates.next_date("monthly", D(2026, 11, 12), today) == D(2026, 12, 10)
    assert dates.next_date("monthly", D(2028, 1, 13), today) == D(2028, 2, 10)
    assert dates.next_date("monthly", D(2028, 2, 10), today) == D(2028, 3, 9)
    assert dates.next_date("quarterly", D(2027, 11, 11), today) == D(2028, 2, 10)
    for day in (D(2026, 12, 10), D(2028, 2, 10), D(2028, 3, 9)):
        assert day.weekday() == 3


def test_a_fifth_weekday_becomes_the_last_one_of_a_shorter_month():
    today = D(2026, 1, 1)
    # 29 February 2028 is the fifth Tuesday; March 2028's last Tuesday is the 28th.
    assert dates.next_date("monthly", D(2028, 2, 29), today) == D(2028, 3, 28)
    # 29 October 2026 is the fifth Thursday; November's last is the 26th.
    assert dates.next_date("monthly", D(2026, 10, 29), today) == D(2026, 11, 26)
    # 31 January 2026 is the fifth Saturday; February's last is the 28th, March's the 28th.
    assert dates.next_date("monthly", D(2026, 1, 31), today) == D(2026, 2, 28)
    assert dates.next_date("monthly", D(2026, 2, 28), today) == D(2026, 3, 28)


# 15: the pack shows periods ending on or before data_to ------------------------------------

def test_the_memo_chart_leaves_out_periods_after_data_to(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="DD",
                               values=[5, 6, 7, 6, 5, 9], first_period=Period.month(2026, 6))
    meeting = make_meeting(make_series(world.partnership, world.editor))  # data to October
    make_item(meeting, indicator=indicator, section=m.ItemSection.EXCEPTION)
    items = [item for _, _, found in memo_items(meeting) for item in found]
    assert len(items[0].chart.rows) == 5  # June to October, not November


# 17: the issue message says who was emailed -----------------------------------------------

def test_issuing_with_nobody_to_email_does_not_say_emails_went(client, world):
    series = make_series(world.partnership, world.outsider)  # the chair is no member
    meeting = make_meeting(series)
    make_item(meeting)
    client.force_login(world.editor)
    page = client.post(u("meeting_briefing_issue", meeting.pk), {"version": meeting.version},
                       follow=True).content.decode()
    assert "Briefing memo issued" in page and "have been emailed" not in page
    assert "Nobody has been emailed" in page and not mail.outbox


# 20: the lock page when data_to is still to come -----------------------------------------

def test_the_lock_page_says_to_change_the_data_date_when_it_is_to_come(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor),
                           data_to=timezone.localdate() + datetime.timedelta(days=40))
    client.force_login(world.editor)
    page = client.post(u("meeting_lock", meeting.pk), {"version": meeting.version}
                       ).content.decode()
    assert "Enter today" not in page
    assert "Change the meeting&#x27;s “Data up to” date" in page
