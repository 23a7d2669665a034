"""The rules about stage 1 and 2 records (vision, outcome tree, driver diagrams, risks), in
one place for every path. See docs/adr/0008-business-rules.md.

The services call these (through the models' `clean` where a rule is about one record), so
the forms, the command line, the demo and later the API obey the same rules. Each `check_`
function returns `Finding`s (pif.rules) and issues no queries: the caller reads what a rule
needs to know.

| name | what it is |
|---|---|
| `driver_node_kind(parent_kind)` | the kind a driver-diagram entry takes from its parent |
| `check_driver_node(...)` | an entry sits under a driver of its own diagram, one column right |
| `check_outcome_parent(...)` | an outcome sits below its parent, never below itself |
| `check_dependants_placed(...)` | a deleted outcome's children and indicators go somewhere |
| `check_move_to_not_below(title, is_below=)` | they do not move below the deleted outcome |
| `check_links_in_partnership(owners, partnership_id)` | a record links only to its own |
| `check_national_outcomes(kinds)` | an outcome serves national outcomes only |
| `check_link(cause_id, effect_id)` | a strategy-map link joins two different outcomes |
| `check_vision_years(first, last)` | a vision's last year is not before its first |
| `check_level_name(number, name)` | an outcome level has a name |
| `RISK_SCALE` | likelihood and impact are each scored 1 to 5 (field validators) |
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator

from pif.rules import Finding

__all__ = ["CHILD_KIND", "RISK_SCALE", "WRONG_PARTNERSHIP", "check_dependants_placed",
           "check_driver_node", "check_level_name", "check_link", "check_links_in_partnership",
           "check_move_to_not_below", "check_national_outcomes", "check_outcome_parent",
           "check_vision_years", "driver_node_kind"]

#: Driver diagrams read left to right: the aim, primary drivers, secondary drivers, change
#: ideas. Each kind of entry goes under the one to its left.
CHILD_KIND = {None: "primary", "primary": "secondary", "secondary": "change_idea"}
KIND_NAMES = {"primary": "primary driver", "secondary": "secondary driver",
              "change_idea": "change idea"}

#: Rule "risk_scale": likelihood and impact are each scored 1 to 5 (a common 5x5 matrix). A
#: range of one field, so a field validator, which every form and full_clean apply.
RISK_SCALE = [MinValueValidator(1, "Use a number from 1 to 5"),
              MaxValueValidator(5, "Use a number from 1 to 5")]

WRONG_PARTNERSHIP = "Choose one from this partnership."


def driver_node_kind(parent_kind: str | None) -> str:
    """The kind of an entry under a parent of `parent_kind` (None: under the aim). Under a
    change idea nothing goes; it is given "change_idea" so `check_driver_node` refuses it
    with a message that says where to put it instead."""
    return CHILD_KIND.get(parent_kind, "change_idea")


def check_driver_node(kind: str, parent_kind: str | None, *,
                      parent_in_diagram: bool = True) -> tuple[Finding, ...]:
    """Rule "driver_column": an entry sits under an entry of its own diagram, one column to
    the right of it (a primary driver under the aim, a secondary under a primary, a change
    idea under a secondary)."""
    if parent_kind is None:
        if kind != "primary":
            return (Finding("parent", "Choose the driver this belongs under.",
                            "driver_column"),)
        return ()
    if not parent_in_diagram:
        return (Finding("parent", "Choose a driver from this diagram.", "driver_same_diagram"),)
    if parent_kind not in CHILD_KIND:
        return (Finding("parent", "Change ideas are the last column: add this under a "
                                  "secondary driver instead.", "driver_column"),)
    expected = CHILD_KIND[parent_kind]
    if kind != expected:
        return (Finding("kind", f"Under a {KIND_NAMES[parent_kind]} add a "
                                f"{KIND_NAMES[expected]}.", "driver_column"),)
    return ()


def check_outcome_parent(*, title: str, level: int, parent_title: str, parent_level: int,
                         same_partnership: bool, parent_is_below: bool) -> tuple[Finding, ...]:
    """Rules for an outcome's place in the tree (ADR 3): its parent is in the same
    partnership ("outcome_same_partnership"), is not the outcome itself or below it
    ("outcome_not_own_ancestor"), and is at a higher level ("outcome_below_parent").
    `parent_is_below`: the parent is the outcome, or one of its descendants."""
    if not same_partnership:
        return (Finding("parent", WRONG_PARTNERSHIP, "outcome_same_partnership"),)
    if parent_is_below:
        return (Finding("parent", f"“{title}” cannot contribute to “{parent_title}”, because "
                                  f"“{parent_title}” already contributes to it: an outcome "
                                  "cannot be its own ancestor.", "outcome_not_own_ancestor"),)
    if parent_level >= level:
        return (Finding("parent", f"“{parent_title}” is at level {parent_level}, so an outcome "
                                  f"under it must be at level {parent_level + 1} or below. "
                                  "Choose a higher outcome, or change the level.",
                        "outcome_below_parent"),)
    return ()


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number > 1 else ''}"


def check_dependants_placed(*, title: str, children: int, indicators: int, children_choice: str,
                            indicators_choice: str, move_to_chosen: bool,
                            move_to_elsewhere: bool) -> tuple[Finding, ...]:
    """Rules for deleting an outcome, which never deletes what hangs on it:
    "outcome_children_placed", the outcomes under it are moved ("move": to the outcome
    chosen, or to the top of the tree); "outcome_indicators_placed", its indicators are moved
    or unlinked, never deleted; "outcome_indicators_destination", indicators moved need an
    outcome to go to; "move_to_other_outcome", that outcome is another one of this
    partnership (`move_to_elsewhere`: it is the outcome itself, or another partnership's)."""
    findings = []
    if children and children_choice != "move":
        findings.append(Finding("children", f"Choose where the {_count(children, 'outcome')} "
                                            f"under “{title}” should go",
                                "outcome_children_placed"))
    if indicators and indicators_choice not in ("move", "unlink"):
        findings.append(Finding("indicators", "Choose what happens to the "
                                              f"{_count(indicators, 'indicator')} linked to "
                                              "this outcome", "outcome_indicators_placed"))
    if indicators and indicators_choice == "move" and not move_to_chosen:
        findings.append(Finding("move_to", "Choose the outcome the indicators should move to",
                                "outcome_indicators_destination"))
    if move_to_chosen and move_to_elsewhere:
        findings.append(Finding("move_to", "Choose another outcome of this partnership",
                                "move_to_other_outcome"))
    return tuple(findings)


def check_move_to_not_below(move_to_title: str, *, is_below: bool) -> tuple[Finding, ...]:
    """Rule "move_to_not_below": what is under a deleted outcome moves outside it, not to an
    outcome below it, which goes with it."""
    if is_below:
        return (Finding("move_to", f"“{move_to_title}” is under the outcome being deleted. "
                                   "Choose an outcome outside it", "move_to_not_below"),)
    return ()


def check_links_in_partnership(owners: dict, partnership_id) -> tuple[Finding, ...]:
    """Rule "same_partnership": a record links only to rows of its own partnership (the forms
    offer only those). `owners` maps each link field to the partnership ids of the rows it
    links to (None for a row that belongs to no partnership, such as a national outcome)."""
    return tuple(Finding(field, WRONG_PARTNERSHIP, "same_partnership")
                 for field, ids in owners.items()
                 if any(owner not in (None, partnership_id) for owner in ids))


def check_national_outcomes(kinds) -> tuple[Finding, ...]:
    """Rule "national_outcomes_only": an outcome serves national outcomes, not other nodes
    of a framework (such as strategy-map perspectives)."""
    if any(kind != "national_outcome" for kind in kinds):
        return (Finding("national_outcomes", "Choose national outcomes only.",
                        "national_outcomes_only"),)
    return ()


def check_link(cause_id, effect_id) -> tuple[Finding, ...]:
    """Rule "link_not_itself": a strategy-map link joins two different outcomes."""
    if cause_id is not None and cause_id == effect_id:
        return (Finding("effect", "An outcome cannot lead to itself. Choose another.",
                        "link_not_itself"),)
    return ()


def check_vision_years(first_year, last_year) -> tuple[Finding, ...]:
    """Rule "vision_years_order": a vision's cycle ends in or after the year it starts."""
    if first_year and last_year and last_year < first_year:
        return (Finding("last_year", "The last year must be the same as or after the first "
                                     "year.", "vision_years_order"),)
    return ()


def check_level_name(number: int, name: str) -> tuple[Finding, ...]:
    """Rule "level_name_needed": each of the four outcome levels has a name."""
    if not name.strip():
        return (Finding(f"level_{number}", f"Enter a name for level {number}",
                        "level_name_needed"),)
    return ()
