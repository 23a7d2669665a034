"""Every change to an action plan, actor first: actions, their progress updates and
milestones, closing and sign-off, and the partnership's action settings.

Who may change an action is a rule on every path (`rules.check_may_change`): editors any
action, contributors only an action their organisation owns or that they own themselves.
The pages refuse first (403); the services refuse again, so the import, the command line and
later the API cannot get round it. An operator (the command line, the demo without a user)
may change anything. Whether an action is shown on the public pages is an editor's choice
(`rules.check_published_by_editor`), on every path too.

`create_action(actor, partnership, *, outcomes=(), indicators=(), risks=(), **fields)` keeps
its signature: the importer and the demo call it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version, refusing_a_racing_create
from pif.improvement import notices, progress, rules, verdicts
from pif.improvement.models import Action, ActionSettings, ActionStatus, Milestone, ProgressUpdate
from pif.outcomes.services import common
from pif.partnerships.access import Access, access_for
from pif.partnerships.models import Membership
from pif.rules import refuse

VERBS: list[tuple[str, str]] = [
    ("action_added", "Action added"),
    ("action_changed", "Action changed"),
    ("action_progress_updated", "Action progress updated"),
    ("action_completed", "Action completed"),
    ("action_cancelled", "Action cancelled"),
    ("action_signed_off", "Action signed off"),
    ("action_reopened", "Action reopened"),
    ("action_removed", "Action removed"),
    ("action_milestone_added", "Action milestone added"),
    ("action_milestone_changed", "Action milestone changed"),
    ("action_milestone_removed", "Action milestone removed"),
    ("action_settings_changed", "Action plan settings changed"),
]

M2M = ("outcomes", "indicators", "risks")


# Reading ---------------------------------------------------------------------------------

def settings_for(partnership) -> ActionSettings:
    """The partnership's action settings, or unsaved defaults (so reading never writes)."""
    found = ActionSettings.objects.filter(partnership=partnership).first()
    return found or ActionSettings(partnership=partnership)


def suggestion(action: Action, settings: ActionSettings, on: datetime.date,
               percent: int | None = None) -> str | None:
    """The status PIF suggests for `action` at `percent` (its own, if not given) on `on`."""
    return progress.suggested_status(
        action.percent_complete if percent is None else percent, action.start_date,
        action.due_date, on, ongoing=action.is_ongoing, on_track_at=settings.on_track_at,
        off_track_at=settings.off_track_at)


def waiting_for_sign_off(action: Action, settings: ActionSettings) -> bool:
    """A completed action the partnership wants signed off, not signed off yet."""
    return (action.status == ActionStatus.COMPLETE and settings.closing_needs_sign_off
            and action.signed_off_on is None)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# Who may change an action ------------------------------------------------------------------

def may_change(access: Access, action: Action) -> bool:
    """Whether the member behind `access` may change `action` (rule "owner_may_change")."""
    return not rules.check_may_change(
        may_change_owned=access.can_change_owned(action.owner_organisation_id),
        is_owner=_is_owner(access.membership, action))


def _is_owner(membership: Membership, action: Action) -> bool:
    return (membership.role != Membership.Role.VIEWER and action.owner_id is not None
            and action.owner_id == membership.user_id)


def _access(actor: Actor, action: Action) -> Access | None:
    return access_for(actor.user, action.partnership)


def _refuse_unless_may_change(actor: Actor, action: Action) -> None:
    if actor.is_operator:
        return
    access = _access(actor, action)
    refuse(rules.check_may_change(
        may_change_owned=access is not None
        and access.can_change_owned(action.owner_organisation_id),
        is_owner=access is not None and _is_owner(access.membership, action)))


def _refuse_unless_editor(actor: Actor, action: Action,
                          check=rules.check_signed_off_by_editor) -> None:
    if actor.is_operator:
        return
    access = _access(actor, action)
    refuse(check(access is not None and access.can_edit))


