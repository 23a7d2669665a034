"""`pif report`: it writes a valid PDF, HTML or Excel file through the same builders and
rules as the pages, keeps the report with --keep, and fails plainly on bad input."""

import io
import zipfile

import openpyxl
import pikepdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pif.measures.testing import make_indicator
from pif.partnerships.models import Event
from pif.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(world):
    return [make_indicator(world.partnership, owner=world.council, code=f"IND-{n}",
                           title=f"Indicator number {n}", values=[50 + n, 52, 51, 55])
            for n in range(2)]


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_a_board_report_as_a_pdf(world, indicators, tmp_path):
    path = tmp_path / "board.pdf"
    said = run("board", "--partnership", "alpha", "--output", str(path),
               "--as-of", "2026-10-31")
    assert "31 October 2026" in said and str(path) in said
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 1
        assert "/StructTreeRoot" in pdf.Root
    assert not Report.objects.exists()


def test_a_board_report_as_html_names_each_indicator(world, indicators, tmp_path):
    path = tmp_path / "board.html"
    run("board", "--partnership", "alpha", "--output", str(path), "--indicator", "IND-1")
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html") and "IND-1" in text
    today = timezone.localdate()  # the default: everything recorded so far
    assert f"{today.day} {today:%B %Y}" in text


def test_a_scorecard_as_a_spreadsheet(world, indicators, tmp_path):
    path = tmp_path / "Scorecard.XLSX"
    run("scorecard", "--partnership", "alpha", "--output", str(path))
    assert zipfile.is_zipfile(path)
    book = openpyxl.load_workbook(path)
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows()
             for c in row if c.value is not None}
    assert any("IND-0" in cell for cell in cells)


def test_keep_stores_the_report_as_made_on_the_command_line(world, indicators, tmp_path):
    run("board", "--partnership", "alpha", "--output", str(tmp_path / "b.html"), "--keep",
        "--title", "October board")
    report = Report.objects.get()
    assert report.title == "October board" and report.created_by is None
    assert Report.history.latest().history_change_reason == "Changed through command line"
    assert Event.objects.get(verb="report_built").via == "command line"


@pytest.mark.parametrize(("args", "says"), [
    (["board", "--partnership", "nowhere"], "no partnership with short name 'nowhere'"),
    (["bored", "--partnership", "alpha"], "no kind of report 'bored'"),
    (["board", "--partnership", "alpha", "--as-of", "31/10/2026"], "is not a date"),
    (["board", "--partnership", "alpha", "--as-of", "2999-01-01"], "or earlier"),
    (["board", "--partnership", "alpha", "--as-of", "1850-01-01"], "1900"),
    (["board", "--partnership", "alpha", "--indicator", "NOPE"], "no indicator with the code"),
    (["board", "--partnership", "alpha", "--outcome", "x"], "not a whole number"),
    (["board", "--partnership", "alpha", "--outcome", "999999"], "not in this partnership"),
    (["board", "--partnership", "alpha", "--title", "x" * 201], "200 characters"),
    (["board", "--partnership", "alpha", "--meeting", "1"], "does not take --meeting"),
    (["meeting-memo", "--partnership", "alpha"], "meeting"),
])
def test_bad_input_fails_plainly_and_writes_nothing(world, indicators, tmp_path, args, says):
    path = tmp_path / "out.pdf"
    with pytest.raises(CommandError) as failed:
        run(*args, "--output", str(path))
    assert says in str(failed.value)
    assert not path.exists() and not Report.objects.exists()


def test_a_file_name_whose_format_cannot_be_told_fails(world, indicators, tmp_path):
    for name in ("board.docx", "board", "board.csv"):
        with pytest.raises(CommandError) as failed:
            run("board", "--partnership", "alpha", "--output", str(tmp_path / name))
        assert "end the file name with .pdf, .html or .xlsx" in str(failed.value)


def test_a_partnership_with_no_indicators_is_refused_plainly(world, tmp_path):
    with pytest.raises(CommandError) as failed:
        run("board", "--partnership", "alpha", "--output", str(tmp_path / "b.pdf"))
    assert "no indicators to report on" in str(failed.value)


def test_an_unwritable_file_fails_plainly(world, indicators, tmp_path):
    with pytest.raises(CommandError) as failed:
        run("board", "--partnership", "alpha", "--output",
            str(tmp_path / "missing" / "b.html"))
    assert "Cannot write" in str(failed.value)


def test_the_command_exits_non_zero_on_a_bad_partnership(world, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as ended:
        execute_from_command_line(["pif", "report", "board", "--partnership", "no-such-place",
                                   "--output", str(tmp_path / "b.pdf")])
    assert ended.value.code != 0
    assert "no partnership with short name" in capsys.readouterr().err
