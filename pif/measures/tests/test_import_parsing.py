"""Unit tests of the parsing pieces: readers, mapping and layout (no database)."""

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from pif.measures.importing import readers
from pif.measures.importing.layout import LayoutError, find_layout, looks_like_period
from pif.measures.importing.mapping import (
    MappingError,
    match_fields,
    normalise_header,
    parse_map_options,
)
from pif.measures.importing.readers import ReadError, column_name, read_sheets
from pif.measures.importing.records import cell_text, raw_records

DATA = Path(__file__).parent / "data"


def xlsx_bytes(*sheets) -> bytes:
    """A workbook with one sheet per (name, rows) pair."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def only_sheet(content: bytes, filename: str = "values.csv"):
    return list(read_sheets(content, filename))[0]


# --- readers ---------------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_reads_its_first_header_cleanly():
    sheet = only_sheet((DATA / "utf8_bom.csv").read_bytes())
    assert sheet.rows[0] == (1, ["Indicator", "Period", "Value", "Note"])
    assert sheet.rows[1][1][3] == "Café closed"


def test_a_windows_1252_csv_keeps_its_pound_sign_and_dash():
    sheet = only_sheet((DATA / "windows_1252.csv").read_bytes())
    assert sheet.rows[1][1][3] == "Cost £120 – estimate"


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them_and_blank_rows_are_left_out():
    sheet = only_sheet(b"Title\n\nIndicator,Period,Value\n,,\nA,2019/20,1\n")
    assert [number for number, _ in sheet.rows] == [1, 3, 5]
    assert sheet.is_excel is False and sheet.name is None


def test_a_semicolon_separated_csv_is_split_on_semicolons():
    sheet = only_sheet(b"Indicator;Period;Value\nA;2019/20;1\n")
    assert sheet.rows[1][1] == ["A", "2019/20", "1"]


def test_an_old_excel_file_is_refused_with_what_to_do():
    with pytest.raises(ReadError, match=r"old Excel file \(.xls\): save it as .xlsx or CSV"):
        list(read_sheets(b"\xd0\xcf\x11\xe0rest", "values.xls"))


def test_a_broken_workbook_is_refused_rather_than_crashing():
    with pytest.raises(ReadError, match="not an Excel workbook we can read"):
        list(read_sheets(b"PK\x03\x04 not really a zip", "values.xlsx"))


def test_a_workbook_that_would_unpack_to_too_much_is_refused_before_it_is_opened(monkeypatch):
    content = xlsx_bytes(("Values", [["Indicator", "Period", "Value"], ["A1", "2019/20", 1]]))
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 2_000)
    with pytest.raises(ReadError, match=r"^big.xlsx unpacks to 0 MB, more than the 0 MB a "
                                        "workbook of indicator values needs: save the sheet"):
        list(read_sheets(content, "big.xlsx"))
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1_000_000)
    assert [sheet.name for sheet in read_sheets(content, "big.xlsx")] == ["Values"]


def claiming_dimension(content: bytes, claim: str) -> bytes:
    """The same workbook, its sheet claiming to span `claim` (as a hostile file might)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{claim}"'.encode(),
                              data)
            target.writestr(member, data)
    return out.getvalue()


def test_a_sheet_that_claims_to_be_huge_is_read_as_it_is():
    content = claiming_dimension(xlsx_bytes(("Values", [["Indicator", "Period", "Value"],
                                                        ["A1", "2019/20", 1]])), "A1:XFD1048576")
    sheet = only_sheet(content, "claims.xlsx")
    assert sheet.rows == [(1, ["Indicator", "Period", "Value"]), (2, ["A1", "2019/20", 1])]


def test_a_sheet_with_more_cells_than_pif_reads_is_refused(monkeypatch):
    content = xlsx_bytes(("Values", [["Indicator", "Period", "Value"]] + [["A1", "2019/20", n]
                                                                        for n in range(10)]))
    monkeypatch.setattr(readers, "MAX_CELLS", 30)
    with pytest.raises(ReadError, match=r'^big.xlsx: sheet "Values" is larger than PIF reads '
                                        r"\(1,048,576 rows or 30 cells, blank ones included\)"):
        list(read_sheets(content, "big.xlsx"))


def test_excel_cells_keep_their_types_and_formulas_give_nothing_without_a_cached_value():
    content = xlsx_bytes(("Data", [["Indicator", "Period", "Value"],
                                   ["A", datetime(2019, 4, 1), 12.5]]))
    sheet = only_sheet(content, "values.xlsx")
    assert sheet.is_excel and sheet.name == "Data"
    assert sheet.rows[1][1] == ["A", datetime(2019, 4, 1), 12.5]


def test_asking_for_a_sheet_the_workbook_lacks_names_the_sheets_it_has():
    content = xlsx_bytes(("Data", [["x"]]), ("Notes", [["y"]]))
    with pytest.raises(ReadError, match='has no sheet called "Values": its sheets are '
                                       '"Data", "Notes"'):
        list(read_sheets(content, "values.xlsx", "Values"))


def test_columns_are_named_by_letter_in_excel_and_by_header_in_csv():
    excel = only_sheet(xlsx_bytes(("S", [["a"]])), "v.xlsx")
    csv_sheet = only_sheet(b"a\n")
    headers = ["Indicator", "Period", "Value"]
    assert column_name(excel, 2, headers) == 'C ("Value")'
    assert column_name(csv_sheet, 2, headers) == '"Value"'
    assert column_name(excel, 30, headers) == "AE"


