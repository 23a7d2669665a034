"""The presentation view: one item at a time, with notes, outcomes and attendance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.reviews.models import FollowUp, MeetingItem
from pif.reviews.testing import make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    series = make_series(world.partnership, world.users["admin"])
    meeting = make_meeting(series, timezone.make_aware(datetime.datetime(2026, 11, 12, 10)))
    make_item(meeting, "Delayed discharges", position=1, section="exception",
              questions="Why did it rise?\nWhat will change?")
    make_item(meeting, "Home care hours", position=2, section="exception")
    return meeting


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def test_a_viewer_steps_through_the_items_without_forms(client, world, meeting):
    client.force_login(world.users["viewer"])
    first = client.get(u("meeting_present", meeting.pk)).content.decode()
    assert "Item 1 of 2" in first and "Why did it rise?" in first
    assert "?item=2" in first and "Record an outcome" not in first
    second = client.get(u("meeting_present", meeting.pk) + "?item=2").content.decode()
    assert "Item 2 of 2" in second and "Home care hours" in second and "?item=1" in second
    odd = client.get(u("meeting_present", meeting.pk) + "?item=99x").content.decode()
    assert "Item 1 of 2" in odd


def test_another_partnerships_meeting_is_not_found(client, world):
    other = make_meeting(make_series(world.other_partnership, world.outsider))
    client.force_login(world.users["editor"])
    assert client.get(u("meeting_present", other.pk)).status_code == 404


def test_an_editor_records_a_commitment_that_becomes_an_action(client, world, meeting):
    item = meeting.items.first()
    client.force_login(world.users["editor"])
    page = client.get(u("meeting_present", meeting.pk)).content.decode()
    assert "Record an outcome" in page
    response = client.post(u("follow_up_add", meeting.pk, item.pk), {
        "kind": "commitment", "text": "Cut delays", "owner": world.users["contributor"].pk,
        "due_date": "2027-01-31", "report_back": "January figure"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.action.reference == "M01" and follow_up.item == item


def test_a_commitment_without_an_owner_is_shown_its_errors(client, world, meeting):
    item = meeting.items.first()
    client.force_login(world.users["editor"])
    response = client.post(u("follow_up_add", meeting.pk, item.pk),
                           {"kind": "commitment", "text": "Cut delays", "due_date": "2027-02-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The due date must be a real date" in page
    assert not FollowUp.objects.exists()
    response = client.post(u("follow_up_add", meeting.pk, item.pk),
                           {"kind": "commitment", "text": "Cut delays"})
    assert "Choose who owns the commitment" in response.content.decode()


def test_notes_are_saved_and_a_stale_edit_is_refused(client, world, meeting):
    item = meeting.items.first()
    client.force_login(world.users["editor"])
    url = u("meeting_item_notes", meeting.pk, item.pk)
    client.post(url, {"notes": "Explained by winter", "is_discussed": "on", "version": 1})
    item.refresh_from_db()
    assert item.is_discussed and item.version == 2
    assert MeetingItem.history.latest().history_user == world.users["editor"]
    stale = client.post(url, {"notes": "Something else", "version": 1})
    assert stale.status_code == 200 and "Explained by winter" in stale.content.decode()
    item.refresh_from_db()
    assert item.notes == "Explained by winter"


def test_attendance_and_who_may_record_it(client, world, meeting):
    client.force_login(world.users["contributor"])
    assert client.get(u("meeting_attendance", meeting.pk)).status_code == 403
    client.force_login(world.users["editor"])
    client.post(u("meeting_attendance", meeting.pk),
                {"present": [world.users["viewer"].pk], "version": 1})
    assert list(meeting.present.all()) == [world.users["viewer"]]
