"""The rules about improvement cycles, in one place for every path (see
docs/adr/0008-business-rules.md and docs/adr/0017-cycles-and-roll-over.md). The services in
pif/reviews/services/cycles.py read what each rule needs and call them; the rules issue no
queries.

| name | what it is |
|---|---|
| `check_editor(can_edit)` | editors and admins start, close and correct cycles |
| `check_one_open(has_open)` | a partnership has one open cycle at a time |
| `check_year_free(taken, label)` | one cycle a financial year |
| `check_open_to_close(is_closed)` | closing is final: a closed cycle is not closed again |
| `check_review_written(what_worked, lessons, summary)` | a cycle closes with its review written |
| `check_assessment_scope(same_partnership)` | the self-assessment is the partnership's own |
| `check_closed_before_next(is_closed)` | the next cycle starts only once this one is closed |
| `check_closed_to_correct(is_closed)` | the review of a closed cycle is corrected, not closed |
"""

from __future__ import annotations

from pif.rules import Finding

__all__ = ["check_assessment_scope", "check_closed_before_next", "check_closed_to_correct",
           "check_editor", "check_one_open", "check_open_to_close", "check_review_written",
           "check_year_free"]

EDITORS_ONLY = "Only editors and partnership admins can start, close or review a cycle."


def check_editor(can_edit: bool) -> tuple[Finding, ...]:
    """Rule "cycle_editors": a cycle is started, closed and reviewed by editors and admins,
    who speak for the partnership."""
    return () if can_edit else (Finding("", EDITORS_ONLY, "cycle_editors"),)


def check_one_open(has_open: bool) -> tuple[Finding, ...]:
    """Rule "cycle_one_open": one open cycle at a time, so every page knows which is live."""
    if has_open:
        return (Finding("", "The partnership already has an open cycle. Close it with a "
                            "review before starting another.", "cycle_one_open"),)
    return ()


def check_year_free(taken: bool, label: str) -> tuple[Finding, ...]:
    """Rule "cycle_year_unique": one cycle a financial year."""
    if taken:
        return (Finding("first_year", f"The partnership already has a cycle for {label}",
                        "cycle_year_unique"),)
    return ()


def check_open_to_close(is_closed: bool) -> tuple[Finding, ...]:
    """Rule "cycle_closed_final": closing freezes the cycle's snapshot once; it is not
    reopened or closed again (its review text can still be corrected)."""
    if is_closed:
        return (Finding("", "This cycle is already closed. You can still correct its review.",
                        "cycle_closed_final"),)
    return ()


def check_review_written(what_worked: str, lessons: str, summary: str
                         ) -> tuple[Finding, ...]:
    """Rule "cycle_review_needed": a cycle closes with what worked, the lessons learned and
    the year's performance written, so the closed cycle says what the year taught."""
    needed = (("what_worked", what_worked, "Enter what worked this year"),
              ("lessons", lessons, "Enter the lessons learned"),
              ("performance_summary", summary, "Enter a summary of the year's performance"))
    return tuple(Finding(field, message, "cycle_review_needed")
                 for field, text, message in needed if not (text or "").strip())


def check_assessment_scope(same_partnership: bool) -> tuple[Finding, ...]:
    """Rule "cycle_assessment_scope": the review names one of the partnership's own
    self-assessments."""
    if not same_partnership:
        return (Finding("assessment", "Choose one of this partnership's self-assessments",
                        "cycle_assessment_scope"),)
    return ()


def check_closed_before_next(is_closed: bool) -> tuple[Finding, ...]:
    """Rule "cycle_next_after_close": the next cycle follows a closed one, so targets and
    actions roll forward from a year whose end is frozen."""
    if not is_closed:
        return (Finding("", "Close this cycle with a review before starting the next one.",
                        "cycle_next_after_close"),)
    return ()


def check_closed_to_correct(is_closed: bool) -> tuple[Finding, ...]:
    """Rule "cycle_correct_closed": correcting the review is for a closed cycle; an open
    one is closed with its review."""
    if not is_closed:
        return (Finding("", "This cycle is still open: close it with a review.",
                        "cycle_correct_closed"),)
    return ()