# --- mapping ---------------------------------------------------------------------------


def test_headers_are_compared_without_case_spaces_or_underscores():
    assert normalise_header("  Indicator_Code ") == "indicator code"
    assert normalise_header("LOCAL-AUTHORITY") == "local authority"


def test_default_headers_are_found_whatever_their_case():
    found = match_fields(["CODE", "Year", "value", "Local Authority", "Notes"])
    assert found == {"indicator": 0, "period": 1, "value": 2, "breakdown": 3, "note": 4}


def test_period_prefers_a_period_column_to_a_year_column():
    assert match_fields(["Year", "Period", "Indicator", "Value"])["period"] == 1


def test_a_mapping_overrides_the_default_header():
    found = match_fields(["Code", "LGBF Year", "Value", "Rate"], {"value": "rate",
                                                                  "period": "LGBF Year"})
    assert found["value"] == 3 and found["period"] == 1


def test_map_options_are_read_as_field_equals_header():
    assert parse_map_options(["value=Rate", " period = LGBF Year "]) == {
        "value": "Rate", "period": "LGBF Year"}


@pytest.mark.parametrize("item, message", [
    ("value", "is not a mapping: write it as field=Header"),
    ("colour=Red", "'colour' is not a field"),
])
def test_a_wrong_map_option_says_what_is_wrong(item, message):
    with pytest.raises(MappingError, match=message):
        parse_map_options([item])


def test_mapping_a_field_twice_is_refused():
    with pytest.raises(MappingError, match="mapped twice"):
        parse_map_options(["value=A", "value=B"])


# --- layout ----------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["2019/20", "Apr-2019", "Q1 2020/21", 2019, 201904,
                                  datetime(2019, 4, 1), "2010-11"])
def test_period_headers_are_recognised(cell):
    assert looks_like_period(cell)


@pytest.mark.parametrize("cell", ["Indicator", "90.5", 12.5, 7, None, "", "CHN1 2010-11"])
def test_other_headers_are_not_taken_for_periods(cell):
    assert not looks_like_period(cell)


def test_a_long_table_under_title_rows_has_its_header_found():
    sheet = only_sheet(b"A&E performance\nProduced 1 May 2024\n\n"
                       b"Indicator,Period,Value\nAE-4HR,May 2024,90\n")
    layout = find_layout([sheet], {})
    assert (layout.kind, layout.header_row) == ("long", 4)
    assert layout.data_rows == [(5, ["AE-4HR", "May 2024", "90"])]


def test_a_wide_table_has_its_period_columns_found():
    sheet = only_sheet(b"Indicator,Area,Unit,2019/20,2020/21\nAE-4HR,North,%,90,91\n")
    layout = find_layout([sheet], {})
    assert layout.kind == "wide"
    assert layout.period_columns == [3, 4]
    assert layout.ignored == ["Unit"]


def test_a_wide_table_without_an_indicator_column_needs_one_indicator_for_every_row():
    sheet = only_sheet(b"Area,2019/20,2020/21\nNorth,90,91\n")
    with pytest.raises(LayoutError):
        find_layout([sheet], {})
    assert find_layout([sheet], {}, constant_indicator=True).kind == "wide"


def test_the_first_sheet_with_a_header_row_is_used():
    content = xlsx_bytes(("Notes", [["Read me"]]),
                         ("Data", [["Title"], ["Code", "Month", "Value"], ["A", "2019-04", 1]]))
    layout = find_layout(read_sheets(content, "v.xlsx"), {})
    assert (layout.sheet.name, layout.header_row) == ("Data", 2)


def test_a_sheet_without_a_header_row_is_refused_naming_the_sheet_and_what_was_expected():
    content = xlsx_bytes(("Raw", [["Local Authority", "CHN1 2010-11"], ["Angus", 1]]))
    with pytest.raises(LayoutError) as caught:
        find_layout(read_sheets(content, "v.xlsx"), {}, filename="v.xlsx")
    message = str(caught.value)
    assert message.startswith('No header row found in v.xlsx. Sheet "Raw": no header row found '
                              "in the first 30 rows. The likeliest, row 1, has columns for "
                              'breakdown ("Local Authority") but no column for the indicator, '
                              'period or value, and its other header is not a period '
                              '("CHN1 2010-11").')
    assert "Expected a header row with columns for the indicator, period and value" in message


def test_a_mapped_header_that_is_not_there_is_named_in_the_refusal():
    sheet = only_sheet(b"Indicator,Period,Value\nA,2019/20,1\n")
    with pytest.raises(LayoutError, match="No column is headed as you mapped: value=Rate"):
        find_layout([sheet], {"value": "Rate"})


# --- records ---------------------------------------------------------------------------


def test_cells_become_text_without_trailing_zeros_or_formula_quotes():
    assert cell_text(101.0) == "101"
    assert cell_text(datetime(2019, 4, 1, 0, 0)) == "2019-04-01"
    assert cell_text("'=SUM(A1)") == "=SUM(A1)"
    assert cell_text("'Tis") == "'Tis"


def test_a_wide_row_gives_one_record_per_filled_period_cell():
    sheet = only_sheet(b"Indicator,2019/20,2020/21,2021/22\nA,1,,c\n\n")
    records = list(raw_records(find_layout([sheet], {})))
    assert [(r.row, r.period, r.value) for r in records] == [(2, "2019/20", "1"),
                                                             (2, "2021/22", "c")]
    assert records[1].columns["value"] == '"2021/22"'
