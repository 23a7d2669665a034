"""render() and respond(): the one download of a report."""

import io

import pytest
from openpyxl import load_workbook

from pif.reports.render import CONTENT_TYPES, FORMATS, filename, render, respond
from pif.reports.tests.report_fixtures import fixture_document


def test_formats():
    assert FORMATS == ("html", "pdf", "xlsx")


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_respond_is_a_private_attachment(fmt):
    response = respond(fixture_document(), fmt, "Board report – Loch Arden, 30 November 2026")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="board-report-loch-arden-30-november-2026.{fmt}"')
    assert response["Cache-Control"] == "private, no-store"


def test_respond_pdf():
    response = respond(fixture_document(), "pdf", "Board report")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="board-report.pdf"'


def test_render_gives_each_format():
    document = fixture_document()
    assert render(document, "html").startswith(b"<!DOCTYPE html>")
    assert load_workbook(io.BytesIO(render(document, "xlsx"))).sheetnames[0] == "Summary"


@pytest.mark.parametrize("fmt", ["csv", "", "PDF", "../x", None])
def test_an_unknown_format_is_refused(fmt):
    with pytest.raises(ValueError):
        render(fixture_document(), fmt)
    with pytest.raises(ValueError):
        respond(fixture_document(), fmt, "x")


def test_file_names_are_plain_ascii():
    assert filename("Ärger — «Board» report/../etc", "pdf") == "arger-board-reportetc.pdf"
    assert filename("", "xlsx") == "report.xlsx"
    assert filename("———", "html") == "report.html"
    assert filename('a"b\r\nc', "pdf") == "ab-c.pdf"
