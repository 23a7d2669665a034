"""The rules about assessment frameworks, for every path (pages, CSV upload, later the API).
The services in pif/reviews/services/frameworks.py read what each rule needs and call it;
the rules issue no queries.

| name | what it is |
|---|---|
| `check_own_framework(partnership_id, owner_id)` | only a partnership's own framework changes |
| `check_code(code, other_codes)` | a node's code is given and unique in its version |
| `check_parent(parent_ok, is_self_or_below)` | parent: same version, not itself or below |
| `check_weight(weight, sibling_weights)` | a share of the parent: 0 to 1, siblings' sum at most 1 |
| `check_points(points)` | points are not negative |
| `check_not_used(used)` | a node assessors have scored or tagged cannot be removed |
| `check_no_children(has_children)` | remove a node's children before the node |
| `check_framework_in_use(in_use, changed)` | in use: only labels and wording change |
"""

from __future__ import annotations

from decimal import Decimal

from pif.rules import Finding

SHIPPED = ("This framework is shipped with PIF and cannot be changed. Create your own "
           "framework to change criteria or questions.")


def check_own_framework(partnership_id: int, owner_id: int | None) -> tuple[Finding, ...]:
    if owner_id != partnership_id:
        return (Finding("", SHIPPED, "framework_read_only"),)
    return ()


def check_code(code: str, other_codes: set[str]) -> tuple[Finding, ...]:
    if not code.strip():
        return (Finding("code", "Enter a code, for example 1a", "node_code_required"),)
    if code in other_codes:
        return (Finding("code", f"Another node already has the code {code}: "
                                "use a different code", "node_code_unique"),)
    return ()


def check_parent(parent_ok: bool, is_self_or_below: bool) -> tuple[Finding, ...]:
    if not parent_ok:
        return (Finding("parent", "Choose a parent from this framework", "node_parent_version"),)
    if is_self_or_below:
        return (Finding("parent", "A node cannot sit under itself or under a node below it",
                        "node_parent_loop"),)
    return ()


def check_weight(weight: Decimal | None, sibling_weights: list[Decimal]) -> tuple[Finding, ...]:
    if weight is None:
        return ()
    if not weight.is_finite() or not 0 < weight <= 1:
        return (Finding("weight", "The weight is a share of the parent: enter a number more "
                                  "than 0 and at most 1, for example 0.25", "node_weight_range"),)
    if weight + sum(sibling_weights, Decimal(0)) > 1:
        return (Finding("weight", "The weights of the nodes under the same parent add up to "
                                  "more than 1", "node_weight_total"),)
    return ()


def check_points(points: Decimal | None) -> tuple[Finding, ...]:
    if points is not None and not points.is_finite():
        return (Finding("points", "Enter the points as a number, for example 100",
                        "node_points_number"),)
    if points is not None and points < 0:
        return (Finding("points", "Points cannot be negative", "node_points_positive"),)
    return ()


def check_not_used(used: bool) -> tuple[Finding, ...]:
    if used:
        return (Finding("", "Assessors have scored or tagged evidence against this node, so "
                            "it cannot be removed. Change its label instead.", "node_in_use"),)
    return ()


def check_no_children(has_children: bool) -> tuple[Finding, ...]:
    if has_children:
        return (Finding("", "Remove the nodes under this one first.", "node_has_children"),)
    return ()


IN_USE = ("An assessment has started on this framework, so its points, weights, what is "
          "scored and what sits under what are fixed: changing them would change the "
          "assessment's results. You can still change labels and wording.")


def check_framework_in_use(in_use: bool, changed: bool) -> tuple[Finding, ...]:
    """`changed`: the change moves scores (points, weight, is_scored or parent of a node, a
    new scored node, or a removal). Labels and wording may change at any time."""
    if in_use and changed:
        return (Finding("", IN_USE, "framework_in_use"),)
    return ()
