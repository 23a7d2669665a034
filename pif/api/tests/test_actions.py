"""The actions API: the plan with its filters, an action with its milestones, its progress
log, and adding a progress update through the web page's service, with the page's access."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.editing import PROGRAM_CHANGE
from pif.improvement.models import Action, Milestone, ProgressUpdate
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action
from pif.outcomes.testing import make_outcome

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/actions"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                       timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


def as_role(world, role) -> dict:
    return bearer(world.users[role])


def ids(answer) -> list[int]:
    assert answer.status_code == 200, answer.content
    return [item["id"] for item in answer.json()["items"]]


@pytest.fixture
def plan(world):
    """A01 owned by the health board (the contributor's), overdue, for an outcome, with a
    milestone; A02 owned by the council, ongoing, on track."""
    outcome = make_outcome(world.partnership)
    late = make_action(world.partnership, world.health_board, "A01",
                       start_date=datetime.date(2026, 1, 1), due_date=datetime.date(2026, 6, 30))
    late.outcomes.add(outcome)
    Milestone.objects.create(action=late, title="Clinic room found",
                             due_date=datetime.date(2026, 3, 1))
    ongoing = make_action(world.partnership, world.council, "A02", is_ongoing=True,
                          due_date=None, status="on_track")
    return late, ongoing, outcome


def test_lists_the_plan_with_milestones(client, world, plan):
    late, ongoing, outcome = plan
    make_action(world.other_partnership, world.other_council, "A01")
    body = client.get(BASE, headers=as_role(world, "viewer")).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["reference"] == "A01"
    assert first["overdue"] is True
    assert first["outcome_ids"] == [outcome.pk]
    assert first["milestones"][0]["title"] == "Clinic room found"
    assert first["url"].endswith(f"/actions/{late.pk}/")
    assert body["items"][1]["overdue"] is False


def test_filters(client, world, plan):
    late, ongoing, outcome = plan
    viewer = as_role(world, "viewer")
    assert ids(client.get(BASE, {"status": "on_track"}, headers=viewer)) == [ongoing.pk]
    assert ids(client.get(BASE, {"owner_organisation_id": world.council.pk},
                          headers=viewer)) == [ongoing.pk]
    assert ids(client.get(BASE, {"outcome_id": outcome.pk}, headers=viewer)) == [late.pk]
    assert ids(client.get(BASE, {"overdue": "true"}, headers=viewer)) == [late.pk]
    assert ids(client.get(BASE, {"overdue": "false"}, headers=viewer)) == [ongoing.pk]
    assert ids(client.get(BASE, {"limit": 1, "offset": 1}, headers=viewer)) == [ongoing.pk]
    huge = 10**20  # beyond any database's integers: refused as not fitting, never sent to it
    assert client.get(BASE, {"outcome_id": huge}, headers=viewer).status_code == 422
    assert client.get(f"{BASE}/{huge}", headers=viewer).status_code == 422


def test_an_unknown_status_is_refused(client, world):
    answer = client.get(BASE, {"status": "sleeping"}, headers=as_role(world, "viewer"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "status"


def test_modified_since(client, world, plan):
    late, ongoing, _ = plan
    moment = timezone.now()
    Action.history.filter(id=late.pk).update(history_date=moment - timedelta(hours=1))
    Action.history.filter(id=ongoing.pk).update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(BASE, {"modified_since": moment.isoformat()},
                          headers=as_role(world, "viewer"))) == [ongoing.pk]


def test_another_partnerships_action_is_not_found(client, world):
    theirs = make_action(world.other_partnership, world.other_council, "A09")
    viewer = as_role(world, "viewer")
    assert client.get(f"{BASE}/{theirs.pk}", headers=viewer).status_code == 404
    assert client.get(f"{BASE}/{theirs.pk}/updates", headers=viewer).status_code == 404
    answer = client.post(f"{BASE}/{theirs.pk}/updates", {"text": "x", "percent_complete": 5},
                         content_type="application/json", headers=as_role(world, "editor"))
    assert answer.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_the_progress_log(client, world, plan):
    late, _, _ = plan
    service.add_progress_update(COMMAND_LINE, late, loaded_version=PROGRAM_CHANGE,
                                percent_complete=20, status="off_track", text="Slow start",
                                written_on=datetime.date(2026, 11, 1),
                                today=datetime.date(2026, 12, 5))
    body = client.get(f"{BASE}/{late.pk}/updates", headers=as_role(world, "viewer")).json()
    assert body["count"] == 1
    assert body["items"][0]["text"] == "Slow start"
    assert body["items"][0]["written_on"] == "2026-11-01"


def post_update(client, headers, action, **fields):
    fields = {"text": "Clinic room found", "percent_complete": 40, **fields}
    return client.post(f"{BASE}/{action.pk}/updates", fields,
                       content_type="application/json", headers=headers)


def test_a_contributor_updates_their_organisations_action(client, world, plan):
    late, _, _ = plan
    answer = post_update(client, as_role(world, "contributor"), late, status="off_track",
                         status_reason="The room fell through")
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "off_track"
    assert answer.json()["author"] == "Contributor"
    late.refresh_from_db()
    assert (late.percent_complete, late.status) == (40, "off_track")
    assert late.history.first().history_user == world.users["contributor"]
    assert ProgressUpdate.objects.get().author == world.users["contributor"]


def test_a_status_left_out_is_the_suggested_one(client, world, plan):
    _, ongoing, _ = plan
    answer = post_update(client, as_role(world, "editor"), ongoing, percent_complete=10)
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "on_track"  # ongoing work has no suggestion: kept


def test_a_contributor_is_refused_another_organisations_action(client, world, plan):
    _, ongoing, _ = plan
    answer = post_update(client, as_role(world, "contributor"), ongoing, status="on_track")
    assert answer.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_viewer_is_refused(client, world, plan):
    late, _, _ = plan
    assert post_update(client, as_role(world, "viewer"), late).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_rules_refuse_with_their_names(client, world, plan):
    late, _, _ = plan
    editor = as_role(world, "editor")
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    answer = post_update(client, editor, late, status="on_track", written_on=future)
    assert answer.status_code == 422
    assert {error["rule"] for error in answer.json()["errors"]} >= {"update_not_in_future"}
    answer = post_update(client, editor, late, status="complete")
    assert answer.status_code == 422
    assert [error["rule"] for error in answer.json()["errors"]] == ["close_separately"]
    answer = post_update(client, editor, late, status="on_track", percent_complete=10**20)
    assert answer.status_code == 422
    answer = post_update(client, editor, late, status="on_track", text="Nul\x00here")
    assert answer.status_code == 422
    answer = post_update(client, editor, late, status="sleeping")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "update.status"
    assert not ProgressUpdate.objects.exists()


def test_an_old_version_is_a_conflict(client, world, plan):
    late, _, _ = plan
    editor = as_role(world, "editor")
    version = client.get(f"{BASE}/{late.pk}", headers=editor).json()["version"]
    assert post_update(client, editor, late, status="off_track", status_reason="Slow",
                       version=version).status_code == 201
    answer = post_update(client, editor, late, status="off_track", status_reason="Slow",
                         version=version)
    assert answer.status_code == 409
    assert ProgressUpdate.objects.count() == 1


def test_the_list_costs_the_same_queries_however_long(client, world,
                                                       django_assert_max_num_queries):
    viewer = as_role(world, "viewer")

    def add(start, n):
        for i in range(start, start + n):
            action = make_action(world.partnership, world.council, f"A{i:02d}",
                                 owner=world.users["editor"])
            action.outcomes.add(make_outcome(world.partnership, f"Outcome {i}"))
            Milestone.objects.create(action=action, title=f"Step {i}")

    add(0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE, headers=viewer).json()["count"] == 2
    add(2, 8)
    with django_assert_max_num_queries(len(few)):
        assert client.get(BASE, headers=viewer).json()["count"] == 10


def test_an_empty_update_from_long_ago_is_refused_not_a_server_error(client, world, plan):
    late, _, _ = plan
    answer = post_update(client, as_role(world, "editor"), late, text="", percent_complete=0,
                         status=None, written_on="2000-01-01", version=0)
    assert answer.status_code == 422, answer.content
    assert answer.json()["errors"][0]["field"] == "update.text"
    answer = post_update(client, as_role(world, "editor"), late, text="   ",
                         status="off_track", status_reason="Slow")
    assert answer.status_code == 422, answer.content
    assert not ProgressUpdate.objects.exists()
