"""Every change to stat meeting series, meetings and briefing memos, actor first. Each checks
the rules in pif/reviews/rules/meetings.py, including who may make it, keeps history
(`actor.stamp`, pif.history_writes, simple_history's bulk writes) and writes an event for
what a board member would want to read about.

Who may do what: editors and admins set up series and meetings and issue the briefing
memo and lock the reporting period (as pif/measures/locks.py allows); contributors
(the analysts) also draft the memo and change its items before it is issued.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.partnerships.access import access_for
from pif.partnerships.models import Membership
from pif.reviews import briefing, meeting_dates
from pif.reviews import models as m
from pif.reviews.rules import meetings as rules
from pif.rules import Finding, refuse

VERBS: list[tuple[str, str]] = [
    ("meeting_series_created", "Meeting series set up"),
    ("meeting_series_changed", "Meeting series changed"),
    ("meeting_rotation_changed", "Meeting rotation changed"),
    ("meeting_scheduled", "Meeting scheduled"),
    ("meeting_changed", "Meeting changed"),
    ("meeting_period_locked", "Reporting period locked for a meeting"),
    ("briefing_drafted", "Briefing memo drafted"),
    ("briefing_issued", "Briefing memo issued"),
]
ROLE_WORDS = {"edit": "Only editors and admins can do this.",
              "contribute": "Viewers cannot change meetings."}


def require_role(actor: Actor, partnership, need: str) -> None:
    """Refuse unless the actor has the role `need` (rule "meeting_role"); the operator
    (command line, demo) may do anything."""
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    if access is None or not access.can(need):
        refuse([Finding("", ROLE_WORDS[need], "meeting_role")])


def _partnership_ids(*rows) -> dict:
    return {name: [getattr(row, "partnership_id", None)] for name, row in rows if row}


def _check_focus(obj, partnership) -> None:
    refuse(rules.check_focus(obj.focus_kind, obj.organisation_id, obj.outcome_id, obj.service))
    refuse(rules.check_links_in_partnership(
        _partnership_ids(("organisation", obj.organisation), ("outcome", obj.outcome)),
        partnership.pk))
    # A step keeps only what its kind names, so a later change of kind leaves nothing behind.
    kind = obj.focus_kind
    if kind != m.FocusKind.ORGANISATION:
        obj.organisation = None
    if kind != m.FocusKind.OUTCOME:
        obj.outcome = None
    if kind != m.FocusKind.SERVICE:
        obj.service = ""


# Series -----------------------------------------------------------------------------------

@transaction.atomic
def save_series(actor: Actor, series: m.MeetingSeries, *, attendees, loaded_version:
                LoadedVersion) -> m.MeetingSeries:
    """Set up a series, or save a change to one, with its attendees."""
    partnership = series.partnership
    require_role(actor, partnership, "edit")
    adding = series.pk is None
    attendees = list(attendees)
    members = set(Membership.objects.filter(partnership=partnership).values_list(
        "user_id", flat=True))
    refuse(rules.check_people_are_members(
        chair_ok=series.chair_id in members,
        attendees_ok=all(person.pk in members for person in attendees)))
    refuse(rules.check_hours_and_days(
        hours_before=series.briefing_hours_before, days_after=series.follow_up_days,
        escalate_after=series.escalate_after))
    series.full_clean(exclude=["attendees"])
    if not adding:
        claim_version(series, loaded_version)
    actor.stamp(series)
    series.save()
    series.attendees.set(attendees)
    verb, said = ("meeting_series_created", "set up") if adding else (
        "meeting_series_changed", "changed")
    actor.event(partnership, verb, f"Meeting series “{series}” {said}", series)
    return series


@transaction.atomic
def add_rotation_step(actor: Actor, step: m.RotationStep) -> m.RotationStep:
    """Add a focus at the end of the series' rotation."""
    series = step.series
    require_role(actor, series.partnership, "edit")
    _check_focus(step, series.partnership)
    last = series.rotation.order_by("-position").first()
    step.position = last.position + 1 if last else 0
    step.full_clean()
    actor.stamp(step)
    step.save()
    actor.event(series.partnership, "meeting_rotation_changed",
                f"“{briefing.focus_words(step)}” added to the rotation of “{series}”", series)
    return step


