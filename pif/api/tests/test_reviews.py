"""The reviews API: meeting series, meetings with their follow-ups, and self-assessments
with their agreed scores; read only, without what only editors see on the web."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.reviews import models as m
from pif.reviews.testing import (
    make_assessment,
    make_follow_up,
    make_framework_version,
    make_meeting,
    make_series,
    scored_nodes,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/alpha"


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


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, 10, 0))


@pytest.fixture
def meetings(world):
    series = make_series(world.partnership, world.users["editor"], cadence="monthly")
    first = make_meeting(series, at(5), stage=m.MeetingStage.FOLLOWED_UP,
                         notes="Not shown on any page")
    make_follow_up(first, owner=world.users["contributor"], closing_note="")
    second = make_meeting(series, at(26), focus_kind="organisation",
                          organisation=world.council)
    return series, first, second


def test_meeting_series(client, world, viewer, meetings):
    series, *_ = meetings
    make_series(world.other_partnership, world.outsider, name="BetaStat")
    body = client.get(f"{BASE}/meeting-series", headers=viewer).json()
    assert body["count"] == 1
    assert body["items"][0]["chair"] == "Editor"
    assert body["items"][0]["cadence"] == "monthly"
    detail = client.get(f"{BASE}/meeting-series/{series.pk}", headers=viewer).json()
    assert detail["url"].endswith(f"/{series.pk}/")


def test_meetings_with_their_follow_ups(client, viewer, meetings):
    _, first, second = meetings
    body = client.get(f"{BASE}/meetings", headers=viewer).json()
    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    held = body["items"][0]
    assert held["stage"] == "followed_up"
    assert held["follow_ups"][0]["owner"] == "Contributor"
    assert held["follow_ups"][0]["status"] == "open"
    assert "notes" not in held
    assert body["items"][1]["organisation_id"] == second.organisation_id


def test_meeting_filters_and_paging(client, viewer, meetings):
    series, first, second = meetings
    assert ids(client.get(f"{BASE}/meetings", {"stage": "planned"},
                          headers=viewer)) == [second.pk]
    assert ids(client.get(f"{BASE}/meetings", {"starts_after": at(20).isoformat()},
                          headers=viewer)) == [second.pk]
    assert ids(client.get(f"{BASE}/meetings", {"starts_before": at(20).isoformat()},
                          headers=viewer)) == [first.pk]
    assert ids(client.get(f"{BASE}/meetings", {"series_id": series.pk, "limit": 1,
                                               "offset": 1}, headers=viewer)) == [second.pk]
    assert client.get(f"{BASE}/meetings", {"stage": "adjourned"},
                      headers=viewer).status_code == 422
    moment = timezone.now()
    m.Meeting.history.filter(id=first.pk).update(history_date=moment - timedelta(hours=1))
    m.Meeting.history.filter(id=second.pk).update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(f"{BASE}/meetings", {"modified_since": moment.isoformat()},
                          headers=viewer)) == [second.pk]


@pytest.fixture
def assessment(world):
    version = make_framework_version()
    found = make_assessment(world.partnership, version, stage=m.AssessmentStage.CONSENSUS,
                            lead=world.users["editor"])
    node = scored_nodes(version)[0]
    m.AgreedScore.objects.create(assessment=found, node=node, percent=60,
                                 note="Editors' private reasoning",
                                 agreed_on=datetime.date(2026, 11, 30))
    return found


def test_assessments_with_agreed_scores_but_not_the_editors_note(client, viewer, assessment):
    body = client.get(f"{BASE}/assessments", headers=viewer).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["framework"] == "Test model"
    assert item["stage"] == "consensus"
    assert item["agreed_scores"] == [{"node_code": "1a", "node_label": "Vision and values",
                                      "percent": 60, "compliance": "",
                                      "agreed_on": "2026-11-30"}]
    assert "private" not in str(item)
    assert ids(client.get(f"{BASE}/assessments", {"stage": "closed"}, headers=viewer)) == []
    assert ids(client.get(f"{BASE}/assessments", {"method": "full"},
                          headers=viewer)) == [assessment.pk]
    detail = client.get(f"{BASE}/assessments/{assessment.pk}", headers=viewer)
    assert detail.json()["lead"] == "Editor"


def test_another_partnerships_records_are_not_found(client, world, viewer):
    series = make_series(world.other_partnership, world.outsider, name="BetaStat")
    meeting = make_meeting(series)
    theirs = make_assessment(world.other_partnership)
    assert client.get(f"{BASE}/meeting-series/{series.pk}", headers=viewer).status_code == 404
    assert client.get(f"{BASE}/meetings/{meeting.pk}", headers=viewer).status_code == 404
    assert client.get(f"{BASE}/assessments/{theirs.pk}", headers=viewer).status_code == 404


def test_the_lists_cost_the_same_queries_however_long(client, world, viewer,
                                                      django_assert_max_num_queries):
    series = make_series(world.partnership, world.users["editor"])
    version = make_framework_version()

    def add(start, n):
        for i in range(start, start + n):
            make_series(world.partnership, world.users["editor"], name=f"Stat {i}")
            meeting = make_meeting(series, at(1 + i))
            make_follow_up(meeting, owner=world.users["editor"])
            found = make_assessment(world.partnership, version, title=f"Round {i}",
                                    lead=world.users["editor"])
            for node in scored_nodes(version):
                m.AgreedScore.objects.create(assessment=found, node=node, percent=50)

    add(0, 2)
    urls = [f"{BASE}/meeting-series", f"{BASE}/meetings", f"{BASE}/assessments"]
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as few[url]:
            assert client.get(url, headers=viewer).json()["count"] >= 2
    add(2, 6)
    for url in urls:
        with django_assert_max_num_queries(len(few[url])):
            assert client.get(url, headers=viewer).json()["count"] >= 8


def _all_changed_before(moment, *models):
    for model in models:
        model.history.update(history_date=moment - timedelta(hours=1))


def test_a_meeting_whose_follow_up_changed_is_modified_since(client, viewer, meetings):
    _, first, second = meetings
    make_follow_up(first, text="A second follow-up")
    moment = timezone.now()
    _all_changed_before(moment, m.Meeting, m.FollowUp)
    assert ids(client.get(f"{BASE}/meetings", {"modified_since": moment.isoformat()},
                          headers=viewer)) == []
    # Both of the first meeting's follow-ups changed: it is listed once.
    m.FollowUp.history.filter(raised_at_id=first.pk).update(
        history_date=moment + timedelta(seconds=1))
    assert ids(client.get(f"{BASE}/meetings", {"modified_since": moment.isoformat()},
                          headers=viewer)) == [first.pk]


def test_an_assessment_whose_agreed_score_changed_is_modified_since(client, viewer,
                                                                    assessment):
    moment = timezone.now()
    _all_changed_before(moment, m.Assessment, m.AgreedScore)
    assert ids(client.get(f"{BASE}/assessments", {"modified_since": moment.isoformat()},
                          headers=viewer)) == []
    m.AgreedScore.history.update(history_date=moment + timedelta(seconds=1))
    assert ids(client.get(f"{BASE}/assessments", {"modified_since": moment.isoformat()},
                          headers=viewer)) == [assessment.pk]
