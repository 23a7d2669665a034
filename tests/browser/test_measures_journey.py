"""An editor reads the scorecard, opens an indicator, enters a value and approves another."""

import re

import pytest
from playwright.sync_api import expect

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Observation, Tag, Target
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships import demo
from pif.partnerships.models import Organisation
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# 26 months of four-hour A&E performance with a dip and a recovery, so the chart has limits.
AE_VALUES = [88.2, 89.1, 87.6, 88.9, 90.2, 89.4, 88.1, 87.2, 86.5, 85.9, 86.8, 87.7,
             89.0, 90.1, 91.3, 90.7, 91.8, 92.4, 91.1, 92.9, 93.4, 92.2, 93.8, 94.1,
             93.0, 94.6]
HOMES_VALUES = [41, 38, 44, 40, 39, 45, 42, 37, 43, 41, 40, 46, 39, 42, 44, 38, 41, 43,
                40, 45, 42, 39, 44, 41]


def person(role):
    return next(u for u in demo.DEMO_USERS if u.role == role)


@pytest.fixture
def measures(transactional_db, monkeypatch):
    # Only the partnership, its organisations and people: the indicators are made here, so
    # the journey does not depend on what other apps add to the demo.
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    council = Organisation.objects.get(partnership=partnership, short_code="LAC")
    nhs = Organisation.objects.get(partnership=partnership, short_code="NHSLA")
    customer = Tag.objects.create(partnership=partnership, name="Customer",
                                  group="Perspective")
    ae = make_indicator(partnership, owner=nhs, code="AE-4HR",
                        title="A&E patients seen within four hours", values=AE_VALUES,
                        first_period=Period.month(2023, 1),
                        definition="Share of A&E attendances seen within four hours.")
    Target.objects.create(indicator=ae, value=95, source="Scottish Government standard")
    homes = make_indicator(partnership, owner=council, code="HOMES",
                           title="Affordable homes completed", values=HOMES_VALUES,
                           unit="count", decimals=0, first_period=Period.month(2023, 1))
    ae.tags.add(customer)
    status.refresh([ae, homes])
    contributor = next(u for u in partnership.memberships.select_related("user")
                       if u.role == "contributor").user
    write_observations(Actor(user=contributor), [ObservationInput(ae, Period.month(2025, 3), 93.9)],
                       approve=False, partnership=partnership)
    return partnership


def test_editor_reads_the_scorecard_enters_a_value_and_approves(page, measures):
    editor = person("editor")
    sign_in(page, editor.email, editor.password)
    expect(page.get_by_role("heading", name="Your partnerships")).to_be_visible()

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(page.get_by_role("table", name="Customer")).to_contain_text("AE-4HR")
    expect(page.get_by_role("table", name="Other indicators")).to_contain_text("HOMES")
    expect(page.locator("table.pif-scorecard").first).to_contain_text("Red")
    check_accessibility(page, "measures-01-scorecard")

    page.get_by_role("link", name="HOMES Affordable homes completed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Affordable homes completed")
    expect(page.locator("#chart svg[role='img']")).to_be_visible()
    expect(page.get_by_role("region", name="Chart data")).to_contain_text("December 2024")
    check_accessibility(page, "measures-02-indicator")

    page.get_by_role("button", name="Enter a value").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a value")
    check_accessibility(page, "measures-03-enter-value")
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a period")
    check_accessibility(page, "measures-04-enter-value-errors")

    page.get_by_label("Period").fill("January 2025")
    page.get_by_label("Value", exact=True).fill("470")
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "470 is outside this indicator's process limits")
    check_accessibility(page, "measures-04b-enter-value-warnings")
    page.get_by_label("Value", exact=True).fill("47")  # a slip: checked again, and usual
    page.get_by_role("button", name="Save anyway").click()
    expect(page).to_have_url(re.compile(r"/indicators/HOMES/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved 1 new")
    january = page.get_by_role("region", name="Chart data").get_by_role(
        "row", name=re.compile(r"^January 2025"))
    expect(january).to_contain_text("47")
    expect(page.locator("table", has_text="Priya Shah")).to_contain_text("47")
    check_accessibility(page, "measures-05-indicator-after-entry")
    assert Observation.objects.get(indicator__code="HOMES", period="M2025-01").value == 47

    page.goto(f"/p/{demo.SHORT_NAME}/approvals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Values awaiting approval")
    expect(page.locator("table")).to_contain_text("AE-4HR")
    expect(page.locator("table")).to_contain_text("Alasdair Fraser")
    check_accessibility(page, "measures-06-approvals")
    page.get_by_label("Approve AE-4HR March 2025").check()
    page.get_by_role("button", name="Approve selected values").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 value approved.")
    expect(page.get_by_text("Nothing is waiting for approval.")).to_be_visible()
    check_accessibility(page, "measures-07-approvals-done")
    approved = Observation.objects.get(indicator__code="AE-4HR", period="M2025-03")
    assert approved.approved_by.email == editor.email


def test_the_full_demo_scorecard_and_an_indicator_pass_axe(page, transactional_db):
    demo.load()
    viewer = person("viewer")
    sign_in(page, viewer.email, viewer.password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(page.locator("table.pif-scorecard").first).to_be_visible()
    check_accessibility(page, "measures-08-demo-scorecard")
    page.locator("table.pif-scorecard a.govuk-link").first.click()
    expect(page.locator("#chart svg[role='img']")).to_be_visible()
    expect(page.get_by_role("button", name="Enter a value")).to_have_count(0)
    check_accessibility(page, "measures-09-demo-indicator")
