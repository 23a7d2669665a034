"""The sign-in lockout behind a reverse proxy, and against strangers.

Failures are counted per account and client address together, so a stranger typing
wrong passwords for someone's address locks only themselves out. Behind the reverse proxy
the README recommends, every request comes from the proxy's address: the client address is
read from X-Forwarded-For, but only when the request comes from a trusted proxy.
"""

from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from pif.accounts.addresses import client_address
from pif.testing import PASSWORD

URL = "/account/login/"
PROXY = "127.0.0.1"
STRANGER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network(PROXY)]


def sign_in(client, password, *, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(URL, {"username": "editor@alpha.test", "password": password},
                       **headers)


def test_behind_the_proxy_a_stranger_cannot_lock_the_owner_out(client, world, behind_proxy):
    for _ in range(6):
        sign_in(client, "wrong-password", forwarded=STRANGER)
    response = sign_in(client, PASSWORD, forwarded=OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.editor.pk)


def test_behind_the_proxy_the_stranger_is_locked_out(client, world, behind_proxy):
    for _ in range(5):
        sign_in(client, "wrong-password", forwarded=STRANGER)
    response = sign_in(client, PASSWORD, forwarded=STRANGER)
    assert response.status_code == 429


def test_a_client_cannot_dodge_the_lockout_by_sending_its_own_header(client, world,
                                                                     behind_proxy):
    # The proxy appends the address it saw; anything to its left the client wrote itself.
    for number in range(5):
        sign_in(client, "wrong-password", forwarded=f"10.9.9.{number}, {STRANGER}")
    response = sign_in(client, PASSWORD, forwarded=f"10.9.9.99, {STRANGER}")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, world):
    for number in range(5):
        sign_in(client, "wrong-password", remote=STRANGER, forwarded=f"10.9.9.{number}")
    response = sign_in(client, PASSWORD, remote=STRANGER, forwarded=OWNER)
    assert response.status_code == 429


def test_a_stranger_at_another_address_cannot_lock_the_owner_out(client, world):
    for _ in range(6):
        sign_in(client, "wrong-password", remote=STRANGER)
    response = sign_in(client, PASSWORD, remote=OWNER)
    assert response.status_code == 302


@pytest.mark.parametrize("remote, forwarded, expected", [
    (PROXY, None, PROXY),
    (PROXY, OWNER, OWNER),
    (PROXY, f"{OWNER}, {PROXY}", OWNER),
    (PROXY, f"1.2.3.4, {OWNER}", OWNER),
    (PROXY, "not-an-address", PROXY),
    (PROXY, f"nonsense, {OWNER}", OWNER),
    (STRANGER, OWNER, STRANGER),
    ("2001:db8::1", OWNER, "2001:db8::1"),
])
def test_the_client_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [ip_network(PROXY)]
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected
