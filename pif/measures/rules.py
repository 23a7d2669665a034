"""The rules about observation values and indicators, in one place for every path.

The entry form, the grid, uploads, `pif import` and `write_observations` all ask
`check_observation`, so a value refused on one path is refused on every other. A refusal
stops the value being saved; a warning (an unusual but possible value) is shown and never
refused.

| name | what it is |
|---|---|
| `Finding` | one broken rule: the field, a message for people and the rule's short name |
| `ObservationCheck` | refusals, warnings and the value to store |
| `check_observation(indicator, period, ...)` | the rules for one value; issues no queries |
| `ValueChecker(today)` | `check_observation` for many values, each indicator's rules read once |
| `IndicatorRules(indicator)` | each value rule, as a method, for the values of one indicator |
| `check_large_change(indicator, value, previous)` | rule `large_change` alone |
| `uses_numerator_and_denominator(indicator)` | its values may come as numerator and denominator |
| `needs_numerator_and_denominator(indicator)` | every value needs them (rule `ratio_needed`) |
| `ObservationRefused` | raised by `write_observations` when any row breaks a rule |
| `checked_rows(rows)` | the last guard in `write_observations`: refuse, or fill in values |
| `check_indicator(...)` | the rules for an indicator's own settings |
| `check_code_unique(code, codes_in_use)` | a code is unique in its partnership, in any case |
| `codes_by_lower_case(codes)` | codes in use, for checking many new codes quickly |
| `read_new_tags(text)` / `check_new_tag(group, name)` | tags typed as "Group: Name, Name" |
| `check_target(indicator, ...)` | the rules for a target's value and tolerance |
| `check_target_value(indicator, value)` | the rules for one target value or trajectory point |
| `check_target_shape(has_value=, has_trajectory=)` | a target value or a trajectory, not both |
| `check_target_span(first, last)` | a target's last period is not before its first |
| `check_period_start(period, field)` | no period begins before 1900 (a year written short) |
| `check_period_not_locked(period_end, locked_through)` | a locked period's figures do not change |
| `check_lock_date(through, today)` | periods are locked only once they have ended |
| `check_rejection_reason(reason)` | a rejection says why |
| `check_commentary(fields)` | each part of a commentary is at most 2,000 characters |
| `check_commentary_public_by_editor(changes=, is_editor=)` | only an editor makes it public |
| `warnings_key(messages)` | names the warnings a page showed, for its "Save anyway" |
| `as_validation_error(findings)` | findings as a ValidationError by field, for forms and models |
| `ROUTE_WORDS` | words that cannot be indicator codes, because page addresses use them |
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.lib.numbers import decimal_places, format_number, round_half_up
from pif.rules import Finding, as_validation_error, refuse

__all__ = ["LARGEST", "ROUTE_WORDS", "Finding", "IndicatorRules", "ObservationCheck",
           "ObservationRefused", "ValueChecker",
           "as_validation_error", "check_code_unique", "check_indicator", "check_new_tag",
           "check_commentary", "check_commentary_public_by_editor", "check_large_change",
           "check_lock_date", "check_observation",
           "check_period_not_locked", "check_period_start", "check_rejection_reason",
           "check_target", "check_target_shape", "check_target_span", "check_target_value",
           "checked_rows", "codes_by_lower_case", "needs_numerator_and_denominator",
           "read_new_tags", "refuse",
           "uses_numerator_and_denominator", "warnings_key"]

#: The largest size of value, numerator or denominator stored: larger ones are mistakes,
#: and every formatter and chart can show up to this.
LARGEST = 1e15

#: Literal path segments that follow "indicators/" or an indicator's code in
#: pif/measures/urls.py; an indicator with one of these codes could not be reached, or would
#: hide a page. test_rules checks this list against the URLs.
ROUTE_WORDS = frozenset({"new", "edit", "chart.json", "breakdown", "targets", "annotate",
                         "enter", "grid", "commentary"})

#: No period may begin before this. The data PIF holds begins long after it, so an earlier
#: period is a year written short ("0001-02" for February 2001, "1/02" for 2001/02),
#: and spreadsheets count dates from 1900, so they could not show it.
EARLIEST_PERIOD_START = date(1900, 1, 1)

#: The largest relative tolerance, as a percentage of the target: more than the whole target
#: would count any value, however far short, as amber.
LARGEST_RELATIVE_TOLERANCE = 100

_PROVISIONAL = "provisional"


@dataclass(frozen=True)
class ObservationCheck:
    refusals: tuple[Finding, ...]
    warnings: tuple[Finding, ...]  # unusual but allowed: shown, never refused
    value: float | None  # the value to store (computed from numerator/denominator if blank)

    @property
    def ok(self) -> bool:
        return not self.refusals


class ObservationRefused(ValidationError):
    """Some rows break a rule; `findings` maps each such row's index in the rows written to
    its refusals."""

    def __init__(self, findings: dict[int, tuple[Finding, ...]]):
        self.findings = findings
        super().__init__([f"Row {index + 1}, {finding.field}: {finding.message} "
                          f"(rule {finding.rule})"
                          for index, found in findings.items() for finding in found])


def _shown(number: float) -> str:
    """A number as the person wrote it: 120, 0.5, 1,000,000; a huge one as 1e+300, not in
    three hundred digits."""
    if abs(number) > LARGEST:
        return f"{number:g}"
    return format_number(number, decimal_places([number], most=6))


#: The charts drawn from each value's numerator and denominator (P, P′, U and U′).
RATIO_CHARTS = ("p", "pp", "u", "up")


def uses_numerator_and_denominator(indicator) -> bool:
    """Whether the indicator's values are a numerator over a denominator, so one without the
    other is a mistake."""
    return indicator.unit in ("percentage", "rate") or needs_numerator_and_denominator(indicator)


def needs_numerator_and_denominator(indicator) -> bool:
    """Whether every value needs its numerator and denominator: the indicator's chart is drawn
    from them, and a value alone would silently leave it out."""
    return indicator.chart_type in RATIO_CHARTS


def _is_proportion(indicator) -> bool:
    return indicator.unit == "percentage" and not indicator.may_exceed_100


# -- the rules, each returning a list of findings (those of a value: IndicatorRules) --

def _size(name: str, number: float | None) -> list[Finding]:
    if number is None or -LARGEST <= number <= LARGEST:  # NaN fails this, and is refused below
        return []
    words = name.replace("_", " ")
    if not math.isfinite(number):
        return [Finding(name, f"Enter a number for the {words}: '{number}' is not one we can "
                              "store", "finite")]
    if abs(number) > LARGEST:
        article = "an" if words[0] in "aeiou" else "a"
        return [Finding(name, f"Enter {article} {words} between -1,000,000,000,000,000 and "
                              f"1,000,000,000,000,000: {_shown(number)} is too large to be right",
                        "size")]
    return []


def _fits(number: float | None) -> bool:
    """What `_size` passes, asked without building a list: most values do."""
    return number is None or -LARGEST <= number <= LARGEST


class IndicatorRules:
    """The rules for the values of one indicator, each written once as a method here.

    What they need of the indicator (its unit, bounds, scale, whether it takes a numerator
    and denominator) is read once, when it is made, so checking many of its values costs
    only the comparisons. Make one afresh after the indicator changes."""

    __slots__ = ("agree_within", "decimals", "indicator", "lower", "may_exceed_100",
                 "needs_pair", "proportion", "scale", "spread", "unit", "upper", "uses_pair")

    def __init__(self, indicator):
        self.indicator = indicator
        self.unit = indicator.unit
        self.decimals = indicator.decimals
        self.scale = indicator.ratio_scale
        self.uses_pair = uses_numerator_and_denominator(indicator)
        self.needs_pair = needs_numerator_and_denominator(indicator)
        self.proportion = _is_proportion(indicator)
        self.may_exceed_100 = indicator.may_exceed_100
        self.lower, self.upper = indicator.lower_bound, indicator.upper_bound
        self.spread = _range(indicator)
        # A value rounded to the indicator's places, or written with more, agrees.
        self.agree_within = 0.5 * 10 ** -self.decimals * (1 + 1e-9)

    # -- refusals --

    def pair(self, numerator, denominator) -> list[Finding]:
        if numerator is None and denominator is None:
            return []
        findings = []
        if denominator is not None and denominator <= 0:
            findings.append(Finding("denominator", f"Enter a denominator above 0: it is "
                                                   f"{_shown(denominator)}",
                                    "denominator_positive"))
        if self.uses_pair:
            if numerator is not None and denominator is None:
                findings.append(Finding("denominator", "Enter the denominator as well as the "
                                        "numerator, or neither", "numerator_and_denominator"))
            if denominator is not None and numerator is None:
                findings.append(Finding("numerator", "Enter the numerator as well as the "
                                        "denominator, or neither", "numerator_and_denominator"))
        if findings or not self.proportion or numerator is None:
            return findings
        if numerator < 0:
            findings.append(Finding("numerator", f"Enter a numerator of 0 or more: it is "
                                                 f"{_shown(numerator)}", "numerator_negative"))
        elif numerator > denominator:
            findings.append(Finding(
                "numerator", f"Enter a numerator of {_shown(denominator)} or less: for this "
                             f"percentage it cannot be more than the denominator",
                "numerator_within_denominator"))
        return findings

    def ratio_needed(self, value, numerator, denominator) -> list[Finding]:
        """Rule "ratio_needed": a value of an indicator charted from ratios comes with its
        numerator and denominator (one without the other is rule
        "numerator_and_denominator"). A missing-value code, or a value cleared, needs
        neither."""
        if (value is None or not self.needs_pair
                or numerator is not None or denominator is not None):
            return []
        return [Finding("numerator", "Enter the numerator and denominator: this indicator's "
                                     "chart is drawn from them", "ratio_needed")]

    def exact(self, numerator, denominator) -> float | None:
        """The percentage or rate the numerator and denominator give, unrounded."""
        if self.scale is None or numerator is None or not denominator:
            return None
        return self.scale * numerator / denominator

    def worked_out_size(self, exact, numerator, denominator) -> list[Finding]:
        """A tiny denominator gives a percentage or rate too large to store, or even to work
        out (it overflows to infinity), so it is refused before anything rounds or shows
        it. `exact`: what `exact` gives for them."""
        if exact is None or (math.isfinite(exact) and abs(exact) <= LARGEST):
            return []
        return [Finding("denominator", f"Enter a larger denominator: {_shown(self.scale)} × "
                                       f"{_shown(numerator)} ÷ {_shown(denominator)} gives a "
                                       f"{self.unit} too large to be right",
                        f"{self.unit}_size")]

    def computed(self, exact) -> float | None:
        """The value worked out, at the indicator's decimal places."""
        return None if exact is None else round_half_up(exact, self.decimals)

    def agreement(self, value, exact, numerator, denominator) -> list[Finding]:
        if value is None or exact is None or abs(value - exact) <= self.agree_within:
            return []
        sign = "%" if self.unit == "percentage" else ""
        expected = format_number(round_half_up(exact, self.decimals), self.decimals,
                                 sign or None)
        return [Finding("value", f"Enter a value of {expected} ({_shown(self.scale)} × "
                                 f"{_shown(numerator)} ÷ {_shown(denominator)}), or leave it "
                                 f"blank to have it worked out: {_shown(value)}{sign} does not "
                                 "agree with the numerator and denominator", "value_agrees")]

    def unit_rules(self, value, *, whole_counts: bool = True) -> list[Finding]:
        if self.unit == "count":
            if value < 0:
                return [Finding("value", f"Enter a count of 0 or more: it is {_shown(value)}",
                                "count_negative")]
            if whole_counts and not float(value).is_integer():
                return [Finding("value", f"Enter a whole number: a count cannot be "
                                         f"{_shown(value)}", "count_whole")]
        if self.unit == "percentage":
            if value < 0:
                return [Finding("value", f"Enter a percentage of 0 or more: it is "
                                         f"{_shown(value)}%", "percentage_negative")]
            if value > 100 and not self.may_exceed_100:
                return [Finding("value", f"Enter a percentage of 100% or less: "
                                         f"{_shown(value)}% is more than this indicator can be",
                                "percentage_range")]
        return []

    def bounds(self, value) -> list[Finding]:
        lower, upper = self.lower, self.upper
        if lower is not None and value < lower:
            return [Finding("value", f"Enter a value of {_shown(lower)} or more: that is the "
                                     "lowest this indicator can be", "lower_bound")]
        if upper is not None and value > upper:
            return [Finding("value", f"Enter a value of {_shown(upper)} or less: that is the "
                                     "highest this indicator can be", "upper_bound")]
        return []

    def refusals(self, period_refusals, value, numerator, denominator,
                 missing_code) -> tuple[list[Finding], float | None]:
        """Every rule the value breaks, `period_refusals` (those of its period) first, and
        the value to store. A rule added here must be added to `clean_value` too (the
        import's quick path), or that path would pass what this refuses: test_rules_value_checker
        compares the two over every kind of indicator."""
        refusals = list(period_refusals)
        if not (_fits(value) and _fits(numerator) and _fits(denominator)):
            return refusals + (_size("value", value) + _size("numerator", numerator)
                               + _size("denominator", denominator)), value
        exact = self.exact(numerator, denominator)
        pair = (self.pair(numerator, denominator)
                or self.ratio_needed(value, numerator, denominator)
                or self.worked_out_size(exact, numerator, denominator))
        refusals += pair
        if value is None and not missing_code and not pair:
            value = self.computed(exact)
        if value is None:
            return refusals, None
        refusals += self.unit_rules(value) or self.bounds(value)
        if not pair:  # a value can agree only with a numerator and denominator that make sense
            refusals += self.agreement(value, exact, numerator, denominator)
        return refusals, value

    def clean_value(self, value, numerator, denominator):
        """The value, when it and its numerator and denominator (both given, or neither)
        plainly break no rule of `refusals` but the period's; None when `refusals` must be
        asked (a rule may be broken, or the value is to be worked out). The rules once more,
        without their messages, for the common row of a large file: what it accepts,
        `refusals` accepts, and with the same value."""
        if value is None or not -LARGEST <= value <= LARGEST:
            return None
        if numerator is None:
            if denominator is not None or self.needs_pair:
                return None
        elif (denominator is None or not 0 < denominator <= LARGEST
              or not -LARGEST <= numerator <= LARGEST
              or (self.proportion and not 0 <= numerator <= denominator)):
            return None
        elif self.scale is not None:
            exact = self.scale * numerator / denominator
            if not -LARGEST <= exact <= LARGEST or abs(value - exact) > self.agree_within:
                return None  # NaN fails these too
        unit = self.unit
        if unit == "count" and (value < 0 or not float(value).is_integer()):
            return None
        if unit == "percentage" and (value < 0 or (value > 100 and not self.may_exceed_100)):
            return None
        lower, upper = self.lower, self.upper
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            return None
        return value

    # -- warnings: unusual values, shown and never refused --

    def limits(self, value, stored) -> list[Finding]:
        if stored is None or stored.lower_limit is None or stored.upper_limit is None:
            return []
        if stored.lower_limit <= value <= stored.upper_limit:
            return []
        low = format_number(stored.lower_limit, self.decimals + 1)
        high = format_number(stored.upper_limit, self.decimals + 1)
        return [Finding("value", f"{_shown(value)} is outside this indicator's process limits "
                                 f"({low} to {high}): check it is right", "process_limits")]

    def changes_largely(self, value, previous_value) -> bool:
        """Whether rule "large_change" warns of the value, without writing its warning."""
        spread = self.spread
        return (previous_value is not None and bool(spread)
                and abs(value - previous_value) > spread / 2)

    def large_change(self, value, previous_value) -> list[Finding]:
        """Rule "large_change": a value more than half the indicator's range from the
        previous value (see pif.measures.previous)."""
        if not self.changes_largely(value, previous_value):
            return []
        return [Finding("value", f"{_shown(value)} is a change of more than half this "
                                 "indicator's range from the previous value, "
                                 f"{_shown(previous_value)}: check it is right", "large_change")]

    def warnings(self, value, stored_status=None, previous_value=None) -> list[Finding]:
        """The warnings for a value that broke no rule."""
        return self.limits(value, stored_status) + self.large_change(value, previous_value)


