"""The rules about publishing the public pages, for every path (the pages, the command line,
the demo, later the API). See docs/adr/0008-business-rules.md.

Each `check_` function returns `Finding`s and issues no queries: the service reads what a
rule needs and passes plain values.

| name | what it is |
|---|---|
| `check_role(has_role, need)` | editors publish and suppress; admins change the settings |
| `check_something_to_publish(published, vision, published_before)` | first time: something |
| `check_reason_for_selection(warned, reason)` | a rosier-looking set needs a reason |
| `check_threshold(threshold)` | the small-number threshold is 0 to 1,000 |
| `check_suppression(suppressed, want)` | suppress what is shown, show what is suppressed |
"""

from __future__ import annotations

from pif.rules import Finding

__all__ = ["ROLE_WORDS", "THRESHOLD_MAX", "check_reason_for_selection", "check_role",
           "check_something_to_publish", "check_suppression", "check_threshold"]

ROLE_WORDS = {"edit": "Only editors and admins can publish the public pages or suppress "
                      "small numbers.",
              "admin": "Only the partnership's admins can change the public page settings."}
THRESHOLD_MAX = 1000  # PublicSettings.small_number_threshold's largest value


def check_role(has_role: bool, need: str) -> tuple[Finding, ...]:
    """Rule "publishing_role": an editor (or admin) publishes and suppresses small numbers;
    only an admin changes the settings (the licence is the partnership's decision)."""
    if has_role:
        return ()
    return (Finding("", ROLE_WORDS[need], "publishing_role"),)


def check_something_to_publish(published_indicators: int, has_vision: bool,
                               has_publication: bool = False) -> tuple[Finding, ...]:
    """Rule "something_to_publish": the first publication shows at least one published
    indicator or the partnership's vision; pages with neither would tell the public nothing.
    (Decided so: a partnership that has set its vision but not yet chosen indicators may
    still say what it is for.) Once the pages are published, an empty publication is allowed:
    it is how the last published indicator is taken down (the public pages then say nothing
    is published)."""
    if published_indicators or has_vision or has_publication:
        return ()
    return (Finding("", "There is nothing to publish yet: mark at least one indicator as "
                        "published (on its edit page), or set the partnership's vision.",
                    "something_to_publish"),)


def check_reason_for_selection(warned: bool, reason: str) -> tuple[Finding, ...]:
    """Rule "reason_for_selection": when what is published looks rosier than the plan as a
    whole (pif.reports.balance warns), the editor says why this selection is published; the
    reason is kept with the publication, for the partnership to see."""
    if not warned or reason.strip():
        return ()
    return (Finding("reason", "Say why you publish this selection: the public pages look "
                              "better than the plan as a whole", "reason_for_selection"),)


def check_threshold(threshold) -> tuple[Finding, ...]:
    """Rule "threshold_range": the small-number threshold is a whole number from 0 (flag
    nothing) to 1,000. Public Health Scotland's convention, suppressing 1 to 9, is 10."""
    if threshold is None or isinstance(threshold, bool) or not isinstance(threshold, int):
        return (Finding("small_number_threshold", "Enter the small-number threshold as a "
                        "whole number, for example 10", "threshold_range"),)
    if not 0 <= threshold <= THRESHOLD_MAX:
        return (Finding("small_number_threshold", f"Enter a threshold from 0 to "
                        f"{THRESHOLD_MAX:,}: 10 suppresses 1 to 9, as Public Health Scotland "
                        "does for some data", "threshold_range"),)
    return ()


def check_suppression(suppressed: bool, want: bool) -> tuple[Finding, ...]:
    """Rule "suppression_changes": suppressing an indicator's small numbers twice, or
    showing them when they are not suppressed, changes nothing and is refused."""
    if suppressed == want:
        words = ("already suppressed" if want else "not suppressed")
        return (Finding("", f"This indicator's small numbers are {words}.",
                        "suppression_changes"),)
    return ()