@transaction.atomic
def remove_rotation_step(actor: Actor, step: m.RotationStep) -> None:
    series = step.series
    require_role(actor, series.partnership, "edit")
    history_writes.delete(actor, step)
    actor.event(series.partnership, "meeting_rotation_changed",
                f"“{briefing.focus_words(step)}” removed from the rotation of “{series}”",
                series)


# Meetings ---------------------------------------------------------------------------------

def next_focus(series: m.MeetingSeries, last: m.Meeting | None) -> m.RotationStep | None:
    """The rotation step after the one the last meeting took (the first step when the last
    meeting took none of them, or there was no last meeting); None with no rotation."""
    steps = list(series.rotation.all())
    if not steps:
        return None

    def same(step):
        return (step.focus_kind, step.organisation_id, step.outcome_id, step.service) == (
            last.focus_kind, last.organisation_id, last.outcome_id, last.service)
    index = next((i for i, step in enumerate(steps) if last and same(step)), -1)
    return steps[(index + 1) % len(steps)]


def next_meeting(series: m.MeetingSeries, today: datetime.date | None = None) -> m.Meeting:
    """A new, unsaved meeting with the defaults: a cadence after the last one at the same
    time of day, the next focus of the rotation, and data up to the end of the last complete
    month (quarter, for a quarterly series)."""
    today = today or timezone.localdate()
    last = series.meetings.order_by("-starts_at").first()
    last_local = timezone.localtime(last.starts_at) if last else None
    day = meeting_dates.next_date(series.cadence, last_local.date() if last else None, today)
    at = last_local.time() if last else meeting_dates.DEFAULT_TIME
    meeting = m.Meeting(series=series, location=last.location if last else "",
                        starts_at=timezone.make_aware(datetime.datetime.combine(day, at)),
                        data_to=meeting_dates.data_to(series.cadence, day))
    step = next_focus(series, last)
    if step is not None:
        meeting.focus_kind, meeting.organisation, meeting.outcome, meeting.service = (
            step.focus_kind, step.organisation, step.outcome, step.service)
    return meeting


@transaction.atomic
def save_meeting(actor: Actor, meeting: m.Meeting, *, loaded_version: LoadedVersion
                 ) -> m.Meeting:
    """Schedule a meeting, or save a change to one."""
    partnership = meeting.series.partnership
    require_role(actor, partnership, "edit")
    adding = meeting.pk is None
    _check_focus(meeting, partnership)
    refuse(rules.check_meeting_dates(
        meeting.day,
        meeting.data_to))
    if not adding:
        saved = m.Meeting.objects.select_for_update().get(pk=meeting.pk)
        refuse(rules.check_meeting_changeable(saved.stage, _changed(saved, meeting)))
    meeting.full_clean(exclude=["present"])
    if not adding:
        claim_version(meeting, loaded_version)
    actor.stamp(meeting)
    meeting.save()
    verb, said = ("meeting_scheduled", "scheduled") if adding else ("meeting_changed",
                                                                     "changed")
    actor.event(partnership, verb, f"Meeting “{meeting}” {said}", meeting)
    return meeting


def _changed(saved: m.Meeting, meeting: m.Meeting) -> set[str]:
    """The fields the memo describes whose value differs from the saved meeting's."""
    names = ("starts_at", "data_to", "focus_kind", "organisation_id", "outcome_id", "service")
    return {name.removesuffix("_id") for name in names
            if getattr(saved, name) != getattr(meeting, name)}


def is_locked(meeting: m.Meeting, locked_through: datetime.date | None) -> bool:
    """Whether the meeting's data is locked now: the partnership's locks reach its
    `data_to` (`locked_through` from pif.measures.locks), whoever locked them."""
    return (meeting.data_to is not None and locked_through is not None
            and locked_through >= meeting.data_to)


@transaction.atomic
def lock_period(actor: Actor, meeting: m.Meeting, *, loaded_version: LoadedVersion
                ) -> m.Meeting:
    """Lock the partnership's data up to the meeting's `data_to`, so the figures the pack
    shows cannot change under it, and note when on the meeting. After an admin unlocks
    (to correct a figure), the meeting's period can be locked again."""
    from pif.measures import locks

    series = meeting.series
    partnership = series.partnership
    require_role(actor, partnership, "edit")  # as pif.measures.locks: locking is for editors
    refuse(rules.check_may_lock(meeting.data_to, locks.locked_through(partnership),
                                timezone.localdate()))
    claim_version(meeting, loaded_version)
    day = timezone.localtime(meeting.starts_at)
    # Locking no further than an active lock already does changes nothing there.
    locks.lock_through(actor, partnership, meeting.data_to,
                       reason=f"{series.name}, {day.day} {day:%B %Y}")
    meeting.period_locked_at = timezone.now()
    actor.stamp(meeting)
    meeting.save()
    actor.event(partnership, "meeting_period_locked",
                f"Data locked up to {meeting.data_to.day} {meeting.data_to:%B %Y} for "
                f"“{meeting}”", meeting)
    return meeting