def check_period_start(period, field: str = "period") -> tuple[Finding, ...]:
    """Rule "period_too_early": a period that begins before 1900 is a year written short,
    refused for observations and targets alike. `field`: the field that holds the period."""
    if period.start < EARLIEST_PERIOD_START:
        return (Finding(field, f"{period.label} begins before 1900: enter a period from 1900 "
                               "onwards, with the year in full, such as January 2024",
                        "period_too_early"),)
    return ()


def check_period_not_locked(period_end: date, locked_through: date | None, reason: str = "",
                            field: str = "period") -> tuple[Finding, ...]:
    """Rule "period_locked": a value of a period ending on or before the date a partnership
    locked its figures through (before a stat meeting, say) is not entered or changed until
    an admin unlocks them. Approving one stays allowed: it does not change the figure."""
    if locked_through is None or period_end > locked_through:
        return ()
    why = f" for {reason.strip().rstrip('.')}" if reason.strip() else ""
    return (Finding(field, f"Values up to {locked_through:%-d %B %Y} are locked{why}. Ask a "
                           "partnership admin to unlock them.", "period_locked"),)


def check_lock_date(through: date, today: date) -> tuple[Finding, ...]:
    """Rule "lock_date_past": values are locked up to today at the latest, since locking a
    period still running would stop its figures being entered."""
    if through > today:
        return (Finding("through", f"Enter today's date or earlier: periods are locked once "
                                   f"they have ended, and {through:%-d %B %Y} is still to come",
                        "lock_date_past"),)
    return ()


