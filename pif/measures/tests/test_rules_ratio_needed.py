"""Rule "ratio_needed": a P or U chart is drawn from numerators and denominators, so each
value of such an indicator needs both, on every path: the rule itself, the grid, an
uploaded file, `pif import` and write_observations. A missing-value code needs neither."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import grid, rules
from pif.measures.importing import ImportOptions, check_file, import_checked
from pif.measures.models import Observation
from pif.measures.rules import ObservationRefused
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

MAY = Period.month(2024, 5)
NEEDED = "Enter the numerator and denominator: this indicator's chart is drawn from them"


@pytest.fixture
def p_chart(world):
    return make_indicator(world.partnership, owner=world.health_board, code="PCHART",
                          chart_type="p")


def check(indicator, **entered):
    return rules.check_observation(indicator, MAY, **{"value": None, **entered})


@pytest.mark.django_db
@pytest.mark.parametrize("chart_type", ["p", "pp", "u", "up"])
def test_a_value_alone_is_refused_for_a_chart_drawn_from_ratios(world, chart_type):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="R",
                               chart_type=chart_type, unit="rate", rate_per=1000)
    assert [(f.field, f.message, f.rule) for f in check(indicator, value=5).refusals] == [
        ("numerator", NEEDED, "ratio_needed")]


@pytest.mark.django_db
def test_a_value_with_its_ratio_a_missing_code_or_a_blank_is_allowed(world, p_chart):
    assert check(p_chart, value=50, numerator=1, denominator=2).ok
    assert check(p_chart, numerator=1, denominator=2).value == 50
    assert check(p_chart, missing_code="..").ok
    assert check(p_chart).ok  # a cleared value, as the grid sends


@pytest.mark.django_db
def test_other_charts_take_a_value_alone(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="XMR")
    assert check(indicator, value=50).ok


def nothing_stored(indicator) -> bool:
    return not Observation.objects.filter(indicator=indicator).exists()


def test_the_grid_refuses_it_on_the_cell(client, world, p_chart):
    client.force_login(world.contributor)
    response = client.post(reverse("enter_grid", args=["alpha", "PCHART"]),
                           {"value-M2024-05": "50", "loaded-M2024-05": ""}
                           | {f"{kind}-{row.period.key}": "" for row in grid.grid_rows(p_chart)
                              for kind in ("value", "loaded") if row.period != MAY})
    assert response.status_code == 200
    assert [problem.message for problem in response.context["problems"]] == [
        f"May 2024: {NEEDED}"]
    assert nothing_stored(p_chart)


def test_the_grid_sends_people_to_the_value_form_for_a_numerator_and_denominator(
        client, world, p_chart):
    client.force_login(world.contributor)
    page = client.get(reverse("enter_grid", args=["alpha", "PCHART"])).content.decode()
    link = f'<a class="govuk-link" href="{reverse("enter_value", args=["alpha", "PCHART"])}">'
    assert (f"numerator and denominator, which this page cannot take: enter a new figure on "
            f"{link}Enter a value</a>") in page
    other = make_indicator(world.partnership, owner=world.health_board, code="XMR")
    assert 'id="ratio-needed"' not in client.get(
        reverse("enter_grid", args=["alpha", other.code])).content.decode()


CSV = ("Indicator,Period,Value,Numerator,Denominator\n"
       "PCHART,April 2024,50,1,2\n"
       "PCHART,May 2024,50,,\n")


def test_an_uploaded_file_names_the_row_and_imports_nothing(world, p_chart):
    checked = check_file(CSV.encode(), "values.csv", partnership=world.partnership,
                         options=ImportOptions())
    assert [(p.row, p.column, p.rule) for p in checked.problems] == [
        (3, '"Numerator"', "ratio_needed")]
    assert nothing_stored(p_chart)


def test_pif_import_refuses_it(world, p_chart, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(CSV)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=err)
    assert err.getvalue().startswith(f'Row 3, column "Numerator": {NEEDED}')
    assert nothing_stored(p_chart)


def test_write_observations_refuses_it_as_the_last_guard(world, p_chart):
    row = ObservationInput(indicator=p_chart, period=MAY, value=50)
    with pytest.raises(ObservationRefused):
        write_observations(Actor(user=world.editor), [row], approve=True,
                           partnership=world.partnership)
    assert nothing_stored(p_chart)


def store_with_ratio(world, indicator):
    row = ObservationInput(indicator=indicator, period=MAY, value=50, numerator=1,
                           denominator=2)
    write_observations(Actor(user=world.editor), [row], approve=True,
                       partnership=world.partnership)


def test_write_observations_keeps_the_stored_ratio_of_the_same_value_sent_again(
        world, p_chart):
    store_with_ratio(world, p_chart)
    row = ObservationInput(indicator=p_chart, period=MAY, value=50.0, note="Checked")
    result = write_observations(Actor(user=world.editor), [row], approve=True,
                                partnership=world.partnership)
    assert result.changed == 1
    stored = Observation.objects.get(indicator=p_chart)
    assert (stored.value, stored.numerator, stored.denominator, stored.note) == (
        50, 1, 2, "Checked")


def test_write_observations_still_refuses_a_different_value_alone(world, p_chart):
    store_with_ratio(world, p_chart)
    row = ObservationInput(indicator=p_chart, period=MAY, value=60)
    with pytest.raises(ObservationRefused):
        write_observations(Actor(user=world.editor), [row], approve=True,
                           partnership=world.partnership)


def test_the_grid_takes_a_stored_value_typed_again(client, world, p_chart):
    store_with_ratio(world, p_chart)
    client.force_login(world.editor)
    rows = grid.grid_rows(p_chart)
    data = {f"loaded-{row.period.key}": row.text for row in rows}
    data |= {f"value-{row.period.key}": row.text for row in rows}
    data["value-M2024-05"] = "50.0"
    data["loaded-M2024-05"] = "50"
    response = client.post(reverse("enter_grid", args=["alpha", "PCHART"]), data)
    assert response.status_code == 302
    stored = Observation.objects.get(indicator=p_chart)
    assert (stored.value, stored.numerator, stored.denominator) == (50, 1, 2)


def test_an_upload_of_a_stored_value_alone_keeps_its_ratio(world, p_chart):
    store_with_ratio(world, p_chart)
    csv_text = ("Indicator,Period,Value,Numerator,Denominator,Note\n"
                "PCHART,May 2024,50.0,,,Checked\n"
                "PCHART,June 2024,50,,,\n")
    checked = check_file(csv_text.encode(), "values.csv", partnership=world.partnership,
                         options=ImportOptions())
    # The stored value sent again keeps its ratio; a new one still needs its own.
    assert [(p.row, p.rule) for p in checked.problems] == [(3, "ratio_needed")]
    checked = check_file(csv_text.encode().rsplit(b"\n", 2)[0] + b"\n", "values.csv",
                         partnership=world.partnership, options=ImportOptions())
    assert checked.ok, checked.problems
    import_checked(Actor(user=world.editor), checked, partnership=world.partnership,
                   approve=True)
    stored = Observation.objects.get(indicator=p_chart)
    assert (stored.value, stored.numerator, stored.denominator, stored.note) == (
        50, 1, 2, "Checked")
