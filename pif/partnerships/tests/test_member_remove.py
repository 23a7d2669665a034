"""Removing a member on the web."""

import pytest
from django.urls import reverse

from pif.partnerships.models import Event, Membership


def url(membership):
    return reverse("member_remove", args=["alpha", membership.pk])


def test_it_asks_before_removing(client, world):
    client.force_login(world.admin)
    response = client.get(url(world.membership("viewer")))
    assert "Remove Viewer?" in response.content.decode()
    assert Membership.objects.filter(user=world.viewer).exists()


def test_it_removes_a_member(client, world):
    client.force_login(world.admin)
    response = client.post(url(world.membership("viewer")), follow=True)
    assert response.redirect_chain == [(reverse("members", args=["alpha"]), 302)]
    assert "Viewer removed." in response.content.decode()
    assert not Membership.objects.filter(user=world.viewer).exists()
    record = Membership.history.filter(user=world.viewer).latest("history_id")
    assert (record.history_type, record.history_user) == ("-", world.admin)
    assert Event.objects.get(verb="member_removed").actor == world.admin


def test_a_removed_member_can_no_longer_see_the_partnership(client, world):
    client.force_login(world.admin)
    client.post(url(world.membership("viewer")))
    client.force_login(world.viewer)
    assert client.get(reverse("partnership", args=["alpha"])).status_code == 404


def test_it_refuses_to_remove_the_last_admin(client, world):
    client.force_login(world.admin)
    response = client.post(url(world.membership("admin")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "only partnership admin" in page
    assert Membership.objects.filter(user=world.admin, partnership=world.partnership).exists()


def test_it_refuses_an_admin_removing_themself(client, world):
    Membership.objects.filter(pk=world.membership("editor").pk).update(role="admin")
    client.force_login(world.admin)
    response = client.post(url(world.membership("admin")))
    assert response.status_code == 200
    assert "You cannot remove yourself" in response.content.decode()
    assert Membership.objects.filter(user=world.admin, partnership=world.partnership).exists()


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_may_remove_members(client, world, role):
    client.force_login(world.users[role])
    assert client.post(url(world.membership("viewer"))).status_code == 403
    assert Membership.objects.filter(user=world.viewer).exists()


def test_an_outsider_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.post(url(world.membership("viewer"))).status_code == 404
    assert Membership.objects.filter(user=world.viewer).exists()
