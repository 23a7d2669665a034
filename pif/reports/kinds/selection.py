"""Which indicators, outcomes and actions a report takes in, each read in a fixed number of
queries whatever the plan holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class OutcomeRow:
    id: int
    parent_id: int | None
    level: int
    code: str
    title: str
    locality_id: int | None
    is_national: bool

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}".strip()


class Plan:
    """The partnership's outcome tree and which indicators each outcome holds (two
    queries)."""

    def __init__(self, partnership):
        from pif.outcomes.models import Outcome

        self.outcomes = [OutcomeRow(row["id"], row["parent_id"], row["level"], row["code"],
                                    row["title"], row["locality_id"],
                                    row["framework_node_id"] is not None)
                         for row in Outcome.objects.filter(partnership=partnership)
                         .order_by("level", "position", "code", "title", "pk")
                         .values("id", "parent_id", "level", "code", "title", "locality_id",
                                 "framework_node_id")]
        self.by_id = {row.id: row for row in self.outcomes}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for row in self.outcomes:
            self.children[row.parent_id].append(row.id)
        self.indicator_ids: dict[int, list[int]] = defaultdict(list)
        for outcome_id, indicator_id in Outcome.indicators.through.objects.filter(
                outcome__partnership=partnership).values_list("outcome_id", "indicator_id"):
            self.indicator_ids[outcome_id].append(indicator_id)

    def below(self, outcome_id: int) -> list[int]:
        """The outcome and every outcome under it, in tree order."""
        found, waiting = [], [outcome_id]
        while waiting:
            one = waiting.pop(0)
            if one not in found:
                found.append(one)
                waiting.extend(self.children.get(one, ()))
        return found

    def indicators_under(self, outcome_id: int) -> set[int]:
        """The indicators of the outcome and of every outcome under it."""
        return {pk for one in self.below(outcome_id) for pk in self.indicator_ids.get(one, ())}

    def titles_by_indicator(self) -> dict[int, list[str]]:
        """Each indicator's outcomes by title, in tree order (as the scorecard groups)."""
        found: dict[int, list[str]] = defaultdict(list)
        for row in self.outcomes:
            for indicator_id in self.indicator_ids.get(row.id, ()):
                found[indicator_id].append(row.title)
        return found

    def local_outcomes(self) -> list[OutcomeRow]:
        """The plan's local outcomes for the whole area: the highest level of outcomes that
        are neither national outcomes nor a locality's."""
        local = [row for row in self.outcomes if not row.is_national and not row.locality_id]
        if not local:
            return []
        top = min(row.level for row in local)
        return [row for row in local if row.level == top]


def indicators(partnership, ids=None, *, published_only: bool = False) -> list:
    """The partnership's indicators (all, or those with ``ids``; only published ones when
    ``published_only``), by code (one query)."""
    from pif.measures.models import Indicator

    rows = Indicator.objects.filter(partnership=partnership)
    if published_only:
        rows = rows.filter(published=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return list(rows.order_by("code", "pk"))


def chosen(plan: Plan, options: dict) -> tuple[list[int], set[int] | None]:
    """The outcomes chosen (those of the partnership, in tree order) and the ids of the
    indicators they and the chosen indicators take in; None for the indicators when nothing
    was chosen (every indicator of the partnership)."""
    outcome_ids = [row.id for row in plan.outcomes if row.id in set(options.get("outcomes")
                                                                    or ())]
    indicator_ids = set(options.get("indicators") or ())
    if not outcome_ids and not indicator_ids:
        return [], None
    for outcome_id in outcome_ids:
        indicator_ids |= plan.indicators_under(outcome_id)
    return outcome_ids, indicator_ids
