from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pif.lib.periods import (
    KINDS,
    Period,
    PeriodError,
    financial_year_label,
    format_long_date,
    parse_period,
    periods_between,
)

# --- building periods ---------------------------------------------------------


def test_a_financial_year_runs_from_april_to_march():
    period = Period.financial_year(2019)
    assert (period.start, period.end) == (date(2019, 4, 1), date(2020, 3, 31))


@pytest.mark.parametrize("day, first_year", [
    (date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 12, 5), 2026),
    (date(2027, 1, 1), 2026)])
def test_the_financial_year_containing_a_day_starts_in_the_april_before_it(day, first_year):
    assert Period.financial_year_containing(day) == Period.financial_year(first_year)


def test_an_academic_year_runs_from_august_to_july():
    period = Period.academic_year(2019)
    assert (period.start, period.end) == (date(2019, 8, 1), date(2020, 7, 31))


def test_financial_quarter_one_is_april_to_june():
    period = Period.financial_quarter(2020, 1)
    assert (period.start, period.end) == (date(2020, 4, 1), date(2020, 6, 30))


def test_financial_quarter_four_is_january_to_march_of_the_next_calendar_year():
    period = Period.financial_quarter(2020, 4)
    assert (period.start, period.end) == (date(2021, 1, 1), date(2021, 3, 31))


def test_calendar_quarter_one_is_january_to_march():
    period = Period.calendar_quarter(2019, 1)
    assert (period.start, period.end) == (date(2019, 1, 1), date(2019, 3, 31))


def test_a_month_ends_on_its_last_day_even_in_a_leap_february():
    assert Period.month(2020, 2).end == date(2020, 2, 29)
    assert Period.month(2019, 2).end == date(2019, 2, 28)


def test_a_week_is_the_seven_days_ending_on_its_end_date():
    period = Period.week_ending(date(2019, 7, 7))
    assert (period.start, period.end) == (date(2019, 7, 1), date(2019, 7, 7))


def test_a_multi_year_span_covers_whole_calendar_years():
    period = Period.multi_year(2010, 2014)
    assert (period.start, period.end) == (date(2010, 1, 1), date(2014, 12, 31))


def test_a_day_starts_and_ends_on_the_same_date():
    period = Period.day(datetime(2019, 7, 7, 13, 30))
    assert (period.start, period.end) == (date(2019, 7, 7), date(2019, 7, 7))


def test_it_refuses_an_unknown_kind_of_period():
    with pytest.raises(PeriodError, match="'fortnight' is not a kind of period"):
        Period("fortnight", date(2019, 7, 1), date(2019, 7, 14))


def test_it_refuses_a_month_that_does_not_start_on_the_first():
    with pytest.raises(PeriodError, match="no month starts on that day"):
        Period("month", date(2019, 7, 2), date(2019, 7, 31))


def test_it_refuses_a_financial_year_with_the_wrong_end():
    with pytest.raises(PeriodError, match="ends on 31 March 2020"):
        Period("financial_year", date(2019, 4, 1), date(2020, 4, 30))


def test_it_refuses_a_quarter_starting_in_the_wrong_month():
    with pytest.raises(PeriodError, match="no quarter starts on that day"):
        Period("quarter", date(2019, 5, 1), date(2019, 7, 31))


def test_it_refuses_a_multi_year_span_of_one_year():
    with pytest.raises(PeriodError, match="more than one year"):
        Period.multi_year(2019, 2019)


def test_it_refuses_datetimes_as_the_start_or_end():
    with pytest.raises(PeriodError, match="must be a date"):
        Period("day", datetime(2019, 7, 7), datetime(2019, 7, 7))


def test_it_refuses_quarter_five():
    with pytest.raises(PeriodError, match="There is no quarter 5"):
        Period.financial_quarter(2019, 5)


def test_it_refuses_month_thirteen():
    with pytest.raises(PeriodError, match="there is no month 13"):
        Period.month(2019, 13)


def test_periods_are_frozen():
    period = Period.month(2019, 4)
    with pytest.raises(AttributeError):
        period.kind = "day"


# --- labels and keys ----------------------------------------------------------

