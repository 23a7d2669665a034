"""Setting targets: one value or a trajectory, and the status that follows."""

import pytest
from django.urls import reverse

from pif.lib.periods import Period
from pif.measures.models import Indicator, Target
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

URL = reverse("indicator_targets", args=["alpha", "AE-4HR"])
BLANK = {"level": "standard", "value": "", "valid_from": "", "valid_to": "", "tolerance": "0",
         "tolerance_kind": "relative", "source": "", "trajectory": ""}


@pytest.fixture
def ae(world):
    return world.sample_indicator()


@pytest.fixture
def yearly(world):
    return make_indicator(world.partnership, owner=world.council, code="YEARLY",
                          frequency=Indicator.Frequency.FINANCIAL_YEAR,
                          values=[80, 82, 84], first_period=Period.financial_year(2021))


def yearly_url():
    return reverse("indicator_targets", args=["alpha", "YEARLY"])


def test_an_editor_sets_a_single_value_and_the_rag_turns_red(client, world, ae):
    assert ae.status.rag == ""
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"value": "95", "source": "National standard"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("indicator", args=["alpha", "AE-4HR"])
    assert "Target saved. The indicator&#x27;s status has been updated." in (
        response.content.decode())
    target = Target.objects.get(indicator=ae)
    assert (target.value, target.level, target.source) == (95, "standard", "National standard")
    assert target.history.get().history_user == world.editor
    ae.status.refresh_from_db()
    assert (ae.status.target_value, ae.status.rag) == (95, "red")
    event = Event.objects.get(verb="target_set")
    assert event.description == "Standard target set for AE-4HR" and event.actor == world.editor


def test_a_tolerance_turns_a_near_miss_amber(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, BLANK | {"value": "95", "tolerance": "5"})
    ae.status.refresh_from_db()
    assert ae.status.rag == "amber"


def test_a_met_target_is_green(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, BLANK | {"value": "90"})
    ae.status.refresh_from_db()
    assert ae.status.rag == "green"


def test_a_trajectory_is_saved_point_by_point(client, world, yearly):
    client.force_login(world.editor)
    response = client.post(yearly_url(), BLANK | {"trajectory": "2022/23, 85\n\n2023/24, 90%"})
    assert response.status_code == 302
    target = Target.objects.get(indicator=yearly)
    assert target.value is None and target.is_trajectory
    assert list(target.points.values_list("period", "value")) == [("FY2022", 85), ("FY2023", 90)]
    yearly.status.refresh_from_db()
    assert yearly.status.target_value == 90
    assert yearly.status.rag == "red"  # 84 against 90, higher is better


def test_a_bad_trajectory_line_is_named_by_its_number(client, world, yearly):
    client.force_login(world.editor)
    response = client.post(yearly_url(), BLANK | {"trajectory": "2022/23, 85\n2023/24 90"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert "Line 2 (“2023/24 90”)" in text
    assert not Target.objects.exists()


def test_a_value_and_a_trajectory_together_are_refused(client, world, yearly):
    client.force_login(world.editor)
    response = client.post(yearly_url(), BLANK | {"value": "90", "trajectory": "2022/23, 85"})
    assert response.status_code == 200
    assert "Enter a target value or a trajectory, not both" in response.content.decode()
    assert not Target.objects.exists()


def test_neither_a_value_nor_a_trajectory_is_refused(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, BLANK)
    assert "Enter a target value, or a trajectory below" in response.content.decode()
    assert not Target.objects.exists()


def test_validity_periods_are_read_and_checked(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"value": "95", "valid_from": "June 2024",
                                         "valid_to": "March 2024"})
    assert "The last period must not be before the first" in response.content.decode()
    assert not Target.objects.exists()
    client.post(URL, BLANK | {"value": "95", "valid_from": "March 2024",
                              "valid_to": "June 2024"})
    target = Target.objects.get()
    assert (target.valid_from, target.valid_to) == ("M2024-03", "M2024-06")


def test_an_unreadable_validity_period_is_refused(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"value": "95", "valid_from": "the olden days"})
    assert response.status_code == 200
    assert '<a href="#id_valid_from">' in response.content.decode()
    assert not Target.objects.exists()


