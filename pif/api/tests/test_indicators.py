"""The API's indicators with their status, by id and by code, and their targets
(pif/api/routers/indicators.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.measures import services
from pif.measures.models import Tag, Target
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome
from pif.spc.vocabulary import Rag

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/indicators"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "t", timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


def set_target(indicator, value=None, trajectory=""):
    return services.save_target(COMMAND_LINE, Target(indicator=indicator, value=value),
                                trajectory_text=trajectory)


@pytest.fixture
def sample(world):
    """AE-4HR (owned by NHS Alpha, latest value 92.0 for April 2024) with a target of 95,
    so red; DD-1 (owned by Alpha Council) with no data."""
    indicator = world.sample_indicator()
    set_target(indicator, 95)
    other = make_indicator(world.partnership, owner=world.council, code="DD-1",
                           title="Delayed discharges", unit="count", decimals=0)
    return indicator, other


def items(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [one["code"] for one in answer.json()["items"]]


def test_the_list_gives_each_indicator_with_its_status(client, world, sample):
    answer = client.get(BASE, headers=bearer(world.viewer))
    assert items(answer) == ["AE-4HR", "DD-1"]
    first, second = answer.json()["items"]
    assert first["owner"] == {"id": world.health_board.pk, "name": "NHS Alpha",
                              "short_code": "NHSA"}
    assert (first["unit"], first["improvement"], first["frequency"]) == (
        "percentage", "higher", "monthly")
    status = first["status"]
    assert (status["latest_period"], status["latest_period_label"]) == ("M2024-04", "April 2024")
    assert status["latest_value"] == 92.0
    assert status["target_value"] == 95.0
    assert status["rag"] == Rag.RED.value
    assert status["rag_label"] == Rag.RED.label
    assert status["points"] == 4
    assert first["url"] == "http://testserver/p/alpha/indicators/AE-4HR/"
    # never computed: every word empty, signal "no data"
    assert second["status"]["rag"] == ""
    assert second["status"]["latest_value"] is None
    assert second["status"]["signal"] == "no data"


def test_filters(client, world, sample):
    indicator, other = sample
    tag = Tag.objects.create(partnership=world.partnership, name="National indicator")
    other.tags.add(tag)
    outcome = make_outcome(world.partnership)
    outcome.indicators.add(indicator)
    headers = bearer(world.viewer)
    assert items(client.get(BASE, {"code": "ae-4hr"}, headers=headers)) == ["AE-4HR"]
    assert items(client.get(BASE, {"tag": "national INDICATOR"}, headers=headers)) == ["DD-1"]
    assert items(client.get(BASE, {"owner_organisation_id": world.council.pk},
                            headers=headers)) == ["DD-1"]
    assert items(client.get(BASE, {"outcome_id": outcome.pk}, headers=headers)) == ["AE-4HR"]
    assert items(client.get(BASE, {"rag": Rag.RED.value}, headers=headers)) == ["AE-4HR"]
    assert items(client.get(BASE, {"rag": Rag.GREEN.value}, headers=headers)) == []
    assert items(client.get(BASE, {"search": "discharge"}, headers=headers)) == ["DD-1"]
    assert items(client.get(BASE, {"published": "false"}, headers=headers)) == ["AE-4HR", "DD-1"]
    answer = client.get(BASE, {"outcome_id": outcome.pk}, headers=headers)
    assert answer.json()["items"][0]["outcome_ids"] == [outcome.pk]


def test_a_filter_that_does_not_fit_is_refused_with_422(client, world, sample):
    headers = bearer(world.viewer)
    answer = client.get(BASE, {"rag": "purple"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "rag"
    # an id too large for the database is refused before it reaches it
    assert client.get(BASE, {"owner_organisation_id": 2**70}, headers=headers).status_code == 422
    assert client.get(f"{BASE}/{2**70}", headers=headers).status_code == 422


def test_the_list_is_paged(client, world, sample):
    answer = client.get(BASE, {"limit": 1, "offset": 1}, headers=bearer(world.viewer))
    assert items(answer) == ["DD-1"]
    assert answer.json()["count"] == 2


def test_modified_since_gives_indicators_changed_or_with_a_new_status(client, world, sample):
    indicator, other = sample
    moment = timezone.now()
    headers = bearer(world.viewer)
    assert items(client.get(BASE, {"modified_since": moment.isoformat()}, headers=headers)) == []
    indicator.targets.all().delete()
    set_target(indicator, 90)  # its status is computed again: now green
    answer = client.get(BASE, {"modified_since": moment.isoformat()}, headers=headers)
    assert items(answer) == ["AE-4HR"]
    assert answer.json()["items"][0]["status"]["rag"] == Rag.GREEN.value
    other.title = "Delayed discharges from hospital"
    other.save()
    assert items(client.get(BASE, {"modified_since": moment.isoformat()},
                            headers=headers)) == ["AE-4HR", "DD-1"]


def test_one_indicator_by_id_and_by_code_in_any_capitals(client, world, sample):
    indicator, _ = sample
    headers = bearer(world.viewer)
    by_id = client.get(f"{BASE}/{indicator.pk}", headers=headers)
    by_code = client.get(f"{BASE}/by-code/ae-4hr", headers=headers)
    assert by_id.status_code == by_code.status_code == 200
    assert by_id.json() == by_code.json()
    assert by_id.json()["code"] == "AE-4HR"
    assert by_id.json()["due_days"] == 30
    assert by_id.json()["status"]["rag"] == Rag.RED.value


def test_another_partnerships_indicator_is_not_found(client, world, sample):
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="BETA-1")
    headers = bearer(world.viewer)
    assert client.get(f"{BASE}/{theirs.pk}", headers=headers).status_code == 404
    assert client.get(f"{BASE}/by-code/BETA-1", headers=headers).status_code == 404
    assert client.get(f"{BASE}/{theirs.pk}/targets", headers=headers).status_code == 404
    answer = client.get(BASE, {"code": "BETA-1"}, headers=headers)
    assert items(answer) == []
    # and its own members read it
    outsider = bearer(world.outsider)
    assert client.get(f"/api/v1/partnerships/beta/indicators/{theirs.pk}",
                      headers=outsider).status_code == 200


def test_targets_with_their_trajectories(client, world, sample):
    indicator, _ = sample
    set_target(indicator, trajectory="May 2024, 93\nJune 2024, 94.5")
    answer = client.get(f"{BASE}/{indicator.pk}/targets", headers=bearer(world.viewer))
    assert answer.status_code == 200
    single, trajectory = answer.json()["items"]
    assert (single["value"], single["is_trajectory"], single["points"]) == (95.0, False, [])
    assert trajectory["is_trajectory"] is True
    assert trajectory["points"] == [
        {"period": "M2024-05", "period_label": "May 2024", "period_start": "2024-05-01",
         "value": 93.0},
        {"period": "M2024-06", "period_label": "June 2024", "period_start": "2024-06-01",
         "value": 94.5}]


def test_an_editor_sets_a_target(client, world, sample):
    indicator, _ = sample
    answer = client.post(f"{BASE}/{indicator.pk}/targets", {
        "level": "stretch", "trajectory": [{"period": "2024-05", "value": 96},
                                           {"period": "June 2024", "value": 0.0000001}]},
        content_type="application/json", headers=bearer(world.editor))
    assert answer.status_code == 201, answer.content
    saved = answer.json()
    assert saved["level"] == "stretch"
    assert [point["value"] for point in saved["points"]] == [96.0, 0.0000001]
    assert indicator.targets.count() == 2


def test_setting_a_target_needs_an_editor(client, world, sample):
    indicator, _ = sample
    for role in ("viewer", "contributor"):
        answer = client.post(f"{BASE}/{indicator.pk}/targets", {"value": 90},
                             content_type="application/json", headers=bearer(world.users[role]))
        assert answer.status_code == 403, role
    assert indicator.targets.count() == 1


def test_a_target_the_rules_refuse_gives_422_with_the_rule(client, world, sample):
    indicator, _ = sample
    url = f"{BASE}/{indicator.pk}/targets"
    headers = bearer(world.editor)
    answer = client.post(url, {"level": "standard"}, content_type="application/json",
                         headers=headers)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{
        "field": "value", "message": "Enter a target value, or a trajectory below",
        "rule": "target_value_or_trajectory"}]
    both = client.post(url, {"value": 90, "trajectory": [{"period": "2024-05", "value": 91}]},
                       content_type="application/json", headers=headers)
    assert both.json()["errors"][0]["rule"] == "target_not_both"
    assert indicator.targets.count() == 1


def test_the_list_takes_a_fixed_number_of_queries(client, world, sample,
                                                  django_assert_max_num_queries):
    tag = Tag.objects.create(partnership=world.partnership, name="Theme")
    outcome = make_outcome(world.partnership)
    for number in range(15):
        indicator = make_indicator(world.partnership, owner=world.council, code=f"X-{number}",
                                   values=[1, 2, 3])
        indicator.tags.add(tag)
        outcome.indicators.add(indicator)
    headers = bearer(world.viewer)
    with django_assert_max_num_queries(9):
        answer = client.get(BASE, headers=headers)
    assert answer.json()["count"] == 17
    with django_assert_max_num_queries(9):
        client.get(f"{BASE}/{world.sample_indicator().pk}/targets", headers=headers)


def test_a_rule_message_with_a_percent_sign_is_refused_with_422(client, world, sample):
    indicator, _ = sample  # a percentage indicator
    answer = client.post(f"{BASE}/{indicator.pk}/targets", {"value": 150},
                         content_type="application/json", headers=bearer(world.editor))
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert (error["field"], error["rule"]) == ("value", "percentage_range")
    assert "100%" in error["message"]
    assert indicator.targets.count() == 1
