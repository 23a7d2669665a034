"""The rules about action plans, in one place for every path (the pages, the import, the
command line, the demo, later the API). See docs/adr/0008-business-rules.md.

Each `check_` function returns `Finding`s (pif.rules) and issues no queries: the service
reads what a rule needs and passes plain values.

| name | what it is |
|---|---|
| `check_action_dates(start, due, ongoing=)` | 1900 to 2100; due not before start; ongoing: no due |
| `check_percent(percent)` | progress is a whole percentage from 0 to 100 |
| `check_update_status(status, suggested, reason)` | closing is its own step; an override says why |
| `check_update_date(written_on, today)` | a progress update is not dated in the future |
| `check_open(is_closed)` | a closed action is reopened before it is changed |
| `check_completion(evidence)` | completing an action says what shows it is done |
| `check_cancellation(reason)` | cancelling an action says why |
| `check_sign_off(waiting=)` | only a completed action waiting for sign-off is signed off |
| `check_signed_off_by_editor(is_editor)` | an editor (or an admin) signs off |
| `check_reopened_by_editor(is_editor)` | an editor (or an admin) reopens a closed action |
| `check_may_change(may_change_owned=, is_owner=)` | contributors change only their own |
| `check_owner_is_member(is_member)` | the action owner is a member of the partnership |
| `check_thresholds(on_track_at, off_track_at)` | on track is above off track |
| `check_published_by_editor(changes=, is_editor=)` | only an editor shows an action publicly |

Links to outcomes, indicators, risks, the lead group and the project stay in the action's
own partnership: rule "same_partnership" (`pif.outcomes.rules.check_links_in_partnership`,
asked through `pif.outcomes.services.common.check_scope`).
"""

from __future__ import annotations

import datetime

from pif.improvement.models.action import CLOSED_STATUSES, ActionStatus
from pif.rules import Finding

__all__ = ["check_action_dates", "check_cancellation", "check_completion",
           "check_may_change", "check_open", "check_owner_is_member", "check_percent",
           "check_published_by_editor", "check_reopened_by_editor", "check_sign_off",
           "check_signed_off_by_editor", "check_thresholds", "check_update_date",
           "check_update_status"]


# Action dates lie in these years: a date outside them is a typing slip (9999 for 2029),
# and would stretch the timeline over centuries.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def check_action_dates(start: datetime.date | None, due: datetime.date | None, *,
                       ongoing: bool) -> tuple[Finding, ...]:
    """Rules "action_date_range": an action's dates lie from 1 January 1900 to 31 December
    2100; "due_not_before_start": an action is not due before it starts; and
    "ongoing_no_due_date": ongoing work has no due date."""
    out_of_range = tuple(
        Finding(name, f"The {words} must be between {EARLIEST_DATE:%-d %B %Y} and "
                      f"{LATEST_DATE:%-d %B %Y}.", "action_date_range")
        for name, words, day in (("start_date", "start date", start),
                                 ("due_date", "due date", due))
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE)
    if out_of_range:
        return out_of_range
    if ongoing and due is not None:
        return (Finding("due_date", "Ongoing work has no due date: remove the due date, or "
                                    "untick ongoing.", "ongoing_no_due_date"),)
    if start is not None and due is not None and due < start:
        return (Finding("due_date", "The due date must be the same as or after the start "
                                    "date.", "due_not_before_start"),)
    return ()


def check_percent(percent) -> tuple[Finding, ...]:
    """Rule "percent_range": progress is a whole percentage from 0 to 100."""
    if percent is None or not 0 <= percent <= 100:
        return (Finding("percent_complete", "Enter a percentage from 0 to 100.",
                        "percent_range"),)
    return ()


def _status_label(status: str) -> str:
    return dict(ActionStatus.choices).get(status, status)


def check_update_status(status: str, suggested: str | None,
                        reason: str) -> tuple[Finding, ...]:
    """Rules "close_separately": a progress update does not complete or cancel an action
    (closing asks for evidence or a reason); and "override_needs_reason": a status other
    than the one PIF suggests says why."""
    if status in CLOSED_STATUSES:
        return (Finding("status", "To complete or cancel the action, use “Close this "
                                  "action”, which asks for the evidence.",
                        "close_separately"),)
    if suggested is not None and status != suggested and not (reason or "").strip():
        return (Finding("status_reason",
                        f"Say why the status is {_status_label(status)} when PIF "
                        f"suggests {_status_label(suggested)}",
                        "override_needs_reason"),)
    return ()


