"""The rules about report schedules, for every path (the pages, later the command line and the
API). See docs/adr/0008-business-rules.md. The service (pif/reports/services/schedules.py)
reads what each rule needs and passes plain values; the rules issue no queries. Who may
change a schedule is pif.reports.rules.check_role (editors and admins, as for reports).

| name | what it is |
|---|---|
| `check_kind(kind, known)` | a schedule makes a kind of report PIF knows how to build |
| `check_kind_schedulable(needs)` | a schedule makes no stat meeting memo: a memo needs a meeting |
| `check_next_run_on(day, today, changed)` | a new next date is today or later |
| `check_recipients(lines, member_emails)` | each line is the email address of a member |
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pif.lib.periods import format_long_date
from pif.rules import Finding

__all__ = ["check_kind", "check_kind_schedulable", "check_next_run_on", "check_recipients"]

MAX_RECIPIENTS = 100


def check_kind(kind: str, known) -> tuple[Finding, ...]:
    """Rule "schedule_kind_known": a schedule makes one of the kinds of report PIF builds."""
    if kind not in known:
        return (Finding("kind", "Choose the kind of report", "schedule_kind_known"),)
    return ()


def check_kind_schedulable(needs) -> tuple[Finding, ...]:
    """Rule "schedule_kind_no_meeting": a schedule cannot make a stat meeting memo (briefing
    or follow-up). A memo is for one meeting (`needs` holds "meeting"), chosen when it is
    made; a schedule makes the same report on each date, with no meeting to choose."""
    if "meeting" in needs:
        return (Finding("kind", "A stat meeting memo is made for one meeting, so it cannot be "
                        "scheduled: make it from the meeting's page. Choose another kind of "
                        "report", "schedule_kind_no_meeting"),)
    return ()


def check_next_run_on(day: datetime.date | None, today: datetime.date, *,
                      changed: bool = True) -> tuple[Finding, ...]:
    """Rule "schedule_date_not_past": the date a schedule next runs is today or later when it
    is set or changed. A date left as it was may be past: a schedule that failed stays due
    until it runs, and changing its recipients must not need a new date."""
    if day is None:
        return (Finding("next_run_on", "Enter the date the report is next produced",
                        "schedule_date_not_past"),)
    if changed and day < today:
        return (Finding("next_run_on", f"The date must be today ({format_long_date(today)}) "
                        "or later", "schedule_date_not_past"),)
    return ()


def check_recipients(lines: list[str], member_emails: set[str]) -> tuple[Finding, ...]:
    """Rule "schedule_recipients_members": each line (`lines` as typed; blank ones are left
    out) is one email address, of a member of
    this partnership (`member_emails`, in lower case): a report is never emailed to anyone
    else. Each bad line is named, with its number, in plain words."""
    findings = []
    count = 0
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue  # blank lines are left out, but counted, as the person sees them
        count += 1
        try:
            validate_email(line)
        except ValidationError:
            findings.append(Finding("recipients", f"Line {number}, “{line}”, is not an email "
                                    "address: put one address on each line",
                                    "schedule_recipients_members"))
            continue
        if line.lower() not in member_emails:
            findings.append(Finding("recipients", f"Line {number}, “{line}”, is not the email "
                                    "address of a member of this partnership: reports are "
                                    "emailed only to members", "schedule_recipients_members"))
    if count > MAX_RECIPIENTS:
        findings.append(Finding("recipients", f"List at most {MAX_RECIPIENTS} addresses (there "
                                f"are {count})", "schedule_recipients_members"))
    return tuple(findings)
