"""Fake OpenID Connect providers for the tests: no network. Each serves discovery, its keys
(JWKS) and a token endpoint through a patched `requests.Session.request`, which Authlib's
client uses, and signs ID tokens with its own RSA key."""

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from pif.accounts.sso.config import providers_from_env

_KEYS: dict = {}


def rsa_key(name: str) -> RSAKey:
    """One key per name for the whole test run: making RSA keys is slow."""
    if name not in _KEYS:
        _KEYS[name] = RSAKey.generate_key(2048, parameters={"kid": name, "use": "sig"})
    return _KEYS[name]


class FakeProvider:
    def __init__(self, key: str, name: str, issuer: str, client_id: str, domains: str):
        self.key, self.name, self.issuer, self.client_id = key, name, issuer, client_id
        self.domains = domains
        self.base = issuer.rstrip("/")  # an issuer may end in a slash; its addresses do not
        self.signing_key = rsa_key(key)
        self.codes: dict = {}
        self.token_requests: list = []

    def environ(self) -> dict:
        prefix = f"OIDC_{self.key.upper()}_"
        return {prefix + "NAME": self.name, prefix + "ISSUER": self.issuer,
                prefix + "CLIENT_ID": self.client_id, prefix + "CLIENT_SECRET": "secret",
                prefix + "DOMAINS": self.domains}

    def metadata(self) -> dict:
        return {"issuer": self.issuer,
                "authorization_endpoint": self.base + "/authorize",
                "token_endpoint": self.base + "/token",
                "jwks_uri": self.base + "/jwks",
                "id_token_signing_alg_values_supported": ["RS256"]}

    def authorize(self, location: str, *, sub: str, email: str | None,
                  sign_with: RSAKey | None = None, **claims) -> tuple[str, str]:
        """The person signs in at the provider, which sends them back with a code; returns
        (code, state). `claims` change the ID token (nonce, aud, exp, iss)."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        assert location.startswith(self.base + "/authorize?")
        assert query["code_challenge_method"] == "S256"
        assert query["client_id"] == self.client_id
        code = f"code-{len(self.codes)}-{self.key}"
        self.codes[code] = {"query": query, "sub": sub, "email": email,
                            "sign_with": sign_with, "claims": claims}
        return code, query["state"]

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": grant["sub"], "aud": self.client_id,
                  "iat": now, "exp": now + 300, "nonce": grant["query"].get("nonce")}
        if grant["email"] is not None:
            claims["email"] = grant["email"]
        claims.update(grant["claims"])
        key = grant["sign_with"] or self.signing_key
        return jwt.encode({"alg": "RS256", "kid": self.signing_key.kid}, claims, key)

    def token(self, data: dict) -> tuple[int, dict]:
        self.token_requests.append(data)
        grant = self.codes.pop(data.get("code"), None)
        if grant is None:
            return 400, {"error": "invalid_grant"}
        verifier = data.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["query"]["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        return 200, {"access_token": "access", "token_type": "Bearer", "expires_in": 300,
                     "id_token": self.id_token(grant)}

    def answer(self, method: str, url: str, data) -> tuple[int, dict] | None:
        if url == self.base + "/.well-known/openid-configuration":
            return 200, self.metadata()
        if url == self.base + "/jwks":
            return 200, {"keys": [self.signing_key.as_dict(private=False)]}
        if url == self.base + "/token" and method.upper() == "POST":
            if isinstance(data, str | bytes):
                data = {k: v[0] for k, v in parse_qs(
                    data.decode() if isinstance(data, bytes) else data).items()}
            return self.token(dict(data or {}))
        return None


def _response(url: str, status: int, body: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    response.url = url
    return response


def install(monkeypatch, providers: list[FakeProvider]) -> None:
    """Answer Authlib's requests from the fakes; any other address is an error."""

    def fake_request(session, method, url, *args, data=None, **kwargs):
        for provider in providers:
            answer = provider.answer(method, url, data)
            if answer is not None:
                return _response(url, *answer)
        raise requests.ConnectionError(f"No fake provider at {url}")

    monkeypatch.setattr(requests.Session, "request", fake_request)


def environ_for(providers: list[FakeProvider]) -> dict:
    environ = {"OIDC_PROVIDERS": ",".join(p.key for p in providers)}
    for provider in providers:
        environ.update(provider.environ())
    return environ


def configured(providers: list[FakeProvider]) -> dict:
    return providers_from_env(environ_for(providers))
