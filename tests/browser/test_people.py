"""Stage 4 in the browser: an editor records learning and counts capability, a contributor
counts for their own organisation, and every people page passes axe and fits 320 px."""

import pytest
from playwright.sync_api import expect

from pif.partnerships import demo
from pif.people.models import CapabilityCount, LearningActivity
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

P = f"/p/{demo.SHORT_NAME}/people/"
PAGES = [("people", ""), ("learning", "learning/"), ("learning-add", "learning/new/"),
         ("capability", "capability/"), ("levels", "capability/levels/"),
         ("level-add", "capability/levels/new/"), ("staff-engagement", "staff-engagement/"),
         ("training-records", "training-records/"), ("settings", "settings/")]


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def person(role):
    return next(u for u in demo.DEMO_USERS if u.role == role)


def test_every_people_page_passes_axe_and_fits_320_pixels(page, demo_partnership):
    admin = person("admin")
    sign_in(page, admin.email, admin.password)
    for name, path in PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(P + path)
        expect(page.locator("h1")).to_be_visible()
        check_accessibility(page, f"people-{name}")
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(P + path)
        check_fits(page, f"people-{name}-320")
        check_accessibility(page, f"people-{name}-320")


def test_an_editor_records_learning_and_counts_capability(page, demo_partnership):
    editor = person("editor")
    sign_in(page, editor.email, editor.password)
    page.goto(P + "learning/")
    page.get_by_role("button", name="Add a learning activity").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title or topic")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the activity starts")
    expect(page.get_by_role("group", name="National outcomes")).to_be_visible()
    expect(page.get_by_label("LO1: Fewer children and families live in poverty")).to_be_visible()
    check_accessibility(page, "people-learning-errors")
    page.get_by_label("Title or topic", exact=True).fill("Driver diagrams in practice")
    page.get_by_label("Workshop", exact=True).check()
    page.get_by_label("Starts on", exact=True).fill("2026-11-12")
    page.get_by_label("Number of participants").fill("16")
    page.get_by_label("Loch Arden Council", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Learning activity saved")
    assert LearningActivity.objects.filter(title="Driver diagrams in practice",
                                           participants=16).exists()

    page.goto(P + "capability/?counted_on=2026-12-01")
    page.get_by_label("Loch Arden Council, Foundation", exact=True).fill("200")
    page.get_by_label("NHS Loch Arden, Practitioner", exact=True).fill("many")
    page.get_by_role("button", name="Save the counts for 1 December 2026").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("whole number of people")
    check_accessibility(page, "people-capability-errors")
    assert not CapabilityCount.objects.filter(counted_on="2026-12-01").exists()
    page.get_by_label("NHS Loch Arden, Practitioner", exact=True).fill("80")
    page.get_by_role("button", name="Save the counts for 1 December 2026").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 changed")
    expect(page.get_by_label("NHS Loch Arden, Practitioner", exact=True)).to_have_value("80")
    page.goto(P)
    expect(page.locator("#capability-caption")).to_be_visible()
    # Only Loch Arden Council's Foundation and NHS Loch Arden's Practitioner were counted on
    # 1 December: the council's other levels keep their earlier figures, and say when.
    expect(page.locator("#capability")).to_be_visible()
    expect(page.get_by_text("its earlier figure is used")).to_be_visible()
    sub_nav = page.get_by_role("navigation", name="Develop people")
    expect(sub_nav.get_by_role("link", name="Training records")).to_have_count(0)
    expect(sub_nav.get_by_role("link", name="Set up staff engagement indicators")
           ).to_have_count(0)  # the demo has them all
    check_accessibility(page, "people-after-counting")


def test_a_contributor_counts_only_for_their_organisation(page, demo_partnership):
    contributor = person("contributor")
    sign_in(page, contributor.email, contributor.password)
    page.goto(P)
    page.get_by_role("link", name="Enter capability counts").click()
    expect(page.get_by_label("NHS Loch Arden, Foundation", exact=True)).to_be_visible()
    expect(page.get_by_label("Loch Arden Council, Foundation", exact=True)).to_have_count(0)
    check_accessibility(page, "people-capability-contributor")
