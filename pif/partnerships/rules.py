"""The rules about partnerships, organisations and memberships, in one place for every path.
See docs/adr/0008-business-rules.md.

The services in pif.partnerships.services call these, so the web pages, the `pif` command
line and later the API obey the same rules. Each `check_` function returns `Finding`s
(pif.rules) and issues no queries: the service reads what a rule needs to know. A rule about
one field's own format is a validator here, which every form and `full_clean` apply; a
record's uniqueness is a database constraint with its own message (such as
`organisation_code_unique_in_partnership`).

| name | what it is |
|---|---|
| `short_name_validator` | rule "short_name_format": a partnership's short name, for web addresses |
| `short_code_validator` | rule "short_code_format": an organisation's short code |
| `check_year_start_month(month)` | the reporting year starts in a month, 1 to 12 |
| `check_role(role)` | a membership's role is one PIF knows |
| `check_not_a_member(email, partnership_name, is_member=)` | a person is a member once |
| `check_member_organisation(...)` | a member's organisation is ours; a contributor has one |
| `check_keeps_an_admin(...)` | the last admin stays; no admin demotes or removes themself |
| `check_organisation_removable(name, has_members)` | an organisation with members stays |
"""

from __future__ import annotations

from django.core.validators import RegexValidator

from pif.rules import Finding

__all__ = ["ROLES", "check_keeps_an_admin", "check_member_organisation",
           "check_not_a_member", "check_organisation_removable", "check_role",
           "check_year_start_month",
           "short_code_validator", "short_name_validator"]

#: The roles, lowest first (Membership.Role's values).
ROLES = ("viewer", "contributor", "editor", "admin")

short_name_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$",
    "Use 2 to 40 lower-case letters, numbers or hyphens, starting with a letter or number, "
    "for example loch-arden",
)

short_code_validator = RegexValidator(
    r"^[A-Z0-9-]{2,12}$", "Use 2 to 12 capital letters, numbers or hyphens, for example NHSLA")


def check_year_start_month(month) -> tuple[Finding, ...]:
    """Rule "year_start_month": the reporting year starts in a month, 1 (January) to 12."""
    if isinstance(month, int) and 1 <= month <= 12:
        return ()
    return (Finding("reporting_year_start_month", "Choose the month the reporting year starts "
                                                  f"in, 1 to 12, not {month}",
                    "year_start_month"),)


def check_role(role: str) -> tuple[Finding, ...]:
    """Rule "role_known": a membership's role is viewer, contributor, editor or admin."""
    if role in ROLES:
        return ()
    return (Finding("role", f"'{role}' is not a role. Use one of: {', '.join(ROLES)}.",
                    "role_known"),)


def check_not_a_member(email: str, partnership_name: str, *,
                       is_member: bool) -> tuple[Finding, ...]:
    """Rule "member_once": a person is a member of a partnership once, with one role; to
    change their role, edit their membership."""
    if is_member:
        return (Finding("email", f"{email} is already a member of {partnership_name}.",
                        "member_once"),)
    return ()


def check_member_organisation(role: str, *, has_organisation: bool,
                              organisation_in_partnership: bool) -> tuple[Finding, ...]:
    """Rules "organisation_in_partnership" (a member belongs to one of the partnership's own
    organisations, if any) and "contributor_needs_organisation" (a contributor enters data
    for their organisation's indicators, so must have one)."""
    if has_organisation and not organisation_in_partnership:
        return (Finding("organisation", "Choose an organisation of this partnership.",
                        "organisation_in_partnership"),)
    if role == "contributor" and not has_organisation:
        return (Finding("organisation", "Choose the organisation a contributor enters data for.",
                        "contributor_needs_organisation"),)
    return ()


def check_keeps_an_admin(*, name: str, admins: int, is_self: bool,
                         action: str) -> tuple[Finding, ...]:
    """Rules for demoting or removing a partnership admin (`action`: "demoted" or
    "removed"): "last_admin", a partnership always keeps one admin to manage it; and
    "admin_not_self", an admin does not demote or remove themself, so a slip cannot lock
    them out. `admins` counts the partnership's admins, this one included."""
    if admins <= 1:
        return (Finding("", f"{name} is the only partnership admin, so cannot be {action}. "
                            "Make someone else a partnership admin first.", "last_admin"),)
    if is_self:
        doing = "remove yourself" if action == "removed" else "demote yourself"
        return (Finding("", f"You cannot {doing} as a partnership admin. Ask another "
                            "partnership admin to do it.", "admin_not_self"),)
    return ()


def check_organisation_removable(name: str, *, has_members: bool) -> tuple[Finding, ...]:
    """Rule "organisation_has_members": an organisation is removed only once nobody is a
    member through it, so no one is left without the organisation they enter data for."""
    if has_members:
        return (Finding("", f"{name} still has members. Move them to another organisation, or "
                            "remove them, before removing the organisation.",
                        "organisation_has_members"),)
    return ()
