"""The same rules refuse the same value on every path: the entry form, an uploaded file,
`pif import` and, as the last guard, write_observations."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.importing import ImportOptions, check_file
from pif.measures.models import Indicator, Observation
from pif.measures.rules import ObservationRefused
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

PERCENTAGE = {"unit": "percentage", "decimals": 1}
RATE = {"unit": "rate", "rate_per": 1000, "decimals": 1}


@dataclass(frozen=True)
class Case:
    name: str
    indicator: dict
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    period: str = "May 2024"
    status: str = "provisional"
    field: str = "value"
    message: str = ""  # the start of the refusal
    rule: str = ""

    def __str__(self) -> str:
        return self.name


def _this_month() -> Period:
    today = timezone.localdate()
    return Period.month(today.year, today.month)


CASES = [
    Case("percentage over 100", PERCENTAGE, value="1234.5",
         message="Enter a percentage of 100% or less: 1,234.5% is more than this indicator can"),
    Case("negative percentage", PERCENTAGE, value="-5",
         message="Enter a percentage of 0 or more: it is -5%"),
    Case("numerator over denominator", PERCENTAGE, numerator="120", denominator="100",
         field="numerator", message="Enter a numerator of 100 or less: for this percentage it "
                                    "cannot be more than the denominator"),
    Case("denominator of 0", PERCENTAGE, value="50", numerator="0", denominator="0",
         field="denominator", message="Enter a denominator above 0: it is 0"),
    Case("numerator without denominator", PERCENTAGE, value="50", numerator="5",
         field="denominator", message="Enter the denominator as well as the numerator"),
    Case("value disagrees", PERCENTAGE, value="60", numerator="1", denominator="2",
         message="Enter a value of 50.0% (100 × 1 ÷ 2), or leave it blank"),
    Case("rate disagrees", RATE, value="999", numerator="5", denominator="1000",
         message="Enter a value of 5.0 (1,000 × 5 ÷ 1,000), or leave it blank"),
    Case("too large", {"unit": "score"}, value="1e27",
         message="Enter a value between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
    Case("fraction of a count", {"unit": "count", "decimals": 0}, value="12.5",
         message="Enter a whole number: a count cannot be 12.5"),
    Case("negative count", {"unit": "count", "decimals": 0}, value="-3",
         message="Enter a count of 0 or more: it is -3"),
    Case("above the upper bound", {"unit": "days", "upper_bound": 7}, value="8",
         message="Enter a value of 7 or less: that is the highest this indicator can be"),
    Case("below the lower bound", {"unit": "score", "lower_bound": 1}, value="0",
         message="Enter a value of 1 or more: that is the lowest this indicator can be"),
    Case("period not begun", PERCENTAGE, value="50", period="January 2099", field="period",
         message="January 2099 has not begun yet"),
    Case("final value for a period not ended", PERCENTAGE, value="50",
         period=_this_month().label, status="final", field="period",
         message=f"{_this_month().label} has not ended yet: a value for it can only be "
                 "provisional"),
    Case("month in the year 1", PERCENTAGE, value="50", period="January 0001", field="period",
         message="January 1 begins before 1900: enter a period from 1900 onwards",
         rule="period_too_early"),
    Case("month written 0001-02", PERCENTAGE, value="50", period="0001-02", field="period",
         message="February 1 begins before 1900: enter a period from 1900 onwards",
         rule="period_too_early"),
]


@pytest.fixture
def indicator_for(world):
    def make(case: Case):
        return make_indicator(world.partnership, owner=world.health_board, code="RULES",
                              **case.indicator)
    return make


def nothing_stored(indicator) -> bool:
    return not Observation.objects.filter(indicator=indicator).exists()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_entry_form_puts_the_refusal_on_its_field(client, world, indicator_for, case):
    indicator = indicator_for(case)
    client.force_login(world.editor)
    response = client.post(reverse("enter_value", args=["alpha", indicator.code]), {
        "period": case.period, "value": case.value, "numerator": case.numerator,
        "denominator": case.denominator, "status": case.status, "note": "",
        "loaded_period": "", "loaded": ""})  # opened with nothing stored
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message.startswith(case.message) for message in errors[case.field]), errors
    assert nothing_stored(indicator)


def _csv(case: Case, code: str = "RULES") -> bytes:
    return ("Indicator,Period,Value,Numerator,Denominator,Status\n"
            f"{code},April 2024,1,,,provisional\n"
            f"{code},{case.period},{case.value},{case.numerator},{case.denominator},"
            f"{case.status}\n").encode()


COLUMNS = {"value": '"Value"', "numerator": '"Numerator"', "denominator": '"Denominator"',
           "period": '"Period"'}


@pytest.mark.parametrize("case", [c for c in CASES if c.period == "May 2024"], ids=str)
def test_an_uploaded_file_names_the_row_column_and_rule_and_imports_nothing(world,
                                                                            indicator_for, case):
    indicator = indicator_for(case)
    checked = check_file(_csv(case), "values.csv", partnership=world.partnership,
                         options=ImportOptions())
    assert not checked.ok
    assert checked.rows == []
    [problem] = checked.problems
    assert (problem.row, problem.column) == (3, COLUMNS[case.field])
    assert problem.message.startswith(case.message)
    assert problem.rule
    assert nothing_stored(indicator)


@pytest.mark.parametrize("case", [c for c in CASES if c.period != "May 2024"], ids=str)
def test_an_uploaded_file_refuses_a_period_by_its_row_and_column(world, indicator_for, case):
    indicator = indicator_for(case)
    checked = check_file(_csv(case), "values.csv", partnership=world.partnership,
                         options=ImportOptions())
    assert [(p.row, p.column, p.rule) for p in checked.problems] == [
        (3, '"Period"', case.rule or ("period_begun" if "begun" in case.message
                                      else "period_ended"))]
    assert nothing_stored(indicator)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_pif_import_prints_the_same_refusal_and_imports_nothing(world, indicator_for, case,
                                                                tmp_path):
    indicator = indicator_for(case)
    path = tmp_path / "values.csv"
    path.write_bytes(_csv(case))
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem in values.csv: nothing was imported"):
        call_command("import", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=err)
    assert err.getvalue().startswith(
        f"Row 3, column {COLUMNS[case.field]}: {case.message}")
    assert nothing_stored(indicator)


def _number(text: str) -> float | None:
    return float(text) if text else None


@pytest.mark.parametrize("case", CASES, ids=str)
def test_write_observations_refuses_as_the_last_guard(world, indicator_for, case):
    indicator = indicator_for(case)
    good = ObservationInput(indicator=indicator, period=Period.month(2024, 4), value=1)
    bad = ObservationInput(
        indicator=indicator, period=indicator.read_period(case.period),
        value=_number(case.value), numerator=_number(case.numerator),
        denominator=_number(case.denominator), status=case.status)
    with pytest.raises(ObservationRefused) as refused:
        write_observations(Actor(user=world.editor), [good, bad], approve=True,
                           partnership=world.partnership)
    [finding] = refused.value.findings[1]
    assert finding.field == case.field
    assert finding.message.startswith(case.message)
    assert list(refused.value.findings) == [1]
    assert nothing_stored(indicator)  # not even the good row


def test_write_observations_stores_a_value_worked_out_from_numerator_and_denominator(
        world, indicator_for):
    indicator = indicator_for(Case("", PERCENTAGE))
    row = ObservationInput(indicator=indicator, period=Period.month(2024, 5), value=None,
                           numerator=1, denominator=3)
    write_observations(Actor(user=world.editor), [row], approve=True, partnership=world.partnership)
    assert Observation.objects.get(indicator=indicator).value == 33.3


def test_write_observations_works_out_a_blank_rate(world, indicator_for):
    indicator = indicator_for(Case("", RATE))
    row = ObservationInput(indicator=indicator, period=Period.month(2024, 5), value=None,
                           numerator=1, denominator=300)
    write_observations(Actor(user=world.editor), [row], approve=True, partnership=world.partnership)
    assert Observation.objects.get(indicator=indicator).value == 3.3


def test_pif_import_works_out_a_blank_value(world, indicator_for, tmp_path):
    indicator = indicator_for(Case("", PERCENTAGE))
    path = tmp_path / "values.csv"
    path.write_text("Indicator,Period,Value,Numerator,Denominator\nRULES,May 2024,,181,200\n")
    call_command("import", str(path), "--partnership", "alpha", stdout=StringIO())
    assert Observation.objects.get(indicator=indicator).value == 90.5


# -- numbers stored before the rules, or by another program, still show --

# Infinity and NaN could never be entered (the number reader refuses them), so only the
# formatter is tested with them, in pif/lib/tests/test_numbers.py.
@pytest.mark.parametrize("stored", [1e27, 1e28, -1e28, 1.7e308, -0.0, 1e-300])
def test_pages_show_any_stored_number(client, world, stored):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="BIG",
                               unit="percentage", values=[50, 60, 55])
    observation = Observation(indicator=indicator, value=stored, status="final",
                              approved_at=timezone.now())
    observation.set_period(Period.month(2024, 4))
    observation.save()  # as an older PIF, or a database edited by hand, might have
    status.refresh([indicator])
    client.force_login(world.viewer)
    for name, args in [("indicator", ["alpha", "BIG"]), ("scorecard", ["alpha"]),
                       ("indicator_chart_spec", ["alpha", "BIG"])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


# -- indicators created by importing meet the rules their edit form applies --

def _refused_import(tmp_path, text: str, *options) -> str:
    path = tmp_path / "values.csv"
    path.write_text(text)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                     *options, stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_pif_import_cannot_create_a_rate_without_its_per_n(world, tmp_path):
    err = _refused_import(tmp_path, "Indicator,Period,Value\nRATE1,May 2024,4.5\n",
                          "--unit", "rate")
    assert err.splitlines() == [
        'Row 2, column "Indicator": RATE1 cannot be created by importing: Enter how many the '
        "rate is per, for example 1000. Add the indicator first, then import"]
    assert not Indicator.objects.filter(code="RATE1").exists()


@pytest.mark.parametrize("code", ["new", "edit", "grid"])
def test_pif_import_cannot_create_an_indicator_named_by_a_route_word(world, tmp_path, code):
    err = _refused_import(tmp_path, f"Indicator,Period,Value\n{code},May 2024,4\n")
    assert f"'{code}' cannot be an indicator code: page addresses use that word" in err
    assert not Indicator.objects.filter(code=code).exists()


def test_pif_import_creates_a_score_for_values_that_cannot_be_counts(world, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("Indicator,Period,Value\nCOST,May 2024,6112.9673\nHOMES,May 2024,12\n")
    call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                 stdout=StringIO())
    units = dict(Indicator.objects.filter(code__in=["COST", "HOMES"]).values_list("code",
                                                                                  "unit"))
    assert units == {"COST": "score", "HOMES": "count"}


def test_checking_a_file_by_the_rules_adds_no_query_per_row(world, indicator_for):
    indicator_for(Case("", PERCENTAGE))
    status.refresh(list(world.partnership.indicators.all()))

    def queries_to_check(months: int) -> int:
        lines = [f"RULES,{Period.month(2020 + n // 12, n % 12 + 1).label},50,1,2"
                 for n in range(months)]
        content = "\n".join(["Indicator,Period,Value,Numerator,Denominator", *lines]).encode()
        with CaptureQueriesContext(connection) as queries:
            checked = check_file(content, "values.csv", partnership=world.partnership,
                                 options=ImportOptions())
        assert checked.ok
        return len(queries)

    assert queries_to_check(2) == queries_to_check(40)
