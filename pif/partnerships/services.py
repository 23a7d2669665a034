"""Changes to partnerships, organisations and memberships.

The web views and the `pif` command line both call these functions, so every change is
validated the same way, kept in field-level history and written to the event log.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.partnerships import rules
from pif.partnerships.models import Membership, Organisation, Partnership
from pif.rules import refuse

Role = Membership.Role
SETTINGS_FIELDS = ("name", "reporting_year_start_month")


def _full_clean(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude)


@transaction.atomic
def create_partnership(actor: Actor, *, name: str, short_name: str,
                       reporting_year_start_month: int = 4) -> Partnership:
    partnership = Partnership(name=name.strip(), short_name=short_name.strip(),
                              reporting_year_start_month=reporting_year_start_month)
    refuse(rules.check_year_start_month(reporting_year_start_month))
    _full_clean(partnership)
    actor.stamp(partnership)
    partnership.save()
    actor.event(partnership, "partnership_created", f"Partnership {partnership.name} created",
                partnership)
    return partnership


@transaction.atomic
def add_organisation(actor: Actor, partnership: Partnership, *, name: str, kind: str,
                     short_code: str) -> Organisation:
    organisation = Organisation(partnership=partnership, name=name.strip(), kind=kind,
                                short_code=short_code.strip().upper())
    _full_clean(organisation)
    actor.stamp(organisation)
    organisation.save()
    actor.event(partnership, "organisation_added",
                f"{organisation.name} ({organisation.get_kind_display().lower()}) added",
                organisation)
    return organisation


@transaction.atomic
def change_organisation(actor: Actor, organisation: Organisation, *, name: str, kind: str,
                        short_code: str, loaded_version: LoadedVersion) -> Organisation:
    # Check a copy, so a refused change leaves the caller's object as saved.
    changed = Organisation.objects.get(pk=organisation.pk)
    changed.name, changed.kind = name.strip(), kind
    changed.short_code = short_code.strip().upper()
    _full_clean(changed)
    claim_version(changed, loaded_version)
    organisation = changed
    actor.stamp(organisation)
    organisation.save()
    actor.event(organisation.partnership, "organisation_changed",
                f"{organisation.name} changed", organisation)
    return organisation


@transaction.atomic
def remove_organisation(actor: Actor, organisation: Organisation) -> None:
    refuse(rules.check_organisation_removable(organisation.name,
                                              has_members=organisation.members.exists()))
    partnership, name = organisation.partnership, organisation.name
    try:
        with transaction.atomic():
            history_writes.delete(actor, organisation)
    except (ProtectedError, RestrictedError) as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.args[1]})
        raise ValidationError(
            f"{name} still owns {', '.join(kinds)}. Give them to another organisation before "
            "removing it.") from error
    actor.event(partnership, "organisation_removed", f"{name} removed")


def _check_member(partnership: Partnership, role: str,
                  organisation: Organisation | None) -> None:
    refuse(rules.check_role(role))
    refuse(rules.check_member_organisation(
        role, has_organisation=organisation is not None,
        organisation_in_partnership=getattr(organisation, "partnership_id", None)
        == partnership.id))


@transaction.atomic
def add_member(actor: Actor, partnership: Partnership, *, email: str, role: str,
               organisation: Organisation | None = None, full_name: str = ""):
    """Add a person to a partnership, creating their account if they have none.

    Returns the membership and whether the person needs an invitation to set a password.
    """
    _check_member(partnership, role, organisation)
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    from django.core.validators import validate_email

    from pif.accounts.forms import email_length_validator

    try:
        validate_email(email)
        email_length_validator()(email)
    except ValidationError as error:
        raise ValidationError({"email": f"'{email}' is not a valid email address."}) from error
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"username": email, "full_name": full_name.strip()}
    )
    if created:
        user.set_unusable_password()
        user.save()
    # Someone invited before who never set a password needs the invitation again.
    needs_invitation = created or not user.has_usable_password()
    is_member = Membership.objects.filter(partnership=partnership, user=user).exists()
    refuse(rules.check_not_a_member(email, partnership.name, is_member=is_member))
    membership = Membership(partnership=partnership, user=user, role=role,
                            organisation=organisation,
                            name_given_here=created and bool(user.full_name))
    actor.stamp(membership)
    membership.save()
    actor.event(partnership, "member_added",
                f"{membership.known_name} added as {membership.get_role_display().lower()}",
                membership)
    return membership, needs_invitation


def _admin_count(partnership: Partnership) -> int:
    return Membership.objects.filter(partnership=partnership, role=Role.ADMIN).count()


def _refuse_losing_admin(actor: Actor, membership: Membership, action: str) -> None:
    if membership.role != Role.ADMIN:
        return
    refuse(rules.check_keeps_an_admin(
        name=membership.known_name, admins=_admin_count(membership.partnership),
        is_self=actor.user is not None and membership.user_id == actor.user.pk, action=action))


@transaction.atomic
def change_membership(actor: Actor, membership: Membership, *, role: str,
                      organisation: Organisation | None,
                      loaded_version: LoadedVersion) -> Membership:
    _check_member(membership.partnership, role, organisation)
    membership = Membership.objects.select_for_update().select_related("user", "partnership").get(
        pk=membership.pk
    )
    if role != Role.ADMIN:
        _refuse_losing_admin(actor, membership, "demoted")
    old_role = membership.get_role_display().lower()
    old_organisation = membership.organisation
    claim_version(membership, loaded_version)
    membership.role, membership.organisation = role, organisation
    actor.stamp(membership)
    membership.save()
    new_role = membership.get_role_display().lower()
    name = membership.known_name
    if old_role != new_role:
        actor.event(membership.partnership, "role_changed",
                    f"{name} changed from {old_role} to {new_role}", membership)
    if old_organisation != organisation:
        actor.event(membership.partnership, "member_moved",
                    f"{name} moved from {old_organisation or 'no organisation'} to "
                    f"{organisation or 'no organisation'}", membership)
    return membership


@transaction.atomic
def remove_member(actor: Actor, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().select_related("user", "partnership").get(
        pk=membership.pk
    )
    _refuse_losing_admin(actor, membership, "removed")
    partnership, name = membership.partnership, membership.known_name
    history_writes.delete(actor, membership)
    actor.event(partnership, "member_removed", f"{name} removed from the partnership")


@transaction.atomic
def update_settings(actor: Actor, partnership_id: int, changes: dict, *,
                    loaded_version: LoadedVersion) -> Partnership:
    """Save settings only if nobody else has saved since `loaded_version` was read."""
    current = Partnership.objects.get(pk=partnership_id)
    changed = [f for f in SETTINGS_FIELDS if f in changes and getattr(current, f) != changes[f]]
    if not changed:  # nothing to save, so nothing of anyone else's to overwrite
        return current
    claim_version(current, loaded_version)
    for field in changed:
        setattr(current, field, changes[field])
    refuse(rules.check_year_start_month(current.reporting_year_start_month))
    _full_clean(current)
    actor.stamp(current)
    current.save()
    labels = ", ".join(str(Partnership._meta.get_field(f).verbose_name) for f in changed)
    actor.event(current, "settings_changed", f"Settings changed: {labels}", current)
    return current
