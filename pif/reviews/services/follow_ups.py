"""During and after a stat meeting, actor first: notes on each item, who attended, the typed
outcomes (a commitment is also an action in the plan), holding the meeting (open follow-ups
from earlier meetings are carried over, and escalated to the chair after the series' number
of carry-overs), closing follow-ups, and issuing the follow-up memo.

The rules are in pif.reviews.rules.follow_ups; emails that the mail server refuses are
logged, not raised, as the change that prompted them is saved already.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, LoadedVersion, claim_version
from pif.improvement.models import Action, ActionSource
from pif.improvement.services.actions import create_action
from pif.lib.text import one_line
from pif.partnerships.models import Membership
from pif.reviews import commitments
from pif.reviews.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingItem,
    MeetingStage,
)
from pif.reviews.rules import follow_ups as rules
from pif.reviews.services.meetings import require_role
from pif.rules import Finding, refuse

VERBS: list[tuple[str, str]] = [
    ("meeting_item_noted", "Meeting item notes saved"),
    ("meeting_attendance_recorded", "Meeting attendance recorded"),
    ("follow_up_recorded", "Meeting outcome recorded"),
    ("meeting_held", "Meeting held"),
    ("follow_up_escalated", "Meeting follow-up escalated to the chair"),
    ("follow_up_closed", "Meeting follow-up closed"),
    ("follow_up_memo_issued", "Follow-up memo issued"),
    ("commitments_indicator_created", "Indicator of commitments closed created"),
]

logger = logging.getLogger(__name__)


def meeting_words(meeting: Meeting) -> str:
    """"PartnershipStat meeting of 12 November 2026": how actions and emails name it."""
    return f"{meeting.series.name} meeting of {meeting.day:%-d %B %Y}"


def memo_url(meeting: Meeting) -> str:
    return reverse("follow_up_memo", args=[meeting.series.partnership.short_name, meeting.pk])


def _partnership(meeting: Meeting):
    return meeting.series.partnership


def member_emails(partnership, user_ids) -> list[str]:
    """The addresses of those of `user_ids` who are still members: a former member is
    emailed nothing."""
    members = Membership.objects.filter(partnership=partnership, user_id__in=set(user_ids))
    return sorted(set(get_user_model().objects.filter(pk__in=members.values("user_id"))
                      .exclude(email="").values_list("email", flat=True)))


# During the meeting ----------------------------------------------------------------------

@transaction.atomic
def save_item_notes(actor: Actor, item, *, loaded_version: LoadedVersion):
    """Save an item's notes and whether it was discussed, as set on `item`."""
    require_role(actor, _partnership(item.meeting), "edit")
    claim_version(item, loaded_version)
    actor.stamp(item)
    item.save()
    actor.event(_partnership(item.meeting), "meeting_item_noted",
                f"Notes on “{item.title}” saved", item.meeting)
    return item


@transaction.atomic
def record_attendance(actor: Actor, meeting: Meeting, *, present,
                      loaded_version: LoadedVersion) -> Meeting:
    """Record who attended `meeting` (members of its partnership only)."""
    partnership = _partnership(meeting)
    require_role(actor, partnership, "edit")
    members = set(Membership.objects.filter(partnership=partnership)
                  .values_list("user_id", flat=True))
    refuse(() if all(user.pk in members for user in present) else (
        Finding("present", "Everyone who attended must be a member of the partnership",
                      "owner_is_member"),))
    claim_version(meeting, loaded_version)
    actor.stamp(meeting)
    meeting.save()
    meeting.present.set(present)
    actor.event(partnership, "meeting_attendance_recorded",
                f"Attendance at the {meeting_words(meeting)} recorded", meeting)
    return meeting


def _membership(partnership, user) -> Membership | None:
    if user is None:
        return None
    return (Membership.objects.filter(partnership=partnership, user=user)
            .select_related("organisation").first())


