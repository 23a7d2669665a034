"""The scorecard's download says each value's unit and rounds it as the page shows it; an
indicator without a target shows a dash, never "None"."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from pif.measures import status
from pif.measures.models import Indicator, Target
from pif.measures.testing import make_indicator

PAGE = reverse("scorecard", args=["alpha"])
EXPORT_CSV = reverse("scorecard_export", args=["alpha", "csv"])
EXPORT_XLSX = reverse("scorecard_export", args=["alpha", "xlsx"])


def csv_rows(client) -> dict[str, dict]:
    rows = list(csv.reader(io.StringIO(client.get(EXPORT_CSV).content.decode("utf-8-sig"))))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def xlsx_rows(client) -> dict[str, dict]:
    sheet = load_workbook(io.BytesIO(client.get(EXPORT_XLSX).content)).active
    headers = [cell.value for cell in sheet[1]]
    return {row[0]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)}


def indicators(world) -> None:
    waits = make_indicator(world.partnership, owner=world.health_board, code="WAITS",
                           values=[90.1, 91.26, 92.049])
    Target.objects.create(indicator=waits, value=94.95)
    make_indicator(world.partnership, owner=world.council, code="RATE", values=[3.14159, 2.675],
                   unit=Indicator.Unit.RATE, rate_per=1000, decimals=2)
    make_indicator(world.partnership, owner=world.council, code="SPEND", values=[1234.5],
                   unit=Indicator.Unit.CURRENCY, decimals=0)
    status.refresh(list(Indicator.objects.all()))


def test_the_csv_rounds_as_the_page_shows_and_names_the_unit(client, world):
    indicators(world)
    client.force_login(world.viewer)
    page = client.get(PAGE).content.decode()
    assert "92.0%" in page and "95.0%" in page and "2.68 per 1,000" in page

    rows = csv_rows(client)
    assert (rows["WAITS"]["Latest value"], rows["WAITS"]["Target"]) == ("92.0", "95.0")
    assert rows["WAITS"]["Unit"] == "Percentage"
    assert rows["RATE"]["Latest value"] == "2.68"  # half away from zero, as on the page
    assert rows["RATE"]["Unit"] == "Rate per 1,000"
    assert (rows["SPEND"]["Latest value"], rows["SPEND"]["Unit"]) == ("1235", "Pounds (£)")


def test_the_excel_download_rounds_and_keeps_numbers(client, world):
    indicators(world)
    client.force_login(world.viewer)
    rows = xlsx_rows(client)
    assert rows["WAITS"]["Latest value"] == 92.0
    assert rows["WAITS"]["Target"] == 95.0
    assert rows["RATE"]["Latest value"] == 2.68
    assert rows["RATE"]["Unit"] == "Rate per 1,000"


def test_no_target_is_an_empty_cell_in_the_download(client, world):
    indicators(world)
    client.force_login(world.viewer)
    assert csv_rows(client)["RATE"]["Target"] == ""


def test_no_target_shows_a_dash_on_the_scorecard(client, world):
    make_indicator(world.partnership, owner=world.council, code="NOTARGET", values=[1, 2, 3])
    client.force_login(world.viewer)
    page = client.get(PAGE).content.decode()
    assert "None" not in page
    assert ('<span class="pif-muted" aria-hidden="true">–</span>'
            '<span class="govuk-visually-hidden">No target</span>') in page


def test_no_target_shows_a_dash_in_the_indicator_table(client, world):
    make_indicator(world.partnership, owner=world.council, code="NOTARGET", values=[1, 2, 3])
    client.force_login(world.viewer)
    page = client.get(reverse("indicator", args=["alpha", "NOTARGET"])).content.decode()
    assert page.count('<span class="pif-muted" aria-hidden="true">–</span>'
                      '<span class="govuk-visually-hidden">No target</span>') == 3