LABELS_AND_KEYS = [
    (Period.financial_year(2019), "2019/20", "FY2019"),
    (Period.financial_year(1999), "1999/00", "FY1999"),
    (Period.financial_quarter(2020, 1), "Q1 2020/21", "FQ2020-1"),
    (Period.financial_quarter(2020, 4), "Q4 2020/21", "FQ2020-4"),
    (Period.calendar_quarter(2019, 1), "January to March 2019", "CQ2019-1"),
    (Period.calendar_quarter(2019, 4), "October to December 2019", "CQ2019-4"),
    (Period.month(2019, 4), "April 2019", "M2019-04"),
    (Period.calendar_year(2019), "2019", "CY2019"),
    (Period.academic_year(2019), "Academic year 2019/20", "AY2019"),
    (Period.multi_year(2010, 2014), "Calendar years 2010-2014", "MY2010-2014"),
    (Period.multi_financial_year(2016, 2018), "2016/17 to 2018/19", "MFY2016-2018"),
    (Period.multi_year(2019, 2020), "Calendar years 2019-2020", "MY2019-2020"),
    (Period.week_ending(date(2019, 7, 7)), "Week ending 7 July 2019", "W2019-07-07"),
    (Period.day(date(2019, 7, 7)), "7 July 2019", "D2019-07-07"),
]


@pytest.mark.parametrize(("period", "label", "key"), LABELS_AND_KEYS)
def test_each_kind_has_a_british_label(period, label, key):
    assert period.label == label
    assert str(period) == label


@pytest.mark.parametrize(("period", "label", "key"), LABELS_AND_KEYS)
def test_each_kind_has_a_stable_key(period, label, key):
    assert period.key == key


@pytest.mark.parametrize(("period", "label", "key"), LABELS_AND_KEYS)
def test_a_key_reads_back_to_the_same_period(period, label, key):
    assert Period.from_key(key) == period


@pytest.mark.parametrize(("period", "label", "key"), LABELS_AND_KEYS)
def test_a_label_reads_back_to_the_same_period(period, label, key):
    assert parse_period(label) == period


def test_the_labels_cover_every_kind():
    assert {period.kind for period, _, _ in LABELS_AND_KEYS} == set(KINDS)


@pytest.mark.parametrize(
    "key", ["", "FY19", "fy2019", "FQ2020-5", "M2019-4", "W2019-7-7", "Q2019", "MY2010"]
)
def test_it_rejects_a_malformed_key_listing_the_accepted_forms(key):
    with pytest.raises(PeriodError, match="is not a period key: expected a form such as FY2019"):
        Period.from_key(key)


def test_it_rejects_a_key_for_a_month_that_does_not_exist():
    with pytest.raises(PeriodError, match="there is no month 13"):
        Period.from_key("M2019-13")


def test_keys_of_one_kind_sort_in_time_order():
    months = periods_between(Period.month(2019, 1), Period.month(2021, 12))
    assert sorted(months, key=lambda period: period.key) == months


# --- ordering and stepping ----------------------------------------------------


def test_periods_sort_by_start_then_end():
    year = Period.financial_year(2019)
    april = Period.month(2019, 4)
    march = Period.month(2019, 3)
    assert sorted([year, april, march]) == [march, april, year]


def test_periods_covering_the_same_days_sort_consistently_by_kind():
    financial = Period.financial_quarter(2019, 1)
    calendar = Period.calendar_quarter(2019, 2)
    assert financial != calendar
    assert financial < calendar
    assert not calendar < financial


def test_periods_cannot_be_compared_with_other_things():
    with pytest.raises(TypeError):
        Period.month(2019, 4) < date(2019, 4, 1)  # noqa: B015


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Period.financial_year(2019), Period.financial_year(2020)),
        (Period.financial_quarter(2019, 4), Period.financial_quarter(2020, 1)),
        (Period.calendar_quarter(2019, 4), Period.calendar_quarter(2020, 1)),
        (Period.month(2019, 12), Period.month(2020, 1)),
        (Period.calendar_year(2019), Period.calendar_year(2020)),
        (Period.academic_year(2019), Period.academic_year(2020)),
        (Period.multi_year(2010, 2014), Period.multi_year(2011, 2015)),  # spans roll on a year
        (Period.week_ending(date(2019, 12, 29)), Period.week_ending(date(2020, 1, 5))),
        (Period.day(date(2020, 2, 28)), Period.day(date(2020, 2, 29))),
    ],
)
def test_next_and_previous_step_through_a_series(period, following):
    assert period.next() == following
    assert following.previous() == period


def test_periods_between_lists_every_month_inclusive():
    months = periods_between(Period.month(2019, 11), Period.month(2020, 2))
    assert [month.label for month in months] == [
        "November 2019",
        "December 2019",
        "January 2020",
        "February 2020",
    ]