SAME_FORM_SECONDS = 60  # an identical outcome this recent is the same form sent twice


@transaction.atomic
def record_outcome(actor: Actor, item, *, kind: str, text: str, owner=None,
                   due_date: datetime.date | None = None, report_back: str = "",
                   organisation=None) -> FollowUp:
    """Record an outcome of `item`: a commitment (which becomes an action in the plan, owned
    by `organisation`, or else the owner's organisation), a data request, a decision or a
    recommendation. The same outcome sent again within a minute is the same form sent twice:
    the one saved is returned, with `already_saved` set, and nothing is saved again."""
    meeting = item.meeting
    partnership = _partnership(meeting)
    require_role(actor, partnership, "edit")
    # Lock the item, so two sends of the same form are checked one after the other.
    MeetingItem.objects.select_for_update().filter(pk=item.pk).first()
    meeting.refresh_from_db(fields=["stage"])
    refuse(rules.check_may_record_outcome(meeting.stage, meeting.day,
                                          timezone.localdate()))
    saved = _same_outcome(item, kind, text, owner, due_date, report_back)
    if saved is not None:
        saved.already_saved = True
        return saved
    membership = _membership(partnership, owner)
    organisation = organisation or (membership.organisation if membership else None)
    refuse(rules.check_outcome(
        kind, text, has_owner=owner is not None, owner_is_member=membership is not None,
        due_date=due_date, report_back=report_back, has_organisation=organisation is not None))
    follow_up = FollowUp(series=meeting.series, raised_at=meeting, item=item, kind=kind,
                         text=text.strip(), owner=owner, due_date=due_date,
                         report_back=report_back.strip())
    if kind == FollowUpKind.COMMITMENT:
        follow_up.action = _commitment_action(actor, meeting, item, follow_up, organisation)
    follow_up.full_clean()
    actor.stamp(follow_up)
    follow_up.save()
    actor.event(partnership, "follow_up_recorded",
                f"{follow_up.get_kind_display()} recorded at the {meeting_words(meeting)}",
                follow_up.action or meeting)
    return follow_up


def _same_outcome(item, kind, text, owner, due_date, report_back) -> FollowUp | None:
    since = timezone.now() - datetime.timedelta(seconds=SAME_FORM_SECONDS)
    return (FollowUp.objects.filter(
        item=item, kind=kind, text=text.strip(), owner=owner, due_date=due_date,
        report_back=report_back.strip(), status=FollowUpStatus.OPEN, created__gte=since)
        .select_related("action").order_by("-id").first())


def already_saved(follow_up: FollowUp) -> bool:
    return getattr(follow_up, "already_saved", False)


def _next_reference(partnership) -> str:
    """The next free "M<n>" reference in the partnership's action plan."""
    taken = set(Action.objects.filter(partnership=partnership, reference__startswith="M")
                .values_list("reference", flat=True))
    number = len(taken) + 1
    while f"M{number:02d}" in taken:
        number += 1
    return f"M{number:02d}"


REFERENCE_TRIES = 3
REFERENCE_RACE = ("Someone else added an action to the plan at the same moment. Send the "
                  "form again.")


def _commitment_action(actor, meeting, item, follow_up, organisation) -> Action:
    """The commitment's action. Two commitments recorded at the same moment may pick the
    same reference; the one that loses takes the next, and after a few tries is refused in
    words rather than failing."""
    partnership = _partnership(meeting)
    for _ in range(REFERENCE_TRIES):
        try:
            with transaction.atomic():
                return create_action(
                    actor, partnership,
                    indicators=[item.indicator_id] if item.indicator_id else (),
                    reference=_next_reference(partnership),
                    title=one_line(follow_up.text)[:200],
                    description=f"To report back: {follow_up.report_back}",
                    owner=follow_up.owner, owner_organisation=organisation,
                    start_date=meeting.day, due_date=follow_up.due_date,
                    source=ActionSource.MEETING,
                    source_detail=f"Commitment at the {meeting_words(meeting)}: "
                                  f"{item.title}"[:300])
        except IntegrityError:
            continue
    refuse([Finding("", REFERENCE_RACE, "reference_race")])


