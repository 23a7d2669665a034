"""What a person reads on the meeting pages: the next step by stage, the memo's contents,
due times, the locked periods table and the rotation form."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.outcomes.testing import make_outcome
from pif.reviews import models as m
from pif.reviews.testing import make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, *day, hour, 0))


def followed_up(series, **fields):
    return make_meeting(series, stage=m.MeetingStage.FOLLOWED_UP,
                        briefing_issued_at=at((11, 10)),
                        follow_up_issued_at=at((11, 13), 9), **fields)


# 1: the meeting page after the follow-up memo -------------------------------------------

def test_an_issued_follow_up_memo_says_when_and_who_not_due_by(client, world):
    meeting = followed_up(make_series(world.partnership, world.editor),
                          follow_up_issued_by=world.editor)
    client.force_login(world.viewer)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    row = re.search(r"Follow-up memo</dt>(.*?)</dd>", page, re.S).group(1)
    assert "Issued 13 November 2026, 09:00 by" in row
    assert "Due by" not in row


def test_after_the_follow_up_memo_the_next_step_is_the_next_meeting(client, world):
    series = make_series(world.partnership, world.editor)
    meeting = followed_up(series)
    later = make_meeting(series, starts_at=at((12, 10)))
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Nothing more to do for this meeting." in page
    assert "Follow up open items at the next meeting (10 December 2026)" in page
    assert f'href="{later.get_absolute_url()}"' in page
    assert "Hold the meeting" not in page


def test_after_the_follow_up_memo_with_no_next_meeting_an_editor_schedules_one(client, world):
    series = make_series(world.partnership, world.editor)
    meeting = followed_up(series)
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Schedule the next meeting" in page
    assert u("meeting_add", series.pk) in page


def test_a_held_meeting_leads_to_its_follow_up_memo(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor),
                           stage=m.MeetingStage.HELD, briefing_issued_at=at((11, 10)))
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "The meeting has been held." in page
    assert "Hold the meeting" not in page
    assert u("follow_up_memo", meeting.pk) in page


def test_a_briefed_meeting_says_to_hold_it_with_a_link_to_present(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor),
                           stage=m.MeetingStage.BRIEFED, briefing_issued_at=at((11, 10)))
    client.force_login(world.editor)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert "Hold the meeting and record what it agrees." in page
    assert f'href="{u("meeting_present", meeting.pk)}" role="button"' in page


# 20: the stage reads as plain text, level with its label (a tag wrapped and sat lower) ------

def test_the_stage_is_plain_text_level_with_its_label(client, world):
    meeting = followed_up(make_series(world.partnership, world.editor))
    client.force_login(world.viewer)
    page = client.get(u("meeting", meeting.pk)).content.decode()
    assert ('<dt class="govuk-summary-list__key">Stage</dt><dd class="govuk-summary-list__value">'
            'Follow-up memo issued</dd>') in page


# 4: the memo's contents list ----------------------------------------------------------------

def test_the_memo_starts_with_contents_and_counts_linking_to_each_section(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    make_item(meeting, "One")
    make_item(meeting, "Two")
    make_item(meeting, "Three", section=m.ItemSection.EXCEPTION)
    client.force_login(world.viewer)
    page = client.get(u("meeting_briefing", meeting.pk)).content.decode()
    contents = re.search(r'<nav[^>]*aria-label="Contents".*?</nav>', page, re.S).group(0)
    assert '<a class="govuk-link" href="#section-standing">Standing items</a> (2 items)' \
        in contents
    assert '<a class="govuk-link" href="#section-exception">' in contents
    assert "(1 item)" in contents
    assert page.index("Contents") < page.index('id="section-follow_up"')


# 14: the series page's memo dues in one unit ------------------------------------------------

@pytest.mark.parametrize(("hours", "words"), [(48, "2 days before each meeting"),
                                              (24, "1 day before each meeting"),
                                              (36, "36 hours before each meeting"),
                                              (1, "1 hour before each meeting")])
def test_the_briefing_due_is_in_days_when_it_can_be(client, world, hours, words):
    series = make_series(world.partnership, world.editor, briefing_hours_before=hours,
                         follow_up_days=2)
    client.force_login(world.viewer)
    page = client.get(u("meeting_series", series.pk)).content.decode()
    assert words in page
    assert "2 days after each meeting" in page


# 19: the rotation form ----------------------------------------------------------------------

def test_the_rotation_page_groups_outcomes_and_titles_itself(client, world):
    series = make_series(world.partnership, world.editor, name="Alpha Stat")
    national = make_outcome(world.partnership, "Poverty", level=1)
    make_outcome(world.partnership, "Fewer children in poverty", level=2, parent=national,
                 code="LO1")
    client.force_login(world.editor)
    page = client.get(u("meeting_rotation", series.pk)).content.decode()
    assert '<h1 class="govuk-heading-l">Rotation of Alpha Stat</h1>' in page
    national_group = re.search(r'<optgroup label="National outcomes">(.*?)</optgroup>',
                               page, re.S).group(1)
    ours = re.search(r'<optgroup label="Our outcomes">(.*?)</optgroup>', page, re.S).group(1)
    assert "Poverty" in national_group and "Fewer children" not in national_group
    assert "Fewer children in poverty" in ours
    assert f'<a class="govuk-link" href="{series.get_absolute_url()}">Alpha Stat</a>' in page


def test_the_grouped_outcome_is_still_saved(client, world):
    series = make_series(world.partnership, world.editor)
    outcome = make_outcome(world.partnership, "Poverty", level=1)
    client.force_login(world.editor)
    client.post(u("meeting_rotation", series.pk), {"focus_kind": "outcome",
                                                   "outcome": outcome.pk})
    assert series.rotation.get().outcome == outcome
