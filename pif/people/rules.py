"""The rules about stage 4 records (learning activity, capability levels and counts, personal
training records), in one place for every path. See docs/adr/0008-business-rules.md.

Each `check_` function returns `Finding`s (pif.rules) and issues no queries: the services read
what a rule needs to know and pass plain values.

| name | what it is |
|---|---|
| `check_activity_dates(start, end)` | a learning activity ends on or after the day it starts |
| `check_level_name(name, taken)` | a capability level has a name no other level has |
| `check_level_unused(name, counts, records)` | a level is removed only when nothing uses it |
| `check_counted_on(counted_on, today)` | capability is counted on a day that has come |
| `check_counts_owned(organisation_ids, allowed)` | counts only for organisations one may change |
| `check_counts_unchanged(loaded, stored)` | the counts were not changed since the page opened |
| `check_personal_records_on(keep)` | named training records only when the partnership keeps them |
| `check_personal_records_removed(keep, records)` | turning them off leaves none behind |
"""

from __future__ import annotations

import datetime

from pif.rules import Finding

__all__ = ["COUNTS_CHANGED", "PERSONAL_RECORDS_OFF", "check_activity_dates",
           "check_counted_on", "check_counts_owned", "check_counts_unchanged",
           "check_level_name", "check_level_unused", "check_personal_records_on",
           "check_personal_records_removed"]

PERSONAL_RECORDS_OFF = ("This partnership does not keep personal training records: it holds "
                        "capability as counts of people only. A partnership admin can turn "
                        "personal records on in the people settings.")
COUNTS_CHANGED = ("Someone else saved counts for this date while you were entering yours. "
                  "Your counts have not been saved: check the stored counts shown and enter "
                  "yours again.")


def check_activity_dates(start: datetime.date | None,
                         end: datetime.date | None) -> tuple[Finding, ...]:
    """Rule "activity_dates_order": an activity ends on or after the day it starts."""
    if start and end and end < start:
        return (Finding("end_date", "The end date must be the same as or after the start date",
                        "activity_dates_order"),)
    return ()


def check_level_name(name: str, taken: bool) -> tuple[Finding, ...]:
    """Rules "level_name_needed" and "level_name_unique": a level has a name, and no other
    level of the partnership has the same one in any capitals (`taken`)."""
    if not (name or "").strip():
        return (Finding("name", "Enter a name for the level", "level_name_needed"),)
    if taken:
        return (Finding("name", "This partnership already has a level with that name",
                        "level_name_unique"),)
    return ()


def check_level_unused(name: str, counts: int, records: int) -> tuple[Finding, ...]:
    """Rule "level_in_use": a level is removed only when no count or training record uses it,
    so no figure is lost. Rename it instead."""
    if counts or records:
        used = " and ".join(part for part in (
            f"{counts} count{'s' if counts != 1 else ''}" if counts else "",
            f"{records} training record{'s' if records != 1 else ''}" if records else "")
            if part)
        return (Finding("", f"“{name}” cannot be removed: {used} use it. Rename it instead, "
                            "or remove what uses it first.", "level_in_use"),)
    return ()


def check_counted_on(counted_on: datetime.date | None,
                     today: datetime.date) -> tuple[Finding, ...]:
    """Rule "count_date_not_future": people are counted on a day that has come."""
    if counted_on is None:
        return (Finding("counted_on", "Enter the date the people were counted",
                        "count_date_needed"),)
    if counted_on > today:
        return (Finding("counted_on", "The count date must be today or in the past",
                        "count_date_not_future"),)
    return ()


def check_counts_owned(organisation_ids, allowed_ids) -> tuple[Finding, ...]:
    """Rule "counts_own_organisation": a contributor enters counts only for their own
    organisation (`allowed_ids`; None: any organisation of the partnership, for editors)."""
    if allowed_ids is None:
        return ()
    if any(organisation_id not in allowed_ids for organisation_id in organisation_ids):
        return (Finding("", "You can enter counts only for your own organisation.",
                        "counts_own_organisation"),)
    return ()


def check_counts_unchanged(loaded: str | None, stored: str) -> tuple[Finding, ...]:
    """Rule "counts_unchanged_since_loaded": the stored counts for the date are still the ones
    the page showed (`loaded`, a fingerprint; None when the caller does not check)."""
    if loaded is not None and loaded != stored:
        return (Finding("", COUNTS_CHANGED, "counts_unchanged_since_loaded"),)
    return ()


def check_personal_records_on(keep_personal_records: bool) -> tuple[Finding, ...]:
    """Rule "personal_records_off": no named training record is kept unless the partnership
    has turned personal records on. The privacy rule of stage 4."""
    if not keep_personal_records:
        return (Finding("", PERSONAL_RECORDS_OFF, "personal_records_off"),)
    return ()


def check_personal_records_removed(keep_personal_records: bool,
                                   records: int) -> tuple[Finding, ...]:
    """Rule "personal_records_left": personal records are turned off only once the training
    records kept are deleted, so none stay behind unseen."""
    if not keep_personal_records and records:
        return (Finding("keep_personal_records",
                        f"Delete the {records} training record{'s' if records != 1 else ''} "
                        "first: personal records cannot be turned off while any are kept.",
                        "personal_records_left"),)
    return ()
