"""The activity page: the event log in plain words, read by position like History."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import services
from pif.partnerships.models import Event

URL = "/p/alpha/activity/"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def add_events(world, count, *, same_time_in_twos=False):
    """`count` events of the world's partnership, one a minute from START (or two at each
    minute, so positions tie on time and are told apart by id); their ids, newest first."""
    events = Event.objects.bulk_create([
        Event(partnership=world.partnership, verb="organisation_changed",
              description=f"Change {number}") for number in range(count)])
    for number, event in enumerate(events):  # `created` is set on saving, so set it after
        event.created = START + timedelta(minutes=number // 2 if same_time_in_twos else number)
    Event.objects.bulk_update(events, ["created"], batch_size=500)
    return [event.pk for event in sorted(events, key=lambda e: (e.created, e.pk), reverse=True)]


def follow(client, response, title):
    """The page a Newer or Older link of `response` leads to."""
    link = response.context[f"{title.lower()}_link"]
    assert link, f"no {title} link"
    return client.get(URL + html.unescape(link))


def ids(response):
    return [event.pk for event in response.context["events"]]


def test_it_lists_events_newest_first_with_who_did_them(client, world):
    actor = Actor(user=world.admin)
    services.add_organisation(actor, world.partnership, name="Alpha Police", kind="police",
                              short_code="AP")
    viewer = world.membership("viewer")
    services.change_membership(actor, viewer, role="editor", organisation=viewer.organisation,
                               loaded_version=PROGRAM_CHANGE)
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.status_code == 200
    events = list(response.context["events"])
    assert [e.verb for e in events] == ["role_changed", "organisation_added"]
    page = response.content.decode()
    assert page.index("Role changed") < page.index("Organisation added")
    assert "Viewer changed from viewer to editor" in page
    assert "Alpha Police (police) added" in page


def test_events_from_the_command_line_name_the_operator(client, world):
    services.add_organisation(COMMAND_LINE, world.partnership, name="Alpha Police",
                              kind="police", short_code="AP")
    client.force_login(world.viewer)
    assert "Operator (command line)" in client.get(URL).content.decode()


def test_it_shows_only_this_partnerships_events(client, world):
    services.add_organisation(Actor(user=world.outsider), world.other_partnership,
                              name="Beta Police", kind="police", short_code="BP")
    client.force_login(world.viewer)
    response = client.get(URL)
    assert list(response.context["events"]) == []
    assert "Nothing has happened yet." in response.content.decode()


def test_it_pages_through_many_events(client, world):
    for number in range(55):
        Actor().event(world.partnership, "organisation_changed", f"Change {number}")
    client.force_login(world.viewer)
    first = client.get(URL)
    assert len(first.context["events"]) == 50
    assert ">Older<" in first.content.decode()
    assert ">Newer<" not in first.content.decode()
    second = follow(client, first, "Older")
    assert [e.description for e in second.context["events"]] == [
        f"Change {n}" for n in range(4, -1, -1)]
    assert second.context["older_link"] == ""
    assert ">Newer<" in second.content.decode()


def test_walking_older_then_newer_visits_every_event_once_in_order(client, world):
    expected = add_events(world, 123, same_time_in_twos=True)
    client.force_login(world.viewer)
    pages = [client.get(URL)]
    while pages[-1].context["older_link"]:
        pages.append(follow(client, pages[-1], "Older"))
    assert [pk for page in pages for pk in ids(page)] == expected
    assert [len(ids(page)) for page in pages] == [50, 50, 23]
    back = [pages[-1]]
    while back[-1].context["newer_link"]:
        back.append(follow(client, back[-1], "Newer"))
    assert [ids(page) for page in back[::-1]] == [ids(page) for page in pages]


def test_a_deep_page_costs_what_the_first_page_costs(client, world):
    add_events(world, 2_000)
    client.force_login(world.viewer)
    client.get(URL)  # warm up: session, content types
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(URL)
    deep = first
    for _ in range(30):
        deep = follow(client, deep, "Older")
    with CaptureQueriesContext(connection) as deep_queries:
        again = client.get(URL + html.unescape(deep.context["older_link"]))
    assert len(ids(again)) == 50 and ids(again)[0] < ids(first)[-1]
    assert len(deep_queries.captured_queries) == len(first_queries.captured_queries)
    event_reads = [q["sql"] for q in deep_queries.captured_queries
                   if 'FROM "partnerships_event"' in q["sql"]]
    assert len(event_reads) == 1 and event_reads[0].endswith("LIMIT 51")


@pytest.mark.parametrize("position", [
    "", "x", "~", "~~", "20261205T062301000000", "20261205T062301000000~-1",
    "20261305T062301000000~1", "20261205T062301000000~1~2", "\u00b2~\u00b2",
    "20261205T062301000000~99999999999999999999999999", "page=2"])
def test_an_altered_page_position_shows_the_newest_events(client, world, position):
    add_events(world, 60)
    client.raise_request_exception = False
    client.force_login(world.viewer)
    newest = ids(client.get(URL))
    for direction in ("before", "after"):
        response = client.get(URL, {direction: position})
        assert response.status_code == 200
        assert ids(response) == newest


def test_a_position_past_the_end_says_nothing_has_happened(client, world):
    add_events(world, 3)
    client.force_login(world.viewer)
    response = client.get(URL, {"before": "19000101T000000000000~1"})
    assert response.status_code == 200
    assert ids(response) == []


def test_an_outsider_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404
