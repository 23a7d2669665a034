"""The rules about reports, in one place for every path: the pages, the `pif report` command
and the scheduled reports (see docs/adr/0008-business-rules.md). The services in
pif/reports/services/reports.py read what each rule needs and call them; the rules issue no
queries.

| name | what it is |
|---|---|
| `check_role(allowed)` | only editors and admins make, change and sign off reports |
| `check_kind_known(kind, known)` | a report is of a kind PIF knows how to build |
| `check_as_of(as_of, today)` | "as it stood on" is a day that has ended, not before 1900 |
| `check_title(title)` | a title is given, on one line, at most 200 characters |
| `check_has_indicators(count, public)` | a report holds an indicator (public: published) |
| `check_reporting_year(year, year_end, as_of)` | an annual report is on a year ended by its date |
| `check_audience(can_be_public, public)` | stat meeting memos are for members, never the public |
| `check_draft(state, doing)` | only a draft is rebuilt, has its words changed or is deleted |
| `check_section_known(key, keys)` | words are written for a section the report has |
| `check_may_sign_off(...)` | sign a draft off once; a public one by an editor, words written |
| `check_sections_written(audience, missing, doing)` | a public report has its required words |
| `check_content_current(changed)` | a public report is signed off as built now, not before |
| `check_correction(state, reason)` | a published report changes only by a correction, with why |
| `check_settings_role(allowed)` | only admins say which statutory reports are made |
| `check_statutory_kinds(chosen, known)` | each one chosen is a statutory report PIF knows |
"""

from __future__ import annotations

import datetime

from pif.lib.periods import format_long_date
from pif.reports.models import Audience, ReportState
from pif.rules import Finding

__all__ = ["check_as_of", "check_audience", "check_content_current", "check_correction",
           "check_draft", "check_has_indicators", "check_kind_known", "check_may_sign_off",
           "check_reporting_year", "check_role", "check_section_known",
           "check_sections_written", "check_settings_role", "check_statutory_kinds",
           "check_title"]

EARLIEST = datetime.date(1900, 1, 1)
TITLE_LENGTH = 200
DOING = {"rebuild": "rebuilt", "narrative": "have its words changed", "delete": "deleted"}


def check_role(allowed: bool) -> tuple[Finding, ...]:
    """Rule "report_role": only the partnership's editors and admins (and the installation's
    operator, on the command line) make, change, sign off and delete reports."""
    if not allowed:
        return (Finding("", "Only editors and admins can make or change reports.",
                        "report_role"),)
    return ()


def check_kind_known(kind: str, known) -> tuple[Finding, ...]:
    """Rule "report_kind_known": a report is of one of the kinds PIF can build."""
    if kind not in known:
        return (Finding("kind", "Choose the kind of report", "report_kind_known"),)
    return ()


def check_as_of(as_of: datetime.date | None, today: datetime.date) -> tuple[Finding, ...]:
    """Rule "report_as_of": a report shows the partnership as it stood at the end of a day
    that has come (today at the latest: it then shows what is known so far), and not before
    1900."""
    if as_of is None:
        return (Finding("as_of", "Enter the date the report shows things as they stood on",
                        "report_as_of"),)
    if as_of > today:
        return (Finding("as_of", f"The date must be today ({format_long_date(today)}) or "
                        "earlier: a report shows things as they stood, not as they will be",
                        "report_as_of"),)
    if as_of < EARLIEST:
        return (Finding("as_of", "The date must be 1 January 1900 or later", "report_as_of"),)
    return ()


def check_title(title: str) -> tuple[Finding, ...]:
    """Rule "report_title": a report has a title of at most 200 characters."""
    if not title.strip():
        return (Finding("title", "Enter a title for the report", "report_title"),)
    if len(title) > TITLE_LENGTH:
        return (Finding("title", f"The title must be {TITLE_LENGTH} characters or fewer "
                        f"(it has {len(title)})", "report_title"),)
    return ()


def check_has_indicators(count: int, public: bool = False) -> tuple[Finding, ...]:
    """Rule "report_has_indicators": a kind of report that shows indicators (the service
    asks only for those) is refused when what was chosen (or, with nothing chosen, the
    whole partnership) holds none; a report for the public takes in only published
    indicators, so it needs one of those."""
    if count == 0 and public:
        return (Finding("", "None of the indicators chosen is published. A report for the "
                        "public shows only published indicators: choose some that are, or "
                        "publish them first.", "report_has_indicators"),)
    if count == 0:
        return (Finding("", "There are no indicators to report on: the outcomes and "
                        "indicators chosen have none. Choose others, or add indicators to "
                        "the plan first.", "report_has_indicators"),)
    return ()


