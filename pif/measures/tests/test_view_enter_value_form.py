"""What the value entry form shows and asks for: the value stored for the period, a
numerator and denominator only where the indicator uses them, and errors that name their
field."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations


def url(code):
    return reverse("enter_value", args=["alpha", code])


def opened(client, indicator, period="May 2024"):
    return client.get(url(indicator.code), {"period": period})


def post(client, indicator, **fields):
    data = {"period": "May 2024", "value": "", "numerator": "", "denominator": "",
            "status": "provisional", "note": "", "loaded_period": "", "loaded": ""}
    data.update(fields)
    return client.post(url(indicator.code), data)


def words(response) -> str:
    """The page's text, without tags, each run of spaces one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()).replace(" .", ".")


def nothing_stored_for_may(indicator) -> bool:
    return not Observation.objects.filter(indicator=indicator, period="M2024-05").exists()


@pytest.fixture
def percentage(world):
    return make_indicator(world.partnership, owner=world.health_board, code="PCT",
                          values=[50.0])


@pytest.fixture
def count(world):
    return make_indicator(world.partnership, owner=world.health_board, code="COUNT",
                          unit="count", decimals=0, values=[12])


@pytest.fixture
def p_chart(world):
    return make_indicator(world.partnership, owner=world.health_board, code="PCHART",
                          chart_type="p")


def test_the_form_opened_for_a_stored_period_shows_the_value_stored_now(client, world,
                                                                        percentage):
    write_observations(Actor(user=world.editor), [ObservationInput(
        indicator=percentage, period=Period.month(2024, 5), value=None, numerator=17,
        denominator=20, status="final", note="From the monthly return")],
        approve=True, partnership=world.partnership)
    client.force_login(world.contributor)
    response = opened(client, percentage)
    form = response.context["form"]
    assert (form["value"].value(), form["numerator"].value(), form["denominator"].value(),
            form["status"].value(), form["note"].value()) == (
        "85", 17, 20, "final", "From the monthly return")
    today = format_date(timezone.localdate(), "j F Y")
    assert (f"Stored now for May 2024: 85.0% (final), entered by "
            f"{world.editor.display_name} on {today}, ") in words(response)


def test_the_form_opened_for_a_missing_value_shows_its_code(client, world, percentage):
    write_observations(Actor(user=world.editor), [ObservationInput(
        indicator=percentage, period=Period.month(2024, 5), value=None, missing_code="c")],
        approve=True, partnership=world.partnership)
    client.force_login(world.contributor)
    response = opened(client, percentage)
    assert response.context["form"]["value"].value() == "c"
    assert "Stored now for May 2024: c (final), entered by" in words(response)


def test_the_form_opened_for_an_empty_period_shows_nothing_stored(client, world, percentage):
    client.force_login(world.contributor)
    response = opened(client, percentage)
    assert response.context["form"]["value"].value() in (None, "")
    assert "Stored now" not in response.content.decode()


def test_a_count_has_no_numerator_or_denominator_and_needs_its_value(client, world, count):
    client.force_login(world.contributor)
    response = opened(client, count)
    text = response.content.decode()
    assert 'name="numerator"' not in text and 'name="denominator"' not in text
    assert ">Value</label>" in text  # not "(optional)"
    response = post(client, count)
    assert response.context["form"].errors["value"] == ["Enter a value"]
    assert nothing_stored_for_may(count)


def test_a_percentage_needs_a_value_or_a_numerator_and_denominator(client, world, percentage):
    client.force_login(world.contributor)
    assert 'name="numerator"' in opened(client, percentage).content.decode()
    response = post(client, percentage)
    assert response.context["form"].errors["value"] == [
        "Enter a value, or a numerator and denominator"]
    assert nothing_stored_for_may(percentage)


def test_a_p_chart_needs_its_numerator_and_denominator(client, world, p_chart):
    client.force_login(world.contributor)
    text = opened(client, p_chart).content.decode()
    assert ">Numerator (optional)</label>" in text and ">Denominator (optional)</label>" in text
    assert "Needed with a value, unless the value is a missing-value code." in text
    # The rule's own words: the form leaves the rule to decide.
    response = post(client, p_chart, value="50")
    assert response.context["form"].errors == {"numerator": [
        "Enter the numerator and denominator: this indicator's chart is drawn from them"]}
    response = post(client, p_chart)
    assert response.context["form"].errors == {"numerator": [
        "Enter the numerator and denominator"]}
    response = post(client, p_chart, value="50", numerator="1")
    assert response.context["form"].errors == {"denominator": [
        "Enter the denominator as well as the numerator, or neither"]}
    assert nothing_stored_for_may(p_chart)


def test_a_p_chart_takes_a_missing_value_code_alone(client, world, p_chart):
    client.force_login(world.contributor)
    response = post(client, p_chart, value="..")
    assert response.status_code == 302, response.context["form"].errors
    assert Observation.objects.get(indicator=p_chart, period="M2024-05").missing_code == ".."


def test_a_number_that_is_not_one_names_its_field(client, world, percentage):
    client.force_login(world.contributor)
    response = post(client, percentage, numerator="seventeen", denominator="20")
    assert response.context["form"].errors["numerator"] == ["Numerator must be a number"]


def test_an_altered_period_key_on_the_page_shows_nothing_stored(client, world, count):
    client.force_login(world.contributor)
    response = post(client, count, loaded_period="M2024-13")
    assert response.status_code == 200 and response.context["stored"] is None
