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
