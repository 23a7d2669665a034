"""Locked reporting periods: the figures discussed at a stat meeting cannot change under it.

| name | what it does |
|---|---|
| `active_lock(partnership)` | the lock reaching furthest, or None (one query) |
| `locked_through(partnership)` | its date: values of periods ending on or before it are locked |
| `lock_through(actor, partnership, through, reason)` | lock up to a date |
| `unlock(actor, lock, reason)` | open a lock again (partnership admins, with a reason) |

Editors lock (they prepare stat meetings); only admins unlock.

The rule itself is `rules.check_period_not_locked`; `writing.write_observations` asks it of
every value it would create or change, so every path (entry form, grid, uploads, `pif
import`, the API) obeys it. Approving a locked period's value stays allowed, as it does not
change the figure; rejecting one is refused, as it withdraws the figure.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pif.actors import Actor
from pif.measures import rules
from pif.measures.models import PeriodLock
from pif.partnerships.access import access_for
from pif.partnerships.models import Membership
from pif.rules import Finding, refuse

__all__ = ["active_lock", "lock_through", "locked_through", "unlock"]

REASON_LENGTH = PeriodLock._meta.get_field("reason").max_length


def active_lock(partnership) -> PeriodLock | None:
    """The active lock reaching furthest (a later one may have been unlocked since), with
    its reason for the rule's message."""
    return (PeriodLock.objects.filter(partnership=partnership, unlocked_at__isnull=True)
            .order_by("-locked_through", "-id").first())


def locked_through(partnership) -> date | None:
    """The date values are locked up to (periods ending on or before it), or None."""
    return (PeriodLock.objects.filter(partnership=partnership, unlocked_at__isnull=True)
            .order_by("-locked_through").values_list("locked_through", flat=True).first())


def _reason_findings(field: str, reason: str, what: str) -> tuple[Finding, ...]:
    if not reason.strip():
        return (Finding(field, f"Enter why {what}", f"{field}_needed"),)
    if len(reason.strip()) > REASON_LENGTH:
        return (Finding(field, f"Keep the reason to {REASON_LENGTH} characters or less",
                        f"{field}_length"),)
    return ()


def _require_role(actor: Actor, partnership, role: str, refusal: str) -> None:
    """Locking is for editors, who prepare stat meetings; unlocking, which lets figures
    already discussed change, is for partnership admins (or the operator at the command
    line), whatever page or program asks. The role is read through the access layer, so a
    service token counts with its role (ADR 0021)."""
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    if access is None or not access.has_role(role):
        raise PermissionDenied(refusal)


@transaction.atomic
def lock_through(actor: Actor, partnership, through: date, reason: str) -> PeriodLock:
    """Lock the values of every period ending on or before `through`. Locking no further
    than an active lock already does changes nothing and returns that lock."""
    _require_role(actor, partnership, Membership.Role.EDITOR,
                  "Only editors and partnership admins can lock periods.")
    refuse(rules.check_lock_date(through, timezone.localdate())
           + _reason_findings("reason", reason, "the values are locked, such as the meeting"))
    # Lock the partnership's row, so two admins locking at once make one lock, not two.
    type(partnership).objects.select_for_update().filter(pk=partnership.pk).first()
    current = active_lock(partnership)
    if current is not None and current.locked_through >= through:
        return current
    lock = PeriodLock(partnership=partnership, locked_through=through, reason=reason.strip(),
                      locked_by=actor.user)
    actor.stamp(lock)
    lock.save()
    actor.event(partnership, "period_locked", f"Values up to {through:%-d %B %Y} locked"
                + (f" for {lock.reason}" if lock.reason else ""), lock)
    return lock


@transaction.atomic
def unlock(actor: Actor, lock: PeriodLock, reason: str) -> PeriodLock:
    """Open a lock again, saying why; its history and the event log keep who and when. An
    earlier lock still active goes on holding its periods."""
    _require_role(actor, lock.partnership, Membership.Role.ADMIN,
                  "Only partnership admins can unlock periods.")
    refuse(_reason_findings("unlock_reason", reason, "you are unlocking the values"))
    lock = PeriodLock.objects.select_for_update().get(pk=lock.pk)
    if not lock.is_active:
        return lock
    lock.unlocked_by, lock.unlocked_at = actor.user, timezone.now()
    lock.unlock_reason = reason.strip()
    actor.stamp(lock, f"Unlocked: {lock.unlock_reason}")
    lock.save()
    actor.event(lock.partnership, "period_unlocked",
                f"Values up to {lock.locked_through:%-d %B %Y} unlocked: {lock.unlock_reason}",
                lock)
    return lock
