"""Files that must be refused, whole, before any row is read: duplicate headers, rows of the
wrong width, Excel errors and formulas with no saved result, over-long breakdown names and
damaged workbooks. Each case once failed: it imported, or gave a 500."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.importing import ImportOptions, check_file, import_checked, readers
from pif.measures.importing.readers import ReadError, read_sheets
from pif.measures.models import Breakdown, Indicator, Observation

ERRORS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!")


def workbook_bytes(rows, title="Values") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def rewritten(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through `change`."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(member, data)
    return out.getvalue()


def check(world, content: bytes, filename="values.csv"):
    return check_file(content, filename, partnership=world.partnership, options=ImportOptions())


def messages(checked) -> list[str]:
    return [str(problem) for problem in checked.problems]


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def test_a_duplicate_column_header_is_refused_naming_both_columns(world, ae):
    checked = check(world, b"Indicator,Period,Value,value\nAE-4HR,April 2024,90.5,12\n")
    assert messages(checked) == [
        'Row 1, column "value": This column has the same header as column "Value": give each '
        "column its own header, so it is clear which one to read"]
    assert not checked.ok


def test_a_duplicate_header_in_excel_is_named_by_column_letter(world, ae):
    content = workbook_bytes([["Indicator", "Period", "Value", "Note", "VALUE"],
                              ["AE-4HR", "April 2024", 90.5, "", 12]])
    checked = check(world, content, "values.xlsx")
    assert messages(checked)[0].startswith('Row 1, column E ("VALUE"): This column has the '
                                           'same header as column C ("Value")')


def test_a_short_row_is_refused_and_the_stored_note_is_kept(world, ae):
    stored = Observation.objects.get(indicator=ae, period=Period.month(2024, 1).key)
    stored.note = "Winter pressures"
    stored.save()
    checked = check(world, b"Indicator,Period,Value,Note\nAE-4HR,January 2024,90.1,Checked\n"
                           b"AE-4HR,February 2024,91.2\n")
    assert messages(checked) == ["Row 3: This row has 3 cells but the header row (row 1) has "
                                 "4: check the row for a missing comma or cell"]
    assert checked.rows == []
    stored.refresh_from_db()
    assert stored.note == "Winter pressures"


def test_a_row_with_a_cell_past_the_headers_is_refused(world, ae):
    checked = check(world, b"Indicator,Period,Value\nAE-4HR,May 2024,90,5\n")
    assert messages(checked) == [
        'Row 2, column number 4: This row has a value in column 4, past the 3 columns of the '
        "header row (row 1): check the row for an extra comma, or give the column a header"]


def test_empty_cells_past_the_headers_are_allowed(world, ae):
    checked = check(world, b"Indicator,Period,Value\nAE-4HR,May 2024,90,,\n")
    assert checked.problems == [] and len(checked.rows) == 1


def test_a_formula_with_no_saved_result_is_refused_naming_the_cell(world, ae):
    content = workbook_bytes([["Indicator", "Period", "Value"], ["AE-4HR", "May 2024", 90],
                              ["AE-4HR", "June 2024", "=C2+1"]])
    checked = check(world, content, "values.xlsx")
    assert messages(checked) == [
        'Row 3, column C ("Value"): Cell Values!C3 has a formula with no saved result: open '
        "the file in Excel or LibreOffice, let it calculate, save it and upload it again"]


@pytest.mark.parametrize("error", ERRORS)
def test_an_excel_error_value_is_refused_naming_the_cell(world, ae, error):
    content = workbook_bytes([["Indicator", "Period", "Value"], ["AE-4HR", "May 2024", 90],
                              ["AE-4HR", "June 2024", error]], title="Sheet1")
    checked = check(world, content, "values.xlsx")
    assert messages(checked) == [
        f'Row 3, column C ("Value"): Cell Sheet1!C3 holds the error {error}: correct the cell, '
        "or leave it blank, and upload the file again"]


def test_a_formula_with_a_saved_result_gives_its_result_and_an_empty_text_result_is_blank():
    def calculated(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
        return xml.replace(b'<c r="D2"><f>""</f><v />', b'<c r="D2" t="str"><f>""</f><v></v>')

    content = rewritten(workbook_bytes([["Indicator", "Period", "Value", "Note"],
                                        ["AE-4HR", "May 2024", "=1+1", '=""']]), calculated)
    sheet = next(read_sheets(content, "values.xlsx"))
    assert sheet.rows[1] == (2, ["AE-4HR", "May 2024", 2])


def test_an_error_in_a_column_that_is_not_read_does_not_stop_the_import(world, ae):
    content = workbook_bytes([["Indicator", "Period", "Value", "Change"],
                              ["AE-4HR", "May 2024", 90, "#DIV/0!"]])
    checked = check(world, content, "values.xlsx")
    assert checked.problems == [] and checked.rows[0].value == 90


def test_an_over_long_breakdown_name_is_refused_and_never_cut(world, ae):
    name = "Arden " + "x" * 145  # 151 characters
    content = f"Indicator,Period,Breakdown,Value\nAE-4HR,May 2024,{name},90\n".encode()
    checked = check(world, content)
    assert messages(checked) == ['Row 2, column "Breakdown": The breakdown name is 151 '
                                 "characters long: it can be at most 150, so shorten it"]
    assert not Breakdown.objects.exists()


def test_a_breakdown_name_of_the_longest_length_imports_whole(world, ae):
    name = "Arden " + "x" * 144  # 150 characters
    content = f"Indicator,Period,Breakdown,Value\nAE-4HR,May 2024,{name},90\n".encode()
    checked = check(world, content)
    import_checked(Actor(user=world.editor), checked, partnership=world.partnership, approve=True)
    assert Breakdown.objects.get().name == name
    again = check(world, content)  # the same name later finds the same breakdown
    assert again.problems == [] and again.new_breakdowns == []


def malformed_xml(xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", b"<row><c r=")


def corrupt_stream(content: bytes) -> bytes:
    """The sheet's compressed bytes overwritten in the middle, its directory left intact."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    damaged = bytearray(content)
    damaged[middle:middle + 8] = b"\xff" * 8
    return bytes(damaged)


