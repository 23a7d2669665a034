"""Status where people look (issue 11, item 6): the overview's counts, outcome roll-ups and
the strategy map's boxes coloured, patterned and worded by status and linked to their
outcomes, and both diagrams read from cause to effect. Each page passes axe at 320, 390 and
1280 pixels wide and fits a 320-pixel screen."""

import re

import pytest
from playwright.sync_api import expect

from pif.outcomes.models import DriverDiagram, Outcome
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1280)


def person(role):
    return next(u for u in demo.DEMO_USERS if u.role == role)


def check_each_width(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_accessibility(page, f"status-{name}-{width}")
        if width == 320:
            check_fits(page, f"status-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_status_pages_pass_axe_and_fit_and_boxes_open_their_outcome(page, transactional_db):
    partnership = demo.load()
    viewer = person("viewer")
    sign_in(page, viewer.email, viewer.password)
    base = f"/p/{demo.SHORT_NAME}"

    page.goto(f"{base}/")
    attention = page.get_by_role("region", name="How the partnership is doing")
    expect(attention.get_by_role("heading", name="Indicators against target")).to_be_visible()
    expect(attention).to_contain_text("risk review")
    check_each_width(page, "overview")

    outcome = Outcome.objects.get(partnership=partnership, code="P1.1")
    page.goto(f"{base}/outcomes/{outcome.pk}/")
    expect(page.locator(".pif-rollup")).to_contain_text("the outcomes contributing to it")
    check_each_width(page, "outcome")

    for name, query in [("map-perspective", ""), ("map-level", "?by=level")]:
        page.goto(f"{base}/strategy-map/{query}")
        expect(page.get_by_text("Read the map from bottom to top")).to_be_visible()
        check_each_width(page, name)
        page.locator("svg.pif-diagram").screenshot(
            path=f"test-artifacts/screenshots/status-{name}-svg.png")

    box = page.locator("svg.pif-diagram a").first
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/p/{demo.SHORT_NAME}/outcomes/\d+/$"))

    diagram = DriverDiagram.objects.filter(partnership=partnership).first()
    page.goto(f"{base}/driver-diagrams/{diagram.pk}/")
    expect(page.get_by_text("Read the diagram from left to right")).to_be_visible()
    check_each_width(page, "driver-diagram")
    page.locator("svg.pif-diagram").screenshot(
        path="test-artifacts/screenshots/status-driver-diagram-svg.png")
