"""Emails about actions: to the owner when they are given one, when it has not started by its
start date, when it is due soon; to the owner and the editors when it is completed.

| name | what it does |
|---|---|
| `action_assigned(actor, action)` | email the new owner once saved (services call it) |
| `action_completed(actor, action)` | email the owner and editors once saved |
| `reminders_for(partnership, today)` | the notices owed today, for `pif send_reminders` |
| `register()` | add `reminders_for` to `pif send_reminders` and the notices' event verbs |

`pif send_reminders` runs once a day. Each notice it sends is recorded as an event on the
action (the verbs below), and is not sent again while that event stands: "not started" once
after each start date, "due soon" once in each due-soon window, "completed" once after it
was completed. So running the command twice a day, or every day, sends nothing twice.
The due-soon window is the partnership's `ActionSettings.due_soon_days` (14 with no row).

Only an owner who is still a member of the action's partnership is emailed. An email the
mail server refuses is logged, not raised: the change that prompted it is saved already.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from pif.actors import Actor
from pif.improvement.models import Action, ActionStatus
from pif.lib.text import one_line
from pif.measures.reminders import Reminder
from pif.partnerships.models import Event, Membership

NOT_STARTED, DUE_SOON, COMPLETED = ("action_not_started_notice", "action_due_soon_notice",
                                    "action_completed_notice")
VERBS: list[tuple[str, str]] = [
    (NOT_STARTED, "Action not started: owner emailed"),
    (DUE_SOON, "Action due soon: owner emailed"),
    (COMPLETED, "Action completed: owner and editors emailed"),
]
# A completed action is announced by the daily run only if it was completed this recently,
# so the first run does not email about every action completed before notices existed.
COMPLETED_WITHIN_DAYS = 7
EDITOR_ROLES = (Membership.Role.EDITOR, Membership.Role.ADMIN)
# Who the event log says sent a notice: PIF itself, by email, whoever's change prompted it.
NOTICES = Actor(via="email notices")

logger = logging.getLogger(__name__)


def register() -> None:
    """Called once from registrations.register_all(); calling it again changes nothing."""
    from pif.improvement.importing import VERBS as IMPORT_VERBS
    from pif.measures import reminders
    from pif.partnerships.events import register_verb

    for verb, label in VERBS + IMPORT_VERBS:
        register_verb(verb, label)
    reminders.register(reminders_for)


def due_soon_days(partnership) -> int:
    from pif.improvement.services.actions import settings_for

    return settings_for(partnership).due_soon_days


# Emails --------------------------------------------------------------------------------

def _link(action: Action) -> str:
    return settings.SITE_URL.rstrip("/") + action.get_absolute_url()


def _email(action: Action, kind: str, subject: str, recipients: list[str],
           **context) -> EmailMultiAlternatives:
    context = {"action": action, "partnership": action.partnership, "kind": kind,
               "link": _link(action), **context}
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string("improvement/email/action_notice.txt", context),
        to=recipients)
    message.attach_alternative(render_to_string("improvement/email/action_notice.html", context),
                               "text/html")
    return message


def assigned_email(action: Action) -> EmailMultiAlternatives:
    return _email(action, "assigned", f"You own action {action.reference}: {action.title}",
                  [action.owner.email])


def not_started_email(action: Action, *, owner_can_edit: bool = False
                      ) -> EmailMultiAlternatives:
    """`owner_can_edit`: the owner is an editor, so may change the dates themselves (others
    are asked to ask an editor)."""
    return _email(action, "not_started",
                  f"Action {action.reference} has not started: {action.title}",
                  [action.owner.email], owner_can_edit=owner_can_edit)


def due_soon_email(action: Action, today: datetime.date, *, owner_can_edit: bool = False
                   ) -> EmailMultiAlternatives:
    return _email(action, "due_soon",
                  f"Action {action.reference} is due on {action.due_date:%-d %B %Y}: "
                  f"{action.title}", [action.owner.email],
                  days=(action.due_date - today).days, owner_can_edit=owner_can_edit)


def completed_email(action: Action, editors: list[str], *,
                    owner_is_member: bool = True) -> EmailMultiAlternatives:
    """To the editors and the owner (if still a member)."""
    owner = [action.owner.email] if action.owner_id and owner_is_member else []
    recipients = list(dict.fromkeys(owner + editors))
    return _email(action, "completed",
                  f"Action {action.reference} is complete: {action.title}", recipients)


def _send(action: Action, message: EmailMultiAlternatives) -> bool:
    """Send `message`; a mail server that fails is logged, not raised: the change that
    prompted it is saved already, and the page that made it must not fail."""
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Notice about action %s (%s) not sent", action.reference,
                         message.subject)
        return False
    return True


def _is_member(partnership, user_id) -> bool:
    return user_id is not None and Membership.objects.filter(
        partnership=partnership, user_id=user_id).exists()


def action_assigned(actor: Actor, action: Action) -> None:
    """Email the action's owner that it is theirs, once the change that gave it to them is
    saved (nothing is sent for a change rolled back). Services call this when an action gets
    an owner, or a new one. An owner who is no longer a member is not emailed."""
    if actor.is_demo or action.owner_id is None or not action.owner.email:
        return
    message = assigned_email(action)

    def send():
        if _is_member(action.partnership_id, action.owner_id):
            _send(action, message)
    transaction.on_commit(send)


def action_completed(actor: Actor, action: Action) -> None:
    """Email the owner and editors now that `action` is complete, once saved, and record it
    so the daily run does not send it again."""
    if actor.is_demo:
        return

    def send():
        editors = _editor_emails(action.partnership)
        message = completed_email(
            action, editors, owner_is_member=_is_member(action.partnership_id, action.owner_id))
        if message.to and _send(action, message):
            _record(action, COMPLETED, message)
    transaction.on_commit(send)


# The daily run -------------------------------------------------------------------------

def _editor_emails(partnership) -> list[str]:
    return list(Membership.objects.filter(partnership=partnership, role__in=EDITOR_ROLES)
                .order_by("user__email").values_list("user__email", flat=True))


def _record(action: Action, verb: str, message) -> None:
    # Who was emailed, not their addresses: the event log is read by every member.
    count = len(message.to)
    NOTICES.event(action.partnership, verb,
                  f"{dict(VERBS)[verb]}: {action.reference} {action.title} "
                  f"({count} {'person' if count == 1 else 'people'})", action)


def _sent_on(partnership, since: datetime.date) -> dict[tuple[str, str], datetime.date]:
    """The latest day each notice was sent for each action, since `since`."""
    latest: dict[tuple[str, str], datetime.date] = defaultdict(lambda: datetime.date.min)
    for verb, object_id, created in (Event.objects.filter(
            partnership=partnership, verb__in=dict(VERBS), object_kind="action",
            created__gte=datetime.datetime.combine(since, datetime.time.min,
                                                   tzinfo=timezone.get_current_timezone()))
            .values_list("verb", "object_id", "created")):
        day = timezone.localdate(created)
        latest[(verb, object_id)] = max(latest[(verb, object_id)], day)
    return latest


def reminders_for(partnership, today: datetime.date) -> list[Reminder]:
    """The notices owed today, in a fixed number of queries: not started by the start date,
    due within the due-soon window, completed in the last few days; each not already sent.
    Only owners who are still members of the partnership are emailed."""
    days = due_soon_days(partnership)
    actions = Action.objects.filter(partnership=partnership).select_related(
        "owner", "partnership").annotate(
        owner_is_member=Exists(Membership.objects.filter(
            partnership=partnership, user_id=OuterRef("owner_id"))),
        owner_is_editor=Exists(Membership.objects.filter(
            partnership=partnership, user_id=OuterRef("owner_id"), role__in=EDITOR_ROLES)))
    not_started = list(actions.open().filter(
        status=ActionStatus.NOT_STARTED, start_date__lte=today, owner_is_member=True))
    due_soon = list(actions.open().filter(
        is_ongoing=False, due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=days), owner_is_member=True))
    completed = list(actions.filter(
        status=ActionStatus.COMPLETE,
        completed_on__gte=today - datetime.timedelta(days=COMPLETED_WITHIN_DAYS),
        completed_on__lte=today))
    dates = [a.start_date for a in not_started] + [
        a.due_date - datetime.timedelta(days=days) for a in due_soon] + [
        a.completed_on for a in completed]
    if not dates:
        return []
    sent = _sent_on(partnership, min(dates))
    editors = _editor_emails(partnership) if completed else []

    def owed(verb: str, action: Action, since: datetime.date) -> bool:
        return sent.get((verb, str(action.pk)), datetime.date.min) < since

    def reminder(action, verb, message) -> Reminder:
        return Reminder(message, lambda: _record(action, verb, message))

    found = []
    for action in not_started:
        if owed(NOT_STARTED, action, action.start_date) and action.owner.email:
            found.append(reminder(action, NOT_STARTED, not_started_email(
                action, owner_can_edit=action.owner_is_editor)))
    for action in due_soon:
        if owed(DUE_SOON, action, action.due_date - datetime.timedelta(days=days)) \
                and action.owner.email:
            found.append(reminder(action, DUE_SOON, due_soon_email(
                action, today, owner_can_edit=action.owner_is_editor)))
    for action in completed:
        if owed(COMPLETED, action, action.completed_on):
            message = completed_email(action, editors, owner_is_member=action.owner_is_member)
            if message.to:
                found.append(reminder(action, COMPLETED, message))
    return found
