"""The account's API tokens page and a partnership's service tokens page."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.api import tokens
from pif.api.models import ApiToken

TOKENS = reverse("api_tokens")
SERVICE_TOKENS = reverse("service_tokens", args=["alpha"])


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + timedelta(days=days)


def token_form(name="Dashboard", day=None, **extra) -> dict:
    return {"name": name, "expires_on": (day or in_days(30)).isoformat(), **extra}


def secret_on(page: str) -> str:
    start = page.index('id="new-token"')
    return page[page.index(">", start) + 1: page.index("</code>", start)]


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.editor)
    return client


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


# Personal tokens -----------------------------------------------------------------------------

def test_the_page_offers_a_token_for_90_days_and_says_the_limit(editor_client, settings):
    page = editor_client.get(TOKENS).content.decode()
    assert "You have no API tokens yet." in page
    assert f'value="{in_days(90).isoformat()}"' in page
    assert f"At most {settings.API_TOKEN_MAX_DAYS} days from today" in page


def test_making_a_token_shows_it_once_and_keeps_only_its_hash(editor_client, world):
    response = editor_client.post(TOKENS, token_form())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = secret_on(page)
    assert "This is the only time the token is shown" in page
    assert f"Authorization: Bearer {secret}" in page
    assert reverse("api:openapi-view") in page
    token = ApiToken.objects.get()
    assert (token.user, token.kind, token.name) == (world.editor, "personal", "Dashboard")
    assert token.token_hash == tokens.hash_secret(secret)
    assert timezone.localtime(token.expires_at).date() == in_days(30)
    assert tokens.authenticate(secret) == token


def test_the_list_shows_the_token_but_never_its_secret(editor_client):
    secret = secret_on(editor_client.post(TOKENS, token_form()).content.decode())
    page = editor_client.get(TOKENS).content.decode()
    assert "Dashboard" in page
    assert secret[:10] in page
    assert secret not in page
    assert "Active" in page


def test_a_token_without_a_name_or_beyond_the_limit_is_refused(editor_client, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    response = editor_client.post(TOKENS, token_form(name="", day=in_days(31)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a name" in page
    assert "at most 30 days" in page
    assert not ApiToken.objects.exists()


def test_a_date_in_the_past_or_not_a_date_is_refused(editor_client):
    page = editor_client.post(TOKENS, token_form(day=in_days(-1))).content.decode()
    assert "must be in the future" in page
    page = editor_client.post(TOKENS, {"name": "X", "expires_on": "31/02/2027"}).content.decode()
    assert "Stops working on must be a real date" in page
    assert not ApiToken.objects.exists()


def test_a_person_sees_only_their_own_tokens(editor_client, world):
    tokens.create_personal(Actor(world.viewer), world.viewer, "Viewer's feed",
                           timezone.now() + timedelta(days=3))
    page = editor_client.get(TOKENS).content.decode()
    assert "Viewer&#x27;s feed" not in page and "Viewer's feed" not in page


def test_a_person_revokes_their_own_token(editor_client, world):
    token, secret = tokens.create_personal(Actor(world.editor), world.editor, "Old",
                                           timezone.now() + timedelta(days=3))
    url = reverse("api_token_revoke", args=[token.pk])
    assert "Revoke the token" in editor_client.get(url).content.decode()
    response = editor_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_by == world.editor
    assert tokens.authenticate(secret) is None
    page = editor_client.get(TOKENS).content.decode()
    assert "Revoked" in page
    assert url not in page


def test_another_persons_token_is_not_found(editor_client, world):
    token, secret = tokens.create_personal(Actor(world.viewer), world.viewer, "Theirs",
                                           timezone.now() + timedelta(days=3))
    url = reverse("api_token_revoke", args=[token.pk])
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url).status_code == 404
    assert tokens.authenticate(secret) == token


def test_a_service_token_is_not_revoked_from_the_account_page(admin_client, world):
    token, _ = tokens.create_service(Actor(world.admin), world.council, "Feed", "viewer",
                                     timezone.now() + timedelta(days=3))
    assert admin_client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_signing_in_is_needed(client, db):
    assert client.get(TOKENS).status_code == 302
    client.post(TOKENS, token_form())
    assert not ApiToken.objects.exists()


# Service tokens ------------------------------------------------------------------------------

def service_form(world, **changes) -> dict:
    return {**token_form(name="Finance feed"), "organisation": world.council.pk,
            "role": "contributor", **changes}


def test_an_admin_makes_a_service_token_and_sees_it_once(admin_client, world):
    response = admin_client.post(SERVICE_TOKENS, service_form(world))
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = secret_on(page)
    assert "Alpha Council in Alpha Partnership only, as a contributor" in page
    token = tokens.authenticate(secret)
    assert (token.kind, token.organisation, token.role, token.created_by) == (
        "service", world.council, "contributor", world.admin)
    assert tokens.acting_user(token) != world.admin


def test_the_service_tokens_list_shows_no_secret(admin_client, world):
    secret = secret_on(admin_client.post(SERVICE_TOKENS, service_form(world)).content.decode())
    page = admin_client.get(SERVICE_TOKENS).content.decode()
    assert "Finance feed" in page and "Alpha Council" in page and "Contributor" in page
    assert world.admin.display_name in page
    assert secret[:10] in page
    assert secret not in page


def test_only_this_partnerships_organisations_are_offered(admin_client, world):
    page = admin_client.get(SERVICE_TOKENS).content.decode()
    assert "Alpha Council" in page and "NHS Alpha" in page
    assert "Beta Council" not in page


def test_another_partnerships_organisation_is_refused(admin_client, world):
    response = admin_client.post(SERVICE_TOKENS,
                                 service_form(world, organisation=world.other_council.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_admin_role_is_not_offered_or_accepted(admin_client, world):
    page = admin_client.get(SERVICE_TOKENS).content.decode()
    assert 'value="admin"' not in page
    admin_client.post(SERVICE_TOKENS, service_form(world, role="admin"))
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_editors_and_below_are_refused(client, world, role):
    client.force_login(world.users[role])
    assert client.get(SERVICE_TOKENS).status_code == 403
    assert client.post(SERVICE_TOKENS, service_form(world)).status_code == 403
    assert not ApiToken.objects.exists()


def test_another_partnerships_admin_gets_not_found(client, world):
    client.force_login(world.outsider)
    assert client.get(SERVICE_TOKENS).status_code == 404
    assert client.post(SERVICE_TOKENS, service_form(world)).status_code == 404
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_service_token(admin_client, world):
    token, secret = tokens.create_service(Actor(world.admin), world.council, "Feed", "viewer",
                                          timezone.now() + timedelta(days=3))
    url = reverse("service_token_revoke", args=["alpha", token.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url)["Location"] == SERVICE_TOKENS
    assert tokens.authenticate(secret) is None


def test_another_partnerships_service_token_is_not_found(client, world):
    token, secret = tokens.create_service(Actor(world.outsider), world.other_council, "Feed",
                                          "viewer", timezone.now() + timedelta(days=3))
    client.force_login(world.admin)
    url = reverse("service_token_revoke", args=["alpha", token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert tokens.authenticate(secret) == token


def test_a_personal_token_is_not_found_among_service_tokens(admin_client, world):
    token, _ = tokens.create_personal(Actor(world.admin), world.admin, "Mine",
                                      timezone.now() + timedelta(days=3))
    url = reverse("service_token_revoke", args=["alpha", token.pk])
    assert admin_client.post(url).status_code == 404
