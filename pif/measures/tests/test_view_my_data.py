"""A contributor's list of the figures their organisation owes: due now, overdue, dormant."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.measures.views import collection as views
from pif.measures.writing import ObservationInput, write_observations

URL = reverse("my_data", args=["alpha"])


def months_ago(months: int) -> Period:
    """The month `months` before this one (1 is last month, the latest that has ended)."""
    return Period.month(date.today().year, date.today().month).shift(-months)


@pytest.fixture
def owed(world):
    # Each has one value, in the month named; the figures after it are owed.
    due = make_indicator(world.partnership, owner=world.health_board, code="DUE",
                         title="Waiting times", values=[5], first_period=months_ago(2),
                         due_days=60)  # last month's figure is not due for weeks yet
    late = make_indicator(world.partnership, owner=world.health_board, code="LATE",
                          title="Delayed discharges", values=[5], first_period=months_ago(4),
                          due_days=0)  # three months owed, every one past its due date
    ae = world.sample_indicator()  # NHS Alpha, latest April 2024: silent for years
    homes = make_indicator(world.partnership, owner=world.council, code="HOMES",
                           title="Homes built", values=[1], first_period=months_ago(3),
                           due_days=0)
    fresh = make_indicator(world.partnership, owner=world.health_board, code="FRESH",
                           title="Up to date", values=[5], first_period=months_ago(1))
    empty = make_indicator(world.partnership, owner=world.health_board, code="EMPTY",
                           title="Nothing yet")
    return {"due": due, "late": late, "ae": ae, "homes": homes, "fresh": fresh,
            "empty": empty}


def codes(items) -> list[tuple[str, str]]:
    return [(item.indicator.code, item.period.label) for item in items]


def test_a_contributor_sees_due_now_then_overdue_then_dormant_series_folded(client, world,
                                                                           owed):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert codes(figures.due_now) == [("DUE", months_ago(1).label)]
    assert codes(figures.overdue) == [("LATE", months_ago(3).label),
                                      ("LATE", months_ago(2).label),
                                      ("LATE", months_ago(1).label)]
    assert [series.indicator.code for series in figures.dormant] == ["AE-4HR"]
    text = response.content.decode()
    assert "The figures due from NHS Alpha" in text
    assert (text.index('id="due-now"') < text.index('id="overdue"')
            < text.index('id="dormant"'))
    # The dormant series are folded away in a GOV.UK details component, counted not listed.
    assert "Not updated for more than a year</h2>" in text
    dormant = text[text.index('id="dormant"'):]
    assert dormant.startswith('id="dormant" class="govuk-details"')
    assert f"1 indicator, {figures.dormant[0].count} figures missing</span>" in dormant
    assert "May 2024" in dormant
    assert f"{figures.dormant[0].count} figures missing" in dormant
    assert "/p/alpha/indicators/AE-4HR/enter/?period=May%202024" in dormant
    assert "HOMES" not in text and "Homes built" not in text  # the council's
    assert "{#" not in text and "{%" not in text
    overdue = text[text.index('id="overdue"'):text.index('id="dormant"')]
    assert overdue.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 3


def test_the_page_says_how_many_figures_are_owed_in_each_group(client, world, owed):
    client.force_login(world.contributor)
    response = client.get(URL)
    figures = response.context["figures"]
    owed_in_all = 1 + 3 + figures.dormant[0].count
    assert (f"{owed_in_all} figures to submit: 1 due now, 3 overdue and "
            f"{figures.dormant[0].count} in a series not updated for more than a year"
            in " ".join(response.content.decode().split()))


def test_up_to_date_indicators_are_not_listed(client, world, owed):
    client.force_login(world.contributor)
    text = client.get(URL).content.decode()
    assert "FRESH" not in text


def test_nothing_owed_says_so(client, world):
    make_indicator(world.partnership, owner=world.health_board, code="FRESH", values=[5],
                   first_period=months_ago(1))
    client.force_login(world.contributor)
    response = client.get(URL)
    assert not response.context["figures"]
    text = response.content.decode()
    assert "Nothing is due." in text
    assert 'id="overdue"' not in text and 'id="dormant"' not in text


def test_an_indicator_without_data_is_listed_separately(client, world, owed):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert [i.code for i in response.context["figures"].no_data] == ["EMPTY"]
    assert "Indicators with no data yet" in response.content.decode()


def test_a_figure_sent_in_and_awaiting_approval_is_no_longer_asked_for(client, world, owed):
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(owed["late"], months_ago(3), 93.0)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.contributor)
    response = client.get(URL)
    assert codes(response.context["figures"].overdue) == [("LATE", months_ago(2).label),
                                                          ("LATE", months_ago(1).label)]
    assert (f"LATE, {months_ago(3).label}: 93.0%"
            in response.content.decode())  # awaiting approval


def test_an_editor_sees_every_organisations_figures(client, world, owed):
    client.force_login(world.editor)
    response = client.get(URL)
    assert {item.indicator.code for item in response.context["figures"].overdue} == {
        "LATE", "HOMES"}
    assert "all organisations" in response.content.decode()


@pytest.mark.parametrize("role", ["contributor", "editor", "admin"])
def test_every_role_that_may_contribute_gets_the_page(client, world, owed, role):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == 200


def test_a_viewer_gets_403_and_an_outsider_404(client, world, owed):
    client.force_login(world.viewer)
    assert client.get(URL).status_code == 403
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404


def test_a_long_list_awaiting_approval_says_how_many_are_not_shown(client, world, owed,
                                                                  monkeypatch):
    monkeypatch.setattr(views, "APPROVAL_PAGE", 2)
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(owed["late"], months_ago(n), n)
                        for n in (3, 2, 1)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.contributor)
    response = client.get(URL)
    assert len(response.context["waiting"]) == 2
    assert "The first 2 of 3 are shown." in response.content.decode()


def _add_indicators(world, numbers) -> None:
    for number in numbers:
        make_indicator(world.partnership, owner=world.health_board, code=f"M-{number}",
                       values=[number], first_period=months_ago(2 + number % 30))


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_indicators(client, world):
    client.force_login(world.contributor)
    _add_indicators(world, range(3))
    few = _page_queries(client)
    _add_indicators(world, range(3, 40))
    many = _page_queries(client)
    assert many == few


OVERVIEW = reverse("partnership", args=["alpha"])
LINK = f'<a class="govuk-link" href="{URL}">Data you need to submit</a>'


@pytest.mark.parametrize("role", ["contributor", "editor", "admin"])
def test_members_who_may_contribute_reach_it_from_the_overview_and_the_menu(client, world,
                                                                           role):
    client.force_login(world.users[role])
    text = client.get(OVERVIEW).content.decode()
    assert f"{LINK}: nothing is due" in text  # "For you to do"
    menu = text[text.index('<nav class="govuk-!-margin-bottom-6'):]
    menu = menu[:menu.index("</nav>")]
    assert f'href="{URL}">Data you need to submit</a>' in menu


def test_the_overview_says_what_is_owed(client, world, owed):
    client.force_login(world.contributor)
    text = " ".join(client.get(OVERVIEW).content.decode().split())
    figures = client.get(URL).context["figures"]
    assert f"{LINK}: {figures.summary}" in text
    assert figures.summary.startswith(f"{figures.count} figures to submit: 1 due now, ")


def test_a_viewer_is_offered_neither_link(client, world):
    client.force_login(world.viewer)
    assert "Data you need to submit" not in client.get(OVERVIEW).content.decode()


def test_the_overview_task_costs_the_same_queries_however_many_indicators(client, world):
    client.force_login(world.editor)
    _add_indicators(world, range(3))
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW)
    _add_indicators(world, range(3, 40))
    with CaptureQueriesContext(connection) as many:
        client.get(OVERVIEW)
    assert len(many) == len(few)
