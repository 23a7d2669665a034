"""`rules.ValueChecker`, `check_observation` for many values, answers as it does for each."""

import itertools
import math
from datetime import date

import pytest

from pif.lib.periods import Period
from pif.measures import rules
from pif.measures.models import Indicator, IndicatorStatus
from pif.measures.tests.test_rules import Row  # what the last guard reads of a row

TODAY = date(2024, 7, 1)
PERIODS = [Period.month(2024, 5), Period.month(2024, 7), Period.month(2024, 9),
           Period.month(1899, 12)]


def indicators() -> list[Indicator]:
    return [Indicator(code="P", unit="percentage", decimals=1),
            Indicator(code="PP", unit="percentage", decimals=0, chart_type="p"),
            Indicator(code="OVER", unit="percentage", may_exceed_100=True),
            Indicator(code="C", unit="count", lower_bound=0, upper_bound=50),
            Indicator(code="R", unit="rate", rate_per=1000, decimals=2),
            Indicator(code="S", unit="score", lower_bound=-5, upper_bound=5)]


NUMBERS = [None, 0.0, 2.5, 45.0, 120.0, -3.0, 1e16, math.nan]


def test_each_value_is_checked_as_check_observation_checks_it():
    checker = rules.ValueChecker(TODAY)
    limits = IndicatorStatus(lower_limit=10, upper_limit=60)
    cases = itertools.product(indicators(), PERIODS, NUMBERS, [None, 3.0, -1.0],
                              [None, 40.0, 0.0], ["", ".."], ["provisional", "final"])
    compared = 0
    for indicator, period, value, numerator, denominator, missing, status in cases:
        values = {"value": value, "numerator": numerator, "denominator": denominator,
                  "missing_code": missing, "status": status, "previous_value": 90.0,
                  "stored_status": limits}
        alone = rules.check_observation(indicator, period, today=TODAY, **values)
        many = checker.check(indicator, period, **values)
        assert (many.refusals, many.warnings) == (alone.refusals, alone.warnings)
        assert many.value == alone.value or (math.isnan(many.value) and math.isnan(alone.value))
        compared += 1
    assert compared > 5_000


def test_a_period_is_judged_once_for_a_status_however_many_values_it_has():
    checker = rules.ValueChecker(TODAY)
    indicator = indicators()[0]
    for value in (1.0, 2.0, 3.0):
        checker.refusals(indicator, PERIODS[1], value, status="final")
    assert list(checker._periods) == [(PERIODS[1], False)]
    assert [f.rule for f in checker.period_refusals(PERIODS[1], "final")] == ["period_ended"]


def test_an_indicator_changed_is_read_again_when_it_is_another_object():
    checker = rules.ValueChecker(TODAY)
    count = Indicator(code="C", unit="count")
    assert checker.refusals(count, PERIODS[0], 2.5)[0][0].rule == "count_whole"
    score = Indicator(code="C", unit="score")
    assert checker.refusals(score, PERIODS[0], 2.5) == ([], 2.5)


def test_the_large_change_rule_alone_finds_what_the_whole_check_warns_of():
    indicator = Indicator(code="P", unit="percentage", decimals=1)
    whole = rules.check_observation(indicator, PERIODS[0], value=90.0, previous_value=20.0,
                                    today=TODAY)
    assert [f.rule for f in whole.warnings] == ["large_change"]
    assert rules.check_large_change(indicator, 90.0, 20.0) == whole.warnings
    assert rules.check_large_change(indicator, 60.0, 20.0) == ()
    assert rules.ValueChecker(TODAY).large_change(indicator, 90.0, None) == []


def test_the_last_guard_fills_in_values_and_names_the_rows_it_refuses():
    rate = Indicator(code="R", unit="rate", rate_per=1000, decimals=2)
    count = Indicator(code="C", unit="count")
    written = rules.checked_rows([Row(rate, PERIODS[0], None, 3.0, 7.0),
                                  Row(count, PERIODS[0], 4.0)], today=TODAY)
    assert [row.value for row in written] == [428.57, 4.0]
    with pytest.raises(rules.ObservationRefused) as refused:
        rules.checked_rows([Row(count, PERIODS[0], 4.0), Row(count, PERIODS[0], -1.0),
                            Row(rate, PERIODS[2], 1.0, status="final")], today=TODAY)
    assert {index: [f.rule for f in found] for index, found in refused.value.findings.items()} \
        == {1: ["count_negative"], 2: ["period_begun"]}


def test_a_value_passed_plainly_is_one_the_rules_pass_with_the_same_value():
    # IndicatorRules.clean_value is the import's quick path: it may send a value on to
    # `refusals`, but never pass one that `refusals` refuses, nor change it.
    numbers = [None, 0.0, 3.0, 7.5, 8.0, 40.0, 100.0, 101.0, -1.0, 2.5e15, math.nan]
    passed = 0
    for indicator in indicators():
        checker = rules.IndicatorRules(indicator)
        for value, numerator, denominator in itertools.product(numbers, repeat=3):
            plain = checker.clean_value(value, numerator, denominator)
            if plain is None:
                continue
            refusals, stored = checker.refusals((), value, numerator, denominator, "")
            assert (refusals, stored) == ([], value), (indicator.code, value, numerator,
                                                       denominator)
            passed += 1
    assert passed > 100
