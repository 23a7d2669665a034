"""Who may call the API: a request without a usable token gets 401, whatever it asks for.

A usable token is a personal one of an active person, or a service token, neither expired nor
revoked. The schema (/api/v1/openapi.json) and its documentation page (/api/v1/docs) answer
without a token: they are the API's public documentation, hold no partnership's data, and a
client needs them before it has a token. That is django-ninja's default (no `docs_decorator`),
kept on purpose and checked below.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.api.models import ApiToken
from pif.api.tests.conftest import API_ROOT, api_operations, openapi_schema, send

PARTNERSHIPS = f"{API_ROOT}/partnerships"
SCHEMA = openapi_schema()
OPERATIONS = api_operations(SCHEMA)


def _token_of(secret: str) -> ApiToken:
    return ApiToken.objects.get(token_hash=tokens.hash_secret(secret))


def assert_refused_as_unauthenticated(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert set(body) == {"detail"}  # ErrorOut
    assert "token" in body["detail"]


def test_a_usable_token_is_let_in(client, api_world):
    response = client.get(PARTNERSHIPS, headers=api_world.headers("viewer"))
    assert response.status_code == 200


def test_a_service_token_is_let_in_though_its_user_cannot_sign_in(client, api_world):
    secret = api_world.secrets["service viewer"]
    assert not _token_of(secret).user.is_active
    response = client.get(PARTNERSHIPS, headers=api_world.headers("service viewer"))
    assert response.status_code == 200


def test_no_token_gets_401(client, api_world):
    assert_refused_as_unauthenticated(client.get(PARTNERSHIPS))


@pytest.mark.parametrize("header", [
    "Token {secret}",  # the wrong scheme
    "Bearer",  # no token
    "Bearer  ",  # blank
    "{secret}",  # no scheme
    "Basic dmlld2VyQGFscGhhLnRlc3Q6cGFzc3dvcmQ=",  # a password, not a token
    "Bearer {secret} extra",
    "Bearer {secret}x",
])
def test_a_malformed_header_gets_401(client, api_world, header):
    value = header.format(secret=api_world.secrets["viewer"])
    assert_refused_as_unauthenticated(client.get(PARTNERSHIPS,
                                                 headers={"Authorization": value}))


def test_an_unknown_token_gets_401(client, api_world):
    unknown = "pif_" + "A" * 43
    assert_refused_as_unauthenticated(client.get(
        PARTNERSHIPS, headers={"Authorization": f"Bearer {unknown}"}))


def test_an_expired_token_gets_401(client, api_world):
    ApiToken.objects.filter(pk=_token_of(api_world.secrets["viewer"]).pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert_refused_as_unauthenticated(client.get(PARTNERSHIPS,
                                                 headers=api_world.headers("viewer")))


@pytest.mark.parametrize("holder", ["viewer", "service editor"])
def test_a_revoked_token_gets_401(client, api_world, holder):
    tokens.revoke(COMMAND_LINE, _token_of(api_world.secrets[holder]))
    assert_refused_as_unauthenticated(client.get(PARTNERSHIPS,
                                                 headers=api_world.headers(holder)))


def test_the_personal_token_of_someone_no_longer_active_gets_401(client, api_world):
    person = api_world.world.viewer
    person.is_active = False
    person.save()
    assert_refused_as_unauthenticated(client.get(PARTNERSHIPS,
                                                 headers=api_world.headers("viewer")))


def test_a_token_made_for_a_person_now_inactive_is_refused_at_once(client, api_world):
    """Made by the command line a moment before the person was switched off."""
    person = api_world.world.editor
    _, secret = tokens.create_personal(COMMAND_LINE, person, "Script",
                                       timezone.now() + timedelta(days=1))
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert_refused_as_unauthenticated(client.get(
        PARTNERSHIPS, headers={"Authorization": f"Bearer {secret}"}))


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.id for op in OPERATIONS])
def test_every_operation_without_a_token_gets_401(client, db, operation):
    url = operation.url(dict.fromkeys(operation.path_parameters, "1"))
    assert_refused_as_unauthenticated(send(client, operation, url, SCHEMA))


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_the_schema_and_its_documentation_need_no_token(client, db, path):
    """Public documentation, with no partnership's data in it."""
    response = client.get(API_ROOT + path)
    assert response.status_code == 200


def test_the_schema_says_every_operation_needs_a_bearer_token(client, db):
    schema = client.get(f"{API_ROOT}/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]
    unguarded = [op.id for op in api_operations(schema) if not op.spec.get("security")]
    assert unguarded == []
