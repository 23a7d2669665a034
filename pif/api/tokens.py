"""Making, checking and revoking API tokens. The one place a token is read.

- `create_personal(actor, user, name, expires_at)` and `create_service(actor, organisation,
  name, role, expires_at)` return `(token, secret)`: the secret is shown once and never again.
- `authenticate(secret)` returns the usable token for a secret, or None; it notes when the
  token was last used (at most once a minute, so reads do not all write).
- `acting_user(token)` is the user a request made with the token acts as: the person, or the
  service token's own user carrying the token's membership (`api_membership`), which
  `pif.partnerships.access.access_for` and `get_access` read.
- `revoke(actor, token)`.

Rules about tokens (a name, an expiry in the future and within API_TOKEN_MAX_DAYS, a service
role, a person whose account is active) are in pif/api/rules.py.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pif.accounts.models import User
from pif.actors import Actor
from pif.api import rules
from pif.api.models import SERVICE_EMAIL_DOMAIN, ApiToken
from pif.partnerships.models import Membership
from pif.rules import refuse

TOKEN_START = "pif_"
LAST_USED_GRAIN = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    return TOKEN_START + secrets.token_urlsafe(32)


def _check(name: str, expires_at, role: str | None = None) -> None:
    refuse(rules.check_token_name(name)
           + rules.check_token_expiry(expires_at, timezone.now(), settings.API_TOKEN_MAX_DAYS)
           + (rules.check_service_role(role) if role is not None else ()))


def _save(actor: Actor, token: ApiToken) -> tuple[ApiToken, str]:
    secret = _new_secret()
    token.token_hash = hash_secret(secret)
    token.prefix = secret[: len(TOKEN_START) + 6]
    token.created_by = actor.user
    actor.stamp(token)
    token.save()
    return token, secret


@transaction.atomic
def create_personal(actor: Actor, user, name: str, expires_at) -> tuple[ApiToken, str]:
    """A token that acts as `user`, with the roles `user` has; refused for an account that
    could never use it (rules.check_token_person)."""
    name = name.strip()
    refuse(rules.check_token_person(user))
    _check(name, expires_at)
    return _save(actor, ApiToken(kind=ApiToken.Kind.PERSONAL, name=name, user=user,
                                 expires_at=expires_at))


@transaction.atomic
def create_service(actor: Actor, organisation, name: str, role: str,
                   expires_at) -> tuple[ApiToken, str]:
    """A token owned by `organisation`, acting in its partnership with `role`. The caller's
    page or command checks that `actor` is an admin of the partnership."""
    name = name.strip()
    _check(name, expires_at, role)
    service_user = User.objects.create_user(
        email=f"{uuid.uuid4().hex}@{SERVICE_EMAIL_DOMAIN}",
        full_name=f"{name} (service token of {organisation.name})"[:150],
        is_active=False,
    )
    service_user.set_unusable_password()
    service_user.save(update_fields=["password"])
    return _save(actor, ApiToken(kind=ApiToken.Kind.SERVICE, name=name, user=service_user,
                                 organisation=organisation, role=role,
                                 expires_at=expires_at))


def authenticate(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_START):
        return None
    token = (ApiToken.objects.select_related("user", "organisation__partnership")
             .filter(token_hash=hash_secret(secret)).first())
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRAIN:
        _note_use(token, now)
    return token


def _note_use(token: ApiToken, now) -> None:
    """Note when the token was last used: that column only, and no history row, as history
    leaves `last_used_at` out (it changes on use, not by anyone's decision)."""
    token.last_used_at = now
    token.skip_history_when_saving = True
    try:
        token.save(update_fields=["last_used_at"])
    finally:
        del token.skip_history_when_saving


def acting_user(token: ApiToken):
    """The user the token's requests act as. A service token's user carries an unsaved
    membership: its organisation's partnership, its organisation and its role."""
    user = token.user
    if token.is_service:
        user.api_membership = Membership(
            partnership=token.organisation.partnership, user=user,
            organisation=token.organisation, role=token.role)
    return user


def revoke(actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor.user
        actor.stamp(token, reason="Revoked")
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