def _refuse_unless_editor_publishes(actor: Actor, action: Action, *, changes: bool) -> None:
    """Rule "publish_by_editor": only an editor shows an action on the public pages or takes
    it off them (`changes`: this save changes whether it is shown)."""
    if actor.is_operator or not changes:
        return
    access = _access(actor, action)
    refuse(rules.check_published_by_editor(
        changes=changes, is_editor=access is not None and access.can_edit))


# Actions ---------------------------------------------------------------------------------

def _check_action(action: Action, m2m: dict) -> None:
    refuse(rules.check_action_dates(action.start_date, action.due_date,
                                    ongoing=action.is_ongoing))
    refuse(rules.check_percent(action.percent_complete))
    if action.owner_id is not None:
        refuse(rules.check_owner_is_member(Membership.objects.filter(
            partnership_id=action.partnership_id, user_id=action.owner_id).exists()))
    common.check_scope(action, action.partnership, m2m)


def _links(outcomes=(), indicators=(), risks=()) -> dict:
    return {"outcomes": list(outcomes), "indicators": list(indicators), "risks": list(risks)}


@transaction.atomic
def create_action(actor: Actor, partnership, *, outcomes=(), indicators=(), risks=(),
                  **fields) -> Action:
    """Add an action to `partnership`'s plan; `fields` are Action's own fields."""
    action = Action(partnership=partnership, **fields)
    m2m = _links(outcomes, indicators, risks)
    _check_action(action, m2m)
    _refuse_unless_may_change(actor, action)
    _refuse_unless_editor_publishes(actor, action, changes=action.published)
    action.full_clean()
    actor.stamp(action)
    action.save()
    for name, values in m2m.items():
        getattr(action, name).set(values)
    actor.event(partnership, "action_added", f"Action “{action}” added", action)
    notices.action_assigned(actor, action)  # emails the owner once saved
    return action


@transaction.atomic
def save_action(actor: Actor, action: Action, *, loaded_version: LoadedVersion,
                m2m: dict | None = None) -> Action:
    """Save an action's own fields (as set on `action`) and, if given, its links
    (`m2m`: outcomes, indicators, risks). Adds the action if it is new."""
    if action.pk is None:
        links = m2m or {}
        return create_action(actor, action.partnership, **{
            name: links.get(name, ()) for name in M2M}, **{
            field.name: getattr(action, field.name) for field in Action._meta.concrete_fields
            if field.name not in ("id", "partnership", "created")})
    m2m = {name: list(values) for name, values in (m2m or {}).items() if name in M2M}
    _check_action(action, m2m)
    # Both as stored and as changed: moving an action to your own organisation does not
    # make it yours to change.
    stored = Action.objects.get(pk=action.pk)
    _refuse_unless_may_change(actor, stored)
    _refuse_unless_may_change(actor, action)
    _refuse_unless_editor_publishes(actor, action,
                                    changes=action.published != stored.published)
    owner_before = stored.owner_id
    common.save(actor, action, verb="action_changed", description=f"Action “{action}” changed",
                m2m=m2m, loaded_version=loaded_version)
    if action.owner_id != owner_before:
        notices.action_assigned(actor, action)  # emails the new owner once saved
    return action


