"""The report as an Excel workbook, read back with openpyxl."""

import io

import pytest
from openpyxl import load_workbook

from pif.reports.render.xlsx import render_xlsx, sheet_titles
from pif.reports.tests.report_fixtures import FORMULA_TEXT, fixture_document, fixture_report  # noqa: F401,E501

pytestmark = pytest.mark.django_db


def workbook(document):
    return load_workbook(io.BytesIO(render_xlsx(document)))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_sheets_summary_one_a_section_and_data(fixture_report):  # noqa: F811
    book = workbook(fixture_report)
    assert book.sheetnames == ["Summary", "Scorecard", "Indicators in detail", "Actions",
                               "Comparison with similar council", "Data"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    summary = rows(book["Summary"])
    assert summary[0] == ["Report", fixture_report["title"]]
    assert ["Partnership", "Loch Arden Community Planning Partnership"] in summary
    assert ["As it stood on", "30 November 2026"] in summary
    assert ["Indicators", 2] in summary  # a number, not the text "2"
    assert ["How community bodies took part", "This section has not been written yet."] in summary


def test_data_sheet_is_tidy_one_row_per_indicator_and_period(fixture_report):  # noqa: F811
    data = rows(workbook(fixture_report)["Data"])
    assert data[0][:4] == ["Indicator code", "Indicator", "Period", "Value"]
    blocks = fixture_report["sections"][1]["indicators"]
    assert len(data) == 1 + sum(len(block["data"]["rows"]) for block in blocks)  # memo repeat
    assert data[1][:3] == ["FX-1", blocks[0]["title"], "January 2022"]
    assert {row[0] for row in data[1:]} == {"FX-1", "FX-2"}


def test_scorecard_and_indicator_sheets_have_a_row_each():
    book = workbook(fixture_document())
    scorecard = rows(book["Scorecard"])
    assert scorecard[0][:2] == ["Code", "Indicator"] and len(scorecard) == 3
    detail = rows(book["Indicators in detail"])
    assert "What the data shows" in detail[0]
    assert detail[1][0] == "NC-1"


def test_formula_like_text_is_made_safe():
    book = workbook(fixture_document())
    actions = rows(book["Actions"])
    assert actions[2][1] == "'" + FORMULA_TEXT
    assert actions[1][4] == 41  # per cent complete stays a number
    table = rows(book["Comparison with similar council"])
    assert table[2][0] == "'-Family average"


def test_sheet_titles_are_short_unique_and_allowed():
    titles = sheet_titles(["Data", "A/B: what? [draft]", "x" * 40, "x" * 40, "summary", ""])
    assert titles[0] == "Data (2)"
    assert titles[1] == "A B what draft"
    assert titles[2] == "x" * 31 and titles[3] == "x" * 27 + " (2)"
    assert titles[4] == "summary (2)"
    assert titles[5] == "Section"
    assert all(len(title) <= 31 for title in titles)


def test_the_same_report_gives_the_same_bytes_at_any_moment():
    """A kept report downloads identically: a zip dates its parts, and openpyxl stamps the
    moment it saves, so both are set to when the report was built."""
    import time

    document = fixture_document()
    first = render_xlsx(document)
    time.sleep(2.1)  # past the two-second step of a zip's dates
    assert render_xlsx(document) == first
