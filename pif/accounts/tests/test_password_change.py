"""Changing your own password."""

from django.http import HttpRequest
from django.urls import reverse

from pif.testing import PASSWORD

NEW = "a-brand-new-password-2026"


def test_it_changes_the_password_and_keeps_me_signed_in(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert "Your password has been changed" in response.content.decode()
    world.editor.refresh_from_db()
    assert world.editor.check_password(NEW)
    assert client.get("/p/alpha/").status_code == 200
    client.logout()
    assert client.login(request=HttpRequest(), username="editor@alpha.test", password=NEW)


def test_it_needs_the_old_password(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world.editor.refresh_from_db()
    assert world.editor.check_password(PASSWORD)


def test_it_refuses_a_short_password(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "short-pw", "new_password2": "short-pw"})
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    world.editor.refresh_from_db()
    assert world.editor.check_password(PASSWORD)


def test_it_refuses_passwords_that_differ(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"})
    assert response.status_code == 200
    world.editor.refresh_from_db()
    assert world.editor.check_password(PASSWORD)


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
