import math
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pif.lib.numbers import (
    MISSING_CODES,
    NumberError,
    ParsedNumber,
    decimal_places,
    format_number,
    parse_number,
    round_half_up,
)

# --- missing-data codes -------------------------------------------------------


def test_the_missing_codes_are_exactly_the_agreed_list():
    assert set(MISSING_CODES) == {
        "",
        "..",
        "*",
        "c",
        "x",
        "z",
        "-",
        "NA",
        "N/A",
        "n/a",
        "dna",
        "#N/A",
    }


def test_every_missing_code_has_a_meaning():
    assert all(meaning.strip() for meaning in MISSING_CODES.values())


def test_the_missing_codes_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        MISSING_CODES["?"] = "unknown"  # type: ignore[index]


@pytest.mark.parametrize("code", [code for code in MISSING_CODES if code])
def test_it_reads_each_missing_code(code):
    parsed = parse_number(code)
    assert parsed == ParsedNumber(value=None, missing_code=code, was_percent=False)
    assert parsed.is_missing
    assert parsed.missing_meaning == MISSING_CODES[code]


@pytest.mark.parametrize("code", ["c", "..", "#N/A"])
def test_it_reads_a_missing_code_with_whitespace_around_it(code):
    assert parse_number(f"  {code}\u00a0\t").missing_code == code


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0", "\t\n"])
def test_it_reads_a_blank_cell_as_missing_with_the_empty_code(blank):
    parsed = parse_number(blank)
    assert parsed.value is None
    assert parsed.missing_code == ""
    assert parsed.missing_meaning == "blank: no value given"


def test_the_code_z_means_not_applicable_and_c_means_confidential():
    assert parse_number("z").missing_meaning == "not applicable"
    assert parse_number("c").missing_meaning.startswith("confidential")


@pytest.mark.parametrize(("text", "suggestion"), [("C", "c"), ("X", "x"), ("DNA", "dna")])
def test_missing_codes_are_case_sensitive_and_a_near_miss_is_explained(text, suggestion):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    assert str(error.value) == (
        f"'{text}' is not a number or a missing-data code: codes are case-sensitive; "
        f"did you mean '{suggestion}'?"
    )


def test_text_that_is_neither_a_number_nor_a_code_lists_the_codes():
    with pytest.raises(NumberError) as error:
        parse_number("unknown")
    message = str(error.value)
    assert message.startswith("'unknown' is not a number or a missing-data code")
    assert "'..'" in message and "'#N/A'" in message


# --- numbers given as numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12.0), (-3, -3.0), (0, 0.0), (12.5, 12.5), (Decimal("1.25"), 1.25)],
)
def test_it_accepts_numbers_as_given(value, expected):
    assert parse_number(value) == ParsedNumber(expected)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, Decimal("NaN")])
def test_it_rejects_nan_and_infinity(value):
    with pytest.raises(NumberError):
        parse_number(value)


def test_it_rejects_true_and_false():
    with pytest.raises(NumberError, match="'True' is not a number: it is a true/false value"):
        parse_number(True)


def test_it_rejects_other_types():
    with pytest.raises(NumberError, match=r"\[1\] is not a number"):
        parse_number([1])


# --- numbers given as text ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12.5", 12.5),
        ("0.5", 0.5),
        (".5", 0.5),
        ("12,345.6", 12345.6),
        ("1,234,567", 1234567.0),
        ("  42  ", 42.0),
        ("\u00a042\u00a0", 42.0),
        ("-3.2", -3.2),
        ("\u22123.2", -3.2),
        ("+3.2", 3.2),
        ("(3.2)", -3.2),
        ("( 1,234 )", -1234.0),
        ("£1,234", 1234.0),
        ("£ 1,234.50", 1234.5),
        ("-£5", -5.0),
        ("£-5", -5.0),
        ("(£5)", -5.0),
        ("£(5)", -5.0),
        ("1.2E+07", 12_000_000.0),
        ("1e-3", 0.001),
        ("007", 7.0),
    ],
)
def test_it_reads_numbers_written_as_text(text, expected):
    assert parse_number(text) == ParsedNumber(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("85%", 85.0), (" 85 % ", 85.0), ("12.5%", 12.5), ("-4%", -4.0), ("(4%)", -4.0)],
)
def test_it_keeps_percentages_on_a_0_to_100_scale(text, expected):
    assert parse_number(text) == ParsedNumber(expected, None, was_percent=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "12,34",
            "'12,34' is not a number: a thousands separator must be followed by three digits",
        ),
        (
            "1,2345",
            "'1,2345' is not a number: a thousands separator must be followed by three digits",
        ),
        (
            "12345,678",
            "'12345,678' is not a number: a thousands separator must come every three digits",
        ),
        ("12,5", "'12,5' is not a number: a thousands separator must be followed by three digits"),
        (",123", "',123' is not a number: it cannot start with a thousands separator"),
        ("123,", "'123,' is not a number: it cannot end with a thousands separator"),
        (
            "1,234.5,6",
            "'1,234.5,6' is not a number: "
            "a thousands separator cannot come after the decimal point",
        ),
        ("1.2.3", "'1.2.3' is not a number: it has more than one decimal point"),
        ("1 234", "'1 234' is not a number: it has spaces inside it"),
        ("12kg", "'12kg' is not a number: it contains characters other than digits"),
        ("--5", "'--5' is not a number: it has more than one sign"),
        ("££5", "'££5' is not a number: it has more than one £ sign"),
        (
            "(-5)",
            "'(-5)' is not a number: "
            "use either brackets or a sign to show it is negative, not both",
        ),
        ("£5%", "'£5%' is not a number: it cannot be both pounds and a percentage"),
        ("1e999", "'1e999' is not a number we can store: it is too large"),
    ],
)
def test_it_says_exactly_what_is_wrong_with_a_number(text, message):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "Infinity", "£", "%", "()", "1/2", "--"])
def test_it_rejects_text_python_would_accept_or_that_has_no_digits(text):
    with pytest.raises(NumberError, match=re.escape(f"'{text}' is not a number")):
        parse_number(text)