# Holding the meeting ---------------------------------------------------------------------

@dataclass
class Held:
    """What holding a meeting did, for the page to say."""

    meeting: Meeting
    escalated: list[FollowUp] = field(default_factory=list)
    chair_emailed: bool = False
    indicator_problem: str = ""


@transaction.atomic
def hold_meeting(actor: Actor, meeting: Meeting, *, loaded_version: LoadedVersion,
                 today: datetime.date | None = None) -> Held:
    """Mark `meeting` as held: carry over every open follow-up raised at an earlier meeting
    of the series, escalate to the chair those carried over the series' number of times
    (once each), and write the share of commitments closed by this meeting. That value is
    bookkeeping: if it cannot be written (its month is locked), the meeting is held anyway
    and `indicator_problem` says why."""
    today = today or timezone.localdate()
    partnership = _partnership(meeting)
    require_role(actor, partnership, "edit")
    refuse(rules.check_may_hold(meeting.stage, meeting.day, today))
    claim_version(meeting, loaded_version)
    meeting.stage = MeetingStage.HELD
    actor.stamp(meeting)
    meeting.save()
    actor.event(partnership, "meeting_held", f"The {meeting_words(meeting)} was held", meeting)
    escalated = _carry_over(actor, meeting, today)
    chair_emailed = _escalate(actor, meeting, escalated)
    return Held(meeting, escalated, chair_emailed, commitments.write_value(actor, meeting))


def _carry_over(actor: Actor, meeting: Meeting, today: datetime.date) -> list[FollowUp]:
    """Add one carry-over to each open follow-up from an earlier meeting; return those now
    due to be escalated. The rows are locked and each gets a new version, so a close being
    made meanwhile is neither overwritten nor overwrites this."""
    carried = list(FollowUp.objects.select_for_update(of=("self",)).filter(
        series=meeting.series, status=FollowUpStatus.OPEN,
        raised_at__starts_at__lt=meeting.starts_at).select_related("owner"))
    to_escalate = []
    for follow_up in carried:
        claim_version(follow_up, PROGRAM_CHANGE)
        follow_up.times_carried_over += 1
        due = (follow_up.escalated_on is None
               and follow_up.times_carried_over >= meeting.series.escalate_after)
        if due:
            follow_up.escalated_on = today
            to_escalate.append(follow_up)
        actor.stamp(follow_up, "Carried over" + (" and escalated to the chair" if due else ""))
        follow_up.save(update_fields=["times_carried_over", "escalated_on", "version"])
    return to_escalate


def _escalate(actor: Actor, meeting: Meeting, follow_ups: list[FollowUp]) -> bool:
    """Record each escalation; email the chair (once the hold is saved) if they are still a
    member. True if an email is to be sent."""
    if not follow_ups:
        return False
    series = meeting.series
    for follow_up in follow_ups:
        actor.event(series.partnership, "follow_up_escalated",
                    f"{follow_up.get_kind_display()} “{one_line(follow_up.text)[:80]}” "
                    f"escalated to the chair, {series.chair.display_name}, after "
                    f"{follow_up.times_carried_over} carry-overs", meeting)
    if actor.is_demo:  # the demo's people are invented: nobody is emailed
        return False
    count = len(follow_ups)
    return _email(f"{count} follow-up{'s' if count != 1 else ''} escalated to "
                  f"you: {series.name}", "reviews/follow_ups/email/escalated.txt",
                  member_emails(series.partnership, [series.chair_id]), meeting=meeting,
                  follow_ups=follow_ups, day=meeting.day)


