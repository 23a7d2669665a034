"""A contributor's list of the figures their organisation owes."""

from datetime import date

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations

URL = reverse("my_data", args=["alpha"])


def last_month() -> Period:
    today = date.today()
    return Period.month(today.year - (today.month == 1), (today.month - 2) % 12 + 1)


@pytest.fixture
def owed(world):
    ae = world.sample_indicator()  # NHS Alpha, latest April 2024: long overdue
    homes = make_indicator(world.partnership, owner=world.council, code="HOMES",
                           title="Homes built", values=[1, 2])
    fresh = make_indicator(world.partnership, owner=world.health_board, code="FRESH",
                           title="Up to date", values=[5], first_period=last_month())
    empty = make_indicator(world.partnership, owner=world.health_board, code="EMPTY",
                           title="Nothing yet")
    return {"ae": ae, "homes": homes, "fresh": fresh, "empty": empty}


def test_a_contributor_sees_the_overdue_periods_of_their_organisation_only(client, world,
                                                                         owed):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert response.status_code == 200
    due = response.context["due"]
    assert {item.indicator.code for item in due} == {"AE-4HR"}
    assert due[0].period == Period.month(2024, 5)
    assert all(item.overdue for item in due)
    text = response.content.decode()
    assert "The figures due from NHS Alpha" in text
    assert "May 2024" in text and "Overdue" in text
    assert "HOMES" not in text and "Homes built" not in text
    assert "/p/alpha/indicators/AE-4HR/enter/?period=May%202024" in text


def test_an_indicator_without_data_is_listed_separately(client, world, owed):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert [i.code for i in response.context["no_data"]] == ["EMPTY"]
    assert "Indicators with no data yet" in response.content.decode()


def test_submitted_values_show_as_awaiting_approval(client, world, owed):
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(owed["ae"], Period.month(2024, 5), 93.0)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.contributor)
    response = client.get(URL)
    assert "AE-4HR, May 2024: 93.0%" in response.content.decode()
    assert response.context["due"][0].period == Period.month(2024, 6)


def test_an_editor_sees_every_organisations_figures(client, world, owed):
    client.force_login(world.editor)
    response = client.get(URL)
    assert {item.indicator.code for item in response.context["due"]} == {"AE-4HR", "HOMES"}
    assert "all organisations" in response.content.decode()


def test_a_viewer_gets_403_and_an_outsider_404(client, world, owed):
    client.force_login(world.viewer)
    assert client.get(URL).status_code == 403
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404


def test_a_figure_sent_in_and_awaiting_approval_is_no_longer_asked_for(client, world, owed):
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(owed["ae"], Period.month(2024, 5), 93.0)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.contributor)
    response = client.get(URL)
    assert Period.month(2024, 5) not in [item.period for item in response.context["due"]]
    assert response.context["due"][0].period == Period.month(2024, 6)
    assert "AE-4HR, May 2024: 93.0%" in response.content.decode()  # awaiting approval
