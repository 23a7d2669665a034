"""Read-side helpers for pages: each issues a fixed number of queries whatever the rows."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from pif.measures.models import Indicator
from pif.outcomes.models import Outcome, OutcomeLink
from pif.spc.vocabulary import Signal

MISSING_TARGET = "missing target"


@dataclass
class Rollup:
    """How many of an outcome's indicators show each signal, and how many lack a target."""

    counts: dict[Signal, int] = field(default_factory=lambda: dict.fromkeys(Signal, 0))
    missing_target: int = 0
    total: int = 0

    def add(self, indicator) -> None:
        status = indicator.current_status
        self.total += 1
        self.counts[status.signal] += 1
        if status.target_value is None:
            self.missing_target += 1

    @property
    def concern(self) -> int:
        return self.counts[Signal.CONCERN]

    @property
    def parts(self) -> list[tuple[str, int]]:
        named = [(signal.label.lower(), count) for signal, count in self.counts.items()]
        named.append((MISSING_TARGET, self.missing_target))
        return [(name, count) for name, count in named if count]

    def __str__(self) -> str:
        if not self.total:
            return "No indicators"
        return ", ".join(f"{count} {name}" for name, count in self.parts)


def rollup(indicators) -> Rollup:
    result = Rollup()
    for indicator in indicators:
        result.add(indicator)
    return result


def indicators_prefetch(lookup: str = "indicators") -> Prefetch:
    return Prefetch(lookup, queryset=Indicator.objects.select_related("status", "owner")
                    .order_by("code"))


def outcomes_for(partnership):
    return (Outcome.objects.filter(partnership=partnership)
            .select_related("lead_organisation", "lead_person", "locality", "perspective",
                            "framework_node", "parent")
            .prefetch_related(indicators_prefetch(), "national_outcomes"))


@dataclass
class TreeRow:
    outcome: Outcome
    depth: int
    rollup: Rollup = field(default_factory=Rollup)


def tree(outcomes) -> list[TreeRow]:
    """Outcomes in tree order (each followed by those contributing to it), with depth."""
    children = defaultdict(list)
    ids = {o.pk for o in outcomes}
    for outcome in outcomes:
        children[outcome.parent_id if outcome.parent_id in ids else None].append(outcome)
    rows: list[TreeRow] = []

    def walk(parent_id, depth, seen):
        for outcome in children.get(parent_id, []):
            if outcome.pk in seen:
                continue
            rows.append(TreeRow(outcome, depth, rollup(outcome.indicators.all())))
            walk(outcome.pk, depth + 1, seen | {outcome.pk})

    walk(None, 0, frozenset())
    return rows


def golden_thread(outcome: Outcome) -> list[Outcome]:
    """The outcome's chain up to the top of the tree, highest first (one query)."""
    by_id = {o.pk: o for o in Outcome.objects.filter(partnership_id=outcome.partnership_id)
             .select_related("framework_node")}
    chain, current, seen = [], by_id.get(outcome.parent_id), set()
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = by_id.get(current.parent_id)
    return list(reversed(chain))


def outcome_titles_by_indicator(partnership) -> dict[int, list[str]]:
    """Each indicator's outcomes, by title in tree order, in one query: the scorecard's
    "group by outcome" (registered in pif/outcomes/registrations.py)."""
    names = defaultdict(list)
    for pk, title in (Indicator.objects.filter(partnership=partnership, outcomes__isnull=False)
                      .order_by("pk", "outcomes__level", "outcomes__position",
                                "outcomes__code", "outcomes__title")
                      .values_list("pk", "outcomes__title")):
        names[pk].append(title)
    return names


def links_for(partnership):
    return list(OutcomeLink.objects.filter(partnership=partnership)
                .select_related("cause", "effect"))
