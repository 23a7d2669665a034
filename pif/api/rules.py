"""The rules about API tokens, for the account page, the service tokens page and `pif token`.

| name | what it is |
|---|---|
| `check_token_name(name)` | a token has a name of at most 100 characters |
| `check_token_expiry(expires_at, now, max_days)` | expires in the future, within `max_days` |
| `check_service_role(role)` | a service token reads, contributes or edits; it is never an admin |
| `check_token_person(user)` | a personal token is for a person whose account is active |
"""

from __future__ import annotations

from datetime import timedelta

from pif.api.models import SERVICE_EMAIL_DOMAIN, SERVICE_ROLES
from pif.rules import Finding

NAME_LENGTH = 100


def check_token_name(name: str) -> tuple[Finding, ...]:
    """A token has a name, so its owner can tell what it is for (rule `token_name`)."""
    if not name.strip():
        return (Finding("name", "Enter a name for the token, such as what will use it.",
                        "token_name"),)
    if len(name) > NAME_LENGTH:
        return (Finding("name", f"The name must be {NAME_LENGTH} characters or fewer.",
                        "token_name"),)
    return ()


def check_token_expiry(expires_at, now, max_days: int) -> tuple[Finding, ...]:
    """A token expires after now and within `max_days` days (rule `token_expiry`)."""
    if expires_at is None:
        return (Finding("expires_at", "Enter the date the token stops working.",
                        "token_expiry"),)
    if expires_at <= now:
        return (Finding("expires_at", "The date the token stops working must be in the future.",
                        "token_expiry"),)
    if expires_at > now + timedelta(days=max_days):
        latest = (now + timedelta(days=max_days)).date()
        return (Finding("expires_at", f"Enter a date no later than {latest.day} "
                        f"{latest:%B %Y}: a token can work for at most {max_days} days.",
                        "token_expiry"),)
    return ()


def check_service_role(role: str) -> tuple[Finding, ...]:
    """A service token reads, contributes or edits; it never manages members or settings
    (rule `service_role`)."""
    if role not in {value for value, _ in SERVICE_ROLES}:
        return (Finding("role", "Choose viewer, contributor or editor.", "service_role"),)
    return ()


def check_token_person(user) -> tuple[Finding, ...]:
    """A personal token acts as a person who can sign in: one for an account that is not
    active, or for a service token's own user, would be refused from the start (rule
    `token_person`)."""
    if user.email.lower().endswith("@" + SERVICE_EMAIL_DOMAIN):
        return (Finding("user", f"{user.email} is a service token's own user, not a person; "
                        "a personal token for it would never work.", "token_person"),)
    if not user.is_active:
        return (Finding("user", f"{user.email}'s account is not active, so a token for it "
                        "would never work.", "token_person"),)
    return ()
