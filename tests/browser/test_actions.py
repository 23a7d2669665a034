"""Action plans in the browser: an editor adds an action, its owner (a contributor) posts a
progress update, the editor closes it with evidence. axe-core on each page, and each page
fits a screen 320 px wide."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pif.improvement.models import Action
from pif.outcomes.testing import make_outcome
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import ARTIFACTS, check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    world = build_world()
    make_outcome(world.partnership, "Older people live well at home")
    return world


def fits(page, name: str) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    check_fits(page, f"{name}-320")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-320.png"), full_page=True)
    page.set_viewport_size(size)


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_add_update_and_close_an_action(page, world):
    today = timezone.localdate()
    start, due = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)

    # The editor adds an action, owned by the contributor.
    sign_in(page, world.editor.email, PASSWORD)
    page.goto("/p/alpha/actions/")
    check_accessibility(page, "actions-01-empty-plan")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    check_accessibility(page, "actions-02-form-errors")
    fits(page, "actions-02-form-errors")
    page.get_by_label("Reference", exact=True).fill("A01")
    page.get_by_label("Title", exact=True).fill("Open a falls prevention clinic")
    page.get_by_label("Action owner").select_option(label="Contributor")
    page.get_by_label("Owning organisation", exact=True).select_option(label="NHS Alpha")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("textbox", name="Due date").fill(due.isoformat())
    page.get_by_label("An audit or inspection recommendation", exact=True).check()
    page.get_by_label("Source in detail").fill(
        "Care Inspectorate report, March 2026, recommendation 3")
    page.get_by_label("Older people live well at home", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action A01 saved")
    expect(page.locator("h1")).to_contain_text("A01 Open a falls prevention clinic")
    sign_out(page)

    # The contributor, its owner, posts a progress update from "My actions".
    sign_in(page, world.contributor.email, PASSWORD)
    page.goto("/p/alpha/actions/mine/")
    check_accessibility(page, "actions-03-my-actions")
    fits(page, "actions-03-my-actions")
    page.get_by_role("link", name="A01 Open a falls prevention clinic").click()
    page.get_by_role("button", name="Add a progress update").click()
    expect(page.locator("#status-thresholds")).to_contain_text("on track at 45% or more")
    page.get_by_label("How much of the action is done (%)").fill("20")
    page.get_by_label("On track", exact=True).check()
    page.get_by_label("What has happened").fill("A room is booked; recruiting two nurses.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("when PIF suggests Off track")
    check_accessibility(page, "actions-04-update-needs-reason")
    fits(page, "actions-04-update-needs-reason")
    page.get_by_label("The status PIF suggests from the dates (recommended)").check()
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress update added")
    expect(page.locator("main")).to_contain_text("20% done, 50% expected")
    expect(page.locator("main")).to_contain_text("Off track")
    sign_out(page)

    # The editor reads the plan and closes the action with its evidence.
    sign_in(page, world.editor.email, PASSWORD)
    page.goto("/p/alpha/actions/")
    expect(page.locator("table")).to_contain_text("Off track")
    check_accessibility(page, "actions-05-plan")
    fits(page, "actions-05-plan")
    page.get_by_role("link", name="A01 Open a falls prevention clinic").click()
    check_accessibility(page, "actions-06-action")
    fits(page, "actions-06-action")
    page.get_by_role("button", name="Close this action").click()
    page.get_by_label("It is complete").check()
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence")
    check_accessibility(page, "actions-07-close-errors")
    fits(page, "actions-07-close-errors")
    page.get_by_label("Evidence that it is done").fill(
        "The clinic opened on 1 December: board paper 2026/41.")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action complete")
    expect(page.locator("main")).to_contain_text("board paper 2026/41")
    expect(page.locator("main")).to_contain_text(
        "Completed. Evidence: The clinic opened on 1 December")
    check_accessibility(page, "actions-08-closed")
    action = Action.objects.get(reference="A01")
    assert action.status == "complete" and action.completed_on == timezone.localdate()
