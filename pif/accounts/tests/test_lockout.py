"""django-axes locks an account after five wrong passwords from one address."""

from axes.models import AccessAttempt

from pif.testing import PASSWORD

URL = "/account/login/"


def fail(client, email, times):
    for _ in range(times):
        client.post(URL, {"username": email, "password": "wrong-password"})


def test_four_wrong_passwords_do_not_lock_the_account(client, world):
    fail(client, "editor@alpha.test", 4)
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.editor.pk)


def test_the_fifth_wrong_password_shows_the_locked_out_page(client, world):
    fail(client, "editor@alpha.test", 4)
    response = client.post(URL, {"username": "editor@alpha.test", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, world):
    fail(client, "editor@alpha.test", 5)
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="editor@alpha.test")
    assert attempt.failures_since_start >= 5


def test_the_lock_is_for_that_account_only(client, world):
    fail(client, "editor@alpha.test", 5)
    response = client.post(URL, {"username": "viewer@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.viewer.pk)


def test_a_successful_sign_in_resets_the_count(client, world):
    fail(client, "editor@alpha.test", 4)
    client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD})
    client.logout()
    fail(client, "editor@alpha.test", 4)
    response = client.post(URL, {"username": "editor@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
