"""The risks API: the register with its filters, paging, modified_since, detail, other
partnerships' risks and the fixed number of queries."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.outcomes.models import Risk
from pif.outcomes.testing import make_outcome, make_risk

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/risks"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                       timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def viewer(world):
    return bearer(world.users["viewer"])


@pytest.fixture
def register(world):
    """R01: residual 3 × 3 = 9 (Medium), inherent 16 (Very high), review overdue, for an
    outcome; R02: residual 5 × 4 = 20 (Very high), owned by the health board."""
    outcome = make_outcome(world.partnership)
    low = make_risk(world.partnership, world.council, "R01",
                    review_date=datetime.date(2020, 1, 1), owner=world.users["editor"])
    low.outcomes.add(outcome)
    high = make_risk(world.partnership, world.health_board, "R02", residual_likelihood=5,
                     residual_impact=4, status=Risk.Status.TREATING)
    return low, high, outcome


def ids(answer) -> list[int]:
    assert answer.status_code == 200, answer.content
    return [item["id"] for item in answer.json()["items"]]


def test_lists_the_register(client, world, viewer, register):
    low, high, outcome = register
    make_risk(world.other_partnership, world.other_council, "R01")
    body = client.get(BASE, headers=viewer).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["reference"] == "R01"
    assert first["residual_score"] == 9
    assert first["residual_rating"] == "Medium"
    assert first["inherent_rating"] == "Very high"
    assert first["review_overdue"] is True
    assert first["outcome_ids"] == [outcome.pk]
    assert first["owner"] == "Editor"
    assert body["items"][1]["review_overdue"] is False


def test_filters(client, world, viewer, register):
    low, high, outcome = register
    assert ids(client.get(BASE, {"owner_organisation_id": world.health_board.pk},
                          headers=viewer)) == [high.pk]
    assert ids(client.get(BASE, {"rating": "Very high"}, headers=viewer)) == [high.pk]
    assert ids(client.get(BASE, {"rating": "Very high", "score": "inherent"},
                          headers=viewer)) == [low.pk, high.pk]
    assert ids(client.get(BASE, {"rating": "Medium"}, headers=viewer)) == [low.pk]
    assert ids(client.get(BASE, {"outcome_id": outcome.pk}, headers=viewer)) == [low.pk]
    assert ids(client.get(BASE, {"status": "treating"}, headers=viewer)) == [high.pk]
    assert ids(client.get(BASE, {"review_overdue": "true"}, headers=viewer)) == [low.pk]


def test_an_unknown_rating_is_refused(client, viewer):
    answer = client.get(BASE, {"rating": "Dreadful"}, headers=viewer)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "rating"


def test_pages_and_modified_since(client, viewer, register):
    low, high, _ = register
    assert ids(client.get(BASE, {"limit": 1, "offset": 1}, headers=viewer)) == [high.pk]
    moment = timezone.now()
    Risk.history.filter(id=low.pk).update(history_date=moment - timedelta(hours=1))
    Risk.history.filter(id=high.pk).update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(BASE, {"modified_since": moment.isoformat()},
                          headers=viewer)) == [high.pk]


def test_detail_and_another_partnerships_risk(client, world, viewer, register):
    low, _, _ = register
    assert client.get(f"{BASE}/{low.pk}", headers=viewer).json()["reference"] == "R01"
    theirs = make_risk(world.other_partnership, world.other_council, "R09")
    assert client.get(f"{BASE}/{theirs.pk}", headers=viewer).status_code == 404


def test_the_list_costs_the_same_queries_however_long(client, world, viewer,
                                                       django_assert_max_num_queries):
    def add(start, n):
        for i in range(start, start + n):
            risk = make_risk(world.partnership, world.council, f"R{i:02d}",
                             owner=world.users["editor"])
            risk.outcomes.add(make_outcome(world.partnership, f"Outcome {i}"))

    add(0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE, headers=viewer).json()["count"] == 2
    add(2, 8)
    with django_assert_max_num_queries(len(few)):
        assert client.get(BASE, headers=viewer).json()["count"] == 10
