"""The expected progress from an action's dates, and the status PIF suggests from it."""

import datetime

import pytest

from pif.improvement.progress import expected_percent, suggested_status

START = datetime.date(2026, 1, 1)
DUE = datetime.date(2026, 1, 11)  # ten days: each day is 10 % of the work


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


@pytest.mark.parametrize(("on", "expected"), [
    (day(-5), 0), (day(0), 0), (day(1), 10), (day(5), 50), (day(10), 100), (day(40), 100)])
def test_the_expectation_is_a_straight_line_from_start_to_due(on, expected):
    assert expected_percent(START, DUE, on) == expected


def test_ongoing_work_or_missing_dates_have_no_expectation():
    assert expected_percent(START, DUE, day(5), ongoing=True) is None
    assert expected_percent(None, DUE, day(5)) is None
    assert expected_percent(START, None, day(5)) is None
    assert expected_percent(DUE, START, day(5)) is None  # dates the wrong way round


def test_a_one_day_action_is_expected_done_on_its_day():
    assert expected_percent(START, START, day(-1)) == 0
    assert expected_percent(START, START, START) == 100


@pytest.mark.parametrize(("percent", "status"), [
    (45, "on_track"),   # exactly 90 % of the 50 % expected
    (44, "at_risk"),
    (36, "at_risk"),
    (35, "off_track"),  # exactly 70 % of the 50 % expected
    (0, "off_track"),
    (99, "on_track")])
def test_the_suggestion_at_the_thresholds(percent, status):
    assert suggested_status(percent, START, DUE, day(5)) == status


def test_the_partnerships_own_thresholds_are_used():
    assert suggested_status(40, START, DUE, day(5), on_track_at=80, off_track_at=50) == \
        "on_track"
    assert suggested_status(25, START, DUE, day(5), on_track_at=80, off_track_at=50) == \
        "off_track"
    assert suggested_status(30, START, DUE, day(5), on_track_at=80, off_track_at=50) == \
        "at_risk"


def test_work_not_started_before_its_start_date_is_not_started():
    assert suggested_status(0, START, DUE, day(-1)) == "not_started"
    assert suggested_status(5, START, DUE, day(-1)) == "on_track"  # started early


def test_nothing_is_suggested_without_dates_when_ongoing_or_when_done():
    assert suggested_status(10, None, None, day(5)) is None
    assert suggested_status(10, START, DUE, day(5), ongoing=True) is None
    assert suggested_status(100, START, DUE, day(5)) is None


def test_on_the_due_date_the_thresholds_still_apply():
    assert suggested_status(95, START, DUE, day(10)) == "on_track"
    assert suggested_status(90, START, DUE, day(10)) == "on_track"
    assert suggested_status(89, START, DUE, day(10)) == "at_risk"
    assert suggested_status(71, START, DUE, day(10)) == "at_risk"
    assert suggested_status(70, START, DUE, day(10)) == "off_track"


@pytest.mark.parametrize("percent", [0, 70, 80, 95, 99])
def test_after_the_due_date_anything_short_of_done_is_off_track(percent):
    assert suggested_status(percent, START, DUE, day(11)) == "off_track"
    assert suggested_status(percent, START, DUE, day(20)) == "off_track"


YEAR_START, YEAR_DUE = datetime.date(2026, 1, 1), datetime.date(2027, 1, 1)  # 365 days


def test_a_day_into_a_year_long_action_at_0_percent_is_not_started():
    one_day = YEAR_START + datetime.timedelta(days=1)  # 0.27 % expected: rounds to 0
    assert suggested_status(0, YEAR_START, YEAR_DUE, one_day) == "not_started"
    assert suggested_status(1, YEAR_START, YEAR_DUE, one_day) == "on_track"
    assert suggested_status(0, YEAR_START, YEAR_DUE, YEAR_START) == "not_started"


def test_the_expectation_is_compared_rounded_down_to_a_whole_percent():
    four_days = YEAR_START + datetime.timedelta(days=4)  # 1.1 % expected: compared as 1
    assert expected_percent(YEAR_START, YEAR_DUE, four_days) == 1
    assert suggested_status(1, YEAR_START, YEAR_DUE, four_days) == "on_track"
    assert suggested_status(0, YEAR_START, YEAR_DUE, four_days) == "off_track"
    at_half = YEAR_START + datetime.timedelta(days=184)  # 50.4 % expected: compared as 50
    assert suggested_status(45, YEAR_START, YEAR_DUE, at_half) == "on_track"
    assert suggested_status(44, YEAR_START, YEAR_DUE, at_half) == "at_risk"
    assert suggested_status(35, YEAR_START, YEAR_DUE, at_half) == "off_track"
    assert suggested_status(36, YEAR_START, YEAR_DUE, at_half) == "at_risk"
