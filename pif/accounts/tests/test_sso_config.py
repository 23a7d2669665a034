"""Organisation sign-in providers read from the environment: a mistake names its variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from pif.accounts.sso.config import providers_from_env

COUNCIL = {
    "OIDC_PROVIDERS": "council",
    "OIDC_COUNCIL_NAME": "North Lanarkshire Council",
    "OIDC_COUNCIL_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
    "OIDC_COUNCIL_CLIENT_ID": "client",
    "OIDC_COUNCIL_CLIENT_SECRET": "secret",
    "OIDC_COUNCIL_DOMAINS": "northlan.gov.uk, @NLC.example",
}


def test_no_providers_when_unset_or_empty():
    assert providers_from_env({}) == {}
    assert providers_from_env({"OIDC_PROVIDERS": " , "}) == {}


def test_a_provider_is_read_with_its_domains_in_lower_case():
    provider = providers_from_env(COUNCIL)["council"]
    assert provider.name == "North Lanarkshire Council"
    assert provider.domains == ("northlan.gov.uk", "nlc.example")
    assert provider.scopes == "openid email profile"
    assert provider.metadata_url == (
        "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration")
    assert provider.allows_domain("NorthLan.gov.uk")
    assert not provider.allows_domain("evil-northlan.gov.uk")


def test_several_providers_keep_their_order():
    environ = dict(COUNCIL, OIDC_PROVIDERS="council,police")
    environ.update({key.replace("COUNCIL", "POLICE"): value for key, value in COUNCIL.items()
                    if key.startswith("OIDC_COUNCIL_")})
    environ["OIDC_POLICE_NAME"] = "Police Scotland"
    environ["OIDC_POLICE_ISSUER"] = "https://login.microsoftonline.com/police-tenant/v2.0"
    assert [p.name for p in providers_from_env(environ).values()] == [
        "North Lanarkshire Council", "Police Scotland"]


def test_two_providers_with_the_same_issuer_are_refused():
    # Identities are found by issuer and subject, so the two would share their people.
    environ = dict(COUNCIL, OIDC_PROVIDERS="council,police")
    environ.update({key.replace("COUNCIL", "POLICE"): value for key, value in COUNCIL.items()
                    if key.startswith("OIDC_COUNCIL_")})
    environ["OIDC_POLICE_DOMAINS"] = "scotland.police.uk"
    with pytest.raises(ImproperlyConfigured,
                       match="OIDC_POLICE_ISSUER is the same as OIDC_COUNCIL_ISSUER"):
        providers_from_env(environ)


@pytest.mark.parametrize("variable", ["OIDC_COUNCIL_NAME", "OIDC_COUNCIL_ISSUER",
                                      "OIDC_COUNCIL_CLIENT_ID", "OIDC_COUNCIL_CLIENT_SECRET",
                                      "OIDC_COUNCIL_DOMAINS"])
def test_a_missing_variable_is_named(variable):
    environ = {key: value for key, value in COUNCIL.items() if key != variable}
    with pytest.raises(ImproperlyConfigured, match=variable):
        providers_from_env(environ)


@pytest.mark.parametrize(("variable", "value"), [
    ("OIDC_COUNCIL_ISSUER", "http://login.example.org"),
    ("OIDC_COUNCIL_ISSUER", "login.example.org"),
    ("OIDC_COUNCIL_ISSUER", "https://login.example.org/?tenant=1"),
    ("OIDC_COUNCIL_DOMAINS", "northlan.gov.uk,not a domain"),
    ("OIDC_COUNCIL_DOMAINS", " , "),
    ("OIDC_COUNCIL_SCOPES", "email profile"),
    ("OIDC_PROVIDERS", "council,council"),
    ("OIDC_PROVIDERS", "Council Two"),
    ("OIDC_PROVIDERS", "link"),
])
def test_a_malformed_variable_is_named(variable, value):
    with pytest.raises(ImproperlyConfigured, match=variable):
        providers_from_env(dict(COUNCIL, **{variable: value}))


def test_plain_http_is_allowed_only_for_a_provider_on_this_machine():
    environ = dict(COUNCIL, OIDC_COUNCIL_ISSUER="http://127.0.0.1:8080/realms/pif")
    assert providers_from_env(environ)["council"].issuer == "http://127.0.0.1:8080/realms/pif"