def check_reporting_year(year_label: str, year_end: datetime.date,
                         as_of: datetime.date) -> tuple[Finding, ...]:
    """Rule "report_reporting_year": an annual report is on a reporting year that had ended
    by the day the report shows (``year_end`` is its last day), so the year is complete."""
    if year_end > as_of:
        return (Finding("reporting_year", f"The reporting year {year_label} ends on "
                        f"{format_long_date(year_end)}, after the report's date "
                        f"({format_long_date(as_of)}). Choose a year that had ended by then.",
                        "report_reporting_year"),)
    return ()


def check_audience(can_be_public: bool, public: bool) -> tuple[Finding, ...]:
    """Rule "report_audience": a stat meeting memo holds the questions put to officers
    before the meeting, so it is made for members of the partnership, never the public."""
    if public and not can_be_public:
        return (Finding("audience", "A stat meeting memo is for members of the partnership: "
                        "choose “Internal”.", "report_audience"),)
    return ()


def check_draft(state: str, doing: str) -> tuple[Finding, ...]:
    """Rule "report_draft_only": only a draft is rebuilt, has its words changed or is
    deleted. Once signed off a report stays as it was signed off; a published one changes
    only through a correction (`check_correction`), which is logged and shown on it."""
    if state == ReportState.DRAFT:
        return ()
    if state == ReportState.PUBLISHED and doing != "delete":
        after = "Make a correction instead: it is logged and shown on the report."
    elif state == ReportState.PUBLISHED:
        after = "It stays on the public pages; make a correction if something is wrong."
    else:
        after = "Make a new report if something has changed."
    return (Finding("", f"This report has been {ReportState(state).label.lower()}, so it "
                    f"can no longer be {DOING[doing]}. {after}", "report_draft_only"),)


def check_section_known(key: str, keys) -> tuple[Finding, ...]:
    """Rule "report_section_known": words are written only for a section the report's kind
    has."""
    if key not in keys:
        return (Finding("", "This kind of report has no such section.",
                        "report_section_known"),)
    return ()


def check_may_sign_off(*, state: str, audience: str, signer_is_editor: bool,
                       missing_sections: list[str]) -> tuple[Finding, ...]:
    """Rule "report_sign_off": a draft is signed off once. A report for the public is
    signed off by an editor or admin of the partnership, signed in (not the operator), and
    only once every required section of words is written (`check_sections_written`);
    signing it off publishes it."""
    if state != ReportState.DRAFT:
        return (Finding("", "This report has already been signed off.", "report_sign_off"),)
    if audience == Audience.PUBLIC and not signer_is_editor:
        return (Finding("", "A report for the public must be signed off by an editor or "
                        "admin of the partnership, signed in.", "report_sign_off"),)
    return check_sections_written(audience, missing_sections, "signing off")


def check_sections_written(audience: str, missing_sections: list[str],
                           doing: str) -> tuple[Finding, ...]:
    """Rule "report_narrative_written": a report for the public has every required section
    of words written, when it is signed off and after each correction (``doing`` says which:
    "signing off", "correcting")."""
    if audience == Audience.PUBLIC and missing_sections:
        return (Finding("", "Write " + _listed(missing_sections) + f" before {doing}: a "
                        "report for the public needs every required section.",
                        "report_narrative_written"),)
    return ()


CONTENT_CHANGED_WORDS = ("The figures or what may be published have changed since this "
                         "report was built: rebuild it, check it, then sign it off")


def check_content_current(changed: bool) -> tuple[Finding, ...]:
    """Rule "report_content_current": a report for the public is signed off only as it
    would be built now (same day, choices and moment): an indicator unpublished, a small
    number suppressed or a figure changed since it was built means it is rebuilt and read
    again first, so nothing is published that may no longer be."""
    return (Finding("", CONTENT_CHANGED_WORDS, "report_content_current"),) if changed else ()


def check_correction(state: str, reason: str) -> tuple[Finding, ...]:
    """Rule "report_correction": a correction is made only to a published report, and says
    what was corrected and why (shown on the report)."""
    if state != ReportState.PUBLISHED:
        return (Finding("", "Only a published report is corrected. A draft can be "
                        "rebuilt or have its words changed.", "report_correction"),)
    if not reason.strip():
        return (Finding("reason", "Enter what was corrected and why", "report_correction"),)
    return ()


def _listed(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


SETTINGS_ROLE_WORDS = "Only the partnership's admins can say which statutory reports it makes."


def check_settings_role(allowed: bool) -> tuple[Finding, ...]:
    """Rule "report_settings_role": only an admin says which statutory reports are made."""
    return () if allowed else (Finding("", SETTINGS_ROLE_WORDS, "report_settings_role"),)


def check_statutory_kinds(chosen, known) -> tuple[Finding, ...]:
    """Rule "statutory_kinds_known": each kind chosen is a statutory report PIF knows."""
    unknown = [kind for kind in chosen if kind not in known]
    if not unknown:
        return ()
    return (Finding("statutory_reports", "Choose only statutory reports from the list",
                    "statutory_kinds_known"),)
