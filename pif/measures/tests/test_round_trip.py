"""Export, then import: nothing changes, values and notes byte for byte, in CSV and Excel.

Once, a note beginning `'=` lost its apostrophe, a CR LF in a note became LF in Excel, the
command line's CSV had no byte-order mark while the web's had one, and unapproved values
read as final because the export did not say which were approved.
"""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from pif import tables
from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.exporting import COLUMNS, export_rows
from pif.measures.importing import ImportOptions, check_file, import_checked
from pif.measures.importing.readers import read_sheets
from pif.measures.importing.records import cell_text
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator

NOTES = [
    "'=1+1",  # a quote before a formula character: the quote is part of the note
    "'quoted",
    "''double",
    "=HYPERLINK(\"http://x\")",
    "-minus", "+plus", "@at", "\tleading tab", "\rleading CR",
    "line one\r\nline two",
    "old Mac\rline",
    "unix\nline",
    "  leading and trailing spaces  ",
    "Café – £120, ½ of 😀",
    "literal _x000D_ and _x005F_ escapes",
    "x" * 2000,
]


@pytest.fixture
def stored(world):
    """One observation per note, some approved and some awaiting approval."""
    score = make_indicator(world.partnership, owner=world.council, code="SCORE",
                           frequency="monthly", unit="score", decimals=3)
    area = Breakdown.objects.create(partnership=world.partnership, name="=Ayr & 'Troon'")
    period = Period.month(2023, 1)
    for number, note in enumerate(NOTES):
        observation = Observation(indicator=score, value=[0.1 + 0.2, -3.25, 1e-7,
                                                          123456789012.5][number % 4],
                                  note=note, status="provisional",
                                  breakdown=area if number % 3 == 0 else None,
                                  approved_at=timezone.now() if number % 2 else None)
        observation.set_period(period)
        observation.save()
        period = period.next()
    return world


def snapshot(partnership) -> list[tuple]:
    return list(Observation.objects.filter(indicator__partnership=partnership).order_by(
        "pk").values_list("pk", "value", "numerator", "denominator", "note", "status",
                          "missing_code", "approved_at", "breakdown__name", "period"))


def export(path) -> bytes:
    call_command("export", str(path), "--partnership", "alpha", stdout=StringIO())
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exporting_then_importing_changes_nothing(stored, tmp_path, suffix):
    before = snapshot(stored.partnership)
    content = export(tmp_path / f"export{suffix}")
    checked = check_file(content, f"export{suffix}", partnership=stored.partnership,
                         options=ImportOptions())
    assert checked.problems == []
    assert sorted(row.note for row in checked.rows) == sorted(NOTES)
    result = import_checked(Actor(user=stored.editor), checked, partnership=stored.partnership,
                            approve=True)
    assert (result.created, result.changed, result.unchanged) == (0, 0, len(NOTES))
    assert snapshot(stored.partnership) == before


def test_an_export_imported_and_exported_again_is_the_same_file(stored, tmp_path):
    first = export(tmp_path / "first.csv")
    checked = check_file(first, "first.csv", partnership=stored.partnership,
                         options=ImportOptions())
    import_checked(Actor(), checked, partnership=stored.partnership, approve=True)
    assert export(tmp_path / "second.csv") == first


def test_a_carriage_return_is_kept_in_the_workbook_as_excel_keeps_it(stored, tmp_path):
    export(tmp_path / "export.xlsx")
    notes = [row[7] for row in load_workbook(tmp_path / "export.xlsx", read_only=True)[
        "Observations"].iter_rows(min_row=2, values_only=True)]
    assert "line one_x000D_\nline two" in notes  # Excel shows this as CR LF
    assert "literal _x005F_x000D_ and _x005F_x005F_ escapes" in notes


def test_the_command_line_and_the_web_write_the_same_csv(stored, tmp_path):
    headers, rows = list(COLUMNS), list(export_rows(stored.partnership))
    assert export(tmp_path / "export.csv") == tables.csv_bytes(headers, rows)
    assert export(tmp_path / "export.csv").startswith(b"\xef\xbb\xbfindicator,period,")


def test_the_export_says_which_values_are_approved(stored, tmp_path):
    content = export(tmp_path / "export.csv").decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(content, newline=""))
    assert header[-1] == "approval"
    approval = {row[1]: row[-1] for row in rows}
    for observation in Observation.objects.all():
        assert approval[observation.period_label] == (
            "approved" if observation.approved_at else "awaiting approval")
    assert sorted(set(approval.values())) == ["approved", "awaiting approval"]


def test_re_importing_an_export_leaves_unapproved_values_awaiting_approval(stored, tmp_path):
    content = export(tmp_path / "export.xlsx")
    checked = check_file(content, "export.xlsx", partnership=stored.partnership,
                         options=ImportOptions())
    assert checked.layout.ignored == ["approval"]
    import_checked(Actor(user=stored.editor), checked, partnership=stored.partnership, approve=True)
    waiting = Observation.objects.filter(indicator__code="SCORE", approved_at__isnull=True)
    assert waiting.count() == len(NOTES) // 2


def test_a_web_download_reads_back_exactly_too(stored):
    rows = [["'=x", "a\r\nb", " spaced ", -5, "-5"]]
    for content, name in ((tables.csv_bytes(["a", "b", "c", "d", "e"], rows), "t.csv"),
                          (tables.xlsx_bytes(["a", "b", "c", "d", "e"], rows), "t.xlsx")):
        sheet = next(read_sheets(content, name))
        assert [cell_text(cell, strip=False) for cell in sheet.rows[1][1]] == [
            "'=x", "a\r\nb", " spaced ", "-5", "-5"]


def test_a_large_export_is_written_without_holding_every_row(stored, tmp_path):
    """Rows are passed to the writer as a generator, and counted as written."""
    stream = io.StringIO(newline="")
    assert tables.write_csv(stream, ["n"], ([n] for n in range(3))) == 3
