"""An editor builds part of the plan in the browser and meets the error messages."""

import pytest
from playwright.sync_api import expect

from pif.outcomes.models import Outcome, Risk
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def editor():
    return next(u for u in demo.DEMO_USERS if u.role == "editor")


def test_an_editor_adds_an_outcome_and_a_risk_and_sees_clear_errors(page, demo_partnership):
    sign_in(page, editor().email, editor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/outcomes/")
    page.get_by_role("button", name="Add an outcome").click()
    page.get_by_role("button", name="Save outcome").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title")
    check_accessibility(page, "outcomes-30-outcome-errors")

    page.get_by_label("Local outcome", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Older people live well at home")
    page.get_by_label("Contributes to").select_option(label="Health")
    page.get_by_label("Health", exact=True).last.check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome added")
    expect(page.locator("table.pif-outcome-tree")).to_contain_text(
        "Older people live well at home")

    page.goto(f"/p/{demo.SHORT_NAME}/risks/new/")
    page.get_by_label("Reference", exact=True).fill("R13")
    page.get_by_label("Title", exact=True).fill("Care at home workforce shortage")
    page.get_by_label("Cause", exact=True).fill("Recruitment is hard in rural glens")
    page.get_by_label("Effect", exact=True).fill("People wait in hospital for care at home")
    page.get_by_label("Owning organisation", exact=True).select_option(label="NHS Loch Arden")
    page.get_by_label("Inherent likelihood", exact=True).fill("6")
    page.get_by_label("Inherent impact", exact=True).fill("4")
    page.get_by_label("Residual likelihood", exact=True).fill("3")
    page.get_by_label("Residual impact", exact=True).fill("4")
    page.get_by_label("Review date", exact=True).fill("2027-03-31")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Use a number from 1 to 5")
    check_accessibility(page, "outcomes-31-risk-errors")
    page.get_by_label("Inherent likelihood", exact=True).fill("4")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Risk saved")
    assert Risk.objects.filter(reference="R13", inherent_likelihood=4).exists()


def test_deleting_an_outcome_with_children_asks_where_they_go(page, demo_partnership):
    sign_in(page, editor().email, editor().password)
    outcome = Outcome.objects.get(partnership=demo_partnership, code="LO1")
    page.goto(f"/p/{demo.SHORT_NAME}/outcomes/{outcome.pk}/delete/")
    page.get_by_role("button", name="Delete outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose where the 2 outcomes under")
    check_accessibility(page, "outcomes-32-delete-asks")
    page.get_by_label("Move them to the outcome chosen below", exact=True).check()
    page.get_by_label("Outcome to move them to").select_option(label="Poverty")
    page.get_by_role("button", name="Delete outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("deleted")
    assert Outcome.objects.get(code="P1.1").parent.title == "Poverty"
