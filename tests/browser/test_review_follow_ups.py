"""Browser journey: an editor presents a meeting, records a commitment and notes, records
who attended, marks the meeting as held, issues the follow-up memo and closes a follow-up.
Each page is checked with axe-core and at 320 px wide."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def at(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def setting(transactional_db):
    world = build_world()
    series = make_series(world.partnership, world.users["admin"], escalate_after=1)
    october = make_meeting(series, at(datetime.date(2026, 10, 8)), stage="held")
    november = make_meeting(series, at(datetime.date(2026, 11, 12)))
    make_follow_up(october, text="Send the waiting list figures by ward",
                   owner=world.users["contributor"])
    make_item(november, "Delayed discharges", position=1, indicator=world.sample_indicator(),
              questions="Why did it rise in October?\nWhat will the winter plan change?",
              section="exception", reason="red_status")
    make_item(november, "Home care hours", position=2, section="exception")
    return world, series, november


def look(page, name: str) -> None:
    check_page(page, f"review-follow-ups-{name}")


def test_present_hold_and_follow_up_a_meeting(page, setting):
    world, series, meeting = setting
    page.set_viewport_size({"width": 1024, "height": 900})
    sign_in(page, world.users["editor"].email, PASSWORD)
    base = f"/p/alpha/meetings/m/{meeting.pk}/"
    page.goto(base + "present/")
    expect(page.locator("h1")).to_have_text("Delayed discharges")
    look(page, "01-present")
    page.get_by_label("Commitment").check()
    page.get_by_label("What was agreed").fill("Cut delayed discharges by a tenth")
    page.get_by_label("Owner").select_option(label="Contributor")
    page.get_by_label("Due date").fill("2027-01-31")
    page.get_by_label("What will be reported back").fill("The January figure")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("action M01")
    page.get_by_label("The meeting has discussed this item").check()
    page.get_by_role("button", name="Save notes").click()
    page.get_by_role("link", name="Next item").first.click()
    expect(page.locator("h1")).to_have_text("Home care hours")
    page.get_by_role("link", name="who attended").click()
    look(page, "02-attendance")
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Save attendance").click()
    page.goto(base + "hold/")
    expect(page.locator("main")).to_contain_text("escalates 1 of them to the chair")
    look(page, "03-hold")
    page.get_by_role("button", name="Mark the meeting as held").click()
    expect(page.locator("h1")).to_contain_text("Follow-up memo")
    look(page, "04-memo")
    page.get_by_role("button", name="Issue the follow-up memo").click()
    look(page, "05-issue")
    page.get_by_role("button", name="Issue the follow-up memo").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("memo is issued")
    page.goto(f"/p/alpha/meetings/series/{series.pk}/follow-ups/")
    look(page, "06-list")
    page.get_by_role("link", name="Close").first.click()
    look(page, "07-close")
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("What was done, or why it is dropped").fill("Sent on 20 November")
    page.get_by_role("button", name="Close the follow-up").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Follow-up closed")
