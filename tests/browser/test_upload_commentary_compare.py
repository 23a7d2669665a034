"""Issue 11, items 7 and 8 in a browser: the upload preview shows each stored value it would
change; commentary keeps its line breaks and counts its characters; compare areas draws a
bar chart beside the table. Each page passes axe and fits a 320 pixel screen."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1280)
AREAS = [("Arden", "Urban", 30.0), ("Bray", "Urban", 20.0), ("Carse", "Rural", 20.0),
         ("Dunmore and the Western Isles", "Rural", 10.0)]


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership, its organisations and people
    partnership = demo.load()
    indicator = make_indicator(
        partnership, owner=partnership.organisations.get(short_code="NHSLA"), code="AE-4HR",
        title="A&E seen within 4 hours", values=[90.1, 91.0], first_period=Period.month(2024, 1))
    for name, family, value in AREAS:
        area = Breakdown.objects.create(partnership=partnership, name=name, family_group=family)
        observation = Observation(indicator=indicator, breakdown=area, value=value,
                                  status="final", approved_at=timezone.now())
        observation.set_period(Period.month(2024, 2))
        observation.save()
    return partnership


def editor():
    return next(u for u in demo.DEMO_USERS if u.role == "editor")


def check_every_width(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_accessibility(page, f"{name}-{width}")
        if width == 320:
            check_fits(page, f"{name}-{width}")


def test_the_upload_preview_shows_the_stored_and_the_new_value(page, partnership, tmp_path):
    sign_in(page, editor().email, editor().password)
    path = tmp_path / "corrected.csv"
    path.write_text("Indicator,Period,Breakdown,Value\nAE-4HR,February 2024,,91.4\n"
                    "AE-4HR,February 2024,Bray,21.5\nAE-4HR,March 2024,,92\n", encoding="utf-8")
    page.goto(f"/p/{demo.SHORT_NAME}/upload/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    changes = page.get_by_role("region", name="Values that would change")
    expect(changes.get_by_role("row")).to_have_count(3)
    expect(changes.get_by_role("row").nth(1)).to_contain_text("February 2024")
    expect(changes.get_by_role("row").nth(1)).to_contain_text("91")
    expect(changes.get_by_role("row").nth(1)).to_contain_text("91.4")
    expect(changes.get_by_role("row").nth(2)).to_contain_text("Bray")
    expect(changes.get_by_role("row").nth(2)).to_contain_text("21.5")
    check_every_width(page, "upload-changes")


def test_commentary_keeps_its_line_breaks_and_counts_characters(page, partnership):
    sign_in(page, editor().email, editor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/commentary/")
    shows = page.get_by_label("What the data shows")
    shows.fill("Attendances rose.\nWaits held steady.")
    expect(page.locator(".govuk-character-count__status").first).to_have_text(
        "You have 1,964 characters remaining")
    check_every_width(page, "commentary-form")
    page.get_by_role("button", name="Save commentary").click()
    expect(page.get_by_text("Attendances rose.")).to_be_visible()
    paragraph = page.locator("p", has_text="Attendances rose.")
    expect(paragraph.locator("br")).to_have_count(1)
    shows_text = paragraph.inner_text()
    assert "Attendances rose.\nWaits held steady." in shows_text


def test_compare_areas_draws_a_bar_chart_beside_the_table(page, partnership):
    sign_in(page, editor().email, editor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/breakdown/")
    chart = page.get_by_role("figure", name="Chart of the values, February 2024")
    expect(chart.get_by_role("listitem")).to_have_count(4)
    expect(chart.get_by_role("listitem").first).to_contain_text("Arden")
    expect(chart.get_by_role("listitem").first).to_contain_text("30.0%")
    table = page.locator("table").first  # the areas ranked
    expect(table.get_by_role("row").nth(3)).to_contain_text("2")
    check_every_width(page, "compare-areas")
