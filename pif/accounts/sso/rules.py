"""Business rules of single sign-on (ADR 0008): who a provider may sign in, and when an
organisation sign-in may be unlinked."""

from django.core.exceptions import ValidationError


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def check_domain(provider, email: str) -> None:
    """A provider signs in only people with its organisation's addresses: one partner's
    identity provider must not vouch for another partner's staff."""
    domain = email_domain(email)
    if not domain or not provider.allows_domain(domain):
        raise ValidationError(
            f"{provider.name} cannot sign in people with {domain or 'no'} addresses",
            code="sso_domain")


def check_may_unlink(identity) -> None:
    """Refuse to remove the last way a person has to sign in."""
    user = identity.user
    others = user.external_identities.exclude(pk=identity.pk).exists()
    if not user.has_usable_password() and not others:
        raise ValidationError(
            "You cannot unlink this organisation sign-in: it is the only way you have to "
            "sign in, because your PIF account has no password.", code="sso_last_way")
