"""The outcomes API: list, filters, paging, modified_since, detail, other partnerships'
outcomes and the fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.measures.testing import make_indicator
from pif.outcomes.models import FrameworkNode, Outcome
from pif.outcomes.testing import make_outcome

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/outcomes"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                       timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def viewer(world):
    return bearer(world.users["viewer"])


@pytest.fixture
def tree(world):
    top = make_outcome(world.partnership, "People live well", level=1, code="HO1")
    child = make_outcome(world.partnership, "Fewer falls", level=2, parent=top, code="LO2",
                         lead_organisation=world.council)
    indicator = make_indicator(world.partnership, owner=world.council, code="FALLS")
    child.indicators.add(indicator)
    return top, child, indicator


def test_lists_the_partnerships_outcomes_with_their_links(client, world, viewer, tree):
    top, child, indicator = tree
    make_outcome(world.other_partnership, "Beta's own")
    answer = client.get(BASE, headers=viewer)
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [item["code"] for item in body["items"]] == ["HO1", "LO2"]
    second = body["items"][1]
    assert second["parent_id"] == top.pk
    assert second["level"] == 2
    assert second["indicator_ids"] == [indicator.pk]
    assert second["lead_organisation_id"] == world.council.pk
    assert second["url"].endswith(f"/outcomes/{child.pk}/")


def test_national_outcomes_are_named(client, world, viewer, tree):
    from pif.outcomes import frameworks

    node = frameworks.current_version("npf").nodes.filter(kind="national_outcome").first()
    assert isinstance(node, FrameworkNode)
    tree[1].national_outcomes.add(node)
    item = client.get(f"{BASE}/{tree[1].pk}", headers=viewer).json()
    assert item["national_outcomes"] == [{"code": node.code, "title": node.title}]


def test_filters(client, viewer, tree):
    top, child, indicator = tree
    by_level = client.get(BASE, {"level": 1}, headers=viewer).json()
    assert [item["id"] for item in by_level["items"]] == [top.pk]
    by_parent = client.get(BASE, {"parent_id": top.pk}, headers=viewer).json()
    assert [item["id"] for item in by_parent["items"]] == [child.pk]
    by_indicator = client.get(BASE, {"indicator_id": indicator.pk}, headers=viewer).json()
    assert [item["id"] for item in by_indicator["items"]] == [child.pk]


def test_pages(client, viewer, tree):
    page = client.get(BASE, {"limit": 1, "offset": 1}, headers=viewer).json()
    assert page["count"] == 2
    assert [item["id"] for item in page["items"]] == [tree[1].pk]


def test_modified_since_returns_only_the_changed(client, viewer, tree):
    top, child, _ = tree
    moment = timezone.now()
    Outcome.history.filter(id=top.pk).update(history_date=moment - timedelta(hours=1))
    Outcome.history.filter(id=child.pk).update(history_date=moment + timedelta(seconds=1))
    answer = client.get(BASE, {"modified_since": moment.isoformat()}, headers=viewer).json()
    assert [item["id"] for item in answer["items"]] == [child.pk]


def test_a_bad_filter_value_is_refused_with_its_reason(client, viewer):
    answer = client.get(BASE, {"level": "high"}, headers=viewer)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "level"


def test_another_partnerships_outcome_is_not_found(client, world, viewer):
    theirs = make_outcome(world.other_partnership, "Beta's own")
    assert client.get(f"{BASE}/{theirs.pk}", headers=viewer).status_code == 404
    outsider = bearer(world.outsider)
    assert client.get(BASE, headers=outsider).status_code == 404


def test_the_list_costs_the_same_queries_however_long(client, world, viewer,
                                                       django_assert_max_num_queries):
    from pif.outcomes.tests.factories import fill

    fill(world, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE, headers=viewer).json()["count"] > 3
    fill(world, 6, start=3)
    with django_assert_max_num_queries(len(few)):
        assert client.get(BASE, headers=viewer).json()["count"] > 9


def test_outcomes_alike_in_every_sorted_field_are_paged_by_id(client, world, viewer):
    alike = sorted(make_outcome(world.partnership, "Same", level=2, code="").pk
                   for _ in range(3))
    with CaptureQueriesContext(connection) as queries:
        pages = [client.get(BASE, {"limit": 1, "offset": offset}, headers=viewer).json()
                 for offset in range(3)]
    assert [page["items"][0]["id"] for page in pages] == alike
    listing = [query["sql"] for query in queries.captured_queries
               if 'FROM "outcomes_outcome"' in query["sql"] and "LIMIT" in query["sql"]]
    # The order ends with the id, so no two outcomes tie and paging is total.
    assert listing and all('"outcomes_outcome"."id" ASC LIMIT' in sql for sql in listing)


def test_not_found_is_said_in_pifs_words(client, world, viewer):
    theirs = make_outcome(world.other_partnership, "Beta's own")
    answer = client.get(f"{BASE}/{theirs.pk}", headers=viewer)
    assert answer.json() == {"detail": "Not found, or not in this partnership."}
