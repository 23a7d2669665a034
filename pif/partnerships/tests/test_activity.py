"""The activity page: the event log in plain words."""

from pif.editing import PROGRAM_CHANGE
from pif.partnerships import services
from pif.partnerships.events import record_event

URL = "/p/alpha/activity/"


def test_it_lists_events_newest_first_with_who_did_them(client, world):
    actor = services.Actor(user=world.admin)
    services.add_organisation(actor, world.partnership, name="Alpha Police", kind="police",
                              short_code="AP")
    viewer = world.membership("viewer")
    services.change_membership(actor, viewer, role="editor", organisation=viewer.organisation,
                               loaded_version=PROGRAM_CHANGE)
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.status_code == 200
    events = list(response.context["page_obj"])
    assert [e.verb for e in events] == ["role_changed", "organisation_added"]
    page = response.content.decode()
    assert page.index("Role changed") < page.index("Organisation added")
    assert "Viewer changed from viewer to editor" in page
    assert "Alpha Police (police) added" in page


def test_events_from_the_command_line_name_the_operator(client, world):
    services.add_organisation(services.COMMAND_LINE, world.partnership, name="Alpha Police",
                              kind="police", short_code="AP")
    client.force_login(world.viewer)
    assert "Operator (command line)" in client.get(URL).content.decode()


def test_it_shows_only_this_partnerships_events(client, world):
    services.add_organisation(services.Actor(user=world.outsider), world.other_partnership,
                              name="Beta Police", kind="police", short_code="BP")
    client.force_login(world.viewer)
    response = client.get(URL)
    assert list(response.context["page_obj"]) == []
    assert "Nothing has happened yet." in response.content.decode()


def test_it_pages_through_many_events(client, world):
    for number in range(55):
        record_event(world.partnership, "organisation_changed", f"Change {number}")
    client.force_login(world.viewer)
    first = client.get(URL)
    assert len(first.context["page_obj"]) == 50
    assert "Older" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert [e.description for e in second.context["page_obj"]] == [
        f"Change {n}" for n in range(4, -1, -1)]


def test_an_outsider_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404