def test_periods_between_a_period_and_itself_is_just_that_period():
    year = Period.financial_year(2019)
    assert periods_between(year, year) == [year]


def test_periods_between_lists_financial_quarters_across_years():
    quarters = periods_between(Period.financial_quarter(2019, 3), Period.financial_quarter(2020, 2))
    assert [quarter.label for quarter in quarters] == [
        "Q3 2019/20",
        "Q4 2019/20",
        "Q1 2020/21",
        "Q2 2020/21",
    ]


def test_periods_between_refuses_different_kinds():
    with pytest.raises(PeriodError, match="the first is a month and the last is a financial year"):
        periods_between(Period.month(2019, 4), Period.financial_year(2019))


def test_periods_between_refuses_a_first_period_after_the_last():
    with pytest.raises(PeriodError, match="the first comes after the last"):
        periods_between(Period.month(2020, 4), Period.month(2019, 4))


def test_periods_between_refuses_weeks_ending_on_different_weekdays():
    with pytest.raises(PeriodError, match="never reaches Week ending 10 July 2019"):
        periods_between(Period.week_ending(date(2019, 7, 7)), Period.week_ending(date(2019, 7, 10)))


def test_periods_between_refuses_spans_of_different_lengths():
    with pytest.raises(PeriodError, match="never reaches Calendar years 2012-2015"):
        periods_between(Period.multi_year(2010, 2014), Period.multi_year(2012, 2015))


# --- formatting helpers -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 27), "27 November 2026"),
        (date(2019, 7, 7), "7 July 2019"),
        (date(2020, 1, 1), "1 January 2020"),
        (datetime(2020, 1, 1, 9, 30), "1 January 2020"),
    ],
)
def test_format_long_date_writes_dates_govuk_style_without_leading_zeros(day, expected):
    assert format_long_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 4, 1), "2019/20"),
        (date(2020, 3, 31), "2019/20"),
        (date(2019, 12, 25), "2019/20"),
        (date(2000, 1, 1), "1999/00"),
    ],
)
def test_financial_year_label_names_the_april_to_march_year(day, expected):
    assert financial_year_label(day) == expected


def test_financial_year_label_can_use_another_start_month():
    assert financial_year_label(date(2019, 7, 31), start_month=8) == "2018/19"
    assert financial_year_label(date(2019, 8, 1), start_month=8) == "2019/20"


def test_financial_year_label_starting_in_january_is_the_calendar_year():
    assert financial_year_label(date(2019, 7, 31), start_month=1) == "2019"


def test_financial_year_label_refuses_month_thirteen():
    with pytest.raises(PeriodError, match="13 is not a month number"):
        financial_year_label(date(2019, 7, 31), start_month=13)


# --- parsing: years -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019/20",
        "2019-20",
        "2019/2020",
        "2019-2020",
        "2019 / 20",
        "2019–20",
        "FY 2019/20",
        "FY2019/20",
        "fy 2019-20",
        "Financial year 2019/20",
        "financial year 2019 to 2020",
        "2019 to 2020",
        "  2019/20\u00a0",
    ],
)
def test_it_reads_a_financial_year_in_its_usual_forms(text):
    assert parse_period(text) == Period.financial_year(2019)


def test_it_reads_a_financial_year_with_a_slash():
    assert parse_period("2019/20").label == "2019/20"


def test_it_reads_a_financial_year_spanning_a_century():
    assert parse_period("1999/00") == Period.financial_year(1999)
    assert parse_period("1999-2000") == Period.financial_year(1999)


def test_it_reads_consecutive_years_as_an_academic_year_when_told_so():
    assert parse_period("2019/20", frequency="academic_year") == Period.academic_year(2019)
    assert parse_period("2019-2020", frequency="academic_year") == Period.academic_year(2019)


@pytest.mark.parametrize("text", ["Academic year 2019/20", "AY 2019/20", "ay2019-20"])
def test_it_reads_a_labelled_academic_year_without_being_told(text):
    assert parse_period(text) == Period.academic_year(2019)


def test_it_reads_financial_years_when_the_data_is_annual():
    assert parse_period("2019/20", frequency="annual") == Period.financial_year(2019)


@pytest.mark.parametrize("text", ["2010-14", "2010-2014", "2010 - 14", "2010 to 2014"])
def test_it_reads_a_span_of_several_years_as_financial_years(text):
    assert parse_period(text) == Period.multi_financial_year(2010, 2013)


