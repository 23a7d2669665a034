"""The series' follow-ups list in the memo's words: a caption saying which follow-ups it
counts, the Status column next to the title, carry-overs as "Not yet"/"once"/"2 times", and
the full title in the Close link's hidden text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.reviews.models import FollowUpStatus
from pif.reviews.testing import make_follow_up, make_meeting, make_series
from pif.reviews.views.follow_ups import count_words

pytestmark = pytest.mark.django_db
LONG = "Explain the fall in household waste recycling rates across the three districts"


def test_the_list_says_what_it_counts_in_the_memos_words(client, world):
    series = make_series(world.partnership, world.users["admin"])
    meeting = make_meeting(series, timezone.make_aware(datetime.datetime(2026, 10, 8, 10)))
    make_follow_up(meeting, text=LONG)
    make_follow_up(meeting, text="Send data", times_carried_over=1)
    make_follow_up(meeting, text="Fund it", times_carried_over=2)
    make_follow_up(meeting, text="Old news", status=FollowUpStatus.DONE)
    client.force_login(world.users["editor"])
    url = reverse("series_follow_ups", args=["alpha", series.pk])
    page = client.get(url).content.decode()
    assert "3 open follow-ups</caption>" in page
    assert f'<span class="govuk-visually-hidden"> data request: {LONG}</span>' in page
    assert "Not yet" in page and "Once" in page and "2 times" in page
    assert page.index(">Status</th>") < page.index(">Owner</th>")
    everything = client.get(url + "?status=any").content.decode()
    assert "4 follow-ups</caption>" in everything and "Old news" in everything
    assert "Old news" not in page
    assert count_words(1, FollowUpStatus.DONE) == "1 follow-up done"
    assert count_words(1000, FollowUpStatus.DROPPED) == "1,000 dropped follow-ups"
