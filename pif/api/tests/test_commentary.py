"""The API's commentary: reading it, and writing it as the web's commentary page does
(pif/api/routers/commentary.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.lib.periods import Period
from pif.measures import rules, services
from pif.measures.models import Commentary
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "t", timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def indicator(world):
    """AE-4HR, owned by NHS Alpha: the contributor's organisation."""
    return world.sample_indicator()


def write(client, user, indicator, **fields):
    body = {"period": "April 2024", "what_it_shows": "Fewer waits.", "version": 0, **fields}
    return client.post(f"{BASE}/indicators/{indicator.pk}/commentary", body,
                       content_type="application/json", headers=bearer(user))


def test_a_contributor_writes_commentary_on_their_own_indicator(client, world, indicator):
    answer = write(client, world.contributor, indicator, why="More staff.")
    assert answer.status_code == 200, answer.content
    saved = answer.json()
    assert (saved["period"], saved["period_label"]) == ("M2024-04", "April 2024")
    assert (saved["what_it_shows"], saved["why"], saved["actions"]) == (
        "Fewer waits.", "More staff.", "")
    assert saved["version"] == 1
    assert saved["author_name"] == "Contributor"
    assert saved["indicator_code"] == "AE-4HR"
    assert saved["is_public"] is False
    # through the service: its event says it came through the API
    event = Event.objects.get(verb="commentary_added")
    assert (event.actor, event.via) == (world.contributor, "API")


def test_the_version_read_is_sent_back_and_a_stale_one_gives_409(client, world, indicator):
    first = write(client, world.contributor, indicator).json()
    changed = write(client, world.editor, indicator, what_it_shows="Better.",
                    version=first["version"])
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = write(client, world.contributor, indicator, what_it_shows="Mine.",
                  version=first["version"])
    assert stale.status_code == 409
    assert Commentary.objects.get().what_it_shows == "Better."
    # a new commentary (version 0) where one was saved meanwhile is refused too
    assert write(client, world.editor, indicator, version=0).status_code == 409


def test_a_period_as_a_key_must_be_of_the_indicators_frequency(client, world, indicator):
    assert write(client, world.editor, indicator, period="M2024-03").status_code == 200
    answer = write(client, world.editor, indicator, period="FQ2024-1")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "period"
    assert answer.json()["errors"][0]["rule"] == "period_format"


def test_contributors_write_only_on_their_organisations_indicators(client, world, indicator):
    councils = make_indicator(world.partnership, owner=world.council, code="DD-1", values=[3])
    assert write(client, world.contributor, councils, period="January 2024").status_code == 403
    assert write(client, world.viewer, indicator).status_code == 403
    assert not Commentary.objects.exists()


def test_another_partnerships_indicator_is_not_found(client, world, indicator):
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="B-1",
                            values=[1])
    assert write(client, world.editor, theirs, period="January 2024").status_code == 404
    # and a token of that partnership cannot write on this one's
    assert write(client, world.outsider, indicator).status_code == 404


def test_text_the_rules_refuse_gives_422_with_the_rule(client, world, indicator):
    answer = write(client, world.contributor, indicator,
                   why="x" * (rules.COMMENTARY_LONGEST + 1))
    assert answer.status_code == 422
    assert answer.json()["errors"][0] == {"field": "why", "message": rules.commentary_too_long(
        "why"), "rule": "commentary_length"}
    shown = write(client, world.contributor, indicator, is_public=True)
    assert shown.status_code == 422
    assert shown.json()["errors"][0]["rule"] == "commentary_public_by_editor"
    blank = write(client, world.contributor, indicator, what_it_shows="  ")
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "what_it_shows"
    assert write(client, world.contributor, indicator, why="a\x00b").status_code == 422
    assert not Commentary.objects.exists()


def test_an_editor_shows_commentary_publicly(client, world, indicator):
    answer = write(client, world.editor, indicator, is_public=True)
    assert answer.json()["is_public"] is True


def add(indicator, period: Period, words: str) -> Commentary:
    return services.save_commentary(COMMAND_LINE, indicator, period, {"what_it_shows": words},
                                    loaded_version=0)


def test_the_list_with_its_filters(client, world, indicator):
    other = make_indicator(world.partnership, owner=world.council, code="DD-1", values=[3])
    add(indicator, Period.month(2024, 3), "March")
    moment = timezone.now()
    add(indicator, Period.month(2024, 4), "April")
    add(other, Period.month(2024, 1), "January")
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="B-1")
    add(theirs, Period.month(2024, 1), "Not yours")
    headers = bearer(world.viewer)

    def words(**filters) -> list[str]:
        answer = client.get(f"{BASE}/commentary", filters, headers=headers)
        assert answer.status_code == 200, answer.content
        return [one["what_it_shows"] for one in answer.json()["items"]]

    assert words() == ["April", "March", "January"]
    assert words(indicator_id=other.pk) == ["January"]
    assert words(period="M2024-03") == ["March"]
    assert words(modified_since=moment.isoformat()) == ["April", "January"]
    assert words(indicator_id=theirs.pk) == []
    assert words(limit=1, offset=1) == ["March"]


def test_the_list_takes_a_fixed_number_of_queries(client, world, indicator,
                                                  django_assert_max_num_queries):
    period = Period.month(2023, 1)
    for _ in range(20):
        add(indicator, period, "Words")
        period = period.next()
    headers = bearer(world.viewer)
    with django_assert_max_num_queries(6):
        answer = client.get(f"{BASE}/commentary", headers=headers)
    assert answer.json()["count"] == 20