@pytest.mark.parametrize("text", ["2010-14", "2010-2014", "2010 - 14", "2010 to 2014"])
def test_it_reads_a_span_of_several_calendar_years_when_told_so(text):
    assert parse_period(text, frequency="multi_year") == Period.multi_year(2010, 2014)


def test_it_reads_a_two_year_span_only_when_labelled_as_calendar_years():
    assert parse_period("Calendar years 2019-2020") == Period.multi_year(2019, 2020)
    assert parse_period("years 2019-20") == Period.multi_year(2019, 2020)


def test_it_explains_that_the_second_year_of_a_financial_year_must_follow_the_first():
    with pytest.raises(PeriodError) as error:
        parse_period("2019/21")
    assert str(error.value) == (
        "'2019/21' is not a financial year: the second year must follow the first (2019/20)"
    )


def test_it_explains_that_the_second_year_of_an_academic_year_must_follow_the_first():
    with pytest.raises(PeriodError, match="is not an academic year: the second year"):
        parse_period("2019/21", frequency="academic_year")


def test_it_rejects_a_prefixed_financial_year_whose_years_are_not_consecutive():
    with pytest.raises(PeriodError, match="'FY 2019/22' is not a financial year"):
        parse_period("FY 2019/22")


@pytest.mark.parametrize("text", ["2019-2018", "2019-19"])
def test_it_rejects_a_span_that_ends_before_it_starts(text):
    with pytest.raises(PeriodError, match="the last year must come after the first"):
        parse_period(text)


def test_it_reads_a_plain_year_as_a_calendar_year():
    assert parse_period("2019") == Period.calendar_year(2019)
    assert parse_period("2019", frequency="annual") == Period.calendar_year(2019)
    assert parse_period("CY 2019") == Period.calendar_year(2019)


def test_it_rejects_a_plain_year_for_financial_year_data_suggesting_both_readings():
    with pytest.raises(PeriodError) as error:
        parse_period("2019", frequency="financial_year")
    message = str(error.value)
    assert message.startswith("'2019' is not a financial year")
    assert "2019/20" in message
    assert "2018/19" in message


def test_it_rejects_a_plain_year_for_academic_year_data():
    with pytest.raises(PeriodError, match="'2019' is not an academic year.*August 2019"):
        parse_period("2019", frequency="academic_year")


# --- parsing: ISO months against spans of years ---------------------------------


def test_it_reads_an_iso_month_when_no_span_of_years_is_plausible():
    assert parse_period("2019-04") == Period.month(2019, 4)
    assert parse_period("2019-12") == Period.month(2019, 12)


def test_it_reads_consecutive_years_as_a_financial_year_not_a_month():
    assert parse_period("2011-12") == Period.financial_year(2011)


def test_it_reads_consecutive_years_as_a_month_when_the_data_is_monthly():
    assert parse_period("2011-12", frequency="monthly") == Period.month(2011, 12)


def test_it_refuses_to_guess_between_a_month_and_a_span_of_years():
    with pytest.raises(PeriodError) as error:
        parse_period("2008-12")
    assert str(error.value) == (
        "'2008-12' is ambiguous: it could be December 2008 or the financial years "
        "2008/09 to 2011/12. Write 'December 2008' or '2008/09 to 2011/12'"
    )


def test_it_reads_a_month_or_span_as_the_span_when_the_data_is_about_years():
    with pytest.raises(PeriodError,
                       match="'2008-12' is a span of financial years, but this data is annual"):
        parse_period("2008-12", frequency="annual")


def test_a_spaced_hyphen_is_never_an_iso_month():
    assert parse_period("2008 - 12") == Period.multi_financial_year(2008, 2011)


# --- parsing: quarters --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Q1 2020/21",
        "2020/21 Q1",
        "Q1 2020-21",
        "2020-21 Q1",
        "q1 2020/2021",
        "Quarter 1 2020/21",
        "Q1, 2020/21",
        "Q12020/21",
    ],
)
def test_it_reads_a_financial_quarter(text):
    assert parse_period(text) == Period.financial_quarter(2020, 1)


def test_it_reads_a_financial_quarter_when_the_data_is_quarterly():
    assert parse_period("Q3 2020/21", frequency="quarterly") == Period.financial_quarter(2020, 3)


def test_it_rejects_a_financial_quarter_whose_years_are_not_consecutive():
    with pytest.raises(PeriodError) as error:
        parse_period("Q1 2020/22")
    assert str(error.value) == (
        "'Q1 2020/22' is not a financial quarter: the second year must follow the first "
        "(Q1 2020/21)"
    )


