"""Holding the meeting, the follow-up memo, the series' follow-ups, closing one, the
indicator of commitments closed, and "your follow-ups" on the overview."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.partnerships.access import access_for
from pif.reviews.models import FollowUpKind, FollowUpStatus, MeetingStage
from pif.reviews.overview import my_follow_ups
from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def series(world):
    return make_series(world.partnership, world.users["admin"])


@pytest.fixture
def meetings(series):
    return (make_meeting(series, at(datetime.date(2026, 10, 8))),
            make_meeting(series, at(datetime.date(2026, 11, 12))))


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def test_hold_then_issue_the_memo(client, world, meetings):
    october, november = meetings
    older = make_follow_up(october, text="Send the waiting list data")
    make_follow_up(november, kind=FollowUpKind.DECISION, text="Fund the pilot")
    client.force_login(world.users["viewer"])
    assert client.get(u("meeting_hold", november.pk)).status_code == 403
    client.force_login(world.users["editor"])
    page = client.get(u("meeting_hold", november.pk)).content.decode()
    assert "carries over 1 open follow-up" in page
    response = client.post(u("meeting_hold", november.pk), {"version": 1})
    assert response["Location"] == u("follow_up_memo", november.pk)
    older.refresh_from_db()
    assert older.times_carried_over == 1
    memo = client.get(u("follow_up_memo", november.pk)).content.decode()
    assert "Fund the pilot" in memo and "Send the waiting list data" in memo
    assert "Issue the follow-up memo" in memo
    assert f"kind=follow-up-memo&amp;meeting={november.pk}" in memo  # a PDF is a report
    client.post(u("follow_up_memo_issue", november.pk), {"version": 2})
    november.refresh_from_db()
    assert november.stage == MeetingStage.FOLLOWED_UP


def test_holding_twice_shows_the_rule_not_an_error(client, world, meetings):
    client.force_login(world.users["editor"])
    client.post(u("meeting_hold", meetings[0].pk), {"version": 1})
    again = client.post(u("meeting_hold", meetings[0].pk), {"version": 2})
    assert again.status_code == 200 and "already marked as held" in again.content.decode()
    page = client.get(u("meeting_hold", meetings[0].pk)).content.decode()
    assert "already marked as held" in page and "Mark the meeting as held</button>" not in page


def test_the_memo_says_when_it_is_late(client, world, meetings):
    client.force_login(world.users["viewer"])
    memo = client.get(u("follow_up_memo", meetings[0].pk)).content.decode()
    assert "Memo due by" in memo and "10 October 2026" in memo and "late" in memo


def test_the_list_filters_and_its_queries_do_not_grow(client, world, series, meetings):
    client.force_login(world.users["viewer"])
    url = u("series_follow_ups", series.pk)

    def count(rows):
        for n in range(rows):
            make_follow_up(meetings[0], text=f"Request {n}", owner=world.users["contributor"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + "?status=").status_code == 200
        return len(queries)

    assert count(3) == count(27)
    make_follow_up(meetings[1], text="A decision", kind=FollowUpKind.DECISION)
    page = client.get(url + "?kind=decision").content.decode()
    assert "A decision" in page and "Request 1" not in page
    mine = client.get(url + f"?owner={world.users['contributor'].pk}").content.decode()
    assert "Request 1" in mine and "A decision" not in mine
    assert client.get(url + "?status=nonsense&owner=x").status_code == 200


def test_closing_a_follow_up(client, world, series, meetings):
    follow_up = make_follow_up(meetings[0])
    client.force_login(world.users["editor"])
    url = u("follow_up_close", follow_up.pk)
    refused = client.post(url, {"outcome": "dropped", "note": "", "meeting": meetings[1].pk,
                                "version": 1})
    assert "Enter why it is dropped" in refused.content.decode()
    client.post(url, {"outcome": "done", "note": "Sent", "meeting": meetings[1].pk,
                      "version": 1})
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.closed_at == meetings[1]


def test_an_editor_creates_the_commitments_indicator(client, world, series):
    client.force_login(world.users["editor"])
    url = u("commitments_indicator_add", series.pk)
    assert f"STAT{series.pk}-CLOSED" in client.get(url).content.decode()
    response = client.post(url, {"code": "STAT-C", "owner": world.council.pk, "version": 1})
    series.refresh_from_db()
    assert response["Location"] == series.commitments_indicator.get_absolute_url()


def test_your_follow_ups_on_the_overview(world, series, meetings):
    access = access_for(world.users["contributor"], world.partnership)
    assert my_follow_ups(access) == []
    for n in range(3):
        make_follow_up(meetings[0], text=f"R{n}", owner=world.users["contributor"],
                       due_date=datetime.date(2020, 1, 1) if n == 0 else None)
    make_follow_up(meetings[0], owner=world.users["viewer"])
    with CaptureQueriesContext(connection) as queries:
        tasks = my_follow_ups(access)
    assert len(queries) == 1
    assert [task.summary for task in tasks] == ["3 open, 1 overdue"]
    assert f"owner={world.users['contributor'].pk}" in tasks[0].url


def test_the_meeting_panel_links_by_role(world, series, meetings):
    from django.template.loader import render_to_string

    def panel(role):
        access = access_for(world.users[role], world.partnership)
        return render_to_string("reviews/follow_ups/_meeting_panel.html", {
            "meeting": meetings[0], "partnership": world.partnership, "access": access})

    assert "Mark the meeting as held" in panel("editor")
    viewer = panel("viewer")
    assert "Mark the meeting as held" not in viewer and "Read the follow-up memo" in viewer


def test_a_present_item_shows_a_commitments_action_status(client, world, meetings):
    item = make_item(meetings[0], section="exception")
    client.force_login(world.users["editor"])
    client.post(u("follow_up_add", meetings[0].pk, item.pk), {
        "kind": "commitment", "text": "Cut delays", "owner": world.users["contributor"].pk,
        "due_date": "2027-01-31", "report_back": "January figure"})
    page = client.get(u("meeting_present", meetings[0].pk)).content.decode()
    assert "M01" in page and "not started" in page
