"""The API's partnerships and their organisations (pif/api/routers/partnerships.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.partnerships.models import Organisation

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "t", timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_lists_only_its_own_partnerships(client, world):
    answer = client.get(f"{BASE}/partnerships", headers=bearer(world.viewer))
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    [alpha] = body["items"]
    assert alpha["short_name"] == "alpha"
    assert alpha["name"] == "Alpha Partnership"
    assert alpha["url"] == "http://testserver/p/alpha/"


def test_one_partnership(client, world):
    answer = client.get(f"{BASE}/partnerships/alpha", headers=bearer(world.viewer))
    assert answer.status_code == 200
    assert answer.json()["reporting_year_start_month"] == 4


def test_another_partnership_is_not_found(client, world):
    headers = bearer(world.viewer)
    assert client.get(f"{BASE}/partnerships/beta", headers=headers).status_code == 404
    assert client.get(f"{BASE}/partnerships/beta/organisations",
                      headers=headers).status_code == 404


def test_without_a_token_the_answer_is_401(client, world):
    assert client.get(f"{BASE}/partnerships").status_code == 401


def test_organisations_are_paged(client, world):
    headers = bearer(world.viewer)
    answer = client.get(f"{BASE}/partnerships/alpha/organisations?limit=1", headers=headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [one["name"] for one in body["items"]] == ["Alpha Council"]
    second = client.get(f"{BASE}/partnerships/alpha/organisations?limit=1&offset=1",
                        headers=headers).json()
    assert second["items"] == [{"id": world.health_board.pk, "name": "NHS Alpha",
                                "kind": "health_board", "kind_label": "Health board",
                                "short_code": "NHSA"}]


def test_organisations_modified_since_gives_only_those_changed(client, world):
    moment = timezone.now()
    world.council.name = "Alpha City Council"
    world.council.save()
    answer = client.get(f"{BASE}/partnerships/alpha/organisations",
                        {"modified_since": moment.isoformat()}, headers=bearer(world.viewer))
    assert [one["name"] for one in answer.json()["items"]] == ["Alpha City Council"]


def test_organisations_take_a_fixed_number_of_queries(client, world,
                                                      django_assert_max_num_queries):
    for number in range(20):
        Organisation.objects.create(partnership=world.partnership, name=f"Body {number}",
                                    kind="other", short_code=f"B{number}")
    headers = bearer(world.viewer)
    with django_assert_max_num_queries(6):
        answer = client.get(f"{BASE}/partnerships/alpha/organisations", headers=headers)
    assert answer.json()["count"] == 22
