"""Input found by trying: NUL bytes in web addresses, over-long email addresses.

None may give a 500. PostgreSQL refuses a NUL byte in text, and an email address column
holds 254 characters.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from pif.partnerships.models import Membership

NUL_URLS = [
    "/p/alpha/%00/",
    "/p/al%00pha/",
    "/%00",
    "/p/alpha/indicators/export.c%00sv",
    "/p/alpha/history/?user=%00",
    "/p/alpha/history/?kind=%00",
    "/p/alpha/indicators/?owner=%00&status=%00",
    "/p/alpha/indicators/?%00=1",
    "/account/login/?next=/%00",
    "/static/pif/%00init.js",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_a_web_address_is_page_not_found(client, world, url):
    client.raise_request_exception = False
    client.force_login(world.admin)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_nul_byte_before_signing_in_is_page_not_found(client, db):
    client.raise_request_exception = False
    response = client.get("/account/login/?next=%00")
    assert response.status_code == 404


LONG_EMAIL = "a" * 250 + "@alpha.test"


def test_an_over_long_email_at_sign_in_is_a_form_error(client, world):
    client.raise_request_exception = False
    response = client.post("/account/login/", {"username": LONG_EMAIL, "password": "x"})
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in response.content.decode()


def test_an_over_long_email_when_inviting_is_a_form_error(client, world):
    client.raise_request_exception = False
    client.force_login(world.admin)
    response = client.post("/p/alpha/members/add/", {
        "email": LONG_EMAIL, "full_name": "", "role": "viewer", "organisation": ""})
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in response.content.decode()
    assert not get_user_model().objects.filter(email=LONG_EMAIL).exists()
    assert not Membership.objects.filter(user__email=LONG_EMAIL).exists()


def test_an_over_long_email_on_the_command_line_is_refused(world):
    with pytest.raises(CommandError) as caught:
        call_command("member", "add", "alpha", LONG_EMAIL, "--role", "viewer",
                     stdout=StringIO())
    assert "is not a valid email address" in str(caught.value)
    assert not get_user_model().objects.filter(email=LONG_EMAIL).exists()


def test_an_email_of_any_allowed_length_can_be_invited(client, world):
    # The username copies the email address, and was once shorter than an address may be.
    email = "b" * 180 + "@alpha.test"
    client.force_login(world.admin)
    response = client.post("/p/alpha/members/add/", {
        "email": email, "full_name": "", "role": "viewer", "organisation": ""})
    assert response.status_code == 302
    assert Membership.objects.filter(user__email=email).exists()
