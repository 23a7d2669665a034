"""The rules about stat meeting series, meetings and their briefing memos, in one place for
every path (see docs/adr/0008-business-rules.md). The services in
pif/reviews/services/meetings.py read what each rule needs and call them; the rules issue
no queries.

| name | what it is |
|---|---|
| `check_focus(kind, organisation_id, outcome_id, service)` | a focus names what it looks at |
| `check_people_are_members(chair_ok, attendees_ok)` | the chair and attendees are members |
| `check_links_in_partnership(owners, partnership_id)` | links stay in the partnership |
| `check_briefing_open(stage)` | the memo's items change only until it is issued |
| `check_may_issue(stage, item_count)` | a memo is issued once, with at least one item |
| `check_may_lock(data_to, locked_through, today)` | lock a past date not yet locked |
| `check_meeting_changeable(stage, changed)` | once briefed only the place; once held nothing |
| `check_meeting_dates(day, data_to)` | dates within 1900 to 2100 |
| `check_hours_and_days(...)` | due times within sensible bounds |
"""

from __future__ import annotations

import datetime

from pif.outcomes.rules import check_links_in_partnership
from pif.reviews.meeting_dates import MAX_YEAR, MIN_YEAR
from pif.rules import Finding

__all__ = ["check_briefing_open", "check_focus", "check_hours_and_days",
           "check_links_in_partnership", "check_may_issue", "check_may_lock",
           "check_meeting_changeable", "check_meeting_dates", "check_people_are_members"]

BRIEFING_ISSUED = ("The briefing memo has been issued, so its items can no longer be "
                   "changed here. Record what happens at the meeting instead.")
MAX_HOURS_BEFORE = 24 * 28
MAX_DAYS_AFTER = 28
MAX_CARRY_OVERS = 20


def check_focus(kind: str, organisation_id, outcome_id, service: str
                ) -> tuple[Finding, ...]:
    """Rule "meeting_focus_named": a focus on an organisation, an outcome or a service says
    which one; the whole partnership needs nothing more."""
    if kind == "organisation" and organisation_id is None:
        return (Finding("organisation", "Choose the organisation the meeting looks at",
                        "meeting_focus_named"),)
    if kind == "outcome" and outcome_id is None:
        return (Finding("outcome", "Choose the outcome the meeting looks at",
                        "meeting_focus_named"),)
    if kind == "service" and not service.strip():
        return (Finding("service", "Enter the service the meeting looks at, for example Roads",
                        "meeting_focus_named"),)
    return ()


def check_people_are_members(*, chair_ok: bool, attendees_ok: bool) -> tuple[Finding, ...]:
    """Rule "meeting_people_members": the chair and every attendee are members of the
    partnership (the form offers only them)."""
    findings = []
    if not chair_ok:
        findings.append(Finding("chair", "Choose a chair who is a member of the partnership",
                                "meeting_people_members"))
    if not attendees_ok:
        findings.append(Finding("attendees", "Choose attendees who are members of the "
                                "partnership", "meeting_people_members"))
    return tuple(findings)


def check_hours_and_days(*, hours_before: int, days_after: int, escalate_after: int
                         ) -> tuple[Finding, ...]:
    """Rule "meeting_due_times": the briefing is due at most four weeks before the meeting,
    the follow-up memo at most four weeks after, and escalation after 1 to 20 carry-overs."""
    findings = []
    if hours_before > MAX_HOURS_BEFORE:
        findings.append(Finding("briefing_hours_before", "The briefing memo must be due no "
                                f"more than {MAX_HOURS_BEFORE} hours (4 weeks) before the "
                                "meeting", "meeting_due_times"))
    if days_after > MAX_DAYS_AFTER:
        findings.append(Finding("follow_up_days", "The follow-up memo must be due no more "
                                f"than {MAX_DAYS_AFTER} days after the meeting",
                                "meeting_due_times"))
    if not 1 <= escalate_after <= MAX_CARRY_OVERS:
        findings.append(Finding("escalate_after", "Escalate after between 1 and "
                                f"{MAX_CARRY_OVERS} carry-overs", "meeting_due_times"))
    return tuple(findings)