def _period(period, status: str, today) -> list[Finding]:
    too_early = check_period_start(period)
    if too_early:
        return list(too_early)
    if period.start > today:
        return [Finding("period", f"{period.label} has not begun yet: enter values only for "
                                  "periods that have begun", "period_begun")]
    if period.end >= today and status != _PROVISIONAL:
        return [Finding("period", f"{period.label} has not ended yet: a value for it can only "
                                  "be provisional (a figure so far)", "period_ended")]
    return []


def _range(indicator) -> float | None:
    """How far the indicator's values can spread: between its bounds, or 0 to 100 for a
    proportion; None when nothing says."""
    if indicator.lower_bound is not None and indicator.upper_bound is not None:
        return indicator.upper_bound - indicator.lower_bound
    return 100.0 if _is_proportion(indicator) else None


class ValueChecker:
    """`check_observation` for many values, as an import or a write of many rows needs: each
    indicator's `IndicatorRules`, and each period's refusals, are worked out once rather than
    for every value. Use one for one batch of values (indicators are not read again)."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self._rules: dict = {}  # id(indicator) -> IndicatorRules
        self._periods: dict = {}  # (period, provisional?) -> its refusals

    def rules_of(self, indicator) -> IndicatorRules:
        rules = self._rules.get(id(indicator))
        if rules is None or rules.indicator is not indicator:
            rules = self._rules[id(indicator)] = IndicatorRules(indicator)
        return rules

    def period_refusals(self, period, status: str) -> tuple[Finding, ...]:
        """Rules "period_too_early", "period_begun" and "period_ended"."""
        key = (period, status == _PROVISIONAL)
        found = self._periods.get(key)
        if found is None:
            found = self._periods[key] = tuple(_period(period, status, self.today))
        return found

    def refusals(self, indicator, period, value, numerator=None, denominator=None,
                 missing_code="", status=_PROVISIONAL) -> tuple[list[Finding], float | None]:
        """Every rule the value breaks, and the value to store (worked out from the
        numerator and denominator when it is blank)."""
        return self.rules_of(indicator).refusals(self.period_refusals(period, status), value,
                                                 numerator, denominator, missing_code)

    def check(self, indicator, period, *, value, numerator=None, denominator=None,
              missing_code="", status=_PROVISIONAL, previous_value=None,
              stored_status=None) -> ObservationCheck:
        """As `check_observation`."""
        rules = self.rules_of(indicator)
        refusals, value = rules.refusals(self.period_refusals(period, status), value,
                                         numerator, denominator, missing_code)
        if value is None or refusals:
            return ObservationCheck(tuple(refusals), (), value)
        return ObservationCheck((), tuple(rules.warnings(value, stored_status, previous_value)),
                                value)

    def large_change(self, indicator, value, previous_value) -> list[Finding]:
        """Rule "large_change" alone, for a value that broke no rule."""
        return self.rules_of(indicator).large_change(value, previous_value)

    def changes_largely(self, indicator, value, previous_value) -> bool:
        """Whether rule "large_change" warns of the value, without writing its warning: a
        file may have one on every row, and only the first few are shown."""
        return self.rules_of(indicator).changes_largely(value, previous_value)


def check_observation(indicator, period, *, value, numerator=None, denominator=None,
                      missing_code="", status="provisional", today=None,
                      previous_value=None, stored_status=None) -> ObservationCheck:
    """Check one value of `indicator` for `period`. Issues no database queries: a value
    beyond the process limits of `stored_status` (pass `indicator.current_status`) is a
    warning; without it, there is no such warning. For many values, use a `ValueChecker`."""
    return ValueChecker(today).check(
        indicator, period, value=value, numerator=numerator, denominator=denominator,
        missing_code=missing_code, status=status, previous_value=previous_value,
        stored_status=stored_status)


def check_large_change(indicator, value, previous_value) -> tuple[Finding, ...]:
    """Rule "large_change" alone: `value` (one that broke no rule) is more than half the
    indicator's range from `previous_value` (see pif.measures.previous)."""
    return tuple(IndicatorRules(indicator).large_change(value, previous_value))


