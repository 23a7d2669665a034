"""A partnership admin locks the reporting period before a stat meeting; the grid then shows
the locked figures without inputs, and the admin unlocks them with a reason."""

import pytest
from playwright.sync_api import expect

from pif.measures.models import PeriodLock
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_page, sign_in
from tests.browser.test_measures_journey import measures, person  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)
def test_an_admin_locks_a_period_and_unlocks_it_with_a_reason(page, measures):  # noqa: F811
    admin = person("admin")
    sign_in(page, admin.email, admin.password)
    expect(page.get_by_role("heading", name="Your partnerships")).to_be_visible()

    page.goto(f"/p/{demo.SHORT_NAME}/locked-periods/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Locked periods")
    check_accessibility(page, "locks-01-list-empty")
    page.get_by_role("link", name="Lock periods").click()
    page.get_by_role("button", name="Lock periods").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "locks-02-lock-errors")
    check_page(page, "locks-lock-errors")
    page.get_by_label("Lock values up to").fill("2025-01-31")
    page.get_by_label("What are they locked for?").fill("PartnershipStat, 12 February 2025")
    page.get_by_role("button", name="Lock periods").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Values up to 31 January 2025 are locked.")
    expect(page.locator("#locked-now")).to_contain_text("31 January 2025")
    check_accessibility(page, "locks-03-list")
    check_page(page, "locks-list")

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/grid/")
    expect(page.locator("#locked-periods")).to_contain_text("PartnershipStat")
    expect(page.get_by_label("January 2025", exact=True)).to_have_count(0)
    expect(page.get_by_label("February 2025", exact=True)).to_be_visible()
    check_accessibility(page, "locks-04-grid")
    check_page(page, "locks-grid")

    page.goto(f"/p/{demo.SHORT_NAME}/locked-periods/")
    page.get_by_role("link", name="Unlock values up to 31 January 2025").click()
    page.get_by_role("button", name="Unlock values").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "locks-05-unlock-errors")
    check_page(page, "locks-unlock")
    page.get_by_label("Why are you unlocking them?").fill("January corrected by the board")
    page.get_by_role("button", name="Unlock values").click()
    expect(page.locator("#locked-now")).to_contain_text("No period is locked")
    assert PeriodLock.objects.get().unlock_reason == "January corrected by the board"
    check_page(page, "locks-list-unlocked")
