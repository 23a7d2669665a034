"""An editor uploads a spreadsheet: a file with a bad row imports nothing and says why; the
corrected file previews, imports, and shows on the indicator page."""

import pytest
from playwright.sync_api import expect

from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    make_indicator(partnership, owner=partnership.organisations.get(short_code="NHSLA"),
                   code="AE-4HR", title="A&E seen within 4 hours", values=[90.1, 91.0])
    return partnership


def upload(page, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.goto(f"/p/{demo.SHORT_NAME}/upload/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()


def test_a_bad_row_blocks_the_upload_and_the_corrected_file_imports(page, partnership,
                                                                     tmp_path):
    editor = next(u for u in demo.DEMO_USERS if u.role == "editor")
    sign_in(page, editor.email, editor.password)
    page.goto(f"/p/{demo.SHORT_NAME}/upload/")
    check_accessibility(page, "upload-01-start")

    upload(page, tmp_path, "bad.csv",
           "Indicator,Period,Value\nAE-4HR,Mar-2024,92.5\nAE-4HR,Apr-2024,\"12,34\"\n")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Correct bad.csv")
    expect(page.locator("#problems")).to_contain_text("thousands separator")
    check_accessibility(page, "upload-02-problems")
    assert Observation.objects.filter(indicator__code="AE-4HR").count() == 2

    upload(page, tmp_path, "good.csv",
           "Indicator,Period,Value\nAE-4HR,Mar-2024,92.5\nAE-4HR,Apr-2024,93.4\n")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check good.csv")
    check_accessibility(page, "upload-03-preview")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("has been imported")
    check_accessibility(page, "upload-04-imported")
    assert Observation.objects.filter(indicator__code="AE-4HR").count() == 4

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/")
    expect(page.locator("table").first).to_contain_text("April 2024")
