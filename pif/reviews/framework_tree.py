"""Weights in an assessment framework's tree, without Django: the share of the total that
every scored node carries, and so the points it can earn.

A node's share of its parent is, among the siblings that lead to a scored node:
- its `weight` when any sibling has one (siblings without one share what is left equally);
- otherwise its `points` over the siblings' points, when every sibling has points;
- otherwise an equal share.
A scored node's share of the total is the product of the shares on its path from the top.
So EFQM 2013's criterion 6 (150 of 1,000 points) with 6a at 0.75 gives 6a 0.1125 of the
total, 112.5 points.
"""

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple, Protocol

ONE = Decimal(1)


class Node(Protocol):
    code: str
    parent: str | None       # the parent's code
    points: Decimal | None
    weight: Decimal | None
    is_scored: bool


class TreeNode(NamedTuple):
    code: str
    parent: str | None = None
    points: Decimal | None = None
    weight: Decimal | None = None
    is_scored: bool = False


def weights(nodes: list[Node]) -> dict[str, Decimal]:
    """Every scored node's share of the total (the shares add up to 1)."""
    children = defaultdict(list)
    for node in nodes:
        children[node.parent or None].append(node)
    leads_to_score = _leads_to_score(children)
    shares: dict[str, Decimal] = {}

    def walk(parent: str | None, share: Decimal) -> None:
        siblings = [n for n in children.get(parent, []) if n.code in leads_to_score]
        for node, own in zip(siblings, _sibling_shares(siblings), strict=True):
            if node.is_scored:
                shares[node.code] = share * own
            else:
                walk(node.code, share * own)

    walk(None, ONE)
    return shares


def points(nodes: list[Node], total: Decimal | None = None) -> dict[str, Decimal]:
    """Every scored node's maximum points: its share of `total`, or of the top-level nodes'
    points when no total is given (1,000 for EFQM). Empty when neither is known."""
    if total is None:
        tops = [n.points for n in nodes if not n.parent]
        if not tops or any(p is None for p in tops):
            return {}
        total = sum(tops, Decimal(0))
    return {code: share * total for code, share in weights(nodes).items()}


def _leads_to_score(children: dict) -> set[str]:
    """Codes of the nodes that are scored or have a scored node below them."""
    found: set[str] = set()

    def visit(node) -> bool:
        below = [visit(child) for child in children.get(node.code, [])]
        if node.is_scored or any(below):
            found.add(node.code)
            return True
        return False

    for top in children.get(None, []):
        visit(top)
    return found


def _sibling_shares(siblings: list[Node]) -> list[Decimal]:
    if not siblings:
        return []
    if any(n.weight is not None for n in siblings):
        given = sum((n.weight for n in siblings if n.weight is not None), Decimal(0))
        blank = [n for n in siblings if n.weight is None]
        rest = (ONE - given) / len(blank) if blank else Decimal(0)
        return [n.weight if n.weight is not None else rest for n in siblings]
    if all(n.points is not None for n in siblings):
        total = sum((n.points for n in siblings), Decimal(0))
        if total:
            return [n.points / total for n in siblings]
    return [ONE / len(siblings)] * len(siblings)