@pytest.mark.parametrize("text", ["Q1 2020", "2020 Q1", "2020Q1", "2020-Q1", "quarter 1 2020"])
def test_it_reads_a_calendar_quarter_when_told_the_data_is_in_calendar_quarters(text):
    assert parse_period(text, frequency="calendar_quarter") == Period.calendar_quarter(2020, 1)


@pytest.mark.parametrize("frequency", [None, "quarterly"])
def test_it_refuses_to_guess_which_kind_of_quarter_q1_2020_is(frequency):
    with pytest.raises(PeriodError) as error:
        parse_period("Q1 2020", frequency=frequency)
    assert str(error.value) == (
        "'Q1 2020' is ambiguous: it could be the calendar quarter January to March 2020 "
        "or a financial quarter. Write 'January to March 2020', or a financial quarter "
        "such as 'Q1 2020/21'"
    )


@pytest.mark.parametrize(
    "text", ["January to March 2019", "Jan to Mar 2019", "Jan-Mar 2019", "jan - mar, 2019"]
)
def test_it_reads_a_calendar_quarter_written_as_a_range_of_months(text):
    assert parse_period(text) == Period.calendar_quarter(2019, 1)


def test_a_range_of_months_is_a_financial_quarter_when_the_data_is_quarterly():
    assert parse_period("April to June 2019", frequency="quarterly") == Period.financial_quarter(
        2019, 1
    )


def test_it_rejects_a_range_of_months_that_is_not_a_quarter():
    with pytest.raises(PeriodError, match="'January to April 2019' is not a quarter"):
        parse_period("January to April 2019")


def test_it_rejects_a_financial_quarter_in_calendar_quarter_data():
    with pytest.raises(
        PeriodError,
        match="'Q1 2020/21' is a financial quarter, but this data is in calendar quarters",
    ):
        parse_period("Q1 2020/21", frequency="calendar_quarter")


# --- parsing: months ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Apr-2019",
        "Apr 19",
        "Apr-19",
        "April 2019",
        "april 2019",
        "APRIL 2019",
        "Apr. 2019",
        "Apr'19",
        "2019-04",
        "201904",
        "2019M04",
        "2019m4",
        "04/2019",
        "4/2019",
        "2019 April",
        "2019-Apr",
    ],
)
def test_it_reads_a_month_in_its_usual_forms(text):
    assert parse_period(text) == Period.month(2019, 4)


def test_it_reads_sept_as_september():
    assert parse_period("Sept 2019") == Period.month(2019, 9)


def test_it_reads_a_two_digit_year_in_the_last_century_from_69():
    assert parse_period("Dec 99") == Period.month(1999, 12)
    assert parse_period("Dec 68") == Period.month(2068, 12)


def test_it_reads_yyyymm_as_used_in_nhs_england_data():
    assert parse_period("201907") == Period.month(2019, 7)
    assert parse_period("201907", frequency="monthly").label == "July 2019"


@pytest.mark.parametrize("text", ["201913", "2019M13", "201900", "13/2019"])
def test_it_rejects_a_numeric_month_that_does_not_exist(text):
    with pytest.raises(PeriodError, match=f"'{text}' is not a month: there is no month"):
        parse_period(text)


def test_with_monthly_data_a_first_of_the_month_date_means_the_month():
    assert parse_period("2019-07-01", frequency="monthly") == Period.month(2019, 7)
    assert parse_period("01/07/2019", frequency="monthly") == Period.month(2019, 7)


def test_with_monthly_data_a_last_of_the_month_date_means_the_month():
    assert parse_period("31/07/2019", frequency="monthly") == Period.month(2019, 7)


def test_with_monthly_data_a_mid_month_date_is_rejected_rather_than_guessed():
    with pytest.raises(PeriodError) as error:
        parse_period("15/07/2019", frequency="monthly")
    assert str(error.value) == (
        "'15/07/2019' is not a month: in monthly data, a date must be the first or last "
        "day (1 July 2019 or 31 July 2019), or write July 2019"
    )


def test_with_quarterly_data_a_quarter_start_date_means_the_financial_quarter():
    assert parse_period("2019-04-01", frequency="quarterly") == Period.financial_quarter(2019, 1)


def test_with_calendar_quarter_data_a_quarter_end_date_means_the_calendar_quarter():
    assert parse_period("2019-03-31", frequency="calendar_quarter") == Period.calendar_quarter(
        2019, 1
    )


