"""An editor signs in, opens the partnership, sees the six stages and opens its history."""

import re

import pytest
from playwright.sync_api import expect

from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def editor():
    return next(u for u in demo.DEMO_USERS if u.role == "editor")


def test_editor_sees_the_six_stages_and_the_history(page, demo_partnership):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    check_accessibility(page, "01-sign-in")

    sign_in(page, editor().email, editor().password)
    expect(page.get_by_role("heading", name="Your partnerships")).to_be_visible()
    check_accessibility(page, "02-your-partnerships")

    page.get_by_role("link", name=demo.NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.NAME)
    stages = page.locator(".pif-stage-card")
    expect(stages).to_have_count(6)
    for title in ("Establish a vision", "Create the right conditions", "Take action",
                  "Develop people", "Check and report progress", "Review the cycle"):
        expect(stages.get_by_role("link", name=title)).to_be_visible()
    expect(stages.nth(1)).to_contain_text("Partner organisations: 6")
    check_accessibility(page, "03-partnership-home")

    page.get_by_role("link", name="Create the right conditions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create the right conditions")
    check_accessibility(page, "04-stage-conditions")

    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    expect(page.locator("table.pif-history tbody tr").first).to_be_visible()
    # Who made each change is named: one of the demo's people, through the demo.
    demo_names = "|".join(re.escape(user.full_name) for user in demo.DEMO_USERS)
    expect(page.locator("table.pif-history")).to_contain_text(re.compile(demo_names))
    expect(page.locator("table.pif-history")).to_contain_text("Changed through demo")
    check_accessibility(page, "05-history")

    page.get_by_label("Kind of record").select_option(label="Membership")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.pif-history tbody")).to_contain_text("Membership of Priya Shah")
    expect(page.locator("table.pif-history tbody")).not_to_contain_text("Organisation")


def test_admin_invites_a_member_and_sees_the_error_summary_first(page, demo_partnership):
    admin = next(u for u in demo.DEMO_USERS if u.role == "admin")
    sign_in(page, admin.email, admin.password)
    page.goto(f"/p/{demo.SHORT_NAME}/members/add/")
    check_accessibility(page, "06-invite-member")
    page.get_by_role("button", name="Invite member").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter an email address")
    check_accessibility(page, "07-invite-member-errors")

    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_label("Full name").fill("New Person")
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Invite member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent an invitation")
    expect(page.locator("table")).to_contain_text("new.person@example.org")
    check_accessibility(page, "08-members")
