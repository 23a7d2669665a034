"""Ways to group the scorecard: its own (perspective or tag, none) and those other apps
register, such as outcomes (issue 10, item 6; docs/adr/0012-registries.md)."""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.measures import scorecard as card
from pif.measures import scorecard_groups
from pif.measures.testing import make_indicator
from pif.measures.views import scorecard as scorecard_view
from pif.outcomes.testing import make_outcome

URL = reverse("scorecard", args=["alpha"])


@pytest.fixture
def no_registered_groupings(monkeypatch):
    """The scorecard as it is with no other app installed."""
    monkeypatch.setattr(scorecard_groups, "_registered", {})


@pytest.fixture
def linked(world):
    """Two indicators under two outcomes (one under both), one under none."""
    both = make_indicator(world.partnership, owner=world.council, code="BOTH", values=[1, 2])
    one = make_indicator(world.partnership, owner=world.council, code="ONE", values=[1, 2])
    make_indicator(world.partnership, owner=world.council, code="NONE", values=[1, 2])
    make_outcome(world.partnership, "Safer streets").indicators.add(both, one)
    make_outcome(world.partnership, "Healthier lives").indicators.add(both)
    return world


def test_the_outcomes_app_registers_the_outcome_grouping():
    assert scorecard_groups.offered() == {"tag": "Perspective or tag", "outcome": "Outcome",
                                          "none": "No grouping"}


def test_registering_again_replaces_and_the_scorecards_own_cannot_be_taken(
        no_registered_groupings):
    scorecard_groups.register_grouping("area", "Area", lambda partnership: {})
    scorecard_groups.register_grouping("area", "Locality", lambda partnership: {})
    assert scorecard_groups.offered()["area"] == "Locality"
    with pytest.raises(ValueError, match="tag"):
        scorecard_groups.register_grouping("tag", "Mine", lambda partnership: {})


@pytest.mark.django_db
def test_grouping_by_outcome_puts_an_indicator_under_each_of_its_outcomes(client, linked):
    client.force_login(linked.viewer)
    response = client.get(URL, {"group": "outcome"})
    assert response.context["options"]["group"] == "outcome"
    groups = [(g.name, [r.indicator.code for r in g.rows]) for g in response.context["groups"]]
    assert groups == [("Healthier lives", ["BOTH"]), ("Safer streets", ["BOTH", "ONE"]),
                      ("Other indicators", ["NONE"])]
    assert '<option value="outcome" selected>Outcome</option>' in response.content.decode()


@pytest.mark.django_db
def test_grouping_by_outcome_costs_the_same_queries_for_more_indicators(client, linked):
    client.force_login(linked.viewer)
    client.get(URL, {"group": "outcome"})  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"group": "outcome"})
    for number in range(10):
        indicator = make_indicator(linked.partnership, owner=linked.council,
                                   code=f"MORE{number}", values=[1, 2])
        make_outcome(linked.partnership, f"Outcome {number}").indicators.add(indicator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"group": "outcome"})
    assert response.context["count"] == 13
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_without_registered_groupings_the_scorecard_offers_its_own(client, linked,
                                                                   no_registered_groupings):
    client.force_login(linked.viewer)
    response = client.get(URL, {"group": "outcome"})
    assert response.status_code == 200
    assert response.context["options"]["group"] == "tag"
    assert dict(response.context["filters"].fields["group"].choices) == {
        "tag": "Perspective or tag", "none": "No grouping"}
    assert 'value="outcome"' not in response.content.decode()
    rows = card.load_rows(linked.partnership, group_by="outcome")
    assert [r.groups for r in rows] == [[], [], []]


def _code_without_docstrings(source: str) -> tuple[ast.AST, str]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)):
            body[0].value.value = ""
    return tree, ast.unparse(tree)


def test_the_scorecard_does_not_reach_into_other_apps():
    """No name of the outcomes app in code, nor a look at Indicator._meta for relations."""
    for module in (card, scorecard_groups, scorecard_view):
        tree, code = _code_without_docstrings(Path(module.__file__).read_text())
        assert "outcome" not in code.lower(), module.__name__
        assert "_meta" not in code, module.__name__
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.startswith("pif.outcomes") for name in imported if name)