def test_with_financial_year_data_a_year_end_date_means_the_financial_year():
    assert parse_period("31/03/2020", frequency="financial_year") == Period.financial_year(2019)


def test_with_academic_year_data_a_year_start_date_means_the_academic_year():
    assert parse_period("01/08/2019", frequency="academic_year") == Period.academic_year(2019)


def test_with_annual_data_a_date_is_rejected():
    with pytest.raises(PeriodError, match="'2019-04-01' is a date, but this data is annual"):
        parse_period("2019-04-01", frequency="annual")


# --- parsing: days and weeks --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019-07-07",
        "2019-07-07 00:00:00",
        "2019-07-07T00:00",
        "07/07/2019",
        "7/7/2019",
        "07/07/19",
        "07.07.2019",
        "07-07-2019",
        "7 July 2019",
        "7 Jul 2019",
        "7th July 2019",
        "07-Jul-2019",
        "07-Jul-19",
        "Sunday 7 July 2019",
        "Sun, 7 July 2019",
    ],
)
def test_it_reads_a_day_in_its_usual_forms(text):
    assert parse_period(text) == Period.day(date(2019, 7, 7))


def test_it_reads_numeric_dates_day_first_never_us_style():
    assert parse_period("02/03/2019") == Period.day(date(2019, 3, 2))


def test_it_explains_a_us_style_date_with_month_thirteen():
    with pytest.raises(PeriodError) as error:
        parse_period("07/13/2019")
    assert str(error.value) == (
        "'07/13/2019' is not a date: there is no month 13; dates are read day first, "
        "as in 31/12/2019"
    )


def test_it_explains_a_day_the_month_does_not_have():
    with pytest.raises(PeriodError) as error:
        parse_period("29/02/2019")
    assert str(error.value) == (
        "'29/02/2019' is not a date: February 2019 has no day 29 (it has 28 days)"
    )


def test_it_rejects_a_weekday_that_does_not_match_the_date():
    with pytest.raises(PeriodError, match="7 July 2019 is a Sunday"):
        parse_period("Monday 7 July 2019")


@pytest.mark.parametrize(
    "text",
    [
        "Week ending 07/07/2019",
        "week ending 7 July 2019",
        "Week ending: 2019-07-07",
        "w/e 7 Jul 2019",
        "W/E 07/07/19",
        "w.e. 7 July 2019",
        "Week commencing 1 July 2019",
        "w/c 01/07/2019",
    ],
)
def test_it_reads_a_week_in_its_usual_forms(text):
    assert parse_period(text) == Period.week_ending(date(2019, 7, 7))


def test_with_weekly_data_a_plain_date_is_the_week_ending_on_it():
    assert parse_period("2019-07-07", frequency="weekly") == Period.week_ending(date(2019, 7, 7))
    assert parse_period("07/07/2019", frequency="weekly").label == "Week ending 7 July 2019"


def test_it_rejects_a_week_ending_on_the_wrong_weekday():
    with pytest.raises(PeriodError) as error:
        parse_period("Week ending 08/07/2019")
    assert str(error.value) == (
        "'Week ending 08/07/2019' cannot end a week: 8 July 2019 is a Monday, "
        "and weeks here end on a Sunday"
    )


def test_it_reads_weeks_ending_on_another_weekday_when_told():
    friday = date(2019, 7, 5)
    assert parse_period("w/e 05/07/2019", week_ending_weekday=4) == Period.week_ending(friday)


def test_it_reads_weeks_ending_on_any_weekday_when_the_weekday_is_none():
    monday = date(2019, 7, 8)
    assert parse_period("w/e 08/07/2019", week_ending_weekday=None) == Period.week_ending(monday)


def test_it_rejects_a_week_commencing_on_the_wrong_weekday():
    with pytest.raises(PeriodError, match="weeks here start on a Monday"):
        parse_period("w/c 02/07/2019")


def test_it_rejects_a_week_ending_that_is_not_a_date():
    with pytest.raises(
        PeriodError, match="'w/e July 2019' is not a week: 'July 2019' is not a date"
    ):
        parse_period("w/e July 2019")


# --- parsing: values from spreadsheet cells -----------------------------------


def test_it_reads_a_date_cell_as_a_day():
    assert parse_period(date(2019, 7, 7)) == Period.day(date(2019, 7, 7))


def test_it_reads_a_datetime_cell_as_openpyxl_gives_it():
    assert parse_period(datetime(2019, 7, 1), frequency="monthly") == Period.month(2019, 7)


