"""A service token's own user goes with its token.

A service token acts through a user of its own (pif/api/tokens.py), which nothing else
uses. When the token is deleted, as it is with its organisation, that user would be left
behind with no token: litter that backups and exits would carry. So it is deleted too, but
only while nothing names it: once the token has changed anything, history (and fields such
as who entered a value) name its user, and deleting it would empty those, so it is kept.
"""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.signals import post_delete
from django.dispatch import receiver

from pif.accounts.models import User
from pif.api.models import ApiToken


@receiver(post_delete, sender=ApiToken, dispatch_uid="pif.api.delete_service_user")
def delete_unused_service_user(sender, instance: ApiToken, origin=None, **kwargs) -> None:
    if not instance.is_service or _deleting_a_user(origin):
        return  # a personal token's person stays; a user being deleted is going anyway
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        delete_if_unused(user)


def _deleting_a_user(origin) -> bool:
    return isinstance(origin, User) or getattr(origin, "model", None) is User


def delete_if_unused(user: User) -> bool:
    """Delete `user` if that changes and deletes no other row; whether it was deleted."""
    collector = Collector(using=router.db_for_write(User), origin=user)
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return False  # something it did still names it
    others = [rows for model, rows in collector.data.items() if model is not User and rows]
    touched = [rows for rows in collector.fast_deletes if rows.exists()]
    touched += [rows for updates in collector.field_updates.values() for rows in updates
                if (rows.exists() if hasattr(rows, "exists") else rows)]
    if others or touched:
        return False
    collector.delete()
    return True
