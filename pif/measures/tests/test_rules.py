"""Each rule about observation values and indicators, on its own (pif.measures.rules)."""

import math
from dataclasses import dataclass
from datetime import date

import pytest

from pif.lib.periods import Period
from pif.measures import rules
from pif.measures import urls as measures_urls
from pif.measures.models import Indicator, IndicatorStatus
from pif.measures.models.status import NO_STATUS
from pif.measures.rules import Finding, ObservationRefused, check_indicator, check_observation

MAY = Period.month(2024, 5)
TODAY = date(2024, 7, 1)


def indicator(**fields) -> Indicator:
    fields.setdefault("unit", Indicator.Unit.PERCENTAGE)
    fields.setdefault("decimals", 1)
    return Indicator(code="IND-1", title="An indicator", **fields)


def check(ind=None, period=MAY, **values):
    values.setdefault("value", None)
    return check_observation(ind or indicator(), period, today=TODAY, **values)


def rules_broken(result) -> list[str]:
    return [finding.rule for finding in result.refusals]


# -- the contract --

def test_a_check_with_no_refusals_is_ok_and_keeps_the_value():
    result = check(value=85.5)
    assert result.ok
    assert result.refusals == () and result.warnings == ()
    assert result.value == 85.5


def test_a_check_with_a_refusal_is_not_ok():
    result = check(value=-1)
    assert not result.ok
    assert result.refusals == (Finding("value", "Enter a percentage of 0 or more: it is -1%",
                                       "percentage_negative"),)


