"""Changing a member's role and organisation on the web."""

import pytest
from django.urls import reverse

from pif.partnerships.models import Event, Membership


def url(membership):
    return reverse("member_edit", args=["alpha", membership.pk])


def test_the_form_shows_the_current_role(client, world):
    client.force_login(world.admin)
    response = client.get(url(world.membership("contributor")))
    assert "Change role of Contributor" in response.content.decode()
    assert response.context["form"]["role"].value() == "contributor"


def test_it_changes_a_role(client, world):
    client.force_login(world.admin)
    response = client.post(url(world.membership("viewer")),
                           {"role": "editor", "organisation": world.council.pk, "version": 1},
                           follow=True)
    assert response.redirect_chain == [(reverse("members", args=["alpha"]), 302)]
    assert "Viewer&#x27;s role saved." in response.content.decode()
    membership = world.membership("viewer")
    assert membership.role == "editor"
    assert membership.history.latest("history_id").history_user == world.admin
    event = Event.objects.get(verb="role_changed")
    assert (event.actor, event.via) == (world.admin, "web")


def test_it_refuses_to_demote_the_last_admin(client, world):
    client.force_login(world.admin)
    response = client.post(url(world.membership("admin")),
                           {"role": "viewer", "organisation": "", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Admin is the only partnership admin" in page
    assert world.membership("admin").role == "admin"


def test_it_refuses_an_admin_demoting_themself(client, world):
    Membership.objects.filter(pk=world.membership("editor").pk).update(role="admin")
    client.force_login(world.admin)
    response = client.post(url(world.membership("admin")),
                           {"role": "viewer", "organisation": "", "version": 1})
    assert response.status_code == 200
    assert "You cannot demote yourself" in response.content.decode()
    assert world.membership("admin").role == "admin"


def test_it_shows_a_missing_role(client, world):
    client.force_login(world.admin)
    response = client.post(url(world.membership("viewer")), {"role": "", "organisation": ""})
    assert response.status_code == 200
    assert "Select a role" in response.content.decode()


def test_a_membership_of_another_partnership_is_not_found(client, world):
    other = Membership.objects.get(user=world.outsider)
    client.force_login(world.admin)
    response = client.post(reverse("member_edit", args=["alpha", other.pk]),
                           {"role": "viewer", "organisation": ""})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.role == "admin"


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_may_change_roles(client, world, role):
    client.force_login(world.users[role])
    response = client.post(url(world.membership(role)), {"role": "admin", "organisation": ""})
    assert response.status_code == 403
    assert world.membership(role).role == role