def checked_rows(rows: list, *, today=None) -> list:
    """The rows (ObservationInputs), each value worked out from its numerator and denominator
    where it was left blank; raises ObservationRefused if any row breaks a rule."""
    checker = ValueChecker(today)
    refused, result = {}, []
    for index, row in enumerate(rows):
        # Warnings were shown before writing; the guard needs only the refusals.
        refusals, value = checker.refusals(row.indicator, row.period, row.value, row.numerator,
                                           row.denominator, row.missing_code, row.status)
        if refusals:
            refused[index] = tuple(refusals)
        elif value != row.value:
            row = dataclasses.replace(row, value=value)
        result.append(row)
    if refused:
        raise ObservationRefused(refused)
    return result


def warnings_key(messages) -> str:
    """Names the warnings a page showed: "Save anyway" saves only if the same warnings would
    show, so a value changed after seeing them is checked again."""
    text = "\n".join(str(message) for message in messages)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_target_value(indicator, value) -> tuple[Finding, ...]:
    """The rules for a target value or one point of a trajectory: the value rules that do not
    depend on a period (a target may lie in the future) or on counting (a count's target may
    be an average, such as 12.5 a month)."""
    if value is None:
        return ()
    rules = IndicatorRules(indicator)
    return tuple(_size("value", value) or rules.unit_rules(value, whole_counts=False)
                 or rules.bounds(value))


