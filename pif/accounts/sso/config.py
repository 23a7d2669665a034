"""OpenID Connect providers read from the environment (no Django models: settings.py calls
`providers_from_env`). The README lists the variables:

    OIDC_PROVIDERS=council,nhs    the providers' keys, in the order the sign-in page shows them
    OIDC_COUNCIL_NAME             "North Lanarkshire Council", shown on the sign-in button
    OIDC_COUNCIL_ISSUER           https://login.microsoftonline.com/<tenant>/v2.0
    OIDC_COUNCIL_CLIENT_ID, OIDC_COUNCIL_CLIENT_SECRET
    OIDC_COUNCIL_DOMAINS          northlan.gov.uk,nlc.example: the email domains it may sign in
    OIDC_COUNCIL_SCOPES           optional; "openid email profile" unless set

Two providers cannot share an issuer (two organisations on one Google Workspace or one
Entra tenant): use one provider and list both organisations' domains in its DOMAINS.

A mistake stops the site with ImproperlyConfigured naming the variable, as settings.py does:
a provider half set up must not quietly sign people in, or quietly vanish from the page.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_SCOPES = "openid email profile"
# A key becomes part of variable names and of addresses (/account/sso/<key>/).
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Addresses under /account/sso/ that are not providers.
RESERVED_KEYS = ("link", "identities")
DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...]
    scopes: str = DEFAULT_SCOPES

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def allows_domain(self, domain: str) -> bool:
        return domain.lower() in self.domains


def providers_from_env(environ) -> dict[str, Provider]:
    """The providers OIDC_PROVIDERS names, by key; none when it is unset or empty."""
    keys = [item.strip().lower() for item in environ.get("OIDC_PROVIDERS", "").split(",")
            if item.strip()]
    providers = {}
    # Identities are found by issuer and subject whichever provider's address they came back
    # through, so two providers with one issuer would share their people and blur their
    # domain limits.
    keys_by_issuer: dict[str, str] = {}
    for key in keys:
        if not KEY_PATTERN.match(key):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS must list short keys of letters, digits and underscores, "
                f"starting with a letter (such as council,nhs); {key!r} is not one")
        if key in RESERVED_KEYS:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS cannot use {key!r} as a key; choose "
                                       "another")
        if key in providers:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS lists {key!r} twice")
        provider = _provider(key, environ)
        if provider.issuer in keys_by_issuer:
            raise ImproperlyConfigured(
                f"OIDC_{key.upper()}_ISSUER is the same as "
                f"OIDC_{keys_by_issuer[provider.issuer].upper()}_ISSUER: use one provider and "
                "list both organisations' domains in its DOMAINS")
        keys_by_issuer[provider.issuer] = key
        providers[key] = provider
    return providers


def _provider(key: str, environ) -> Provider:
    prefix = f"OIDC_{key.upper()}_"
    scopes = environ.get(prefix + "SCOPES", "").strip() or DEFAULT_SCOPES
    if "openid" not in scopes.split():
        raise ImproperlyConfigured(f"{prefix}SCOPES must include openid, not {scopes!r}")
    return Provider(
        key=key,
        name=_required(environ, prefix + "NAME"),
        issuer=_issuer(environ, prefix + "ISSUER"),
        client_id=_required(environ, prefix + "CLIENT_ID"),
        client_secret=_required(environ, prefix + "CLIENT_SECRET"),
        domains=_domains(environ, prefix + "DOMAINS"),
        scopes=scopes,
    )


def _required(environ, name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set (OIDC_PROVIDERS names its provider)")
    return value


def _issuer(environ, name: str) -> str:
    # Kept as written: the ID token's "iss" claim must equal it exactly (a trailing slash
    # and all, as some providers have one).
    value = _required(environ, name)
    parts = urlsplit(value)
    # Only https: the issuer's keys sign the ID tokens. Plain http only for a provider on
    # this machine, which is how people try it out.
    local = parts.hostname in ("localhost", "127.0.0.1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ImproperlyConfigured(
            f"{name} must be the provider's https address (its issuer), not {value!r}")
    if parts.query or parts.fragment or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be the provider's issuer address, with no query, not {value!r}")
    return value


def _domains(environ, name: str) -> tuple[str, ...]:
    raw = _required(environ, name)
    domains = []
    for item in raw.split(","):
        domain = item.strip().lower().removeprefix("@")
        if not domain:
            continue
        if not DOMAIN_PATTERN.match(domain):
            raise ImproperlyConfigured(
                f"{name} must list email domains such as northlan.gov.uk; {item.strip()!r} "
                "is not one")
        domains.append(domain)
    if not domains:
        raise ImproperlyConfigured(f"{name} must list at least one email domain")
    return tuple(domains)
