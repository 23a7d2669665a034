"""services.change_membership and remove_member: roles and the last admin."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import services
from pif.partnerships.models import Event, Membership


def make_second_admin(world):
    membership = world.membership("editor")
    membership.role = "admin"
    membership.save()
    return membership


def test_it_changes_a_role_and_writes_an_event(world):
    actor = Actor(user=world.admin)
    services.change_membership(actor, world.membership("viewer"), role="editor",
                               organisation=world.health_board,
                               loaded_version=PROGRAM_CHANGE)
    membership = world.membership("viewer")
    assert membership.role == "editor"
    assert membership.organisation == world.health_board
    record = membership.history.latest("history_id")
    assert record.history_type == "~"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="role_changed")
    assert event.actor == world.admin
    assert event.description == "Viewer changed from viewer to editor"


def test_changing_only_the_organisation_writes_no_role_changed_event(world):
    services.change_membership(Actor(user=world.admin), world.membership("viewer"),
                               role="viewer", organisation=world.health_board,
                               loaded_version=PROGRAM_CHANGE)
    assert world.membership("viewer").organisation == world.health_board
    assert not Event.objects.filter(verb="role_changed").exists()


def test_it_refuses_to_demote_the_last_admin(world):
    actor = Actor(user=world.editor)
    with pytest.raises(ValidationError) as caught:
        services.change_membership(actor, world.membership("admin"), role="editor",
                                   organisation=world.council,
                                   loaded_version=PROGRAM_CHANGE)
    assert "Admin is the only partnership admin" in caught.value.messages[0]
    assert world.membership("admin").role == "admin"
    assert not Event.objects.filter(verb="role_changed").exists()


def test_it_refuses_to_let_an_admin_demote_themself_even_with_another_admin(world):
    make_second_admin(world)
    with pytest.raises(ValidationError) as caught:
        services.change_membership(Actor(user=world.admin), world.membership("admin"),
                                   role="viewer", organisation=None,
                                   loaded_version=PROGRAM_CHANGE)
    assert caught.value.messages == [
        "You cannot demote yourself as a partnership admin. Ask another partnership admin "
        "to do it."]
    assert world.membership("admin").role == "admin"


def test_another_admin_can_demote_an_admin(world):
    make_second_admin(world)
    services.change_membership(Actor(user=world.editor), world.membership("admin"),
                               role="viewer", organisation=None,
                               loaded_version=PROGRAM_CHANGE)
    assert world.membership("admin").role == "viewer"
    assert Event.objects.get(verb="role_changed").actor == world.editor


def test_it_refuses_a_contributor_without_an_organisation(world):
    with pytest.raises(ValidationError) as caught:
        services.change_membership(Actor(user=world.admin),
                                   world.membership("viewer"), role="contributor",
                                   organisation=None,
                                   loaded_version=PROGRAM_CHANGE)
    assert "organisation" in caught.value.message_dict
    assert world.membership("viewer").role == "viewer"


def test_it_removes_a_member_with_history_and_an_event(world):
    membership = world.membership("viewer")
    pk = membership.pk
    services.remove_member(Actor(user=world.admin), membership)
    assert not Membership.objects.filter(pk=pk).exists()
    record = Membership.history.filter(id=pk).latest("history_id")
    assert record.history_type == "-"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="member_removed")
    assert event.actor == world.admin
    assert event.description == "Viewer removed from the partnership"


def test_it_refuses_to_remove_the_last_admin(world):
    with pytest.raises(ValidationError) as caught:
        services.remove_member(Actor(user=world.editor), world.membership("admin"))
    assert "only partnership admin" in caught.value.messages[0]
    assert world.membership("admin").role == "admin"
    assert not Event.objects.filter(verb="member_removed").exists()


def test_it_refuses_to_let_an_admin_remove_themself(world):
    make_second_admin(world)
    with pytest.raises(ValidationError) as caught:
        services.remove_member(Actor(user=world.admin), world.membership("admin"))
    assert "You cannot remove yourself as a partnership admin" in caught.value.messages[0]
    assert Membership.objects.filter(user=world.admin, partnership=world.partnership).exists()
