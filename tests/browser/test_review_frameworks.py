"""Journey in a browser: an editor reads the shipped frameworks, creates the partnership's own,
adds a node, uploads nodes with a bad row (nothing saved, the row and column named) and then a
good file. Every page passes axe and fits 320 px."""

import pytest

from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"review-frameworks-{name}")


def test_frameworks_journey(page, transactional_db, tmp_path):
    world = build_world()
    sign_in(page, world.editor.email, PASSWORD)
    page.goto("/p/alpha/assessment-frameworks/")
    look(page, "list")
    page.get_by_role("link", name="EFQM Model (2013)").click()
    assert page.get_by_text("112.5", exact=True).is_visible()
    look(page, "efqm-2013")
    page.goto("/p/alpha/assessment-frameworks/")
    page.get_by_role("link", name="PSIF) (2020 checklist)").click()
    look(page, "psif-checklist")

    page.goto("/p/alpha/assessment-frameworks/create/")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Enter a name for the framework").first.is_visible()
    look(page, "create-errors")
    page.get_by_label("Name").fill("Our partnership model")
    page.get_by_label("Agreement (Strongly agree to Strongly disagree)").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a node").click()
    look(page, "node-form")
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
    look(page, "upload-errors")
    good = tmp_path / "good.csv"
    good.write_text("code,label,kind,parent\nA1,We share data,statement,A\n"
                    "A2,We plan together,statement,A\n")
    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Upload", exact=True).click()
    assert page.get_by_text("2 nodes uploaded").is_visible()
    look(page, "own-framework")
