"""One Authlib OpenID Connect client per configured provider (ADR 0020).

Authlib fetches the provider's discovery document and keys once and keeps them on the client,
so clients are kept here, one per provider's settings, for the life of the process. It keeps
the state, nonce and PKCE verifier of a sign-in in the session, and checks the ID token:
its signature against the provider's published keys, issuer, audience, expiry and nonce.
"""

from authlib.integrations.django_client import OAuth

from pif.accounts.sso.config import Provider

# Seconds to wait for a provider: a slow one must not hold a server process for long.
PROVIDER_TIMEOUT = 10

_clients: dict = {}


def client_for(provider: Provider):
    client = _clients.get(provider)
    if client is None:
        client = OAuth().register(
            name=provider.key,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "default_timeout": PROVIDER_TIMEOUT,
            },
        )
        _clients[provider] = client
    return client


def claims_options(provider: Provider) -> dict:
    """What the ID token must say: issued by this provider, to PIF's client. Authlib checks
    only the issuer unless told, so the audience is stated here."""
    return {
        "iss": {"essential": True, "values": [provider.issuer]},
        "aud": {"essential": True, "values": [provider.client_id]},
        "sub": {"essential": True},
    }


def forget_clients() -> None:
    """Drop the kept clients (and what they fetched): for tests, which fake the providers."""
    _clients.clear()