def check_update_date(written_on: datetime.date | None,
                      today: datetime.date) -> tuple[Finding, ...]:
    """Rule "update_not_in_future": a progress update says what has happened, so it is not
    dated after today."""
    if written_on is not None and written_on > today:
        return (Finding("written_on", "The date of the update must be today or in the past.",
                        "update_not_in_future"),)
    return ()


def check_open(is_closed: bool) -> tuple[Finding, ...]:
    """Rule "closed_action_unchanged": a completed or cancelled action is reopened before
    its progress or milestones change."""
    if is_closed:
        return (Finding("", "This action is closed. Reopen it before changing its progress.",
                        "closed_action_unchanged"),)
    return ()


def check_completion(evidence: str) -> tuple[Finding, ...]:
    """Rule "completion_needs_evidence": completing an action says what shows it is done."""
    if not (evidence or "").strip():
        return (Finding("completion_evidence", "Enter the evidence that the action is done, "
                                               "such as a report, a decision or a link.",
                        "completion_needs_evidence"),)
    return ()


def check_cancellation(reason: str) -> tuple[Finding, ...]:
    """Rule "cancel_needs_reason": cancelling an action says why."""
    if not (reason or "").strip():
        return (Finding("status_reason", "Enter why the action is cancelled.",
                        "cancel_needs_reason"),)
    return ()


def check_sign_off(*, waiting: bool) -> tuple[Finding, ...]:
    """Rule "sign_off_when_waiting": only a completed action waiting for sign-off is signed
    off (once)."""
    if not waiting:
        return (Finding("", "This action is not waiting for sign-off.",
                        "sign_off_when_waiting"),)
    return ()


def check_signed_off_by_editor(is_editor: bool) -> tuple[Finding, ...]:
    """Rule "sign_off_by_editor": an editor or a partnership admin signs an action off."""
    if not is_editor:
        return (Finding("", "Only editors can sign off an action.", "sign_off_by_editor"),)
    return ()


def check_reopened_by_editor(is_editor: bool) -> tuple[Finding, ...]:
    """Rule "reopen_by_editor": an editor or a partnership admin reopens a completed or
    cancelled action (as the page allows), not the owner who closed it."""
    if not is_editor:
        return (Finding("", "Only editors can reopen an action.", "reopen_by_editor"),)
    return ()


def check_may_change(*, may_change_owned: bool, is_owner: bool) -> tuple[Finding, ...]:
    """Rule "owner_may_change": editors change any action; a contributor only an action
    their organisation owns (`may_change_owned`, pif.partnerships.access.can_change_owned)
    or that they own themselves."""
    if not (may_change_owned or is_owner):
        return (Finding("", "Only editors, the action owner, or contributors from the "
                            "organisation that owns this action can change it.",
                        "owner_may_change"),)
    return ()


def check_owner_is_member(is_member: bool) -> tuple[Finding, ...]:
    """Rule "owner_is_member": the action owner is a member of the partnership."""
    if not is_member:
        return (Finding("owner", "Choose a member of this partnership.", "owner_is_member"),)
    return ()


def check_thresholds(on_track_at, off_track_at) -> tuple[Finding, ...]:
    """Rule "thresholds_order": "off track at" is below "on track at", so "at risk" lies
    between them."""
    if on_track_at is not None and off_track_at is not None and off_track_at >= on_track_at:
        return (Finding("off_track_at", "“Off track at” must be lower than “on track at”.",
                        "thresholds_order"),)
    return ()


def check_published_by_editor(*, changes: bool, is_editor: bool) -> tuple[Finding, ...]:
    """Rule "publish_by_editor": what the public sees is an editor's choice, so only an
    editor (or an admin) shows an action on the public pages or takes it off them; a
    contributor may change the rest of an action their organisation owns."""
    if changes and not is_editor:
        return (Finding("published", "Only editors can choose whether an action is shown on "
                                     "the public pages.", "publish_by_editor"),)
    return ()
