"""An editor rejects a contributor's value with a reason, and the contributor sees why."""

import pytest
from playwright.sync_api import expect

from pif.measures.models import Observation, Rejection
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_measures_journey import measures, person  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_rejects_a_value_and_the_contributor_sees_why(page, measures):  # noqa: F811
    editor = person("editor")
    sign_in(page, editor.email, editor.password)
    expect(page.get_by_role("heading", name="Your partnerships")).to_be_visible()

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/")
    expect(page.get_by_role("region", name="Chart data")).to_contain_text(
        "93.9%, awaiting approval")
    expect(page.locator("#chart svg[role='img']")).to_contain_text("awaiting approval")

    page.goto(f"/p/{demo.SHORT_NAME}/approvals/")
    expect(page.locator("table")).to_contain_text("None yet")
    page.get_by_role("button", name="Reject AE-4HR March 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reject 1 value")
    check_accessibility(page, "approval-01-reject")
    page.get_by_role("button", name="Reject 1 value").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are rejecting")
    check_accessibility(page, "approval-02-reject-errors")
    page.get_by_label("Why are you rejecting them?").fill("March is 93.1% in the source")
    page.get_by_role("button", name="Reject 1 value").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 value rejected.")
    expect(page.get_by_text("Nothing is waiting for approval.")).to_be_visible()
    assert not Observation.objects.filter(indicator__code="AE-4HR", period="M2025-03").exists()
    assert Rejection.objects.get().reason == "March is 93.1% in the source"

    page.context.clear_cookies()
    contributor = person("contributor")
    sign_in(page, contributor.email, contributor.password)
    expect(page.get_by_role("heading", name="Your partnerships")).to_be_visible()
    page.goto(f"/p/{demo.SHORT_NAME}/my-data/")
    expect(page.locator("#rejected")).to_contain_text("March is 93.1% in the source")
    check_accessibility(page, "approval-03-my-data-rejected")