@transaction.atomic
def add_progress_update(actor: Actor, action: Action, *, loaded_version: LoadedVersion,
                        percent_complete: int, status: str | None, text: str,
                        written_on: datetime.date | None = None, status_reason: str = "",
                        today: datetime.date | None = None) -> ProgressUpdate:
    """Log a dated update on `action`. The newest update (by its date) sets the action's
    progress and status; the status PIF suggests from the dates and the partnership's
    thresholds may be overridden, with a reason (rule "override_needs_reason").
    `status` None means "as PIF suggests": the action's own status when there is no
    suggestion (ongoing work, or no dates). The web page and the API both rely on this."""
    today = _today(today)
    written_on = written_on or today
    settings = settings_for(action.partnership)
    _refuse_unless_may_change(actor, action)
    refuse(rules.check_open(action.is_closed))
    refuse(rules.check_percent(percent_complete))
    refuse(rules.check_update_date(written_on, today))
    suggested = suggestion(action, settings, written_on, percent_complete)
    if status is None:
        status = suggested or action.status
    refuse(rules.check_update_status(status, suggested, status_reason))
    update = ProgressUpdate(action=action, written_on=written_on,
                            percent_complete=percent_complete, status=status, text=text,
                            author=actor.user)
    update.full_clean(exclude=["action"])
    actor.stamp(update)
    update.save()
    if action.last_progress_on is None or written_on >= action.last_progress_on:
        claim_version(action, loaded_version)
        action.percent_complete = percent_complete
        action.status = status
        action.status_overridden = suggested is not None and status != suggested
        action.status_reason = status_reason.strip() if action.status_overridden else ""
        action.last_progress_on = written_on
        actor.stamp(action)
        action.save()
    actor.event(action.partnership, "action_progress_updated",
                f"Action “{action}”: {percent_complete}% done, "
                f"{ActionStatus(status).label.lower()}", action)
    return update


@transaction.atomic
def close_action(actor: Actor, action: Action, *, loaded_version: LoadedVersion,
                 outcome: str, evidence: str = "", reason: str = "",
                 completed_on: datetime.date | None = None,
                 today: datetime.date | None = None) -> Action:
    """Complete an action (`outcome` "complete", with its evidence) or cancel it ("cancel",
    with a reason). If the partnership asks for it, a completed action then waits for an
    editor's sign-off (`sign_off`)."""
    today = _today(today)
    completed_on = completed_on or today
    _refuse_unless_may_change(actor, action)
    refuse(rules.check_open(action.is_closed))
    refuse(rules.check_update_date(completed_on, today))
    if outcome == "complete":
        refuse(rules.check_completion(evidence))
        action.status = ActionStatus.COMPLETE
        action.percent_complete = 100
        action.completion_evidence = evidence.strip()
        verb, done = "action_completed", "completed"
    else:
        refuse(rules.check_cancellation(reason))
        action.status = ActionStatus.CANCELLED
        action.status_reason = reason.strip()
        verb, done = "action_cancelled", "cancelled"
    action.status_overridden = False
    action.completed_on = completed_on
    action.signed_off_by = None
    action.signed_off_on = None
    if action.last_progress_on is None or completed_on >= action.last_progress_on:
        action.last_progress_on = completed_on
    claim_version(action, loaded_version)
    actor.stamp(action, f"Action {done}")
    action.save()
    _log_closing(actor, action, completed_on)
    actor.event(action.partnership, verb, f"Action “{action}” {done}", action)
    if action.status == ActionStatus.COMPLETE:
        notices.action_completed(actor, action)  # emails the owner and the editors once saved
        verdicts.record_for_action(actor, action, completed_on)  # replaces earlier ones
    else:
        verdicts.clear_for_action(actor, action)  # nothing was tried to the end
    return action


def _log_closing(actor: Actor, action: Action, closed_on: datetime.date) -> ProgressUpdate:
    """The entry in the action's log that says it closed ("Completed. Evidence: …" or
    "Cancelled: …"), so that its last entry is not an earlier "20% done, off track"."""
    if action.status == ActionStatus.COMPLETE:
        text = f"Completed. Evidence: {action.completion_evidence}"
    else:
        text = f"Cancelled: {action.status_reason}"
    update = ProgressUpdate(action=action, written_on=closed_on,
                            percent_complete=action.percent_complete, status=action.status,
                            text=text, author=actor.user)
    actor.stamp(update, f"Action {action.get_status_display().lower()}")
    update.save()
    return update