def test_contributors_and_viewers_get_403_and_outsiders_404(client, world, ae):
    for user, code in [(world.contributor, 403), (world.viewer, 403), (world.outsider, 404)]:
        client.force_login(user)
        assert client.post(URL, BLANK | {"value": "95"}).status_code == code
    assert not Target.objects.exists()


# -- every target value and tolerance keeps to the rules, with the refusal on its field --

def refused_on(response, field: str) -> list[str]:
    assert response.status_code == 200
    assert not Target.objects.exists()
    return response.context["form"].errors[field]


@pytest.mark.parametrize("trajectory", ["June 2024, nan", "June 2024, inf", "June 2024, -inf",
                                        "June 2024, .."])
def test_a_trajectory_point_that_is_not_a_number_is_refused_not_a_500(client, world, ae,
                                                                       trajectory):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"tolerance_kind": "absolute",
                                         "trajectory": trajectory})
    [message] = refused_on(response, "trajectory")
    assert message.startswith(f"Line 1 (“{trajectory}”): ")


def test_a_trajectory_point_too_large_names_its_line_and_rule(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"trajectory": "May 2024, 90\nJune 2024, 1e28"})
    [message] = refused_on(response, "trajectory")
    assert message.startswith("Line 2 (“June 2024, 1e28”): Enter a value between "
                              "-1,000,000,000,000,000 and 1,000,000,000,000,000")


@pytest.mark.parametrize(("value", "message"), [
    ("1e28", "Enter a value between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
    ("1e300", "Enter a value between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
    ("-5", "Enter a percentage of 0 or more: it is -5%"),
    ("1234.5", "Enter a percentage of 100% or less: 1,234.5% is more than this indicator"),
])
def test_a_target_value_outside_the_rules_is_refused_on_its_field(client, world, ae, value,
                                                                  message):
    client.force_login(world.editor)
    [error] = refused_on(client.post(URL, BLANK | {"value": value}), "value")
    assert error.startswith(message)
    ae.status.refresh_from_db()
    assert ae.status.target_value is None


@pytest.mark.parametrize(("tolerance", "kind", "message"), [
    ("1e300", "absolute", "Enter a tolerance between"),
    ("-1", "absolute", "Enter a tolerance of 0 or more"),
    ("150", "relative", "Enter a relative tolerance of 100% or less"),
])
def test_a_tolerance_outside_the_rules_is_refused_on_its_field(client, world, ae, tolerance,
                                                               kind, message):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"value": "95", "tolerance": tolerance,
                                         "tolerance_kind": kind})
    [error] = refused_on(response, "tolerance")
    assert error.startswith(message)


def test_a_trajectory_may_run_into_the_future(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"trajectory": "May 2024, 90\nMarch 2099, 98"})
    assert response.status_code == 302
    assert Target.objects.get(indicator=ae).points.count() == 2


# -- a period before 1900 is a year written short, refused for targets as for values --

@pytest.mark.parametrize("field", ["valid_from", "valid_to"])
def test_a_validity_period_before_1900_is_refused_on_its_field(client, world, ae, field):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"value": "90", field: "January 1850"})
    [message] = refused_on(response, field)
    assert message.startswith("January 1850 begins before 1900")


@pytest.mark.parametrize("line", ["January 1850, 90", "0001-02, 90"])
def test_a_trajectory_point_before_1900_names_its_line(client, world, ae, line):
    client.force_login(world.editor)
    response = client.post(URL, BLANK | {"tolerance_kind": "absolute",
                                         "trajectory": f"May 2024, 90\n{line}"})
    [message] = refused_on(response, "trajectory")
    assert message.startswith(f"Line 2 (“{line}”): ")
    assert "begins before 1900" in message