def _tolerance(tolerance, kind: str) -> list[Finding]:
    if tolerance is None:
        return []
    size = _size("tolerance", tolerance)
    if size:
        return size
    if tolerance < 0:
        return [Finding("tolerance", f"Enter a tolerance of 0 or more: it is {_shown(tolerance)}",
                        "tolerance_negative")]
    if kind == "relative" and tolerance > LARGEST_RELATIVE_TOLERANCE:
        return [Finding("tolerance", "Enter a relative tolerance of 100% or less: "
                                     f"{_shown(tolerance)}% is more than the whole target",
                        "tolerance_relative_range")]
    return []


def check_target(indicator, *, value, tolerance, tolerance_kind: str) -> tuple[Finding, ...]:
    """The rules for a target's value (None for a trajectory) and its tolerance; each point of
    a trajectory is checked with `check_target_value`."""
    return check_target_value(indicator, value) + tuple(_tolerance(tolerance, tolerance_kind))


def check_target_shape(*, has_value: bool, has_trajectory: bool) -> tuple[Finding, ...]:
    """Rules "target_value_or_trajectory" and "target_not_both": a target is one value or a
    trajectory of values by period, never both and never neither."""
    if not has_value and not has_trajectory:
        return (Finding("value", "Enter a target value, or a trajectory below",
                        "target_value_or_trajectory"),)
    if has_value and has_trajectory:
        return (Finding("trajectory", "Enter a target value or a trajectory, not both",
                        "target_not_both"),)
    return ()