def _email(subject: str, template: str, recipients: list[str], **context) -> bool:
    """Send the email once the change that prompts it is saved: a change rolled back emails
    nobody. True if there is anyone to send it to."""
    if not recipients:
        return False
    meeting = context["meeting"]
    context["link"] = settings.SITE_URL.rstrip("/") + memo_url(meeting)
    subject, body = one_line(subject), render_to_string(template, context)

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except (smtplib.SMTPException, OSError):
            logger.exception("Email about meeting %s (%s) not sent", meeting.pk, subject)

    transaction.on_commit(send)
    return True


# Closing a follow-up -----------------------------------------------------------------------

@transaction.atomic
def close_follow_up(actor: Actor, follow_up: FollowUp, *, outcome: str, note: str,
                    meeting: Meeting, loaded_version: LoadedVersion,
                    today: datetime.date | None = None) -> FollowUp:
    """Close `follow_up` at `meeting` (of its series, not before it was raised) as done
    (saying what was done) or dropped (saying why). A commitment's action is left as it is:
    each is closed on its own. The month's share of commitments closed is written again, as
    this close may change it; `indicator_problem` says if it could not be."""
    series = follow_up.series
    require_role(actor, series.partnership, "edit")
    refuse(rules.check_closing(follow_up.status == FollowUpStatus.OPEN, outcome, note))
    refuse(rules.check_closing_meeting(
        same_series=meeting.series_id == follow_up.series_id,
        before_raised=meeting.starts_at < follow_up.raised_at.starts_at))
    claim_version(follow_up, loaded_version)
    follow_up.status = FollowUpStatus.DONE if outcome == rules.DONE else FollowUpStatus.DROPPED
    follow_up.closing_note = note.strip()
    follow_up.closed_at = meeting
    follow_up.closed_on = today or timezone.localdate()
    actor.stamp(follow_up)
    follow_up.save(update_fields=["status", "closing_note", "closed_at", "closed_on",
                                  "version"])
    actor.event(series.partnership, "follow_up_closed",
                f"{follow_up.get_kind_display()} “{one_line(follow_up.text)[:80]}” "
                f"{follow_up.get_status_display().lower()}", meeting)
    follow_up.indicator_problem = commitments.rewrite_after_close(actor, follow_up)
    return follow_up


# After the meeting -----------------------------------------------------------------------

def memo_recipients(meeting: Meeting) -> list[str]:
    """Those who attended and the owners of what the meeting raised, members only."""
    owners = FollowUp.objects.filter(raised_at=meeting, owner__isnull=False).values_list(
        "owner_id", flat=True)
    attendees = meeting.present.values_list("pk", flat=True)
    return member_emails(_partnership(meeting), [*attendees, *owners])


@transaction.atomic
def issue_memo(actor: Actor, meeting: Meeting, *, loaded_version: LoadedVersion) -> Meeting:
    """Issue the follow-up memo: the meeting is followed up, and its attendees and the owners
    of what it raised are emailed a link to the memo once it is saved. `emailed` is how many
    are to be emailed."""
    require_role(actor, _partnership(meeting), "edit")
    refuse(rules.check_may_issue_memo(meeting.stage))
    claim_version(meeting, loaded_version)
    meeting.stage = MeetingStage.FOLLOWED_UP
    meeting.follow_up_issued_at = timezone.now()
    meeting.follow_up_issued_by = actor.user
    actor.stamp(meeting)
    meeting.save()
    actor.event(_partnership(meeting), "follow_up_memo_issued",
                f"Follow-up memo of the {meeting_words(meeting)} issued", meeting)
    meeting.emailed = 0
    if not actor.is_demo:
        recipients = memo_recipients(meeting)
        if _email(f"Follow-up memo: {meeting_words(meeting)}",
                  "reviews/follow_ups/email/memo_issued.txt", recipients,
                  meeting=meeting, words=meeting_words(meeting)):
            meeting.emailed = len(recipients)
    return meeting
