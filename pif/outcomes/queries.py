"""Read-side helpers for pages: each issues a fixed number of queries whatever the rows."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from pif.measures.models import Indicator
from pif.outcomes.models import Outcome, OutcomeLink

IMPROVING, CONCERN, NO_SIGNAL, NO_DATA = "improving", "concern", "no signal", "no data"


def status_of(indicator):
    try:
        return indicator.status
    except Indicator.status.RelatedObjectDoesNotExist:
        return None


def signal(indicator) -> str:
    """What the indicator's SPC variation says: improving, concern, no signal or no data."""
    status = status_of(indicator)
    if status is None or not status.points:
        return NO_DATA
    if status.variation.startswith("improvement"):
        return IMPROVING
    if status.variation.startswith("concern"):
        return CONCERN
    return NO_SIGNAL


@dataclass
class Rollup:
    improving: int = 0
    concern: int = 0
    no_signal: int = 0
    no_data: int = 0
    missing_target: int = 0
    total: int = 0

    def add(self, indicator) -> None:
        self.total += 1
        kind = signal(indicator)
        attr = kind.replace(" ", "_")
        setattr(self, attr, getattr(self, attr) + 1)
        status = status_of(indicator)
        if status is None or status.target_value is None:
            self.missing_target += 1

    @property
    def parts(self) -> list[tuple[str, int]]:
        named = [(IMPROVING, self.improving), (CONCERN, self.concern),
                 (NO_SIGNAL, self.no_signal), (NO_DATA, self.no_data),
                 ("missing target", self.missing_target)]
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


def links_for(partnership):
    return list(OutcomeLink.objects.filter(partnership=partnership)
                .select_related("cause", "effect"))
