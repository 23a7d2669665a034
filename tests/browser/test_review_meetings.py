"""The path before a stat meeting in a browser: set up a series and its rotation, schedule a
meeting, lock the period, draft the memo, change a question and issue it; axe on every page
and the 320-pixel check."""

import datetime

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.models import IndicatorStatus
from pif.measures.testing import make_indicator
from pif.spc.vocabulary import Rag, Variation
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"review-meetings-{name}")


def test_an_admin_prepares_a_stat_meeting(page, transactional_db):
    world = build_world()
    indicator = make_indicator(world.partnership, owner=world.council, code="DD-1",
                               title="Delayed discharges", values=[40, 42, 41, 45, 52, 60],
                               first_period=Period.month(2026, 3))
    IndicatorStatus.objects.filter(indicator=indicator).update(
        variation=Variation.CONCERN_HIGH, rag=Rag.RED)
    make_indicator(world.partnership, owner=world.health_board, code="AE-4", title="A&E waits",
                   values=[90, 91, 92], first_period=Period.month(2026, 8))
    sign_in(page, world.admin.email, PASSWORD)
    page.goto("/p/alpha/meetings/")
    look(page, "01-list-empty")
    page.get_by_role("button", name="Set up a meeting series").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look(page, "02-series-errors")
    page.get_by_label("Name of the series").fill("PartnershipStat")
    page.get_by_label("Chair", exact=True).select_option(label="Editor")
    page.get_by_label("Viewer", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PartnershipStat")
    page.get_by_role("link", name="Change the rotation").click()
    page.get_by_label("A partner organisation").check()
    page.locator("#id_organisation").select_option(label="Alpha Council")
    page.get_by_role("button", name="Add the step").click()
    page.get_by_label("The whole partnership").check()
    page.get_by_role("button", name="Add the step").click()
    look(page, "03-rotation")
    page.get_by_role("link", name="Go back to the series").click()
    look(page, "04-series")
    page.get_by_role("button", name="Schedule the next meeting").click()
    day = datetime.date.today() + datetime.timedelta(days=14)
    expect(page.get_by_label("Date")).to_have_value(day.isoformat())
    look(page, "05-schedule")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Meeting scheduled")
    look(page, "06-meeting")
    page.get_by_role("button", name="Lock the reporting period").click()
    page.get_by_role("button", name="Lock the period").click()
    page.get_by_role("button", name="Draft the briefing memo").click()
    page.get_by_role("button", name="Draft the memo").click()
    expect(page.get_by_role("heading", name="1. DD-1 Delayed discharges")).to_be_visible()
    look(page, "07-memo-draft")
    page.get_by_role("link", name="Change the questions for DD-1 Delayed discharges").click()
    page.get_by_label("Suggested questions").fill("Why did discharges rise in August?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Why did discharges rise in August?")).to_be_visible()
    page.get_by_role("button", name="Issue the briefing memo").click()
    look(page, "08-issue")
    page.get_by_role("button", name="Issue the briefing memo").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Briefing memo issued")
    look(page, "09-meeting-briefed")
    page.get_by_role("link", name="Read the briefing memo").click()
    look(page, "10-memo-issued")
