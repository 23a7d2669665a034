"""First impressions: the sign-in page names PIF, and a person who has forgotten their
password resets it by email, each page passing axe and fitting a 320-pixel screen."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1280)
NEW_PASSWORD = "a-new-password-for-loch-arden"


@pytest.fixture
def viewer(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership, its organisations and people
    demo.load()
    return next(u for u in demo.DEMO_USERS if u.role == "viewer")


def check_every_width(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        check_fits(page, f"{name}-{width}")
        check_accessibility(page, f"{name}-{width}")


def test_the_sign_in_page_names_pif(page, viewer):
    page.goto("/account/login/")
    expect(page).to_have_title("Sign in – PIF")
    expect(page.get_by_text("Performance improvement for partnerships")).to_be_visible()
    check_every_width(page, "sign-in")


def test_a_person_resets_a_forgotten_password_by_email(page, viewer, mailoutbox):
    page.goto("/account/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    check_every_width(page, "password-reset-request")

    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
    check_accessibility(page, "password-reset-request-error")

    page.get_by_label("Email address").fill(viewer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_every_width(page, "password-reset-sent")

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/account/password/reset/\S+", mailoutbox[0].body).group(0)
    # The link points at SITE_URL; the test's live server has an address of its own.
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    check_every_width(page, "password-reset-choose")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Your password has been reset")).to_be_visible()
    check_every_width(page, "password-reset-done")

    sign_in(page, viewer.email, NEW_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_lgbf_indicator_shows_the_councils_figure_with_scotland_beside_it(
        page, transactional_db):
    demo.load()
    member = next(u for u in demo.DEMO_USERS if u.role == "viewer")
    sign_in(page, member.email, member.password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/")
    row = page.get_by_role("row").filter(has_text="LGBF-CHN11")
    expect(row).to_contain_text("% of Pupils Entering Positive Destinations, Fife")
    expect(row).to_contain_text("94.8%")
    expect(page.get_by_text("None", exact=True)).to_have_count(0)

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/LGBF-CHN11/")
    page.get_by_role("link", name="Compare areas").click()
    expect(page.get_by_text("Median of 32 areas")).to_be_visible()
    scotland = page.locator(".govuk-summary-list__row").filter(has_text="Scotland")
    expect(scotland).to_contain_text("95.7%")
    check_every_width(page, "lgbf-compare-areas")
