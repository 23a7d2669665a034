"""Every stage 1 and 2 page of the demo, as an editor, checked with axe and screenshotted."""

import pytest
from playwright.sync_api import expect

from pif.outcomes.models import DriverDiagram, Outcome, Risk
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_partnership(transactional_db):
    from pif.measures.testing import make_indicator

    partnership = demo.load()
    owner = partnership.organisations.get(short_code="LAC")
    outcome = Outcome.objects.get(partnership=partnership, code="P1.1")
    for code, values in [("ADV-REFER", [10, 12, 11, 13, 12, 11, 25, 27, 26, 28, 29, 30]),
                         ("ADV-GAIN", [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 6, 5]), ("ADV-WAIT", [])]:
        outcome.indicators.add(make_indicator(partnership, owner=owner, code=code,
                                              title=f"Money advice {code.lower()}",
                                              values=values))
    return partnership


def editor():
    return next(u for u in demo.DEMO_USERS if u.role == "editor")


def test_each_page_of_vision_and_conditions_passes_axe(page, demo_partnership):
    sign_in(page, editor().email, editor().password)
    base = f"/p/{demo.SHORT_NAME}"
    outcome = Outcome.objects.get(partnership=demo_partnership, code="P1.1")
    diagram = DriverDiagram.objects.get(partnership=demo_partnership,
                                        title="Income maximisation in Arden North")
    risk = Risk.objects.get(partnership=demo_partnership, reference="R02")
    pages = [
        ("vision", "/vision/", "Vision"),
        ("outcomes", "/outcomes/", "Outcomes"),
        ("outcome", f"/outcomes/{outcome.pk}/", f"P1.1 {outcome.title}"),
        ("outcome-form", f"/outcomes/{outcome.pk}/edit/", f"Change “{outcome.title}”"),
        ("outcome-delete", f"/outcomes/{outcome.pk}/delete/", f"Delete “{outcome.title}”?"),
        ("strategy-map", "/strategy-map/", "Strategy map"),
        ("strategy-map-levels", "/strategy-map/?by=level", "Strategy map"),
        ("driver-diagrams", "/driver-diagrams/", "Driver diagrams"),
        ("driver-diagram", f"/driver-diagrams/{diagram.pk}/", diagram.title),
        ("driver-node-form", f"/driver-diagrams/{diagram.pk}/entries/new/",
         "Add a driver or change idea"),
        ("localities", "/localities/", "Localities"),
        ("risks", "/risks/", "Risk register"),
        ("risk-form", f"/risks/{risk.pk}/", f"Change risk {risk.reference}"),
        ("governance", "/governance/", "Governance"),
        ("resources", "/resources/", "Resources"),
        ("resource-form", "/resources/new/", "Add a resource"),
        ("frameworks", "/frameworks/", "Frameworks"),
        ("vision-form", "/vision/new/", "Set a vision for a cycle"),
        ("plan", "/plan/", "Vision and conditions, 2026/27 to 2035/36"),
    ]
    for number, (name, path, heading) in enumerate(pages, start=1):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_accessibility(page, f"outcomes-{number:02d}-{name}")


def test_outcome_page_shows_the_roll_up_and_the_golden_thread(page, demo_partnership):
    sign_in(page, editor().email, editor().password)
    outcome = Outcome.objects.get(partnership=demo_partnership, code="P1.1")
    page.goto(f"/p/{demo.SHORT_NAME}/outcomes/{outcome.pk}/")
    rollup = page.locator(".pif-rollup")
    expect(rollup).to_contain_text("missing target")
    expect(rollup).to_contain_text("improving")
    expect(rollup).to_contain_text("1 no data")
    thread = page.get_by_role("navigation", name="Golden thread")
    expect(thread).to_contain_text("Poverty")
    expect(thread).to_contain_text("Fewer children and families live in poverty")
    expect(thread.get_by_role("link", name="Poverty", exact=True)).to_be_visible()


def test_print_view_hides_navigation_when_printed(page, demo_partnership):
    sign_in(page, editor().email, editor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/plan/")
    expect(page.get_by_role("button", name="Print this plan")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Vision and conditions")).to_be_hidden()
    expect(page.locator("svg.pif-diagram").first).to_be_visible()
    page.screenshot(path="test-artifacts/screenshots/outcomes-20-plan-print.png",
                    full_page=True)
    page.screenshot(path="test-artifacts/screenshots/outcomes-21-plan-print-top.png",
                    clip={"x": 0, "y": 0, "width": 1280, "height": 1600}, full_page=True)
