"""Linking organisation sign-ins to PIF accounts, using and unlinking them. The web calls
these; each takes an `Actor` first (ADR 0007).

An identity is found by the provider's issuer and subject, never by email (ADR 0020). Each
link, unlink and sign-in is logged to this module's logger; a sign-in also goes through
Django's `login`, so django-axes records it in its access log as for a password sign-in.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pif.accounts.models import ExternalIdentity
from pif.accounts.sso import rules
from pif.actors import Actor

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claims:
    """What a provider said about the person, from an ID token it signed."""

    issuer: str
    subject: str
    email: str


def find_identity(claims: Claims) -> ExternalIdentity | None:
    return (ExternalIdentity.objects.select_related("user")
            .filter(issuer=claims.issuer, subject=claims.subject).first())


def record_use(actor: Actor, identity: ExternalIdentity) -> None:
    """The identity has just signed its person in."""
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    logger.info("Person %s signed in with %s (identity %s, via %s)", identity.user_id,
                identity.provider, identity.pk, actor.via)


def link_identity(actor, provider, claims: Claims) -> ExternalIdentity:
    """Link the provider's account to the actor's PIF account. The actor has proved the PIF
    account (its password) in this same request; the provider must allow the address."""
    rules.check_domain(provider, claims.email)
    if actor.user is None or actor.user.email != claims.email.lower():
        raise PermissionDenied("Only the owner of the PIF account can link it.")
    try:
        with transaction.atomic():
            identity = ExternalIdentity.objects.create(
                user=actor.user, provider=provider.key, issuer=claims.issuer,
                subject=claims.subject, email=claims.email.lower(),
                last_used_at=timezone.now())
    except IntegrityError:
        # The same sign-in linked a moment ago (the form sent twice): use that link, if it
        # is this person's.
        identity = find_identity(claims)
        if identity is None or identity.user_id != actor.user.pk:
            raise
    logger.info("Person %s linked their %s sign-in (identity %s)", actor.user.pk,
                provider.key, identity.pk)
    return identity


def unlink_identity(actor, identity: ExternalIdentity) -> None:
    if actor.user is None or actor.user.pk != identity.user_id:
        raise PermissionDenied("Only the owner of an organisation sign-in can unlink it.")
    rules.check_may_unlink(identity)
    logger.info("Person %s unlinked their %s sign-in (identity %s)", actor.user.pk,
                identity.provider, identity.pk)
    identity.delete()
