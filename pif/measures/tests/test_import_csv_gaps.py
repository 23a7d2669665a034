"""Gaps an audit found in reading CSV files and previewing uploads, each of which once let a
file import something other than what it said without a word: a stray quote swallowing
later rows, a filled column without a header ignored, and a blank cell removing a stored
value with only "1 changed" said about it."""

import pytest

from pif.lib.periods import Period
from pif.measures.importing import ImportOptions, check_file
from pif.measures.importing.readers import ReadError, read_sheets
from pif.measures.models import Observation, Upload
from pif.measures.tests.test_upload_views import preview_url, upload_file


def check(world, content: bytes, filename="values.csv"):
    return check_file(content, filename, partnership=world.partnership, options=ImportOptions())


def messages(checked) -> list[str]:
    return [str(problem) for problem in checked.problems]


def csv_rows(content: bytes) -> list:
    return next(read_sheets(content, "values.csv")).rows


@pytest.fixture
def ae(world):
    return world.sample_indicator()


# A stray quote


def test_a_quote_never_closed_is_refused_naming_the_line_it_opens_on(world, ae):
    checked = check(world, b'indicator,period,value,note\nAE-4HR,2024-05,50,"abc\n'
                           b"AE-4HR,2024-06,60,x\n")
    assert messages(checked) == [
        'values.csv: the quoted cell that starts on line 2 has no closing quote ("), so every '
        "line after it would be read as part of that cell: add the closing quote, or remove "
        "the stray one, and upload the file again"]
    assert checked.rows == []


def test_text_after_a_closing_quote_is_refused_naming_the_line(world, ae):
    checked = check(world, b'indicator,period,value,note\nAE-4HR,2024-05,50,x\n'
                           b'AE-4HR,2024-06,60,"abc"def\n')
    assert messages(checked) == [
        'values.csv, line 3: a quoted cell has more after its closing quote ("): put the whole '
        'cell in quotes and write each quote inside it twice (""), or remove the stray quote, '
        "and upload the file again"]


def test_a_quoted_cell_over_many_lines_is_refused_as_a_likely_stray_quote(world, ae):
    swallowed = b"".join(b"AE-4HR,2024-%02d,60,x\n" % month for month in range(1, 13))
    checked = check(world, b'indicator,period,value,note\nAE-4HR,2023-05,50,"abc\n' + swallowed
                    + b'AE-4HR,2023-06,60,x"\n')
    assert messages(checked) == [
        "values.csv: the row that starts on line 2 runs over 14 lines, as a quoted cell in it "
        "holds line breaks: a row may run over at most 10, so check for a stray quote (\") that "
        "opens a cell too early, and upload the file again"]


def test_a_quote_inside_an_unquoted_cell_is_kept_as_written(world, ae):
    assert csv_rows(b'indicator,period,value,note\nAE-4HR,2024-05,50,a 5" screen\n')[1] == (
        2, ["AE-4HR", "2024-05", "50", 'a 5" screen'])


def test_rows_after_a_note_over_two_lines_are_named_by_the_line_they_start_on(world, ae):
    checked = check(world, b'indicator,period,value,note\nAE-4HR,2024-05,50,"two\nlines"\n'
                           b"AE-4HR,2024-06,sixty,x\n")
    assert len(messages(checked)) == 1 and messages(checked)[0].startswith('Row 4, column "value"')
    assert [number for number, _ in csv_rows(b"a,b\n1,\"x\ny\nz\"\n\n2,3\n")] == [1, 2, 6]


def test_a_file_that_ends_inside_a_quote_is_refused_through_the_reader(world):
    with pytest.raises(ReadError, match="starts on line 3 has no closing quote"):
        csv_rows(b'a,b\n1,2\n3,"4\n')


# A filled column without a header


def test_a_filled_csv_column_without_a_header_is_refused_naming_it_and_its_first_row(world, ae):
    checked = check(world, b"indicator,period,value,,\nAE-4HR,2024-05,50,,\n"
                           b"AE-4HR,2024-06,60,,7\n")
    assert messages(checked) == [
        "Row 3, column number 5: This column has a value but no header: give the column a "
        "header, or remove its values, so nothing in the file is left unread"]
    assert checked.rows == []


def test_a_filled_excel_column_without_a_header_is_refused_by_its_letter(world, ae):
    from pif.measures.tests.test_import_files import workbook_bytes

    content = workbook_bytes([["Indicator", "Period", "Value", None, "Note"],
                              ["AE-4HR", "May 2024", 50, None, "x"],
                              ["AE-4HR", "June 2024", 60, 12, "y", None, "z"]])
    checked = check(world, content, "values.xlsx")
    assert messages(checked) == [
        "Row 3, column D: This column has a value but no header: give the column a header, or "
        "remove its values, so nothing in the file is left unread",
        "Row 3, column G: This column has a value but no header: give the column a header, or "
        "remove its values, so nothing in the file is left unread"]


def test_empty_columns_without_a_header_are_allowed(world, ae):
    checked = check(world, b"indicator,period,value,,\nAE-4HR,2024-05,50, ,\n")
    assert checked.problems == [] and len(checked.rows) == 1


# A blank value over a stored one


def test_a_blank_value_over_a_stored_one_is_warned_of_on_the_preview(client, world, ae):
    stored = Observation.objects.get(indicator=ae, period=Period.month(2024, 2).key)
    stored.value = 12.5
    stored.save()
    upload_file(client, world.editor, b"Indicator,Period,Value\nAE-4HR,January 2024,90.1\n"
                                      b"AE-4HR,February 2024,\n")
    preview = client.get(preview_url(Upload.objects.get()))
    assert ("AE-4HR, February 2024: the blank value would remove the stored value 12.5: give "
            "the value, or a missing-data code if it is not known") in preview.text
    checked = check(world, b"Indicator,Period,Value\nAE-4HR,February 2024,\n")
    assert [str(w) for w in checked.warnings] == [
        "Row 2: AE-4HR, February 2024: the blank value would remove the stored value 12.5: "
        "give the value, or a missing-data code if it is not known"]


def test_a_blank_value_where_none_is_stored_or_with_a_code_is_not_warned_of(world, ae):
    checked = check(world, b"Indicator,Period,Value,Missing code\nAE-4HR,June 2024,,\n"
                           b"AE-4HR,February 2024,,..\n")
    assert checked.problems == [] and checked.warnings == []


def test_a_quote_never_closed_in_a_large_file_is_refused_as_a_stray_quote(world, ae):
    rows = b"AE-4HR,2024-06,60,x\n" * 8000  # more than the csv module holds in one cell
    checked = check(world, b'indicator,period,value,note\nAE-4HR,2024-05,50,"abc\n' + rows)
    assert messages(checked) == [
        "values.csv: a cell in the row that starts on line 2 is longer than 131,072 "
        'characters: check for a stray quote (") that opens a cell without closing it, and '
        "upload the file again"]
