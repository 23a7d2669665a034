"""The rules about what a stat meeting agrees and follows up, for every path (the pages, the
command line, the demo, later the API). See docs/adr/0008-business-rules.md.

Each `check_` function returns `Finding`s and issues no queries: the service reads what a
rule needs and passes plain values.

| name | what it is |
|---|---|
| `check_outcome(kind, text, ...)` | says what was agreed; a commitment is complete |
| `check_may_hold(stage, starts_on, today)` | a meeting is held once, not before its day |
| `check_may_issue_memo(stage)` | the follow-up memo is issued once, after the meeting is held |
| `check_may_record_outcome(stage, starts_on, today)` | outcomes while the meeting is on |
| `check_closing(is_open, outcome, note)` | close open ones only, saying how or why |
| `check_closing_meeting(same_series, before_raised)` | closed at a meeting of its series |
| `check_no_indicator_yet(has_indicator)` | a series has one indicator of commitments closed |
"""

from __future__ import annotations

import datetime

from pif.reviews.models import FollowUpKind, MeetingStage
from pif.rules import Finding

__all__ = ["check_closing", "check_closing_meeting", "check_may_hold", "check_may_issue_memo",
           "check_may_record_outcome", "check_no_indicator_yet", "check_outcome"]

DONE, DROPPED = "done", "dropped"


def check_outcome(kind: str, text: str, *, has_owner: bool, owner_is_member: bool,
                  due_date: datetime.date | None, report_back: str,
                  has_organisation: bool) -> tuple[Finding, ...]:
    """Rules "outcome_text": every outcome says what was agreed; "commitment_complete": a
    commitment (which becomes an action in the plan) has an owner, a due date, what will be
    reported back and an organisation that owns it; "owner_is_member": an owner is a member
    of the partnership."""
    findings = []
    if not text.strip():
        findings.append(Finding("text", "Enter what was agreed", "outcome_text"))
    if has_owner and not owner_is_member:
        findings.append(Finding("owner", "The owner must be a member of the partnership",
                                "owner_is_member"))
    if kind != FollowUpKind.COMMITMENT:
        return tuple(findings)
    needed = (("owner", not has_owner, "Choose who owns the commitment"),
              ("due_date", due_date is None, "Enter the date the commitment is due"),
              ("report_back", not report_back.strip(),
               "Enter what will be reported back to the meeting"),
              ("organisation", has_owner and not has_organisation,
               "Choose the organisation that owns the commitment: its owner has none here"))
    findings += [Finding(field, message, "commitment_complete")
                 for field, missing, message in needed if missing]
    return tuple(findings)


def check_may_record_outcome(stage: str, starts_on: datetime.date, today: datetime.date
                             ) -> tuple[Finding, ...]:
    """Rule "outcome_while_meeting": outcomes are recorded once the briefing is issued or the
    meeting is held, or on the meeting's day when it goes ahead without a briefing (decided
    so: before then its briefing may still be redrafted, which removes items). Not after the
    follow-up memo is issued, as it would never reach the people it names."""
    if stage == MeetingStage.FOLLOWED_UP:
        return (Finding("", "The follow-up memo of this meeting has been issued, so its "
                            "outcomes can no longer change. Record it at the next meeting.",
                        "outcome_while_meeting"),)
    if stage == MeetingStage.PLANNED and starts_on > today:
        return (Finding("", f"This meeting takes place on {starts_on:%-d %B %Y}: record its "
                            "outcomes once its briefing is issued or on the day.",
                        "outcome_while_meeting"),)
    return ()


def check_may_hold(stage: str, starts_on: datetime.date, today: datetime.date
                   ) -> tuple[Finding, ...]:
    """Rules "held_once": a meeting is marked as held once (that is when follow-ups are
    carried over); "held_not_before_its_day": not before the day it takes place."""
    if stage in (MeetingStage.HELD, MeetingStage.FOLLOWED_UP):
        return (Finding("", "This meeting is already marked as held.", "held_once"),)
    if starts_on > today:
        return (Finding("", f"This meeting takes place on {starts_on:%-d %B %Y}: mark it as "
                            "held on or after that day.", "held_not_before_its_day"),)
    return ()


def check_may_issue_memo(stage: str) -> tuple[Finding, ...]:
    """Rule "memo_after_meeting": the follow-up memo is issued once the meeting is marked as
    held, and only once."""
    if stage == MeetingStage.FOLLOWED_UP:
        return (Finding("", "The follow-up memo has been issued already.",
                        "memo_after_meeting"),)
    if stage != MeetingStage.HELD:
        return (Finding("", "Mark the meeting as held before issuing its follow-up memo.",
                        "memo_after_meeting"),)
    return ()


def check_closing(is_open: bool, outcome: str, note: str) -> tuple[Finding, ...]:
    """Rules "close_open_only": only an open follow-up is closed; "closing_says_why": done
    says what was done, dropped says why."""
    if not is_open:
        return (Finding("", "This follow-up is closed already.", "close_open_only"),)
    if outcome not in (DONE, DROPPED):
        return (Finding("outcome", "Choose whether it is done or dropped",
                        "closing_says_why"),)
    if not note.strip():
        message = ("Enter what was done" if outcome == DONE
                   else "Enter why it is dropped")
        return (Finding("note", message, "closing_says_why"),)
    return ()


def check_closing_meeting(*, same_series: bool, before_raised: bool) -> tuple[Finding, ...]:
    """Rule "closed_at_a_later_meeting": a follow-up is closed at a meeting of its own series,
    on or after the one that raised it (the form offers only those)."""
    if not same_series:
        return (Finding("meeting", "Choose a meeting of this series", "closed_at_a_later_meeting"),)
    if before_raised:
        return (Finding("meeting", "Choose the meeting that raised it or a later one",
                        "closed_at_a_later_meeting"),)
    return ()


def check_no_indicator_yet(has_indicator: bool) -> tuple[Finding, ...]:
    """Rule "one_commitments_indicator": a series keeps one indicator of commitments closed
    by the next meeting."""
    if has_indicator:
        return (Finding("", "This series already has its indicator of commitments closed.",
                        "one_commitments_indicator"),)
    return ()
