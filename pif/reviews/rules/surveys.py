"""The rules of a checklist survey, in one place for every path (see
docs/adr/0008-business-rules.md). The services in pif/reviews/services/surveys.py read what
each rule needs and call it; the rules issue no queries.

| name | what it is |
|---|---|
| `check_is_checklist(method)` | invitations and survey pages belong to checklist assessments |
| `check_may_invite(stage)` | people are invited while the survey is being set up or open |
| `read_addresses(text)` | the addresses pasted, one a line, and a finding per bad line |
| `check_dates(opens_on, closes_on)` | both dates given; the survey closes on or after it opens |
| `check_may_open(stage, statement_count)` | a survey opens from set-up, and only with statements |
| `check_may_close(stage)` | only an open survey is closed |
| `check_accepts(...)` | a personal link answers once, only while the survey is open |
| `check_complete(...)` | every statement answered; strengths and improvements for every section |
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pif.rules import Finding

__all__ = ["check_accepts", "check_complete", "check_dates", "check_is_checklist",
           "check_may_close", "check_may_invite", "check_may_open", "read_addresses"]

NOT_CHECKLIST = "Only a checklist survey has invitations and a survey page."
USED = "This link has already been used: each personal link gives one response."
MAX_ADDRESSES = 2000


def _date(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def check_is_checklist(method: str) -> tuple[Finding, ...]:
    """Rule "survey_checklist_only"."""
    if method != "checklist":
        return (Finding("", NOT_CHECKLIST, "survey_checklist_only"),)
    return ()


def check_may_invite(stage: str) -> tuple[Finding, ...]:
    """Rule "survey_invite_stage": invitations are added and sent only before the survey
    closes."""
    if stage not in ("draft", "open"):
        return (Finding("", "The survey has closed, so nobody more can be invited.",
                        "survey_invite_stage"),)
    return ()


def read_addresses(text: str) -> tuple[list[str], tuple[Finding, ...]]:
    """Rule "survey_addresses": one email address a line. Blank lines and repeats are left
    out (a repeat is not an error); addresses are kept in lower case so the same person is
    never invited twice. Each line that is not an address is a finding naming the line."""
    addresses: list[str] = []
    problems: list[Finding] = []
    for number, line in enumerate(text.splitlines(), start=1):
        address = line.strip().strip(",;").strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            problems.append(Finding(
                "addresses", f"Line {number}, “{line.strip()[:80]}”, is not an email address, "
                             "like name@example.org", "survey_addresses"))
            continue
        if address not in addresses:
            addresses.append(address)
    if not addresses and not problems:
        problems.append(Finding("addresses", "Enter at least one email address",
                                "survey_addresses"))
    if len(addresses) > MAX_ADDRESSES:
        problems.append(Finding("addresses", f"Enter at most {MAX_ADDRESSES} addresses at a "
                                             "time", "survey_addresses"))
    return addresses, tuple(problems)


def check_dates(opens_on: datetime.date | None,
                closes_on: datetime.date | None) -> tuple[Finding, ...]:
    """Rule "survey_dates"."""
    findings = []
    if opens_on is None:
        findings.append(Finding("opens_on", "Enter the date the survey opens", "survey_dates"))
    if closes_on is None:
        findings.append(Finding("closes_on", "Enter the date the survey closes",
                                "survey_dates"))
    if opens_on and closes_on and closes_on < opens_on:
        findings.append(Finding("closes_on", "The survey must close on or after the day it "
                                             "opens", "survey_dates"))
    return tuple(findings)


def check_may_open(stage: str, statement_count: int) -> tuple[Finding, ...]:
    """Rules "survey_open_stage" (a survey opens from set-up; an open one may change its
    dates) and "survey_needs_statements"."""
    if stage not in ("draft", "open"):
        return (Finding("", "This survey has closed and cannot open again.",
                        "survey_open_stage"),)
    if not statement_count:
        return (Finding("", "The framework has no statements to answer, so the survey cannot "
                            "open. Choose a framework with checklist statements.",
                        "survey_needs_statements"),)
    return ()


def check_may_close(stage: str) -> tuple[Finding, ...]:
    """Rule "survey_close_stage"."""
    if stage != "open":
        return (Finding("", "Only an open survey can be closed.", "survey_close_stage"),)
    return ()


def check_accepts(*, is_used: bool, stage: str, opens_on: datetime.date | None,
                  closes_on: datetime.date | None,
                  today: datetime.date) -> tuple[Finding, ...]:
    """Rules "survey_link_once" and "survey_open": a personal link gives one response, on a
    day from the opening date to the closing date of an open survey."""
    if is_used:
        return (Finding("", USED, "survey_link_once"),)
    if stage != "open" or opens_on is None or closes_on is None or today > closes_on:
        return (Finding("", "This survey is closed.", "survey_open"),)
    if today < opens_on:
        return (Finding("", f"This survey opens on {_date(opens_on)}.", "survey_open"),)
    return ()


def check_complete(*, statement_ids: list[int], answers: dict[int, int],
                   section_ids: list[int],
                   comments: dict[int, tuple[str, str]]) -> tuple[Finding, ...]:
    """Rule "survey_complete": every statement has one of the five answers, and every section
    says its strengths and suggested improvements (the checklist asks for both)."""
    findings = []
    for statement_id in statement_ids:
        if answers.get(statement_id) not in (0, 1, 2, 3, 4):
            findings.append(Finding(f"statement_{statement_id}", "Choose an answer, or "
                                    "“Don't know”", "survey_complete"))
    for section_id in section_ids:
        strengths, improvements = comments.get(section_id, ("", ""))
        if not strengths.strip():
            findings.append(Finding(f"strengths_{section_id}", "Enter what works well",
                                    "survey_complete"))
        if not improvements.strip():
            findings.append(Finding(f"improvements_{section_id}",
                                    "Enter what could be improved", "survey_complete"))
    return tuple(findings)
