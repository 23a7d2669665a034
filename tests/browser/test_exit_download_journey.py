"""The partnership's exit route in the browser: an admin goes from the partnership's settings
to "Download all the partnership's data", reads what the zip holds, downloads it, and the zip
holds the data dictionary, the README and the partnership's own tables (and nothing of
another partnership's). The page then says who downloaded it last. axe on each page, and each
fits 320 px (check_page); screenshots in test-artifacts/screenshots/.
"""

import csv
import io
import zipfile

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"exit-download-journey-{name}", widths=(1280, 320))


@pytest.fixture
def world(transactional_db):
    world = build_world()
    make_indicator(world.partnership, owner=world.council, code="DD-1",
                   title="Delayed discharges", values=[40, 42, 41],
                   first_period=Period.month(2026, 6))
    return world


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def test_an_admin_downloads_all_the_partnerships_data(page, world, tmp_path):
    admin = world.users["admin"]
    sign_in(page, admin.email, PASSWORD)
    page.goto(f"/p/{world.partnership.short_name}/settings/")
    look(page, "settings")
    page.get_by_role("link", name="Download all the partnership's data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Download all of Alpha Partnership's data")
    expect(page.get_by_role("heading", name="What is not in it")).to_be_visible()
    expect(page.get_by_text("The last download was on")).to_have_count(0)
    look(page, "exit")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the data (ZIP file)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("alpha-data-")
    assert download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    with zipfile.ZipFile(saved) as archive:
        names = set(archive.namelist())
        assert {"data_dictionary.csv", "README.txt"} <= names
        assert "Alpha Partnership" in archive.read("README.txt").decode("utf-8")
        dictionary = csv_rows(archive, "data_dictionary.csv")
        assert dictionary and {row["table"] for row in dictionary} >= {
            "partnerships_organisation"}
        organisations = {row["name"] for row in
                         csv_rows(archive, "partnerships_organisation.csv")}
        assert organisations == {world.council.name, world.health_board.name}
        indicator_tables = [name for name in names if name.endswith("_indicator.csv")]
        assert indicator_tables, sorted(names)
        assert "Delayed discharges" in archive.read(indicator_tables[0]).decode("utf-8")

    # The page stays put after the download, and says who took the data once it is reloaded.
    page.reload()
    expect(page.get_by_text("The last download was on")).to_contain_text("by Admin.")
    look(page, "exit-after-download")