@transaction.atomic
def sign_off(actor: Actor, action: Action, *, loaded_version: LoadedVersion,
             today: datetime.date | None = None) -> Action:
    """An editor signs off a completed action waiting for it."""
    _refuse_unless_editor(actor, action)
    refuse(rules.check_sign_off(waiting=waiting_for_sign_off(
        action, settings_for(action.partnership))))
    claim_version(action, loaded_version)
    action.signed_off_by = actor.user
    action.signed_off_on = _today(today)
    actor.stamp(action, "Action signed off")
    action.save()
    actor.event(action.partnership, "action_signed_off", f"Action “{action}” signed off",
                action)
    return action


@transaction.atomic
def reopen(actor: Actor, action: Action, *, loaded_version: LoadedVersion,
           today: datetime.date | None = None) -> Action:
    """Open a completed or cancelled action again, with the status PIF suggests (or on track
    when it has none). Its evidence is kept, in history too. Only an editor reopens, as on
    the page (rule "reopen_by_editor")."""
    _refuse_unless_editor(actor, action, rules.check_reopened_by_editor)
    if not action.is_closed:
        return action
    settings = settings_for(action.partnership)
    if action.percent_complete >= 100:
        action.percent_complete = 99
    action.status = suggestion(action, settings, _today(today)) or ActionStatus.ON_TRACK
    action.status_overridden = False
    action.status_reason = ""
    action.completed_on = None
    action.signed_off_by = None
    action.signed_off_on = None
    claim_version(action, loaded_version)
    actor.stamp(action, "Action reopened")
    action.save()
    actor.event(action.partnership, "action_reopened", f"Action “{action}” reopened", action)
    return action


@transaction.atomic
def remove_action(actor: Actor, action: Action) -> None:
    """Delete an action with its milestones and updates, in history."""
    _refuse_unless_may_change(actor, action)
    description = f"Action “{action}” removed"
    partnership = action.partnership
    history_writes.delete(actor, action)
    actor.event(partnership, "action_removed", description)


# Milestones ------------------------------------------------------------------------------

@transaction.atomic
def save_milestone(actor: Actor, milestone: Milestone, *,
                   loaded_version: LoadedVersion) -> Milestone:
    """Add or change a milestone (a sub-task) of an open action."""
    action = milestone.action
    _refuse_unless_may_change(actor, action)
    refuse(rules.check_open(action.is_closed))
    adding = milestone.pk is None
    if adding and not milestone.position:
        milestone.position = action.milestones.count() + 1
    milestone.full_clean(exclude=["action"])
    if not adding:
        claim_version(milestone, loaded_version)
    actor.stamp(milestone)
    milestone.save()
    done = "added" if adding else "changed"
    actor.event(action.partnership, f"action_milestone_{done}",
                f"Milestone “{milestone}” of action {action.reference} {done}", action)
    return milestone


@transaction.atomic
def remove_milestone(actor: Actor, milestone: Milestone) -> None:
    action = milestone.action
    _refuse_unless_may_change(actor, action)
    refuse(rules.check_open(action.is_closed))
    description = f"Milestone “{milestone}” of action {action.reference} removed"
    history_writes.delete(actor, milestone)
    actor.event(action.partnership, "action_milestone_removed", description, action)


# Settings --------------------------------------------------------------------------------

@transaction.atomic
def save_action_settings(actor: Actor, partnership, *, loaded_version: LoadedVersion,
                         **fields) -> ActionSettings:
    """Save the partnership's thresholds, the days after which an action is stale or due
    soon, and whether completing needs sign-off. `loaded_version` 0: the page was loaded
    before the settings were first saved."""
    settings = settings_for(partnership)
    for name, value in fields.items():
        setattr(settings, name, value)
    refuse(rules.check_thresholds(settings.on_track_at, settings.off_track_at))
    with refusing_a_racing_create(ActionSettings, partnership=partnership):
        return common.save(actor, settings, verb="action_settings_changed",
                           description="Action plan settings changed",
                           loaded_version=loaded_version)