def check_target_span(first, last) -> tuple[Finding, ...]:
    """Rule "target_span_order": the last period a target applies to (a Period, or None for
    open-ended) is not before its first."""
    if first is not None and last is not None and last.end < first.start:
        return (Finding("valid_to", "The last period must not be before the first",
                        "target_span_order"),)
    return ()


#: Shown to the editor, and kept with the rejection for the person who entered the value.
REJECTION_NEEDS_A_REASON = ("Enter why you are rejecting the values, so the person who entered "
                            "them knows what to correct")


def check_rejection_reason(reason: str | None) -> tuple[Finding, ...]:
    """Rule "rejection_reason": a rejection says why, so the person who entered the values
    knows what to correct."""
    if not (reason or "").strip():
        return (Finding("reason", REJECTION_NEEDS_A_REASON, "rejection_reason"),)
    return ()


#: The most characters in each part of a commentary: room for a few paragraphs, short enough
#: to read on the indicator page and in a printed report.
COMMENTARY_LONGEST = 2000

#: The parts of a commentary, as their labels name them.
COMMENTARY_PARTS = {"what_it_shows": "What the data shows", "why": "Why",
                    "actions": "What we are doing about it"}


def commentary_length(text: str) -> int:
    """Characters as GOV.UK's character count counts them: browsers send a line break as
    "\r\n", the count (and a person) sees one character."""
    return len(text.replace("\r\n", "\n"))