def test_a_lone_dash_is_the_missing_code_not_a_broken_negative():
    assert parse_number(" - ") == ParsedNumber(None, "-")


def test_number_errors_are_value_errors():
    assert issubclass(NumberError, ValueError)


# --- formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (12345.678, 1, None, "12,345.7"),
        (12345.678, 0, None, "12,346"),
        (1234567, 0, None, "1,234,567"),
        (999, 0, None, "999"),
        (0.5, 2, None, "0.50"),
        (-1234.5, 1, None, "-1,234.5"),
        (85, 1, "%", "85.0%"),
        (85, 1, "percent", "85.0%"),
        (85.25, 0, "percentage", "85%"),
        (1234, 0, "£", "£1,234"),
        (1234.5, 2, "GBP", "£1,234.50"),
        (-1234, 0, "pounds", "-£1,234"),
        (12.5, 1, "days", "12.5 days"),
        (Decimal("1234.5"), 1, None, "1,234.5"),
        (None, 1, None, "No data"),
        (None, 0, "%", "No data"),
    ],
)
def test_it_formats_numbers_in_british_style(value, decimals, unit, expected):
    assert format_number(value, decimals, unit) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(2.675, 2, "2.68"), (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"), (-2.5, 0, "-3")],
)
def test_it_rounds_halves_away_from_zero_as_people_do(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_it_never_shows_minus_zero():
    assert format_number(-0.04, 1) == "0.0"
    assert format_number(-0.0, 0) == "0"


@pytest.mark.parametrize("value", ["12", True, [1]])
def test_it_refuses_to_format_things_that_are_not_numbers(value):
    with pytest.raises(NumberError, match="cannot be formatted"):
        format_number(value, 1)


@pytest.mark.parametrize(("value", "expected"), [
    (math.nan, "Not a number"), (Decimal("NaN"), "Not a number"),
    (Decimal("sNaN"), "Not a number"), (math.inf, "Infinity"), (-math.inf, "-Infinity"),
    (Decimal("-Infinity"), "-Infinity"),
])
def test_a_stored_value_that_is_not_finite_is_shown_in_words(value, expected):
    # PostgreSQL can store them, and a page that shows one must never fail.
    assert format_number(value, 1, "%") == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1e27, 1, "1,000,000,000,000,000,000,000,000,000.0"),
    (1e28, 1, "10,000,000,000,000,000,000,000,000,000.0"),
    (-1e28, 0, "-10,000,000,000,000,000,000,000,000,000"),
    (1e-300, 2, "0.00"),
    (-1e-300, 0, "0"),
    (-0.0, 3, "0.000"),
    (10**40, 0, "10,000,000,000,000,000,000,000,000,000,000,000,000,000"),
])
def test_any_size_of_number_is_formatted(value, decimals, expected):
    assert format_number(value, decimals) == expected


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=0, max_value=6))
def test_any_float_that_could_be_stored_can_be_formatted(value, decimals):
    assert format_number(value, decimals, "%")


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (2.675, 2, 2.68), (33.333, 1, 33.3), (0.5, 0, 1.0), (-2.5, 0, -3.0), (1e27, 2, 1e27),
])
def test_round_half_up_rounds_as_people_do(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


@pytest.mark.parametrize("decimals", [-1, 1.5, True])
def test_it_refuses_a_nonsensical_number_of_decimal_places(decimals):
    with pytest.raises(NumberError, match="is not a number of decimal places"):
        format_number(1, decimals)


# --- properties ---------------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


def _within_rounding(decimals: int):
    return {"abs": 0.5 * 10**-decimals + 1e-9, "rel": 1e-12}


@given(finite_floats, st.integers(min_value=0, max_value=4))
def test_formatted_numbers_read_back_to_within_rounding(value, decimals):
    parsed = parse_number(format_number(value, decimals))
    assert parsed.value == pytest.approx(value, **_within_rounding(decimals))


@given(finite_floats, st.integers(min_value=0, max_value=4))
def test_formatted_percentages_read_back_as_percentages(value, decimals):
    parsed = parse_number(format_number(value, decimals, "%"))
    assert parsed.was_percent
    assert parsed.value == pytest.approx(value, **_within_rounding(decimals))


@given(finite_floats, st.integers(min_value=0, max_value=2))
def test_formatted_money_reads_back(value, decimals):
    parsed = parse_number(format_number(value, decimals, "£"))
    assert parsed.value == pytest.approx(value, **_within_rounding(decimals))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_round_trip_exactly_through_text(value):
    assert parse_number(format_number(value, 0)).value == value


@given(finite_floats)
def test_any_float_reads_back_from_its_repr(value):
    assert parse_number(repr(value)).value == value


@pytest.mark.parametrize(("values", "places"), [
    ([0.825, 0.8], 3),
    ([1.0, 2, None], 0),
    ([85.5, 90], 1),
    ([6112.9673], 3),  # at most 3
    ([1200.0, float("nan")], 0),
    ([], 0),
])
def test_decimal_places_are_those_the_values_are_written_with(values, places):
    assert decimal_places(values) == places