def test_the_check_issues_no_database_queries(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        check(value=50, numerator=1, denominator=2, previous_value=10)


def test_observation_refused_is_a_validation_error_carrying_findings_per_row():
    finding = Finding("value", "Enter a percentage of 0 or more: it is -1%",
                      "percentage_negative")
    error = ObservationRefused({2: (finding,)})
    assert error.findings == {2: (finding,)}
    assert error.messages == ["Row 3, value: Enter a percentage of 0 or more: it is -1% "
                              "(rule percentage_negative)"]


# -- any value --

@pytest.mark.parametrize("name", ["value", "numerator", "denominator"])
@pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
def test_a_number_that_is_not_finite_is_refused(name, number):
    result = check(indicator(unit="score"), **{name: number})
    assert rules_broken(result) == ["finite"]
    assert result.refusals[0].field == name


@pytest.mark.parametrize("number", [1e27, -1e28, 1e15 + 1, 1.7e308])
def test_a_value_larger_than_10_to_the_15_is_refused(number):
    result = check(indicator(unit="score"), value=number)
    assert rules_broken(result) == ["size"]
    assert result.refusals[0].message == (
        "Enter a value between -1,000,000,000,000,000 and 1,000,000,000,000,000: "
        f"{number:g} is too large to be right")


@pytest.mark.parametrize("number", [1e15, -1e15, 1e-300, -0.0, 0])
def test_a_value_up_to_10_to_the_15_in_size_is_accepted(number):
    assert check(indicator(unit="score"), value=number).ok


# -- counts --

def test_a_count_must_be_a_whole_number():
    result = check(indicator(unit="count", decimals=0), value=12.5)
    assert rules_broken(result) == ["count_whole"]
    assert result.refusals[0].message == "Enter a whole number: a count cannot be 12.5"


def test_a_count_cannot_be_negative():
    assert rules_broken(check(indicator(unit="count"), value=-3)) == ["count_negative"]


def test_a_whole_count_is_accepted():
    assert check(indicator(unit="count"), value=12.0).ok


# -- percentages --

def test_a_percentage_cannot_be_negative():
    assert rules_broken(check(value=-5)) == ["percentage_negative"]


def test_a_percentage_cannot_be_more_than_100():
    result = check(value=1234.5)
    assert rules_broken(result) == ["percentage_range"]
    assert result.refusals[0].message == ("Enter a percentage of 100% or less: 1,234.5% is more "
                                          "than this indicator can be")


def test_a_percentage_that_may_exceed_100_may_but_still_not_be_negative():
    occupancy = indicator(may_exceed_100=True)
    assert check(occupancy, value=104.5).ok
    assert rules_broken(check(occupancy, value=-1)) == ["percentage_negative"]


def test_a_numerator_cannot_be_more_than_the_denominator_of_a_proportion():
    result = check(numerator=120, denominator=100)
    assert rules_broken(result) == ["numerator_within_denominator"]
    assert result.refusals[0] == Finding(
        "numerator", "Enter a numerator of 100 or less: for this percentage it cannot be more "
                     "than the denominator", "numerator_within_denominator")


def test_a_numerator_may_be_more_than_the_denominator_when_the_percentage_may_exceed_100():
    result = check(indicator(may_exceed_100=True), numerator=120, denominator=100)
    assert result.ok
    assert result.value == 120


def test_a_numerator_of_a_proportion_cannot_be_negative():
    assert rules_broken(check(numerator=-1, denominator=100)) == ["numerator_negative"]


def test_a_blank_value_is_worked_out_from_numerator_and_denominator_at_the_decimal_places():
    result = check(numerator=1, denominator=3)
    assert result.ok
    assert result.value == 33.3
    assert check(indicator(decimals=2), numerator=2, denominator=3).value == 66.67


def test_a_value_that_agrees_with_numerator_and_denominator_is_accepted():
    assert check(value=33.3, numerator=1, denominator=3).ok
    assert check(value=33.33, numerator=1, denominator=3).ok  # more places than it keeps
    assert check(value=50, numerator=1, denominator=2).ok


def test_a_value_that_disagrees_with_numerator_and_denominator_is_refused():
    result = check(value=60, numerator=1, denominator=2)
    assert rules_broken(result) == ["value_agrees"]
    assert result.refusals[0].field == "value"
    assert result.refusals[0].message.startswith("Enter a value of 50.0% (100 × 1 ÷ 2)")


def test_a_value_short_of_the_indicators_decimal_places_disagrees():
    assert rules_broken(check(value=33, numerator=1, denominator=3)) == ["value_agrees"]


def test_a_missing_value_with_a_code_is_not_worked_out():
    result = check(value=None, missing_code="c", numerator=1, denominator=3)
    assert result.ok
    assert result.value is None


# -- numerators and denominators --

@pytest.mark.parametrize("denominator", [0, -5])
def test_a_denominator_is_never_0_or_negative(denominator):
    result = check(indicator(unit="score"), value=1, numerator=1, denominator=denominator)
    assert rules_broken(result) == ["denominator_positive"]
    assert result.refusals[0].field == "denominator"


def test_a_denominator_of_0_with_a_value_is_refused_for_a_percentage():
    assert "denominator_positive" in rules_broken(check(value=50, numerator=0, denominator=0))


@pytest.mark.parametrize("unit", ["percentage", "rate"])
def test_a_numerator_without_a_denominator_is_refused_where_both_are_used(unit):
    result = check(indicator(unit=unit, rate_per=1000), value=5, numerator=5)
    assert result.refusals == (Finding("denominator", "Enter the denominator as well as the "
                                       "numerator, or neither", "numerator_and_denominator"),)


def test_a_denominator_without_a_numerator_is_refused_where_both_are_used():
    result = check(value=5, denominator=100)
    assert rules_broken(result) == ["numerator_and_denominator"]
    assert result.refusals[0].field == "numerator"


def test_a_count_may_have_a_numerator_alone():
    assert check(indicator(unit="count"), value=5, numerator=5).ok


# -- periods --

def test_a_period_that_has_not_begun_is_refused():
    result = check(period=Period.month(2024, 8), value=50)
    assert rules_broken(result) == ["period_begun"]
    assert result.refusals[0].message == ("August 2024 has not begun yet: enter values only for "
                                          "periods that have begun")


@pytest.mark.parametrize("status", ["final", "revised", "estimated"])
def test_a_period_that_has_not_ended_takes_only_a_provisional_value(status):
    july = Period.month(2024, 7)
    assert rules_broken(check(period=july, value=50, status=status)) == ["period_ended"]
    assert check(period=july, value=50, status="provisional").ok


def test_a_period_ending_today_has_not_ended():
    june_to_today = Period.month(2024, 6)
    assert check(period=june_to_today, value=50, status="final", ).ok
    result = check_observation(indicator(), june_to_today, value=50, status="final",
                               today=date(2024, 6, 30))
    assert [f.rule for f in result.refusals] == ["period_ended"]


def test_today_is_the_default():
    far_future = Period.month(2999, 1)
    assert [f.rule for f in check_observation(indicator(), far_future, value=1).refusals] == [
        "period_begun"]


# -- bounds --

def test_a_value_below_the_lower_bound_is_refused():
    result = check(indicator(unit="score", lower_bound=1, upper_bound=5), value=0.5)
    assert result.refusals == (Finding("value", "Enter a value of 1 or more: that is the lowest "
                                       "this indicator can be", "lower_bound"),)


def test_a_value_above_the_upper_bound_is_refused():
    result = check(indicator(unit="days", upper_bound=7), value=8)
    assert rules_broken(result) == ["upper_bound"]


def test_a_value_on_a_bound_is_accepted():
    assert check(indicator(unit="score", lower_bound=1, upper_bound=5), value=5).ok


def test_a_value_worked_out_from_numerator_and_denominator_is_held_to_the_bounds():
    result = check(indicator(upper_bound=90), numerator=95, denominator=100)
    assert rules_broken(result) == ["upper_bound"]


# -- warnings --

def limits(lower: float, upper: float) -> IndicatorStatus:
    return IndicatorStatus(lower_limit=lower, upper_limit=upper)


def test_a_value_beyond_the_process_limits_is_a_warning_not_a_refusal():
    result = check(value=70, stored_status=limits(80, 95))
    assert result.ok
    assert [w.rule for w in result.warnings] == ["process_limits"]
    assert result.warnings[0].message == ("70 is outside this indicator's process limits "
                                          "(80.00 to 95.00): check it is right")


def test_a_value_within_the_process_limits_has_no_warning():
    assert check(value=90, stored_status=limits(80, 95)).warnings == ()


def test_process_limits_are_those_of_the_status_passed_not_one_loaded_with_the_indicator():
    """The rules read no status themselves (issue 10): the caller passes
    `indicator.current_status`, the one way to read it."""
    loaded = indicator()
    loaded.status = limits(80, 95)
    assert check(loaded, value=1).warnings == ()
    assert check(value=1, stored_status=NO_STATUS).warnings == ()


def test_a_change_of_more_than_half_the_range_is_a_warning():
    result = check(value=90, previous_value=20)
    assert result.ok
    assert [w.rule for w in result.warnings] == ["large_change"]


def test_a_change_of_half_the_range_or_less_has_no_warning():
    assert check(value=70, previous_value=20).warnings == ()


def test_the_range_of_an_indicator_with_bounds_is_between_them():
    scored = indicator(unit="score", lower_bound=0, upper_bound=10)
    assert [w.rule for w in check(scored, value=9, previous_value=3).warnings] == [
        "large_change"]
    assert check(scored, value=7, previous_value=3).warnings == ()


def test_an_indicator_with_no_range_has_no_change_warning():
    assert check(indicator(unit="count"), value=1000, previous_value=1).warnings == ()


# -- the last guard --

@dataclass(frozen=True)
class Row:
    indicator: Indicator
    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    missing_code: str = ""
    status: str = "provisional"


def test_checked_rows_fills_in_worked_out_values():
    ind = indicator()
    rows = rules.checked_rows([Row(ind, MAY, None, 1, 4), Row(ind, MAY, 20)], today=TODAY)
    assert rows == [Row(ind, MAY, 25.0, 1, 4), Row(ind, MAY, 20)]


def test_checked_rows_refuses_every_bad_row_by_its_place():
    rows = [Row(indicator(), MAY, 50), Row(indicator(), MAY, 150), Row(indicator(), MAY, -1)]
    with pytest.raises(ObservationRefused) as refused:
        rules.checked_rows(rows, today=TODAY)
    assert {index: [f.rule for f in found] for index, found in refused.value.findings.items()} \
        == {1: ["percentage_range"], 2: ["percentage_negative"]}


# -- indicators --

def indicator_findings(**fields) -> list[str]:
    settings = {"code": "IND-1", "unit": "count", "rate_per": None, "chart_type": "xmr",
                "lower_bound": None, "upper_bound": None, **fields}
    return [finding.rule for finding in check_indicator(**settings)]


def test_a_rate_needs_its_per_n():
    assert indicator_findings(unit="rate") == ["rate_needs_per"]
    assert indicator_findings(unit="rate", rate_per=1000) == []


@pytest.mark.parametrize("chart_type", ["p", "pp"])
def test_a_p_chart_needs_a_percentage(chart_type):
    assert indicator_findings(chart_type=chart_type) == ["p_chart_percentage"]
    assert indicator_findings(chart_type=chart_type, unit="percentage") == []


def test_the_lower_bound_cannot_be_above_the_upper():
    assert indicator_findings(lower_bound=5, upper_bound=1) == ["bounds_order"]
    assert indicator_findings(lower_bound=1, upper_bound=1) == []


def test_a_bound_must_be_a_number_we_can_store():
    assert indicator_findings(upper_bound=1e20) == ["size"]


def test_only_a_percentage_may_exceed_100():
    assert indicator_findings(may_exceed_100=True) == ["may_exceed_100_percentage"]
    assert indicator_findings(may_exceed_100=True, unit="percentage") == []


@pytest.mark.parametrize("code", ["new", "NEW", "edit", "enter", "grid", "targets", "chart.json"])
def test_route_words_cannot_be_indicator_codes(code):
    assert indicator_findings(code=code) == ["route_word"]


def test_every_literal_word_in_an_indicators_address_is_a_route_word():
    words = set()
    for pattern in measures_urls.urlpatterns:
        _, found, rest = str(pattern.pattern).partition("indicators/")
        words.update(part for part in rest.split("/") if found and part and "<" not in part)
    assert "new" in words and "enter" in words  # the addresses were found
    assert words <= rules.ROUTE_WORDS


# -- a tiny denominator (the worked-out percentage must be a size we can store) --

@pytest.mark.parametrize(("numerator", "denominator"), [(1, 1e-310), (1e15, 1e-300),
                                                          (1e15, 1e-3)])
@pytest.mark.parametrize("value", [None, 50.0])
def test_a_percentage_too_large_to_store_is_refused_not_an_error(numerator, denominator,
                                                                 value):
    result = check(indicator(may_exceed_100=True), value=value, numerator=numerator,
                   denominator=denominator)
    assert rules_broken(result) == ["percentage_size"]
    assert result.refusals[0].field == "denominator"
    assert "too large" in result.refusals[0].message


def test_a_large_but_storable_percentage_is_worked_out():
    result = check(indicator(may_exceed_100=True), numerator=1e12, denominator=1)
    assert result.ok and result.value == 1e14


# -- rates: the value agrees with the numerator and denominator, as for percentages --

def rate(**fields) -> Indicator:
    return indicator(unit=Indicator.Unit.RATE, rate_per=1000, **fields)


def test_a_rate_that_disagrees_with_its_numerator_and_denominator_is_refused():
    result = check(rate(), value=999, numerator=5, denominator=1000)
    assert rules_broken(result) == ["value_agrees"]
    assert result.refusals[0].message.startswith(
        "Enter a value of 5.0 (1,000 × 5 ÷ 1,000), or leave it blank")


def test_a_rate_that_agrees_at_the_indicators_places_is_kept():
    assert check(rate(), value=5, numerator=5, denominator=1000).ok
    assert check(rate(), value=3.3, numerator=1, denominator=300).ok  # 3.333... to 1 place


def test_a_blank_rate_is_worked_out_from_its_numerator_and_denominator():
    result = check(rate(), numerator=1, denominator=300)
    assert result.ok and result.value == 3.3


@pytest.mark.parametrize("value", [None, 50.0])
def test_a_rate_too_large_to_store_is_refused_not_an_error(value):
    result = check(rate(), value=value, numerator=1, denominator=1e-310)
    assert rules_broken(result) == ["rate_size"]
    assert result.refusals[0].field == "denominator"
    assert "too large" in result.refusals[0].message


def test_a_rate_without_its_per_n_is_not_worked_out():
    # Such an indicator breaks check_indicator; its values are still not a 500.
    result = check(indicator(unit=Indicator.Unit.RATE), numerator=1, denominator=3)
    assert result.ok and result.value is None


# -- periods too long ago to be right --

@pytest.mark.parametrize("period", [Period.month(1, 1), Period.financial_year(1),
                                    Period.month(1899, 12), Period.financial_year(1899)])
def test_a_period_before_1900_is_refused(period):
    result = check(period=period, value=50)
    assert rules_broken(result) == ["period_too_early"]
    assert result.refusals[0].field == "period"
    assert result.refusals[0].message == (
        f"{period.label} begins before 1900: enter a period from 1900 onwards, with the year "
        "in full, such as January 2024")


def test_a_period_from_1900_is_allowed():
    assert check(period=Period.month(1900, 1), value=50).ok


# -- targets: a target value and its tolerance --

def target_rules(ind=None, *, value=None, tolerance=0.0, tolerance_kind="relative"):
    return [(finding.field, finding.rule) for finding in rules.check_target(
        ind or indicator(), value=value, tolerance=tolerance, tolerance_kind=tolerance_kind)]


@pytest.mark.parametrize(("value", "rule"), [(1e28, "size"), (1e300, "size"), (-1e28, "size"),
                                             (math.inf, "finite"), (-math.inf, "finite"),
                                             (math.nan, "finite")])
def test_a_target_value_must_be_a_number_we_can_store(value, rule):
    assert target_rules(indicator(unit="score"), value=value) == [("value", rule)]


@pytest.mark.parametrize(("fields", "value", "rule"), [
    ({}, -5, "percentage_negative"),
    ({}, 1234.5, "percentage_range"),
    ({"unit": "count", "decimals": 0}, -1, "count_negative"),
    ({"unit": "score", "lower_bound": 1}, 0, "lower_bound"),
    ({"unit": "days", "upper_bound": 7}, 8, "upper_bound"),
])
def test_a_target_value_keeps_to_the_indicators_unit_and_bounds(fields, value, rule):
    assert target_rules(indicator(**fields), value=value) == [("value", rule)]


@pytest.mark.parametrize(("fields", "value"), [
    ({}, 0), ({}, 100), ({"may_exceed_100": True}, 1234.5),
    ({"unit": "count", "decimals": 0}, 12.5),  # a count's target may be an average
    ({"unit": "score"}, -1e15), ({"unit": "score"}, None)])
def test_a_sensible_target_value_is_allowed(fields, value):
    assert target_rules(indicator(**fields), value=value) == []


@pytest.mark.parametrize(("tolerance", "kind", "rule"), [
    (-1, "absolute", "tolerance_negative"), (1e300, "absolute", "size"),
    (math.inf, "absolute", "finite"), (math.nan, "relative", "finite"),
    (150, "relative", "tolerance_relative_range")])
def test_a_tolerance_must_be_sensible(tolerance, kind, rule):
    assert target_rules(value=90, tolerance=tolerance, tolerance_kind=kind) == [
        ("tolerance", rule)]


@pytest.mark.parametrize(("tolerance", "kind"), [(0, "relative"), (100, "relative"),
                                                 (150, "absolute"), (None, "relative")])
def test_a_sensible_tolerance_is_allowed(tolerance, kind):
    assert target_rules(value=90, tolerance=tolerance, tolerance_kind=kind) == []


def test_a_target_value_refusal_says_what_to_enter():
    [finding] = rules.check_target(indicator(), value=1234.5, tolerance=0,
                                   tolerance_kind="relative")
    assert finding.message == ("Enter a percentage of 100% or less: 1,234.5% is more than this "
                               "indicator can be")


# -- targets, periods and rejections: the rules the services used to write out --

def test_a_target_has_a_value_or_a_trajectory_never_both_nor_neither():
    assert rules.check_target_shape(has_value=True, has_trajectory=False) == ()
    assert rules.check_target_shape(has_value=False, has_trajectory=True) == ()
    [neither] = rules.check_target_shape(has_value=False, has_trajectory=False)
    assert (neither.field, neither.rule, neither.message) == (
        "value", "target_value_or_trajectory", "Enter a target value, or a trajectory below")
    [both] = rules.check_target_shape(has_value=True, has_trajectory=True)
    assert (both.field, both.rule, both.message) == (
        "trajectory", "target_not_both", "Enter a target value or a trajectory, not both")


def test_a_targets_last_period_is_not_before_its_first():
    first, last = Period.financial_year(2024), Period.financial_year(2025)
    assert rules.check_target_span(first, last) == ()
    assert rules.check_target_span(first, first) == ()
    assert rules.check_target_span(None, first) == rules.check_target_span(first, None) == ()
    [finding] = rules.check_target_span(last, first)
    assert (finding.field, finding.rule, finding.message) == (
        "valid_to", "target_span_order", "The last period must not be before the first")


def test_a_period_before_1900_is_found_on_the_field_named():
    early = Period.from_key("M1850-01")
    assert rules.check_period_start(Period.financial_year(2024)) == ()
    [finding] = rules.check_period_start(early, field="valid_from")
    assert (finding.field, finding.rule) == ("valid_from", "period_too_early")
    assert rules.check_period_start(early)[0].field == "period"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_rejection_needs_a_reason(reason):
    [finding] = rules.check_rejection_reason(reason)
    assert (finding.field, finding.rule, finding.message) == (
        "reason", "rejection_reason", rules.REJECTION_NEEDS_A_REASON)
    assert rules.check_rejection_reason("Wrong month") == ()
