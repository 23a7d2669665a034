"""The improvement API: projects and their PDSA cycles, read only."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.improvement.models import PdsaCycle, Project
from pif.improvement.testing import make_change_idea, make_cycle, make_project
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha/projects"


def bearer(user) -> dict:
    _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                       timezone.now() + timedelta(days=30))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def viewer(world):
    return bearer(world.users["viewer"])


def ids(answer) -> list[int]:
    assert answer.status_code == 200, answer.content
    return [item["id"] for item in answer.json()["items"]]


@pytest.fixture
def projects(world):
    outcome = make_outcome(world.partnership)
    falls = make_project(world.partnership, world.health_board, "Fewer falls",
                         status=Project.Status.ACTIVE, outcome=outcome,
                         lead=world.users["contributor"])
    huddle = make_change_idea(falls, "Falls huddle")
    first = make_cycle(falls, huddle, "Cycle 1", do_notes="Ran it", study_notes="Fewer falls",
                       decision="adapt")
    second = make_cycle(falls, huddle, "Cycle 2", follows=first,
                        start_date=datetime.date(2026, 6, 1))
    first.indicators.add(make_indicator(world.partnership, owner=world.health_board,
                                        code="FALLS"))
    waits = make_project(world.partnership, world.council, "Shorter waits")
    return falls, waits, first, second, outcome


def test_lists_projects(client, world, viewer, projects):
    falls, waits, *_ = projects
    make_project(world.other_partnership, world.other_council, "Beta's project")
    body = client.get(BASE, headers=viewer).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["title"] == "Fewer falls"
    assert first["lead"] == "Contributor"
    assert first["change_ideas"] == [{"id": falls.change_ideas.get().pk,
                                      "title": "Falls huddle"}]
    assert first["url"].endswith(f"/projects/{falls.pk}/")


def test_project_filters_and_paging(client, world, viewer, projects):
    falls, waits, _, _, outcome = projects
    assert ids(client.get(BASE, {"status": "active"}, headers=viewer)) == [falls.pk]
    assert ids(client.get(BASE, {"organisation_id": world.council.pk},
                          headers=viewer)) == [waits.pk]
    assert ids(client.get(BASE, {"outcome_id": outcome.pk}, headers=viewer)) == [falls.pk]
    assert ids(client.get(BASE, {"limit": 1, "offset": 1}, headers=viewer)) == [waits.pk]
    assert client.get(BASE, {"status": "dreaming"}, headers=viewer).status_code == 422


def test_project_modified_since(client, viewer, projects):
    falls, waits, *_ = projects
    moment = timezone.now()
    Project.history.filter(id=falls.pk).update(history_date=moment - timedelta(hours=1))
    Project.history.filter(id=waits.pk).update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(BASE, {"modified_since": moment.isoformat()},
                          headers=viewer)) == [waits.pk]


def test_a_project_and_its_cycles(client, viewer, projects):
    falls, _, first, second, _ = projects
    assert client.get(f"{BASE}/{falls.pk}", headers=viewer).json()["status"] == "active"
    body = client.get(f"{BASE}/{falls.pk}/pdsa-cycles", headers=viewer).json()
    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    assert body["items"][0]["stage"] == "Act"
    assert body["items"][0]["decision"] == "adapt"
    assert len(body["items"][0]["indicator_ids"]) == 1
    assert body["items"][1]["follows_id"] == first.pk
    assert body["items"][1]["stage"] == "Plan"
    assert ids(client.get(f"{BASE}/{falls.pk}/pdsa-cycles", {"decision": "adapt"},
                          headers=viewer)) == [first.pk]
    moment = timezone.now()
    PdsaCycle.history.filter(id=first.pk).update(history_date=moment + timedelta(seconds=1))
    PdsaCycle.history.filter(id=second.pk).update(history_date=moment - timedelta(hours=1))
    assert ids(client.get(f"{BASE}/{falls.pk}/pdsa-cycles",
                          {"modified_since": moment.isoformat()}, headers=viewer)) == [first.pk]


def test_another_partnerships_project_is_not_found(client, world, viewer):
    theirs = make_project(world.other_partnership, world.other_council)
    make_cycle(theirs)
    assert client.get(f"{BASE}/{theirs.pk}", headers=viewer).status_code == 404
    assert client.get(f"{BASE}/{theirs.pk}/pdsa-cycles", headers=viewer).status_code == 404


def test_the_lists_cost_the_same_queries_however_long(client, world, viewer,
                                                      django_assert_max_num_queries):
    falls = make_project(world.partnership, world.health_board, lead=world.users["editor"])
    indicator = make_indicator(world.partnership, owner=world.health_board, code="FALLS")

    def add(start, n):
        for i in range(start, start + n):
            project = make_project(world.partnership, world.council, f"Project {i}",
                                   lead=world.users["editor"])
            make_change_idea(project, f"Idea {i}")
            make_cycle(falls, title=f"Cycle {i}").indicators.add(indicator)

    add(0, 2)
    cycles = f"{BASE}/{falls.pk}/pdsa-cycles"
    with CaptureQueriesContext(connection) as few_projects:
        assert client.get(BASE, headers=viewer).json()["count"] == 3
    with CaptureQueriesContext(connection) as few_cycles:
        assert client.get(cycles, headers=viewer).json()["count"] == 2
    add(2, 8)
    with django_assert_max_num_queries(len(few_projects)):
        assert client.get(BASE, headers=viewer).json()["count"] == 11
    with django_assert_max_num_queries(len(few_cycles)):
        assert client.get(cycles, headers=viewer).json()["count"] == 10


def test_a_project_whose_change_idea_changed_is_modified_since(client, viewer, projects):
    from pif.improvement.models import ChangeIdea

    falls, waits, *_ = projects
    make_change_idea(falls, "Hip protectors")
    moment = timezone.now()
    for model in (Project, ChangeIdea):
        model.history.update(history_date=moment - timedelta(hours=1))
    assert ids(client.get(BASE, {"modified_since": moment.isoformat()}, headers=viewer)) == []
    # Both of its change ideas changed: the project is listed once.
    ChangeIdea.history.update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(BASE, {"modified_since": moment.isoformat()},
                          headers=viewer)) == [falls.pk]