GOOD = [["Indicator", "Period", "Value"], *[["AE-4HR", f"{m} 2024", 90] for m in
                                            ("May", "June", "July", "August")]]
DAMAGED = {
    "malformed sheet XML": lambda: rewritten(workbook_bytes(GOOD), malformed_xml),
    "corrupt zip stream": lambda: corrupt_stream(workbook_bytes(GOOD)),
    "not a zip at all": lambda: b"Indicator,Period,Value\nthis is not a workbook\n",
    "truncated zip": lambda: workbook_bytes(GOOD)[:600],
    "unreadable shared strings": lambda: rewritten(workbook_bytes(GOOD), lambda xml: re.sub(
        rb'<c r="A2" t="inlineStr"><is><t>AE-4HR</t></is></c>', b'<c r="A2" t="s"><v>9</v></c>',
        xml)),
}


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_workbook_is_refused_with_a_plain_message(world, ae, damage):
    checked = check(world, DAMAGED[damage](), "values.xlsx")
    assert len(checked.problems) == 1, messages(checked)
    assert "values.xlsx is not an Excel workbook we can read" in messages(checked)[0]
    assert "save it as .xlsx or CSV, and upload that" in messages(checked)[0]


def test_an_indicator_with_no_stored_status_yet_is_checked_without_error(world):
    """Indicators are loaded with their stored status, for the warnings; one never computed
    once made the check fail."""
    Indicator.objects.create(partnership=world.partnership, owner=world.council, code="NEW",
                             title="New", unit="count", frequency="monthly")
    checked = check(world, b"Indicator,Period,Value\nNEW,May 2024,5\n")
    assert checked.problems == [] and checked.rows[0].value == 5


def test_an_error_value_saved_into_a_csv_is_refused_in_plain_words(world, ae):
    checked = check(world, b"Indicator,Period,Value\nAE-4HR,May 2024,#DIV/0!\n")
    assert messages(checked) == ['Row 2, column "Value": The cell holds the spreadsheet error '
                                 "#DIV/0!, not a number: correct the formula in the "
                                 "spreadsheet, or leave the cell blank, and upload the file "
                                 "again"]


def test_reading_that_takes_too_long_is_stopped_with_what_to_do(monkeypatch):
    monkeypatch.setattr(readers, "MAX_SECONDS", -1)
    monkeypatch.setattr(readers, "_CHECK_CLOCK_EVERY", 1)
    for content, name in ((b"Indicator,Period,Value\nAE-4HR,May 2024,1\n", "slow.csv"),
                          (workbook_bytes(GOOD), "slow.xlsx")):
        with pytest.raises(ReadError, match=f"^{name}: .* took more than -1 seconds to read, "
                                            "so reading was stopped: save only the rows"):
            list(read_sheets(content, name))


def test_a_csv_with_more_rows_than_pif_reads_is_refused_blank_rows_included(monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    with pytest.raises(ReadError, match=r"^big.csv: the file is larger than PIF reads \(3 rows"):
        list(read_sheets(b"Indicator,Period,Value\n\n\nAE-4HR,May 2024,1\n", "big.csv"))


def test_excel_escapes_in_text_are_read_as_excel_means_them(world, ae):
    content = workbook_bytes([["Indicator", "Period", "Value", "Note"],
                              ["AE-4HR", "May 2024", 90, "one_x000D_\ntwo _x0000_ _x005F_x0041_"]])
    checked = check(world, content, "values.xlsx")
    assert checked.rows[0].note == "one\r\ntwo _x0000_ _x0041_"


def test_a_workbook_part_read_whole_that_unpacks_to_too_much_is_refused(monkeypatch):
    """Shared text and styles are read whole: a small file could hold hundreds of megabytes
    of them."""
    content = workbook_bytes(GOOD)
    monkeypatch.setattr(readers, "MAX_PART_BYTES", 500)
    with pytest.raises(ReadError, match=r"^big.xlsx has a part \(xl/\S+.xml\) that unpacks "
                                        r"to 0 MB, more than the 0 MB PIF reads"):
        list(read_sheets(content, "big.xlsx"))
