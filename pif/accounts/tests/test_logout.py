"""Signing out is POST only."""

from django.urls import reverse


def test_it_signs_out_on_post(client, world):
    client.force_login(world.viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get("/p/alpha/").status_code == 302


def test_get_does_not_sign_out(client, world):
    client.force_login(world.viewer)
    assert client.get(reverse("logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(world.viewer.pk)


def test_every_page_has_a_sign_out_form(client, world):
    client.force_login(world.viewer)
    page = client.get("/p/alpha/").content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_sign_out_needs_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.viewer)
    assert client.post(reverse("logout")).status_code == 403
    assert client.session["_auth_user_id"] == str(world.viewer.pk)
