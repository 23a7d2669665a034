"""An indicator of spans of years (rolling averages such as LGBF's 2010-14) end to end."""

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Indicator
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations


@pytest.fixture
def rolling(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="CL05",
                               frequency=Indicator.Frequency.MULTI_YEAR)
    rows = [ObservationInput(indicator=indicator, period=Period.multi_year(first, first + 3),
                             value=value)
            for first, value in ((2016, 71.0), (2017, 72.5), (2018, 70.0), (2019, 74.0))]
    write_observations(Actor(user=world.editor), rows, approve=True, partnership=world.partnership)
    return indicator


def test_its_page_charts_and_tables_the_spans(client, world, rolling):
    client.force_login(world.viewer)
    response = client.get(reverse("indicator", args=["alpha", "CL05"]))
    assert response.status_code == 200
    for label in ("2016-2019", "2019-2022"):
        assert label in response.text
    rolling.refresh_from_db()
    assert (rolling.status.latest_period, rolling.status.points) == ("MY2019-2022", 4)


def test_the_grid_offers_the_next_rolling_spans(client, world, rolling):
    client.force_login(world.editor)
    response = client.get(reverse("enter_grid", args=["alpha", "CL05"]))
    assert response.status_code == 200
    assert '">Calendar years 2020-2023</label>' in response.text
    assert '">Calendar years 2021-2024</label>' in response.text


def test_a_value_is_entered_for_a_span_written_as_a_pair_of_years(client, world, rolling):
    client.force_login(world.editor)
    client.post(reverse("enter_value", args=["alpha", "CL05"]),
                {"period": "2020-23", "value": "75", "status": "provisional",
                 "loaded_period": "", "loaded": ""})
    assert rolling.observations.get(period="MY2020-2023").value == 75


def test_a_value_is_entered_for_a_span_in_the_grid(client, world, rolling):
    from pif.measures import grid

    client.force_login(world.editor)
    rows = grid.grid_rows(rolling)
    data = {row.field_name: row.text for row in rows} | {row.loaded_name: row.text
                                                         for row in rows}
    response = client.post(reverse("enter_grid", args=["alpha", "CL05"]),
                           data | {"value-MY2020-2023": "75"})
    assert response.status_code == 302, response.context["problems"]
    assert rolling.observations.get(period="MY2020-2023").value == 75
