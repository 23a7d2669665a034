"""Signing in with an email address and password."""

from django.urls import reverse

from pif.testing import PASSWORD

URL = "/account/login/"


def test_it_signs_in_with_email_and_password(client, world):
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == world.editor


def test_it_goes_on_to_the_page_asked_for(client, world):
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD,
                                 "next": "/p/alpha/members/"})
    assert response["Location"] == "/p/alpha/members/"


def test_it_does_not_follow_next_to_another_site(client, world):
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD,
                                 "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_wrong_password_shows_the_error_summary(client, world):
    response = client.post(URL, {"username": "editor@alpha.test", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Please enter a correct email address and password" in page
    assert "_auth_user_id" not in client.session


def test_empty_fields_get_govuk_messages(client, world):
    response = client.post(URL, {"username": "", "password": ""})
    page = response.content.decode()
    assert "Enter an email address" in page
    assert "Enter a password" in page


def test_an_account_without_a_password_cannot_sign_in(client, world):
    world.viewer.set_unusable_password()
    world.viewer.save()
    response = client.post(URL, {"username": "viewer@alpha.test", "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, world):
    world.viewer.is_active = False
    world.viewer.save()
    response = client.post(URL, {"username": "viewer@alpha.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_is_sent_on_from_the_sign_in_page(client, world):
    client.force_login(world.viewer)
    assert client.get(URL)["Location"] == reverse("home")


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get("/p/alpha/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/p/alpha/"


def test_it_signs_in_whatever_the_case_of_the_email(client, world):
    response = client.post(URL, {"username": "Editor@Alpha.TEST", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.editor.pk)