def check_briefing_open(stage: str) -> tuple[Finding, ...]:
    """Rule "briefing_open": the briefing memo's items are built, edited, added and removed
    only while the meeting is planned; once issued, the memo stays as the attendees read it."""
    if stage != "planned":
        return (Finding("", BRIEFING_ISSUED, "briefing_open"),)
    return ()


def check_may_issue(stage: str, item_count: int) -> tuple[Finding, ...]:
    """Rule "briefing_issue_once": a memo is issued once, while the meeting is planned, and
    only with something in it (build it first)."""
    if stage != "planned":
        return (Finding("", "The briefing memo has already been issued.",
                        "briefing_issue_once"),)
    if item_count == 0:
        return (Finding("", "The briefing memo has no items yet. Draft it first.",
                        "briefing_issue_once"),)
    return ()


def check_may_lock(data_to: datetime.date | None, locked_through: datetime.date | None,
                   today: datetime.date | None = None) -> tuple[Finding, ...]:
    """Rule "meeting_lock_period": locking needs the date the meeting's data runs to, and is
    refused while the partnership's locks already reach it (`locked_through`, from
    pif.measures.locks). After an admin unlocks, the meeting's period can be locked again.
    A date still to come is refused here in the meeting's words (the lock page has no date
    field to correct)."""
    if data_to is None:
        return (Finding("data_to", "Enter the date the meeting's data runs to before locking "
                        "the reporting period", "meeting_lock_period"),)
    if today is not None and data_to > today:
        return (Finding("", f"The meeting's data runs to {data_to:%-d %B %Y}, which is still "
                        "to come, and a period is locked only once it has ended. Change the "
                        "meeting's “Data up to” date to a day that has passed, then lock the "
                        "period.", "meeting_lock_period"),)
    if locked_through is not None and locked_through >= data_to:
        return (Finding("", "The reporting period for this meeting is already locked.",
                        "meeting_lock_period"),)
    return ()


# What the attendees were told: the memo names the date, the focus and the data.
FIXED_ONCE_BRIEFED = {"starts_at": "day", "data_to": "data_to", "focus_kind": "focus_kind",
                      "organisation": "organisation", "outcome": "outcome",
                      "service": "service"}
HELD_STAGES = ("held", "followed_up")


def check_meeting_changeable(stage: str, changed: set[str]) -> tuple[Finding, ...]:
    """Rule "meeting_changeable": once the briefing memo is issued the meeting's date, focus
    and data stay as the memo describes them (the place may still move); once the meeting
    has been held nothing changes, as its follow-ups and measures depend on it. `changed`
    names the model fields whose value differs from the saved one."""
    if stage in HELD_STAGES:
        return (Finding("", "The meeting has been held, so it can no longer be changed.",
                        "meeting_changeable"),)
    if stage == "planned":
        return ()
    return tuple(Finding(FIXED_ONCE_BRIEFED[name], "The briefing memo has been issued, so the "
                         "meeting's date, focus and data can no longer change. Only where it "
                         "is held can.", "meeting_changeable")
                 for name in FIXED_ONCE_BRIEFED if name in changed)


def check_meeting_dates(day: datetime.date | None, data_to: datetime.date | None
                        ) -> tuple[Finding, ...]:
    """Rule "meeting_dates": the meeting and the date its data runs to fall between the
    years 1900 and 2100."""
    findings = []
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        findings.append(Finding("day", f"The date of the meeting must be between {MIN_YEAR} "
                                f"and {MAX_YEAR}", "meeting_dates"))
    if data_to is not None and not MIN_YEAR <= data_to.year <= MAX_YEAR:
        findings.append(Finding("data_to", "The date the data runs to must be between "
                                f"{MIN_YEAR} and {MAX_YEAR}", "meeting_dates"))
    return tuple(findings)
