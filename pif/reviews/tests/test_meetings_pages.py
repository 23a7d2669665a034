"""The meeting pages: each role, another partnership's rows, odd input, a stale edit,
query counts, and the briefing memo as people read it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures.models import IndicatorStatus
from pif.measures.testing import make_indicator
from pif.reviews import models as m
from pif.reviews.testing import make_item, make_meeting, make_series
from pif.spc.vocabulary import Rag, Variation

pytestmark = pytest.mark.django_db


def u(name, *args):
    return reverse(name, args=["alpha", *args])


SERIES = {"name": "PartnershipStat", "purpose": "", "cadence": "monthly",
          "briefing_hours_before": "48", "follow_up_days": "2", "escalate_after": "3"}


def test_an_editor_sets_up_a_series(client, world):
    client.force_login(world.editor)
    response = client.post(u("meeting_series_add"), {
        **SERIES, "chair": world.admin.pk, "attendees": [world.viewer.pk]})
    series = m.MeetingSeries.objects.get()
    assert response["Location"] == series.get_absolute_url()
    assert series.chair == world.admin and list(series.attendees.all()) == [world.viewer]


def test_an_empty_series_form_says_what_to_enter(client, world):
    client.force_login(world.editor)
    page = client.post(u("meeting_series_add"), {}).content.decode()
    assert "Enter a name of the series" in page or "Enter the name" in page
    assert "Choose the chair" in page


def test_a_stale_change_to_a_series_shows_the_conflict(client, world):
    series = make_series(world.partnership, world.editor)
    client.force_login(world.editor)
    form = {**SERIES, "chair": world.editor.pk, "version": series.version}
    client.post(u("meeting_series_edit", series.pk), {**form, "name": "First"})
    page = client.post(u("meeting_series_edit", series.pk), {**form, "name": "Second"})
    assert page.status_code == 200
    series.refresh_from_db()
    assert series.name == "First"


def test_viewers_read_but_see_no_buttons_and_cannot_change(client, world):
    series = make_series(world.partnership, world.editor)
    meeting = make_meeting(series)
    make_item(meeting)
    client.force_login(world.viewer)
    for url in (u("meeting_series_list"), u("meeting_series", series.pk),
                u("meeting", meeting.pk), u("meeting_briefing", meeting.pk)):
        page = client.get(url).content.decode()
        assert "Schedule the next meeting" not in page and "Issue the briefing" not in page
        assert "Set up a meeting series" not in page and "Change the questions" not in page
    for url in (u("meeting_series_add"), u("meeting_add", series.pk), u("meeting_lock",
                meeting.pk), u("meeting_briefing_build", meeting.pk)):
        assert client.get(url).status_code == 403, url


def test_an_outsider_and_another_partnerships_meeting_get_404(client, world):
    other = make_series(world.other_partnership, world.outsider)
    meeting = make_meeting(other)
    item = make_item(meeting)
    client.force_login(world.admin)
    for url in (u("meeting_series", other.pk), u("meeting", meeting.pk),
                u("meeting_briefing", meeting.pk), u("meeting_item_edit", item.pk)):
        assert client.get(url).status_code == 404, url
    client.force_login(world.outsider)
    assert client.get(u("meeting_series_list")).status_code == 404


def test_scheduling_fills_in_the_defaults(client, world):
    series = make_series(world.partnership, world.editor)
    make_meeting(series)
    client.force_login(world.editor)
    page = client.get(u("meeting_add", series.pk)).content.decode()
    assert 'value="2026-12-10"' in page and 'value="10:00"' in page  # the second Thursday
    assert 'value="2026-11-30"' in page


def test_scheduling_with_a_bad_time_says_so(client, world):
    series = make_series(world.partnership, world.editor)
    client.force_login(world.editor)
    page = client.post(u("meeting_add", series.pk), {
        "day": "2026-12-12", "time": "25:99", "focus_kind": "whole"}).content.decode()
    assert "Enter the time as hours and minutes" in page
    assert not m.Meeting.objects.exists()


def test_the_meeting_page_says_when_the_briefing_is_late(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))  # in the past
    client.force_login(world.viewer)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Due by 10 November 2026, 10:00" in page and "Late" in page


def test_the_meeting_page_leads_an_editor_to_lock_then_draft(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    client.force_login(world.editor)
    assert u("meeting_lock", meeting.pk) in client.get(u("meeting", meeting.pk)).content.decode()
    client.post(u("meeting_lock", meeting.pk), {"version": meeting.version})
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Locked on" in page and u("meeting_briefing_build", meeting.pk) in page


def test_the_memo_shows_status_words_a_chart_and_questions(client, world):
    indicator = make_indicator(world.partnership, owner=world.council, code="DD",
                               values=[5, 6, 7, 6, 5], first_period=Period.month(2026, 6))
    IndicatorStatus.objects.filter(indicator=indicator).update(
        variation=Variation.CONCERN_HIGH, rag=Rag.RED)
    meeting = make_meeting(make_series(world.partnership, world.editor))
    client.force_login(world.contributor)
    client.post(u("meeting_briefing_build", meeting.pk))
    page = client.get(u("meeting_briefing", meeting.pk)).content.decode()
    assert Variation.CONCERN_HIGH.label in page and Rag.RED.label in page
    assert "<svg" in page and "What changed to cause this signal?" in page
    assert "Change the questions" in page and "Issue the briefing memo" not in page


def test_an_analyst_edits_questions_and_removes_an_item(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    item = make_item(meeting, questions="Old")
    client.force_login(world.contributor)
    client.post(u("meeting_item_edit", item.pk), {
        "title": item.title, "questions": "Why now?\nWho owns it?", "version": item.version})
    item.refresh_from_db()
    assert item.questions == "Why now?\nWho owns it?"
    client.post(u("meeting_item_remove", item.pk))
    assert not m.MeetingItem.objects.exists()


def test_an_editor_issues_the_memo_and_it_is_then_fixed(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    item = make_item(meeting)
    client.force_login(world.editor)
    response = client.post(u("meeting_briefing_issue", meeting.pk), {"version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.stage == "briefed"
    page = client.post(u("meeting_item_remove", item.pk)).content.decode()
    assert "can no longer be changed" in page and m.MeetingItem.objects.exists()


def test_a_junk_rotation_step_is_404(client, world):
    series = make_series(world.partnership, world.editor)
    client.force_login(world.editor)
    assert client.post(u("meeting_rotation", series.pk), {"remove": "x"}).status_code == 404


def test_a_rotation_step_is_added_and_removed(client, world):
    series = make_series(world.partnership, world.editor)
    client.force_login(world.editor)
    client.post(u("meeting_rotation", series.pk), {"focus_kind": "service", "service": "Roads"})
    step = m.RotationStep.objects.get()
    assert "Service: Roads" in client.get(u("meeting_series", series.pk)).content.decode()
    client.post(u("meeting_rotation", series.pk), {"remove": step.pk})
    assert not m.RotationStep.objects.exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_take_the_same_queries_for_3_or_30_rows(client, world):
    client.force_login(world.viewer)
    series = make_series(world.partnership, world.editor)
    for n in range(3):
        make_series(world.partnership, world.editor, name=f"S{n}")
        make_meeting(series, starts_at=series.created + datetime.timedelta(days=n))
    few = (_queries(client, u("meeting_series_list")), _queries(client, u("meeting_series",
                                                                          series.pk)))
    for n in range(3, 30):
        make_series(world.partnership, world.editor, name=f"S{n}")
        make_meeting(series, starts_at=series.created + datetime.timedelta(days=n))
    assert few == (_queries(client, u("meeting_series_list")),
                   _queries(client, u("meeting_series", series.pk)))


def _charted_item(meeting, world, n):
    indicator = make_indicator(world.partnership, owner=world.council, code=f"Q{n}",
                               values=[5, 6, 7, 6, 5], first_period=Period.month(2026, 6))
    make_item(meeting, position=n, indicator=indicator, title=f"Indicator {n}",
              section=m.ItemSection.EXCEPTION, reason=m.ExceptionReason.RED_STATUS)


@pytest.mark.parametrize("locked", [False, True])
def test_the_memo_takes_the_same_queries_for_3_or_30_charted_items(client, world, locked):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    if locked:  # the charts are drawn as the data stood when the period was locked
        meeting.period_locked_at = timezone.now() + datetime.timedelta(hours=1)
        meeting.save()
    client.force_login(world.viewer)
    for n in range(3):
        _charted_item(meeting, world, n)
    few = _queries(client, u("meeting_briefing", meeting.pk))
    for n in range(3, 30):
        _charted_item(meeting, world, n)
    page = client.get(u("meeting_briefing", meeting.pk)).content.decode()
    assert page.count("<svg") >= 30
    assert few == _queries(client, u("meeting_briefing", meeting.pk))


def test_standing_items_are_one_table_with_their_latest_figures_and_no_charts(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    for n in range(3):
        indicator = make_indicator(world.partnership, owner=world.council, code=f"S{n}",
                                   values=[5, 6, 7], first_period=Period.month(2026, 6))
        make_item(meeting, position=n, indicator=indicator, title=f"Standing {n}",
                  questions="Is it on track?")
    client.force_login(world.viewer)
    page = client.get(u("meeting_briefing", meeting.pk)).content.decode()
    assert "<svg" not in page and page.count("Is it on track?") == 3
    assert "7.0% (August 2026)" in page


RANK = {"viewer": 1, "contributor": 2, "editor": 3, "admin": 4}
NEED = {"read": 1, "contribute": 2, "edit": 3, "admin": 4}


def test_every_meeting_page_answers_each_role_as_its_rule_says(client, world):
    """The URL walk's check for this area's pages, with samples that belong together."""
    from pif.reviews.urls.meetings import urlpatterns

    series = make_series(world.partnership, world.editor)
    meeting = make_meeting(series)
    item = make_item(meeting)
    samples = {"series_id": series.pk, "meeting_id": meeting.pk, "item_id": item.pk,
               "short_name": "alpha"}
    for pattern in urlpatterns:
        url = reverse(pattern.name, kwargs={k: samples[k]
                                            for k in pattern.pattern.converters})
        need = NEED[pattern.callback.access_rule]
        for role, rank in RANK.items():
            client.force_login(world.users[role])
            assert client.get(url).status_code == (200 if rank >= need else 403), (url, role)