def commentary_too_long(part: str) -> str:
    return f"{COMMENTARY_PARTS[part]} must be {COMMENTARY_LONGEST:,} characters or less"


def check_commentary(fields: dict) -> tuple[Finding, ...]:
    """Rule "commentary_length": each part of a commentary (`COMMENTARY_PARTS`) is at most
    `COMMENTARY_LONGEST` characters, a line break counting as one."""
    return tuple(Finding(part, commentary_too_long(part), "commentary_length")
                 for part, text in fields.items()
                 if part in COMMENTARY_PARTS and commentary_length(text or "") > COMMENTARY_LONGEST)


def check_commentary_public_by_editor(*, changes: bool, is_editor: bool
                                      ) -> tuple[Finding, ...]:
    """Rule "commentary_public_by_editor": contributors write commentary on their
    organisation's indicators, but what the public sees is an editor's choice, so only an
    editor (or an admin) shows a commentary on the public pages or takes it off them."""
    if changes and not is_editor:
        return (Finding("is_public", "Only editors can choose whether a commentary is shown "
                                     "on the public pages.", "commentary_public_by_editor"),)
    return ()


def check_indicator(*, code: str, unit: str, rate_per, chart_type: str, lower_bound,
                    upper_bound, may_exceed_100: bool = False) -> tuple[Finding, ...]:
    """The rules for an indicator's own settings, for its form, its services and imports."""
    findings = []
    if code and code.lower() in ROUTE_WORDS:
        findings.append(Finding("code", f"'{code}' cannot be an indicator code: page "
                                        "addresses use that word", "route_word"))
    if unit == "rate" and not rate_per:
        findings.append(Finding("rate_per", "Enter how many the rate is per, for example 1000",
                                "rate_needs_per"))
    if chart_type in ("p", "pp") and unit != "percentage":
        findings.append(Finding("chart_type", "A P chart needs a percentage indicator with "
                                              "numerators and denominators", "p_chart_percentage"))
    findings += _size("lower_bound", lower_bound) + _size("upper_bound", upper_bound)
    if lower_bound is not None and upper_bound is not None and lower_bound > upper_bound:
        findings.append(Finding("upper_bound", "Enter an upper bound that is not less than the "
                                               "lower bound", "bounds_order"))
    if may_exceed_100 and unit != "percentage":
        findings.append(Finding("may_exceed_100", "Only a percentage can be allowed to exceed "
                                                  "100%", "may_exceed_100_percentage"))
    return tuple(findings)


def codes_by_lower_case(codes) -> dict[str, str]:
    """Codes keyed by their lower case, for `check_code_unique` to look each up at once."""
    return {used.lower(): used for used in codes}


def check_code_unique(code: str, codes_in_use) -> tuple[Finding, ...]:
    """An indicator code is unique in its partnership, whatever its capitals: uploads and
    page addresses name indicators by code, and "ae-4hr" beside "AE-4HR" would be two
    indicators people take for one. `codes_in_use` are the partnership's other codes, or
    for many checks `codes_by_lower_case` of them."""
    if not isinstance(codes_in_use, dict):
        codes_in_use = codes_by_lower_case(codes_in_use)
    clash = codes_in_use.get(code.lower())
    if clash is None:
        return ()
    if clash == code:
        return (Finding("code", "This partnership already has an indicator with that code.",
                        "code_unique"),)
    return (Finding("code", "This partnership already has an indicator with that code, "
                            f"written {clash}: codes that differ only in capitals are the same.",
                    "code_unique"),)


#: The longest tag name, and the longest tag group (Tag.name and Tag.group).
TAG_LENGTH = 100


def read_new_tags(text: str) -> list[tuple[str, str]]:
    """Tags typed as "Group: Name, Name" as (group, name) pairs; the group is everything
    before the last colon, and blank entries are left out."""
    tags = []
    for entry in text.split(","):
        group, _, name = entry.rpartition(":")
        if name.strip():
            tags.append((group.strip(), name.strip()))
    return tags


def check_new_tag(group: str, name: str) -> tuple[Finding, ...]:
    """A tag's name and its group each fit the 100 characters kept: refused, never cut, as a
    cut tag may name something else."""
    if len(name) > TAG_LENGTH or len(group) > TAG_LENGTH:
        return (Finding("new_tags", "Keep each tag and its group under 100 characters",
                        "tag_length"),)
    return ()
