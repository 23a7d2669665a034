"""Periods as councils and PHS write them, spans of financial years, and rolling spans.

See docs/adr/0014-periods-as-written-and-rolling-spans.md.
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pif.lib.periods import FREQUENCIES, Period, PeriodError, parse_period, periods_between

# --- two-digit financial years: "19/20" -----------------------------------------


@pytest.mark.parametrize("text", ["19/20", "19-20", "FY 19/20", "Financial year 19/20"])
def test_it_reads_a_two_digit_year_pair_as_a_financial_year(text):
    assert parse_period(text) == Period.financial_year(2019)


@pytest.mark.parametrize("text", ["Q1 19/20", "Q1 19-20", "19/20 Q1", "Quarter 1 19/20"])
def test_it_reads_a_quarter_of_a_two_digit_financial_year(text):
    assert parse_period(text) == Period.financial_quarter(2019, 1)


def test_it_reads_a_two_digit_academic_year_when_told_so():
    assert parse_period("19/20", frequency="academic_year") == Period.academic_year(2019)
    assert parse_period("AY 19/20") == Period.academic_year(2019)


@pytest.mark.parametrize(("text", "first_year"), [
    ("99/00", 1999),  # the century turns inside the pair
    ("00/01", 2000),
    ("68/69", 2068),  # 00 to 68 are 2000 to 2068 ...
    ("69/70", 1969),  # ... and 69 to 99 are 1969 to 1999, as POSIX strptime reads %y
])
def test_a_two_digit_first_year_follows_the_posix_century_rule(text, first_year):
    assert parse_period(text, frequency="financial_year") == Period.financial_year(first_year)


def test_calendar_years_may_be_written_with_two_digits():
    assert parse_period("Calendar years 19-20") == Period.multi_year(2019, 2020)


def test_it_refuses_a_two_digit_quarter_whose_years_are_not_consecutive():
    with pytest.raises(PeriodError, match=r"'Q1 19/21' is not a financial quarter.*Q1 2019/20"):
        parse_period("Q1 19/21")


@pytest.mark.parametrize("frequency", [None, "monthly"])
def test_it_refuses_to_guess_between_a_financial_year_and_a_month_and_year(frequency):
    with pytest.raises(PeriodError) as caught:
        parse_period("12/13", frequency=frequency)
    assert str(caught.value) == (
        "'12/13' is ambiguous: it could be the financial year 2012/13 or December 2013. "
        "Write '2012/13' or 'December 2013'")


def test_a_pair_that_could_be_a_month_is_a_year_when_the_data_is_by_year():
    assert parse_period("12/13", frequency="financial_year") == Period.financial_year(2012)
    assert parse_period("12/13", frequency="annual") == Period.financial_year(2012)
    assert parse_period("FY 12/13") == Period.financial_year(2012)
    assert parse_period("Q2 12/13") == Period.financial_quarter(2012, 2)


# --- dates written YYYYMMDD, as in PHS open data ------------------------------------


def test_it_reads_an_eight_digit_date_as_year_month_day():
    assert parse_period("20230531") == Period.day(date(2023, 5, 31))
    assert parse_period(20230531) == Period.day(date(2023, 5, 31))  # a number cell


def test_an_eight_digit_month_end_is_that_month_in_monthly_data():
    assert parse_period("20230531", frequency="monthly") == Period.month(2023, 5)
    assert parse_period(20230501, frequency="monthly") == Period.month(2023, 5)


def test_an_eight_digit_date_ends_a_week_in_weekly_data():
    assert parse_period("20230528", frequency="weekly") == Period.week_ending(date(2023, 5, 28))
    assert parse_period("w/e 20230528") == Period.week_ending(date(2023, 5, 28))


def test_an_eight_digit_date_inside_a_month_is_refused_for_monthly_data():
    with pytest.raises(PeriodError, match="'20230515' is not a month: in monthly data"):
        parse_period("20230515", frequency="monthly")


@pytest.mark.parametrize(("text", "problem"), [
    ("31052023", "there is no month 20"),  # day first: not how PHS writes it
    ("20231301", "there is no month 13"),
    ("20230230", "February 2023 has no day 30 (it has 28 days)"),
])
def test_it_explains_an_eight_digit_number_that_is_no_date(text, problem):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert str(caught.value) == (
        f"'{text}' is not a date written as year, month and day (YYYYMMDD, such as "
        f"20230531): {problem}")


# --- spans of financial years: LGBF's "2016-19" -------------------------------------


def test_a_span_of_financial_years_runs_from_april_to_march():
    span = Period.multi_financial_year(2016, 2018)
    assert (span.start, span.end) == (date(2016, 4, 1), date(2019, 3, 31))
    assert (span.label, span.key) == ("2016/17 to 2018/19", "MFY2016-2018")
    assert Period.from_key("MFY2016-2018") == span


def test_a_span_of_financial_years_covers_at_least_two():
    with pytest.raises(PeriodError, match="must cover more than one year"):
        Period.multi_financial_year(2016, 2016)


@pytest.mark.parametrize("text", ["2016-19", "2016-2019", "2016 to 2019", "2016/17 to 2018/19",
                                  "2016/17-2018/19", "2016/17 - 18/19", "16/17 to 18/19"])
def test_a_pair_of_years_runs_from_april_of_the_first_to_march_of_the_last(text):
    """As "2016-17" is April 2016 to March 2017, "2016-19" is April 2016 to March 2019: the
    three financial years the LGBF means by its "3 Year Aggregates"."""
    assert parse_period(text) == Period.multi_financial_year(2016, 2018)
    assert parse_period(text, frequency="multi_financial_year") == \
        Period.multi_financial_year(2016, 2018)


def test_calendar_years_are_read_when_the_data_is_spans_of_calendar_years():
    assert parse_period("2016-19", frequency="multi_year") == Period.multi_year(2016, 2019)
    assert parse_period("Calendar years 2016-2019") == Period.multi_year(2016, 2019)


def test_a_calendar_span_is_labelled_as_calendar_years():
    assert Period.multi_year(2010, 2014).label == "Calendar years 2010-2014"


def test_data_for_spans_of_financial_years_refuses_a_single_financial_year():
    with pytest.raises(PeriodError) as caught:
        parse_period("2019-20", frequency="multi_financial_year")
    assert str(caught.value) == (
        "'2019-20' is a financial year, but this data is for spans of financial years")


def test_a_written_span_of_financial_years_must_run_forwards():
    with pytest.raises(PeriodError, match="the last financial year must come after the first"):
        parse_period("2018/19 to 2016/17")


def test_a_written_span_of_financial_years_refuses_a_pair_that_is_no_financial_year():
    with pytest.raises(PeriodError, match="'2016/18 to 2018/19' is not a financial year"):
        parse_period("2016/18 to 2018/19")


# --- rolling spans ----------------------------------------------------------------


@pytest.mark.parametrize(("span", "following"), [
    (Period.multi_year(2016, 2019), Period.multi_year(2017, 2020)),
    (Period.multi_financial_year(2016, 2018), Period.multi_financial_year(2017, 2019)),
])
def test_a_span_rolls_on_by_one_year(span, following):
    assert span.next() == following
    assert following.previous() == span
    assert span.shift(3) == span.next().next().next()
    assert span.shift(-1) == span.previous()


def test_shift_steps_any_period_by_whole_periods():
    assert Period.month(2019, 11).shift(3) == Period.month(2020, 2)
    assert Period.financial_year(2019).shift(-2) == Period.financial_year(2017)
    assert Period.day(date(2019, 7, 7)).shift(0) == Period.day(date(2019, 7, 7))


def test_the_spans_between_two_rolling_spans_are_every_year_apart():
    assert periods_between(Period.multi_year(2010, 2014), Period.multi_year(2012, 2016)) == [
        Period.multi_year(2010, 2014), Period.multi_year(2011, 2015),
        Period.multi_year(2012, 2016)]


spans = st.one_of(
    st.builds(lambda first, length: Period.multi_year(first, first + length),
              st.integers(1900, 2100), st.integers(1, 20)),
    st.builds(lambda first, length: Period.multi_financial_year(first, first + length),
              st.integers(1900, 2100), st.integers(1, 20)),
)


@given(spans)
def test_every_span_reads_back_from_its_key_and_label(span):
    assert Period.from_key(span.key) == span
    assert parse_period(span.label) == span


@given(spans, st.integers(-30, 30))
def test_a_span_keeps_its_length_as_it_rolls(span, steps):
    shifted = span.shift(steps)
    assert shifted.kind == span.kind
    assert shifted.start.year - span.start.year == steps
    assert shifted.end.year - shifted.start.year == span.end.year - span.start.year


# --- dates for every frequency ----------------------------------------------------
# Every way of writing 7 July 2019: as text in three forms, a date cell and an Excel serial.
_SEVENTH_OF_JULY_2019 = ["07/07/2019", "20190707", "2019-07-07", date(2019, 7, 7), 43653]


@pytest.mark.parametrize("value", _SEVENTH_OF_JULY_2019)
@pytest.mark.parametrize("frequency", [None, *FREQUENCIES])
def test_a_date_gives_a_period_or_says_why_not_for_every_frequency(frequency, value):
    """No frequency, present or future, may let a date through to a KeyError (a 500)."""
    try:
        period = parse_period(value, frequency=frequency)
    except PeriodError as error:
        assert "is a date, but this data is" in str(error) or "is not" in str(error)
    else:
        assert period.start <= date(2019, 7, 7) <= period.end


@pytest.mark.parametrize("value", _SEVENTH_OF_JULY_2019)
def test_data_for_spans_of_financial_years_refuses_a_date_saying_how_to_write_one(value):
    with pytest.raises(PeriodError) as caught:
        parse_period(value, frequency="multi_financial_year")
    assert str(caught.value).endswith(
        "is a date, but this data is for spans of financial years: write the years, "
        "such as 2016/17 to 2018/19")


# --- pairs that are no financial year ---------------------------------------------


@pytest.mark.parametrize("text", ["10-19", "12/14", "19/21"])
def test_a_two_digit_pair_whose_years_are_not_consecutive_is_not_called_a_financial_year(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert message.startswith(f"'{text}' is not a period we recognise")
    assert "financial year:" not in message


def test_a_two_digit_pair_that_fits_a_span_suggests_writing_the_span_in_full():
    with pytest.raises(PeriodError) as caught:
        parse_period("10-19")
    assert str(caught.value) == (
        "'10-19' is not a period we recognise: for a span of years, write it in full, "
        "such as 2010/11 to 2018/19 or Calendar years 2010-2019")


def test_a_two_digit_pair_only_suggests_the_span_of_the_data():
    with pytest.raises(PeriodError) as caught:
        parse_period("10-19", frequency="multi_year")
    assert str(caught.value) == (
        "'10-19' is not a period we recognise: for a span of years, write it in full, "
        "such as Calendar years 2010-2019")


def test_a_two_digit_pair_backwards_gets_the_usual_examples():
    with pytest.raises(PeriodError) as caught:
        parse_period("19-10")
    assert str(caught.value).startswith(
        "'19-10' is not a period we recognise: write it like one of these: 2019/20")


def test_a_two_digit_pair_in_data_by_financial_year_must_be_consecutive():
    with pytest.raises(PeriodError) as caught:
        parse_period("12/14", frequency="financial_year")
    assert str(caught.value) == (
        "'12/14' is not a financial year: the second year must follow the first (2012/13)")


@pytest.mark.parametrize(("value", "message"), [
    ("2019", "'2019' is a calendar year, but this data is for spans of calendar years"),
    (date(2019, 4, 1), "'2019-04-01' is a date, but this data is for spans of calendar years: "
                       "write the years, such as 2010-14"),
    ("Calendar years 2014-2010", "'Calendar years 2014-2010' is not a span of calendar years: "
                                 "the last year must come after the first"),
])
def test_calendar_spans_are_called_spans_of_calendar_years(value, message):
    with pytest.raises(PeriodError) as caught:
        parse_period(value, frequency="multi_year")
    assert str(caught.value) == message
