"""Journey in a browser: an editor reads the shipped frameworks, creates the partnership's own,
adds a node, uploads nodes with a bad row (nothing saved, the row and column named) and then a
good file. Every page passes axe and fits 320 px; screenshots go to /tmp/h/shots/frameworks
when that folder exists."""

from pathlib import Path

import pytest

from pif.testing import PASSWORD, build_world
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import check_accessibility, check_fits, sign_in

# The browser journeys' fixtures, for this journey kept beside the app's other tests.
browser = browser_fixtures.browser
page = browser_fixtures.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/h/shots/frameworks")


def check_page(page, name: str) -> None:
    check_accessibility(page, name)
    for width in (320, 1024):
        page.set_viewport_size({"width": width, "height": 700})
        if width == 320:
            check_fits(page, f"{name}-320")
        if SHOTS.exists():
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_frameworks_journey(page, tmp_path):
    world = build_world()
    sign_in(page, world.editor.email, PASSWORD)
    page.goto("/p/alpha/assessment-frameworks/")
    check_page(page, "list")
    page.get_by_role("link", name="EFQM Model (2013)").click()
    assert page.get_by_text("112.5", exact=True).is_visible()
    check_page(page, "efqm-2013")
    page.goto("/p/alpha/assessment-frameworks/")
    page.get_by_role("link", name="PSIF) (2020 checklist)").click()
    check_page(page, "psif-checklist")

    page.goto("/p/alpha/assessment-frameworks/create/")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Enter a name for the framework").first.is_visible()
    check_page(page, "create-errors")
    page.get_by_label("Name").fill("Our partnership model")
    page.get_by_label("Agreement (Strongly agree to Strongly disagree)").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a node").click()
    check_page(page, "node-form")
    page.get_by_label("Code").fill("A")
    page.get_by_label("Short label").fill("Working together")
    page.get_by_label("Kind of node").select_option("section")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Node A added").is_visible()

    bad = tmp_path / "bad.csv"
    bad.write_text("code,label,kind,parent\nA1,We share data,statement,A\nA2,,box,Z\n")
    page.get_by_role("button", name="Upload nodes as CSV").click()
    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload", exact=True).click()
    assert page.get_by_text("Row 3, column label").first.is_visible()
    check_page(page, "upload-errors")
    good = tmp_path / "good.csv"
    good.write_text("code,label,kind,parent\nA1,We share data,statement,A\n"
                    "A2,We plan together,statement,A\n")
    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Upload", exact=True).click()
    assert page.get_by_text("2 nodes uploaded").is_visible()
    check_page(page, "own-framework")
