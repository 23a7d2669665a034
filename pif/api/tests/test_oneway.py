"""One way of doing each thing (review-api SHOULD 6, 7 and 9): the status PIF suggests is
worked out by the progress update service for the web and the API alike; one period reader
serves the measures pages and the API's commentary; the actions routes take record ids."""

import datetime
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import COMMAND_LINE, Actor
from pif.api import tokens
from pif.editing import PROGRAM_CHANGE
from pif.improvement.models import ProgressUpdate
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.periods import read_period_or_refuse
from pif.measures.views import posted_period

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/actions"
OCTOBER_2026 = datetime.date(2026, 10, 1)


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                       timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


def update(world, action, status, percent=10):
    return service.add_progress_update(
        Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
        percent_complete=percent, status=status, text="Slow start", today=OCTOBER_2026)


# -- the status PIF suggests, in the service --

def test_no_status_is_the_one_pif_suggests(world):
    action = make_action(world.partnership, world.council, status="on_track")  # April to March
    added = update(world, action, None)
    action.refresh_from_db()
    assert added.status == action.status == "off_track"  # 10% done of about half expected
    assert not action.status_overridden and action.status_reason == ""


def test_no_status_keeps_the_actions_own_when_pif_suggests_none(world):
    ongoing = make_action(world.partnership, world.council, is_ongoing=True, due_date=None,
                          status="at_risk")
    assert update(world, ongoing, None).status == "at_risk"
    ongoing.refresh_from_db()
    assert ongoing.status == "at_risk" and not ongoing.status_overridden


def test_a_status_given_other_than_the_suggested_one_still_needs_a_reason(world):
    action = make_action(world.partnership, world.council)
    with pytest.raises(ValidationError):
        update(world, action, "on_track")
    assert not ProgressUpdate.objects.exists()


def test_the_api_leaves_the_suggestion_to_the_service(client, world):
    action = make_action(world.partnership, world.council, status="on_track",
                         start_date=datetime.date(2020, 1, 1),
                         due_date=datetime.date(2099, 12, 31))
    expected = service.suggestion(action, service.settings_for(world.partnership),
                                  timezone.localdate(), 1)
    answer = client.post(f"{BASE}/{action.pk}/updates", {"text": "Begun", "percent_complete": 1},
                         content_type="application/json", headers=bearer(world.editor))
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == expected == "off_track"
    action.refresh_from_db()
    assert action.status == "off_track" and not action.status_overridden


# -- record ids in the actions routes --

@pytest.mark.parametrize("action_id", ["0", "-1", "99999999999999999999"])
@pytest.mark.parametrize("path", ["", "/updates"])
def test_an_id_that_cannot_be_a_record_is_refused_as_not_fitting(client, world, action_id,
                                                                  path):
    answer = client.get(f"{BASE}/{action_id}{path}", headers=bearer(world.viewer))
    assert answer.status_code == 422, answer.content


def test_an_update_for_an_id_that_cannot_be_a_record_changes_nothing(client, world):
    answer = client.post(f"{BASE}/0/updates", {"text": "Begun", "percent_complete": 1},
                         content_type="application/json", headers=bearer(world.editor))
    assert answer.status_code == 422
    assert not ProgressUpdate.objects.exists()


def test_the_schema_bounds_the_actions_ids(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (f"{BASE}/{{action_id}}", f"{BASE}/{{action_id}}/updates"):
        operations = schema["paths"][path.replace("/alpha/", "/{short_name}/")]
        for operation in operations.values():
            action_id = next(parameter for parameter in operation["parameters"]
                             if parameter["name"] == "action_id")
            assert action_id["schema"]["minimum"] == 1
            assert action_id["schema"]["maximum"] == 2**63 - 1


# -- one period reader --

@pytest.fixture
def monthly(world):
    return world.sample_indicator()  # AE-4HR, monthly


def test_a_period_is_read_as_written_or_as_its_key(monthly):
    assert read_period_or_refuse(monthly, "April 2024") == Period.month(2024, 4)
    assert read_period_or_refuse(monthly, "M2024-04") == Period.month(2024, 4)


@pytest.mark.parametrize(("text", "rule"), [("FQ2024-1", "period_format"),
                                            ("not a period", "period_format"),
                                            ("", "required")])
def test_a_period_the_indicator_cannot_have_is_refused_on_the_field(monthly, text, rule):
    with pytest.raises(ValidationError) as refused:
        read_period_or_refuse(monthly, text, "when")
    assert list(refused.value.error_dict) == ["when"]
    assert refused.value.error_dict["when"][0].code == rule


def test_the_pages_read_a_period_as_the_api_does(monthly):
    form = SimpleNamespace(cleaned_data={"period": "M2024-04"})
    assert posted_period(form, monthly) == Period.month(2024, 4)
    with pytest.raises(ValidationError) as refused:
        posted_period(SimpleNamespace(cleaned_data={}), monthly)
    assert refused.value.message_dict == {"period": ["Enter a period"]}
