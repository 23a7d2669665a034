"""The arithmetic of a full assessment, with no Django: plain values in, Decimals out.

- `round_to_step(value)`: to the nearest 5 (halves up), as RADAR scores are given.
- `suggest(values)`: the mean of some scores rounded to 5: PIF's suggestion for the agreed
  score from the assessors' scores. People decide the score; the suggestion is only shown
  beside it.
- `suggest_by_element(groups)`: the mean of each group's mean rounded to 5: PIF's
  suggestion for a part score from its RADAR attributes grouped by element, so that each
  element counts the same (`pif.reviews.radar.suggest`).
- `spread(values)`: lowest, highest and range, flagged for discussion at 20 points or more.
- `summarise(nodes, agreed)`: each criterion's % (the mean of its parts, weighted where the
  framework gives weights; blank weights share what is left equally), its points, and the
  total Σ criterion % × criterion points (EFQM's RADAR formula, frameworks.md §3.3).
  Parts not agreed yet are left out and the others' shares scaled up, and the criterion
  says which are missing: a draft total, never a silent zero.
- `compliance_counts(nodes, ratings)`: for a compliance scale (Customer Service
  Excellence), how many elements of each criterion have each rating.
- `compare(then, now)`: per criterion, the previous round's %, this round's and the change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

STEP = Decimal(5)
DISCUSS_AT = 20  # a range of scores this wide is discussed before agreeing
HUNDRED = Decimal(100)


def round_to_step(value) -> int | None:
    """`value` to the nearest 5 (37.5 → 40), or None for None."""
    if value is None:
        return None
    steps = (Decimal(value) / STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps * STEP)


def mean(values: Iterable) -> Decimal | None:
    given = [Decimal(v) for v in values if v is not None and v != ""]
    if not given:
        return None
    return sum(given) / len(given)


def suggest(values: Iterable) -> int | None:
    """The mean of the values given (blanks ignored) rounded to 5; None when none given."""
    return round_to_step(mean(values))


def suggest_by_element(groups: Iterable[Iterable]) -> int | None:
    """The mean of the groups' means rounded to 5. A group with nothing given is left out;
    None when no group has a value. [[80, 80], [80, 80], [20, 20, 20]] gives 60."""
    return round_to_step(mean(mean(group) for group in groups))


@dataclass(frozen=True)
class Spread:
    lowest: int
    highest: int

    @property
    def range(self) -> int:
        return self.highest - self.lowest

    @property
    def discuss(self) -> bool:
        return self.range >= DISCUSS_AT


def spread(values: Iterable) -> Spread | None:
    given = [int(v) for v in values if v is not None]
    return Spread(min(given), max(given)) if given else None


@dataclass(frozen=True)
class Node:
    """What the arithmetic needs of a framework node."""

    id: int
    code: str
    label: str
    parent_id: int | None = None
    points: Decimal | None = None
    weight: Decimal | None = None
    is_scored: bool = False


def shares(weights: list) -> list[Decimal]:
    """Each sibling's share of its parent: its weight, or for a blank weight an equal part
    of what the given weights leave (all blank: equal shares)."""
    given = sum((Decimal(w) for w in weights if w is not None), Decimal(0))
    blanks = sum(1 for w in weights if w is None)
    rest = (Decimal(1) - given) / blanks if blanks else Decimal(0)
    return [Decimal(w) if w is not None else rest for w in weights]


@dataclass
class CriterionResult:
    node: Node
    percent: Decimal | None  # None: no part agreed yet
    missing: list[str] = field(default_factory=list)  # codes of scored parts not agreed

    @property
    def points(self) -> Decimal | None:
        if self.percent is None or self.node.points is None:
            return None
        return self.percent * Decimal(self.node.points) / HUNDRED

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Summary:
    criteria: list[CriterionResult]
    out_of: Decimal | None

    @property
    def total(self) -> Decimal | None:
        scored = [c.points for c in self.criteria if c.points is not None]
        return sum(scored, Decimal(0)) if scored else None

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.criteria)

    @property
    def missing(self) -> list[str]:
        return [code for c in self.criteria for code in c.missing]

    def by_code(self) -> dict[str, CriterionResult]:
        return {c.node.code: c for c in self.criteria}


class _Tree:
    def __init__(self, nodes: list[Node]):
        self.nodes = list(nodes)
        self.children: dict[int | None, list[Node]] = {}
        for node in self.nodes:
            self.children.setdefault(node.parent_id, []).append(node)

    def criteria(self) -> list[Node]:
        """The top-most nodes with points; without any points, the top-level nodes."""
        found: list[Node] = []

        def walk(parent_id):
            for node in self.children.get(parent_id, []):
                if node.points is not None:
                    found.append(node)
                else:
                    walk(node.id)
        walk(None)
        return found or self.children.get(None, [])

    def percent(self, node: Node, agreed: Mapping[int, object]) -> tuple[Decimal | None, list]:
        """The node's % from the agreed scores below it, and the scored codes missing."""
        if node.is_scored:
            value = agreed.get(node.id)
            return (None, [node.code]) if value is None else (Decimal(value), [])
        kids = self.children.get(node.id, [])
        results = [self.percent(kid, agreed) for kid in kids]
        missing = [code for _, codes in results for code in codes]
        present = [(share, pct) for share, (pct, _) in zip(shares([k.weight for k in kids]),
                                                         results, strict=True)
                   if pct is not None]
        weight = sum((share for share, _ in present), Decimal(0))
        if not present or weight == 0:
            return None, missing
        return sum((share * pct for share, pct in present), Decimal(0)) / weight, missing


def summarise(nodes: Iterable[Node], agreed: Mapping[int, object],
              out_of=None) -> Summary:
    """Each criterion's % and points, and the total out of `out_of` (the framework's total
    points; by default the sum of the criteria's points)."""
    tree = _Tree(list(nodes))
    criteria = []
    for node in tree.criteria():
        pct, missing = tree.percent(node, agreed)
        criteria.append(CriterionResult(node, pct, missing))
    if out_of is None:
        points = [Decimal(c.node.points) for c in criteria if c.node.points is not None]
        out_of = sum(points, Decimal(0)) if points else None
    return Summary(criteria, None if out_of is None else Decimal(out_of))


def compliance_counts(nodes: Iterable[Node], ratings: Mapping[int, str]
                      ) -> list[tuple[Node, Counter]]:
    """For each criterion, how many of the scored nodes below it have each rating (a node
    not rated yet counts under "")."""
    tree = _Tree(list(nodes))
    rows = []
    for criterion in tree.criteria():
        counts: Counter = Counter()
        stack = [criterion]
        while stack:
            node = stack.pop()
            if node.is_scored:
                counts[ratings.get(node.id) or ""] += 1
            stack.extend(tree.children.get(node.id, []))
        rows.append((criterion, counts))
    return rows


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    then: Decimal | None
    now: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.then is None or self.now is None:
            return None
        return self.now - self.then


def compare(then: Summary, now: Summary) -> list[Change]:
    """Per criterion of this round (matched by code with the previous round's): then, now."""
    before = then.by_code()
    return [Change(c.node.code, c.node.label,
                   before[c.node.code].percent if c.node.code in before else None, c.percent)
            for c in now.criteria]