def test_it_reads_a_datetime_cell_as_a_week_ending_for_weekly_data():
    assert parse_period(datetime(2019, 7, 7), frequency="weekly") == Period.week_ending(
        date(2019, 7, 7)
    )


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (43831, date(2020, 1, 1)),
        (43831.0, date(2020, 1, 1)),
        (43831.75, date(2020, 1, 1)),  # 6pm: the time of day is ignored
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (43653, date(2019, 7, 7)),
    ],
)
def test_it_reads_excel_serial_date_numbers(serial, expected):
    assert parse_period(serial) == Period.day(expected)


def test_it_rejects_excels_imaginary_29_february_1900():
    with pytest.raises(PeriodError, match="29 February 1900, a day that never existed"):
        parse_period(60)


@pytest.mark.parametrize("serial", [0, -5, 0.5, 3_000_000])
def test_it_rejects_excel_serial_numbers_out_of_range(serial):
    with pytest.raises(PeriodError, match="is not an Excel date"):
        parse_period(serial)


def test_it_reads_a_four_digit_number_as_a_year_not_an_excel_date():
    assert parse_period(2019) == Period.calendar_year(2019)
    assert parse_period(2019.0) == Period.calendar_year(2019)


def test_it_reads_a_six_digit_number_as_yyyymm():
    assert parse_period(201907) == Period.month(2019, 7)


def test_it_rejects_a_four_digit_number_for_financial_year_data():
    with pytest.raises(PeriodError, match="'2019' is not a financial year"):
        parse_period(2019, frequency="financial_year")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, None, [2019]])
def test_it_rejects_values_that_cannot_be_periods(value):
    with pytest.raises(PeriodError):
        parse_period(value)


# --- parsing: frequency checks and errors -------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("2019/20", "monthly", "'2019/20' is a financial year, but this data is monthly"),
        ("April 2019", "annual", "'April 2019' is a month, but this data is annual"),
        ("2019-07-07", None, None),
        ("Q1 2020/21", "weekly", "'Q1 2020/21' is a financial quarter, but this data is weekly"),
        ("2019", "monthly", "'2019' is a calendar year, but this data is monthly"),
        (
            "2010-14",
            "financial_year",
            "'2010-14' is a span of financial years, but this data is by financial year",
        ),
        (
            "Academic year 2019/20",
            "financial_year",
            "'Academic year 2019/20' is an academic year, but this data is by financial year",
        ),
        (
            "January to March 2019",
            "calendar_quarter",
            None,
        ),
    ],
)
def test_when_a_frequency_is_given_the_period_must_be_of_that_frequency(text, frequency, message):
    if message is None:
        parse_period(text, frequency=frequency)
        return
    with pytest.raises(PeriodError) as error:
        parse_period(text, frequency=frequency)
    assert str(error.value) == message


def test_it_rejects_an_unknown_frequency():
    with pytest.raises(PeriodError, match="'fortnightly' is not a frequency"):
        parse_period("2019", frequency="fortnightly")


def test_it_rejects_an_impossible_weekday():
    with pytest.raises(PeriodError, match="7 is not a weekday"):
        parse_period("2019", week_ending_weekday=7)


def test_unrecognised_text_is_quoted_with_examples_of_accepted_forms():
    with pytest.raises(PeriodError) as error:
        parse_period("last Tuesday")
    message = str(error.value)
    assert message.startswith("'last Tuesday' is not a period we recognise")
    assert "2019/20" in message
    assert "Q1 2020/21" in message
    assert "Week ending 7 July 2019" in message


def test_unrecognised_text_gets_examples_suited_to_the_frequency():
    with pytest.raises(PeriodError, match="April 2019, Apr-19, 2019-04, 201904"):
        parse_period("the month after March", frequency="monthly")


def test_a_blank_period_is_rejected_with_examples():
    with pytest.raises(PeriodError, match="The period is blank: write one such as 2019/20"):
        parse_period("   ")


def test_period_errors_are_value_errors():
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    "text", ["FY2019", "2019/20/21", "Q5 2019/20", "13/13/2019", "32 July 2019", "Jul"]
)
def test_it_rejects_near_misses(text):
    with pytest.raises(PeriodError, match=f"'{text}'"):
        parse_period(text)


# --- properties ---------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2100)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))

