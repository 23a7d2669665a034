"""The presentation view as a meeting uses it: standing items as one step, the GOV.UK
pagination, questions and reasons worded as things stand, and the forms of a held meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.improvement.models import ActionStatus
from pif.improvement.testing import make_action
from pif.measures.models import Indicator
from pif.outcomes.testing import make_risk
from pif.reviews.models import MeetingStage
from pif.reviews.status_words import carry_over_question, status_line, times_words
from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db


def u(name, *args):
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def meeting(world):
    series = make_series(world.partnership, world.users["admin"])
    return make_meeting(series, timezone.make_aware(datetime.datetime(2026, 11, 12, 10)))


def page(client, meeting, query=""):
    return client.get(u("meeting_present", meeting.pk) + query).content.decode()


def indicator(world, code, title):
    return Indicator.objects.create(partnership=world.partnership, code=code, title=title,
                                    owner=world.council)


def test_standing_items_are_one_step_whose_rows_open_their_own_page(client, world, meeting):
    make_item(meeting, "Delays", position=1, section="exception", reason="red_status")
    for position, code in enumerate(("AA", "BB", "CC"), 2):
        make_item(meeting, f"{code} Standing {code}", position=position,
                  indicator=indicator(world, code, f"Standing {code}"),
                  questions="What does the latest figure tell us?")
    make_item(meeting, "Home care", position=9, section="exception", reason="red_status")
    client.force_login(world.users["editor"])
    first = page(client, meeting)
    assert "Item 1 of 3" in first
    assert '<span class="govuk-pagination__link-label">2. Standing items (3)</span>' in first
    table = page(client, meeting, "?item=2")
    assert "Item 2 of 3 · Standing items" in table and "3 standing items" in table
    assert "No data yet" in table and "What does the latest figure tell us?" in table
    assert "Record an outcome" not in table
    row = meeting.items.get(title="BB Standing BB")
    assert f"?item=2&amp;row={row.pk}" in table
    own = page(client, meeting, f"?item=2&row={row.pk}")
    assert "Item 2 of 3 · Standing item" in own and "BB Standing BB" in own
    assert "Back to the standing items" in own and "Record an outcome" in own
    saved = client.post(u("meeting_item_notes", meeting.pk, row.pk),
                        {"notes": "Steady", "is_discussed": "on", "version": 1})
    assert saved.url.endswith(f"?item=2&row={row.pk}")
    assert "This item:" in page(client, meeting, f"?item=2&row={row.pk}")


def test_the_pagination_has_arrows_and_titles_at_the_top_and_bottom(client, world, meeting):
    for position, title in enumerate(("First thing", "Second thing", "Third thing"), 1):
        make_item(meeting, title, position=position, section="exception")
    client.force_login(world.users["viewer"])
    middle = page(client, meeting, "?item=2")
    assert middle.count("govuk-pagination__icon--prev") == 2
    assert middle.count("govuk-pagination__icon--next") == 2
    assert '<span class="govuk-pagination__link-label">1. First thing</span>' in middle
    assert '<span class="govuk-pagination__link-label">3. Third thing</span>' in middle


def test_the_last_step_links_the_next_steps_by_stage(client, world, meeting):
    make_item(meeting, "Only thing", section="exception")
    client.force_login(world.users["editor"])
    planned = page(client, meeting)
    assert u("meeting_attendance", meeting.pk) in planned and "Record who attended" in planned
    assert u("meeting_hold", meeting.pk) in planned and "mark the meeting as held" in planned
    assert "Correct this item" not in planned
    meeting.stage = MeetingStage.HELD
    meeting.save()
    held = page(client, meeting)
    assert "Record who attended" not in held and "The meeting is marked as held" in held
    assert u("follow_up_memo", meeting.pk) in held
    assert '<span class="govuk-details__summary-text">Correct this item</span>' in held
    assert held.index("Correct this item") < held.index("Record an outcome")


def test_the_carry_over_question_agrees_with_the_follow_up(client, world, meeting):
    earlier = make_meeting(meeting.series, meeting.starts_at - datetime.timedelta(days=30))
    once = make_follow_up(earlier, text="Send data", times_carried_over=1)
    make_item(meeting, "Data request: Send data", section="follow_up", follow_up=once,
              questions="Has the data been provided?")
    client.force_login(world.users["viewer"])
    shown = page(client, meeting)
    assert "This has been carried over once: what will make the difference" in shown
    assert "Has the data been provided?" in shown
    assert times_words(0) == "Not yet" and times_words(2) == "2 times"
    once.escalated_on = datetime.date(2026, 11, 3)
    assert carry_over_question(once).startswith(
        "This was escalated to the chair on 3 November 2026:")


def test_an_exception_says_when_its_reason_no_longer_holds(client, world, meeting):
    action = make_action(world.partnership, world.council, reference="M03",
                         title="Plan extra CAMHS sessions", status=ActionStatus.COMPLETE,
                         due_date=datetime.date(2026, 10, 29))
    make_item(meeting, "M03 Plan extra CAMHS sessions", section="exception",
              reason="overdue_action", action=action)
    risk = make_risk(world.partnership, world.council, reference="R08",
                     title="Third sector capacity", review_date=datetime.date(2026, 1, 1))
    make_item(meeting, "R08 Third sector capacity", position=2, section="exception",
              reason="risk_past_review", risk=risk)
    client.force_login(world.users["viewer"])
    first = page(client, meeting)
    assert "Overdue when the memo was drafted (now complete)" in first
    assert "Action M03: Plan extra CAMHS sessions" in first
    second = page(client, meeting, "?item=2")
    assert "Risk R08: Third sector capacity" in second
    assert "Risk past its review date" in second


def test_the_status_is_in_the_memos_words(client, world, meeting):
    one = indicator(world, "DD", "Delays")
    make_item(meeting, "DD Delays", section="exception", reason="missing_data", indicator=one)
    client.force_login(world.users["viewer"])
    assert f"Delays</a>: {status_line(one)}" in page(client, meeting)
    assert status_line(one) == "Not enough data; No target"
