"""The filters of the scorecard, the compare-areas page and the indicator's as-of date are
filter forms drawn by the one field renderer (ADR 9), with the same query parameters,
values and labels as before."""

import pytest
from django.urls import reverse

from pif.measures.testing import make_indicator
from pif.measures.tests.test_breakdowns import higher  # noqa: F401 (a fixture)
from pif.measures.tests.test_view_scorecard import card  # noqa: F401 (a fixture)
from pif.tests.test_field_renderer import Page

pytestmark = pytest.mark.django_db


def page_of(client, world, url, query=None) -> Page:
    client.force_login(world.viewer)
    response = client.get(url, query or {})
    assert response.status_code == 200
    return Page(response.content.decode())


def options(page: Page, name: str) -> list[tuple[str, str, bool]]:
    """Each option of the select `name`: its value, its words and whether it is selected."""
    select = page.one("select", name=name)
    return [(o.attrs["value"], o.text.strip(), "selected" in o.attrs)
            for o in page.find("option") if select in o.parents]


def drawn_by_the_field_renderer(page: Page, tag: str, name: str, label: str):
    control = page.one(tag, name=name)
    assert control.attrs["id"] == f"filter-{name}"
    assert page.label_for(f"filter-{name}") == label
    assert control.inside("form", "pif-filter-form")
    assert control.inside("div", "govuk-form-group") and control.inside("div", "pif-inline-group")
    return control


def test_the_scorecard_filters_are_drawn_by_the_field_renderer(client, world, card):  # noqa: F811
    page = page_of(client, world, reverse("scorecard", args=["alpha"]),
                   {"owner": world.council.pk, "status": "red", "sort": "title"})
    for name, label in (("group", "Group by"), ("owner", "Owner"), ("status", "Status"),
                        ("frequency", "Frequency"), ("sort", "Sort by")):
        assert "govuk-select" in drawn_by_the_field_renderer(page, "select", name, label).classes
    assert options(page, "group")[0] == ("tag", "Perspective or tag", True)
    assert options(page, "owner")[0] == ("", "All organisations", False)
    assert (str(world.council.pk), world.council.name, True) in options(page, "owner")
    assert options(page, "status")[0] == ("", "Any status", False)
    assert ("red", "Red", True) in options(page, "status")
    assert options(page, "status")[-1] == ("overdue", "Overdue data", False)
    assert options(page, "frequency")[:2] == [("", "Any frequency", True),
                                              ("weekly", "Weekly", False)]
    assert [(value, selected) for value, _, selected in options(page, "sort")] == [
        ("code", False), ("title", True), ("rag", False), ("variation", False),
        ("latest", False)]
    assert page.find("p", **{"class": "govuk-error-message"}) == []


def test_an_unknown_owner_shows_every_organisations_indicators(client, world, card):  # noqa: F811
    client.force_login(world.viewer)
    response = client.get(reverse("scorecard", args=["alpha"]), {"owner": "999999"})
    assert response.context["count"] == 3
    assert ("", "All organisations", True) in options(Page(response.content.decode()),
                                                      "owner")


def test_the_compare_areas_filters_are_drawn_by_the_field_renderer(client, world, higher):  # noqa: F811
    page = page_of(client, world, reverse("indicator_breakdown", args=["alpha", "HIGH"]),
                   {"family": "Rural"})
    drawn_by_the_field_renderer(page, "select", "period", "Period")
    drawn_by_the_field_renderer(page, "select", "family", "Family group")
    assert options(page, "period") == [("M2024-03", "March 2024", True)]
    assert options(page, "family") == [("", "All areas", False), ("Rural", "Rural", True),
                                       ("Urban", "Urban", False)]


def test_the_as_of_date_is_drawn_by_the_field_renderer(client, world):
    make_indicator(world.partnership, owner=world.council, code="AE-4HR", values=[90.1, 91.2])
    url = reverse("indicator", args=["alpha", "AE-4HR"])
    page = page_of(client, world, url, {"as_of": "2099-06-30"})  # after the values were written
    date = drawn_by_the_field_renderer(page, "input", "as_of",
                                       "See the chart as it stood on a date")
    assert date.attrs["type"] == "date" and date.attrs["value"] == "2099-06-30"
    assert date.attrs["aria-describedby"] == "filter-as_of-hint"
    assert "Earlier values are shown as they were" in page.one("div", id="filter-as_of-hint").text
    assert "value" not in page_of(client, world, url, {"as_of": "2025-02-30"}).one(
        "input", name="as_of").attrs
