"""Read-side helpers for pages: each issues a fixed number of queries whatever the rows."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from pif.measures.models import Indicator
from pif.outcomes.models import Outcome, OutcomeLink
from pif.spc.vocabulary import Rag, Signal

MISSING_TARGET = "missing target"
NO_INDICATORS = "No indicators"
# The signal a box or heading shows when its indicators disagree: the most pressing first.
PRESSING_FIRST = (Signal.CONCERN, Signal.IMPROVING, Signal.NO_SIGNAL)


def _counted(named) -> str:
    return ", ".join(f"{count} {name}" for name, count in named if count)


@dataclass
class Rollup:
    """How many of an outcome's indicators (its own and those of the outcomes under it, each
    once) show each signal and each RAG rating, and how many lack a target."""

    counts: dict[Signal, int] = field(default_factory=lambda: dict.fromkeys(Signal, 0))
    rags: dict[Rag, int] = field(default_factory=lambda: dict.fromkeys(Rag, 0))
    missing_target: int = 0
    total: int = 0

    def add(self, indicator) -> None:
        status = indicator.current_status
        self.total += 1
        self.counts[status.signal] += 1
        rag = Rag.of(status.rag)
        if rag is not None:
            self.rags[rag] += 1
        if status.target_value is None:
            self.missing_target += 1

    @property
    def concern(self) -> int:
        return self.counts[Signal.CONCERN]

    @property
    def headline(self) -> Signal:
        """The most pressing signal among the indicators: concern, then improving."""
        return next((signal for signal in PRESSING_FIRST if self.counts[signal]),
                    Signal.NO_DATA)

    @property
    def signal_text(self) -> str:
        """"2 improving, 1 concern": the variation counts alone, as on a strategy map box."""
        if not self.total:
            return NO_INDICATORS
        return _counted((signal.label.lower(), count) for signal, count in self.counts.items())

    @property
    def rag_text(self) -> str:
        """"1 red, 2 green, 1 missing target": the counts against target."""
        named = [(rag.label.lower(), count) for rag, count in self.rags.items()]
        return _counted([*named, (MISSING_TARGET, self.missing_target)])

    def __str__(self) -> str:
        if not self.total:
            return NO_INDICATORS
        return "; ".join(text for text in (self.signal_text, self.rag_text) if text)


def rollup(indicators) -> Rollup:
    result = Rollup()
    for indicator in indicators:
        result.add(indicator)
    return result


def outcome_rollup(outcome: Outcome) -> Rollup:
    """The roll-up of an outcome's own indicators and those of every outcome under it, each
    indicator once, in two queries however deep the tree."""
    children = defaultdict(list)
    for pk, parent_id in (Outcome.objects.filter(partnership_id=outcome.partnership_id)
                          .values_list("pk", "parent_id")):
        children[parent_id].append(pk)
    below, waiting = {outcome.pk}, [outcome.pk]
    while waiting:
        for child in children[waiting.pop()]:
            if child not in below:
                below.add(child)
                waiting.append(child)
    return rollup(Indicator.objects.filter(outcomes__in=below).distinct()
                  .select_related("status"))


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
    """Outcomes in tree order (each followed by those contributing to it), with depth and
    the roll-up of its indicators and those of the outcomes under it."""
    children = defaultdict(list)
    ids = {o.pk for o in outcomes}
    for outcome in outcomes:
        children[outcome.parent_id if outcome.parent_id in ids else None].append(outcome)
    rows: list[TreeRow] = []

    def walk(parent_id, depth, seen) -> dict:
        """Add the rows under `parent_id`; return their indicators, by id (each once)."""
        found = {}
        for outcome in children.get(parent_id, []):
            if outcome.pk in seen:
                continue
            row = TreeRow(outcome, depth)
            rows.append(row)
            below = walk(outcome.pk, depth + 1, seen | {outcome.pk})
            below.update((i.pk, i) for i in outcome.indicators.all())
            row.rollup = rollup(below.values())
            found.update(below)
        return found

    walk(None, 0, frozenset())
    return rows


def rollups_by_outcome(outcomes) -> dict[int, Rollup]:
    """Each outcome's roll-up, with the outcomes under it (outcomes from `outcomes_for`)."""
    return {row.outcome.pk: row.rollup for row in tree(outcomes)}


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