# The briefing memo ------------------------------------------------------------------------

def _require_open(actor: Actor, meeting: m.Meeting) -> None:
    require_role(actor, meeting.series.partnership, "contribute")
    refuse(rules.check_briefing_open(meeting.stage))


@transaction.atomic
def build_briefing(actor: Actor, meeting: m.Meeting, *, today: datetime.date | None = None
                   ) -> briefing.Plan:
    """Draft the briefing memo's items, or redraft them keeping the analyst's work (see
    pif/reviews/briefing.py), in a fixed number of queries whatever the number of items."""
    meeting = m.Meeting.objects.select_for_update().select_related(
        "series__partnership").get(pk=meeting.pk)
    _require_open(actor, meeting)
    drafts = briefing.draft(meeting, today or timezone.localdate())
    change = briefing.plan(meeting, drafts, list(meeting.items.all()))
    history_writes.delete_each(actor, change.remove)
    who = {"default_user": actor.user, "default_change_reason": actor.change_reason()}
    bulk_create_with_history(change.create, m.MeetingItem, batch_size=500, **who)
    bulk_update_with_history(change.move, m.MeetingItem, ["position"], batch_size=500, **who)
    actor.event(meeting.series.partnership, "briefing_drafted",
                f"Briefing memo drafted for “{meeting}”: {len(drafts)} items", meeting)
    return change


def _item_meeting(item: m.MeetingItem) -> m.Meeting:
    return m.Meeting.objects.select_related("series__partnership").get(pk=item.meeting_id)


@transaction.atomic
def save_item(actor: Actor, item: m.MeetingItem, *, loaded_version: LoadedVersion
              ) -> m.MeetingItem:
    """Save an analyst's change to an item (its title, questions), or add their own item
    (reason "other", at the end of its section until the memo is redrafted)."""
    meeting = _item_meeting(item)
    _require_open(actor, meeting)
    if item.pk is None:
        item.reason = m.ExceptionReason.OTHER
        last = meeting.items.order_by("-position").first()
        item.position = last.position + 1 if last else 0
    else:
        claim_version(item, loaded_version)
    item.full_clean()
    actor.stamp(item)
    item.save()
    return item


@transaction.atomic
def remove_item(actor: Actor, item: m.MeetingItem) -> None:
    _require_open(actor, _item_meeting(item))
    history_writes.delete(actor, item)


def briefing_recipients(meeting: m.Meeting) -> list[str]:
    """The chair's and attendees' email addresses, each once, members only."""
    series = meeting.series
    ids = {series.chair_id, *series.attendees.values_list("pk", flat=True)}
    members = Membership.objects.filter(partnership_id=series.partnership_id, user_id__in=ids)
    return sorted(get_user_model().objects.filter(
        pk__in=members.values("user_id")).exclude(email="").values_list("email", flat=True))


@transaction.atomic
def issue_briefing(actor: Actor, meeting: m.Meeting, *, loaded_version: LoadedVersion
                   ) -> m.Meeting:
    """Issue the memo: who and when, the stage "briefed", an event, and an email to the
    chair and attendees once saved."""
    from pif.reviews import meeting_notices

    partnership = meeting.series.partnership
    require_role(actor, partnership, "edit")
    refuse(rules.check_may_issue(meeting.stage, meeting.items.count()))
    claim_version(meeting, loaded_version)
    meeting.briefing_issued_at = timezone.now()
    meeting.briefing_issued_by = actor.user
    meeting.stage = m.MeetingStage.BRIEFED
    actor.stamp(meeting)
    meeting.save()
    actor.event(partnership, "briefing_issued", f"Briefing memo issued for “{meeting}”",
                meeting)
    meeting_notices.briefing_issued(actor, meeting)
    return meeting
