"""The history page: every change, newest first, with who and what changed."""

import html

import pytest
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import services

URL = "/p/alpha/history/"


def change_name(world, user, name, version):
    services.update_settings(Actor(user=user), world.partnership.pk, {"name": name},
                             loaded_version=version)


def test_it_shows_who_changed_which_field_from_what_to_what(client, world):
    change_name(world, world.admin, "Alpha Together", 1)
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.status_code == 200
    newest = response.context["changes"][0]
    assert (newest.who, newest.kind, newest.action, newest.label) == (
        "Admin", "Partnership settings", "Changed", "Alpha Together")
    assert [(f.field, f.old, f.new) for f in newest.fields] == [
        ("Name", "Alpha Partnership", "Alpha Together")]
    page = response.content.decode()
    assert "<strong>Name</strong>: from “Alpha Partnership” to “Alpha Together”" in page


def test_it_lists_changes_newest_first(client, world):
    change_name(world, world.admin, "First", 1)
    services.add_organisation(Actor(user=world.editor), world.partnership,
                              name="Alpha Police", kind="police", short_code="AP")
    change_name(world, world.admin, "Third", 2)
    client.force_login(world.viewer)
    changes = client.get(URL).context["changes"]
    assert [(c.label, c.who) for c in changes[:3]] == [
        ("Third", "Admin"), ("Alpha Police", "Editor"), ("First", "Admin")]
    assert changes[0].fields[0].new == "Third"
    dates = [c.when for c in changes]
    assert dates == sorted(dates, reverse=True)


def test_changes_made_at_the_command_line_show_the_reason(client, world):
    services.add_organisation(COMMAND_LINE, world.partnership, name="Alpha Police",
                              kind="police", short_code="AP")
    client.force_login(world.viewer)
    newest = client.get(URL).context["changes"][0]
    assert (newest.who, newest.reason, newest.action) == (
        "Operator", "Changed through command line", "Created")


def test_it_filters_by_who_made_the_change(client, world):
    change_name(world, world.admin, "By the admin", 1)
    services.add_organisation(Actor(user=world.editor), world.partnership,
                              name="Alpha Police", kind="police", short_code="AP")
    client.force_login(world.viewer)
    response = client.get(URL, {"user": world.editor.pk})
    assert [(c.who, c.label) for c in response.context["changes"]] == [
        ("Editor", "Alpha Police")]
    assert response.context["selected_user"] == world.editor.pk


def test_it_filters_by_kind_of_record(client, world):
    change_name(world, world.admin, "New", 1)
    services.remove_member(Actor(user=world.admin), world.membership("viewer"))
    client.force_login(world.editor)
    response = client.get(URL, {"kind": "partnerships.membership"})
    changes = response.context["changes"]
    assert changes and {c.kind for c in changes} == {"Membership"}
    assert changes[0].action == "Deleted"
    assert changes[0].label == "Membership of Viewer"
    assert response.context["selected_kind"] == "partnerships.membership"


def test_an_unknown_kind_shows_everything(client, world):
    client.force_login(world.viewer)
    response = client.get(URL, {"kind": "nonsense", "user": "x", "page": "y"})
    assert response.status_code == 200
    assert response.context["selected_kind"] == ""
    assert {c.kind for c in response.context["changes"]} >= {"Organisation", "Membership"}


def follow(client, response, title):
    """The page a Newer or Older link of `response` leads to."""
    link = response.context[f"{title.lower()}_link"]
    assert link, f"no {title} link"
    return client.get(URL + html.unescape(link))


def test_it_shows_fifty_changes_a_page(client, world):
    for number in range(60):
        change_name(world, world.admin, f"Alpha {number}", number + 1)
    client.force_login(world.viewer)
    first = client.get(URL)
    assert len(first.context["changes"]) == 50
    assert first.context["changes"][0].fields[0].new == "Alpha 59"
    assert ">Older<" in first.content.decode()
    assert ">Newer<" not in first.content.decode()
    second = follow(client, first, "Older")
    assert [(f.old, f.new) for f in second.context["changes"][0].fields] == [
        ("Alpha 8", "Alpha 9")]
    oldest_name_change = [c for c in second.context["changes"] if c.fields][-1]
    assert oldest_name_change.fields[0].old == "Alpha Partnership"
    assert ">Newer<" in second.content.decode()
    assert second.context["older_link"] == ""
    seen = first.context["changes"] + second.context["changes"]
    assert len(seen) == len(set(seen))
    back = follow(client, second, "Newer")
    assert back.context["changes"] == first.context["changes"]
    assert back.context["newer_link"] == ""


def test_the_page_links_keep_the_filters(client, world):
    for number in range(55):
        change_name(world, world.admin, f"Alpha {number}", number + 1)
    client.force_login(world.viewer)
    first = client.get(URL, {"user": world.admin.pk, "kind": "partnerships.partnership"})
    older = first.context["older_link"]
    assert f"user={world.admin.pk}" in older and "kind=partnerships.partnership" in older
    second = follow(client, first, "Older")
    assert [c.kind for c in second.context["changes"]] == ["Partnership settings"] * 5
    newer = second.context["newer_link"]
    assert f"user={world.admin.pk}" in newer and "kind=partnerships.partnership" in newer


@pytest.mark.parametrize("position", [
    "", "x", "~~", "20261205T062301000000~nonsense.model~1",
    "20261205T062301000000~partnerships.partnership~-1",
    "20261305T062301000000~partnerships.partnership~1",
    "20261205T062301000000~partnerships.partnership~1~2", "\u00b2~\u00b2~\u00b2",
    "20261205T062301000000~partnerships.partnership~99999999999999999999999999"])
def test_a_malformed_page_position_shows_the_newest_changes(client, world, position):
    client.raise_request_exception = False
    client.force_login(world.viewer)
    newest = client.get(URL).context["changes"]
    for direction in ("before", "after"):
        response = client.get(URL, {direction: position})
        assert response.status_code == 200
        assert response.context["changes"] == newest
def test_an_outsider_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404


def test_the_history_of_another_partnership_is_not_shown(client, world):
    services.add_organisation(Actor(user=world.outsider), world.other_partnership,
                              name="Beta Police", kind="police", short_code="BP")
    client.force_login(world.viewer)
    labels = {c.label for c in client.get(URL).context["changes"]}
    assert "Beta Police" not in labels
    assert "Beta Partnership" not in labels


def test_it_shows_a_members_move_to_another_organisation(client, world):
    services.change_membership(Actor(user=world.admin), world.membership("viewer"),
                               role="viewer", organisation=world.health_board,
                               loaded_version=PROGRAM_CHANGE)
    client.force_login(world.admin)
    newest = client.get(reverse("history", args=["alpha"])).context["changes"][0]
    assert newest.label == "Membership of Viewer"
    assert [f.field for f in newest.fields] == ["Organisation"]


@pytest.mark.parametrize("query", [{"page": "99999999999999999999"},
                                   {"user": "99999999999999999999"}])
def test_a_huge_page_or_user_number_does_not_break_the_page(client, world, query):
    client.raise_request_exception = False
    client.force_login(world.viewer)
    assert client.get(URL, query).status_code in (200, 404)


def test_a_page_past_the_end_says_nothing_matches(client, world):
    client.force_login(world.viewer)
    response = client.get(URL, {"before": "19000101T000000000000~partnerships.partnership~1"})
    assert response.status_code == 200
    assert response.context["changes"] == []
    assert "No changes match these filters." in response.content.decode()