any_period = st.one_of(
    days.map(Period.day),
    days.map(Period.week_ending),
    st.builds(Period.month, years, st.integers(1, 12)),
    st.builds(Period.financial_quarter, years, st.integers(1, 4)),
    st.builds(Period.calendar_quarter, years, st.integers(1, 4)),
    years.map(Period.financial_year),
    years.map(Period.academic_year),
    years.map(Period.calendar_year),
    st.builds(
        lambda first, length: Period.multi_year(first, first + length),
        years,
        st.integers(1, 20),
    ),
    st.builds(
        lambda first, length: Period.multi_financial_year(first, first + length),
        years,
        st.integers(1, 20),
    ),
)


@given(any_period)
def test_every_key_reads_back_to_its_period(period):
    assert Period.from_key(period.key) == period


@given(any_period)
def test_every_label_reads_back_to_its_period(period):
    assert parse_period(period.label, week_ending_weekday=None) == period


@given(any_period)
def test_next_then_previous_is_where_you_started(period):
    assert period.next().previous() == period
    assert period.previous() < period < period.next()


@given(any_period)
def test_the_next_period_starts_the_day_after_this_one_ends(period):
    if period.kind in ("multi_year", "multi_financial_year"):
        # Spans roll on by a year, so they overlap (see test_periods_as_written.py).
        assert (period.next().start.year, period.next().end.year) == (
            period.start.year + 1, period.end.year + 1)
    else:
        assert (period.next().start - period.end).days == 1


@given(days, st.integers(min_value=0, max_value=1000))
def test_periods_between_two_days_lists_every_day(first, gap):
    last = first + timedelta(days=gap)
    listed = periods_between(Period.day(first), Period.day(last))
    assert len(listed) == gap + 1
    assert listed == sorted(set(listed))


@given(any_period, st.integers(min_value=0, max_value=30))
def test_periods_between_steps_exactly_to_the_last_period(first, steps):
    last = first
    for _ in range(steps):
        last = last.next()
    listed = periods_between(first, last)
    assert len(listed) == steps + 1
    assert listed[0] == first and listed[-1] == last


def _containing(frequency: str, day: date) -> Period:
    financial_year = day.year if day.month >= 4 else day.year - 1
    academic_year = day.year if day.month >= 8 else day.year - 1
    return {
        "monthly": Period.month(day.year, day.month),
        "quarterly": Period.financial_quarter(financial_year, (day.month - 4) % 12 // 3 + 1),
        "calendar_quarter": Period.calendar_quarter(day.year, (day.month + 2) // 3),
        "financial_year": Period.financial_year(financial_year),
        "academic_year": Period.academic_year(academic_year),
    }[frequency]


@given(
    days,
    st.sampled_from(
        ["monthly", "quarterly", "calendar_quarter", "financial_year", "academic_year"]
    ),
)
def test_a_periods_first_and_last_days_read_back_as_that_period(day, frequency):
    period = _containing(frequency, day)
    assert period.start <= day <= period.end
    assert parse_period(period.start, frequency=frequency) == period
    assert parse_period(period.end.strftime("%d/%m/%Y"), frequency=frequency) == period


@pytest.mark.parametrize("text", ["2019/20", "2019-20", "2019/2020", "FY 2019/20"])
def test_it_reads_financial_years_when_the_data_is_by_financial_year(text):
    assert parse_period(text, frequency="financial_year") == Period.financial_year(2019)


def test_it_reads_an_excel_serial_date_as_a_week_ending_for_weekly_data():
    assert parse_period(43653, frequency="weekly") == Period.week_ending(date(2019, 7, 7))


def test_it_reads_an_excel_serial_date_as_a_month_for_monthly_data():
    assert parse_period(43647.0, frequency="monthly") == Period.month(2019, 7)


@pytest.mark.parametrize(("text", "key"), [
    ("2010-14", "MY2010-2014"),
    ("2010-2014", "MY2010-2014"),
    ("2011-12", "MY2011-2012"),  # a financial year without this frequency
    ("2019/20", "MY2019-2020"),
])
def test_data_for_spans_of_years_reads_every_pair_of_years_as_a_span(text, key):
    assert parse_period(text, frequency="multi_year").key == key


@pytest.mark.parametrize(("value", "message"), [
    ("2019", "'2019' is a calendar year, but this data is for spans of calendar years"),
    ("2019-04", "'2019-04' is a month, but this data is for spans of calendar years"),
    (date(2019, 4, 1), "'2019-04-01' is a date, but this data is for spans of calendar years: "
                       "write the years, such as 2010-14"),
])
def test_data_for_spans_of_years_refuses_single_years_and_dates(value, message):
    with pytest.raises(PeriodError) as caught:
        parse_period(value, frequency="multi_year")
    assert str(caught.value) == message
