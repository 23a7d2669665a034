"""Small numbers in what the public pages would show: found before publishing, suppressed on
request.

Counts of a few people can identify them. Public Health Scotland suppresses counts of 1 to 9
in some data (its disclosure control; the threshold varies by source, often below 5 or below
10: /work/shared/reference/frameworks.md §10.5), so a partnership sets its own threshold
(``PublicSettings.small_number_threshold``, 10 by default: 1 to 9 are small; 0 flags nothing).
Zero is never small: it identifies nobody.

What is checked is each count PIF holds among the approved values (``pif.measures.counting``)
of published indicators, totals and breakdowns alike:

- an indicator whose unit is a count: its values;
- a percentage or a rate: its numerators and denominators (a value alone, without them, says
  nothing of how many people are behind it).

An editor sees the small numbers listed per indicator before publishing, and may suppress
them (a ``Suppression`` row for the indicator). In the published snapshot each value with a
small count then has its value, numerator and denominator set to None and the flag
"suppressed", so none of the three can be worked back. Only these values are suppressed
(primary suppression): where a total and the other breakdowns would give a suppressed one
away, the editor page says to check (secondary suppression is the editor's judgement).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pif.lib.periods import label_of_key
from pif.measures.counting import split_waiting
from pif.measures.models import Breakdown, Indicator, Observation

__all__ = ["Flagged", "SmallNumber", "approved_observations", "count_fields", "flagged",
           "is_small", "small_fields"]

COUNT_UNITS = {Indicator.Unit.COUNT: ("value",),
               Indicator.Unit.PERCENTAGE: ("numerator", "denominator"),
               Indicator.Unit.RATE: ("numerator", "denominator")}
FIELD_WORDS = {"value": "", "numerator": "numerator ", "denominator": "denominator "}
TOTAL = "Total"


def count_fields(indicator) -> tuple[str, ...]:
    """Which of an observation's numbers are counts of people or events, by the
    indicator's unit: ("value",), ("numerator", "denominator") or ()."""
    return COUNT_UNITS.get(indicator.unit, ())


def is_small(number, threshold: int) -> bool:
    """Whether a count is small: above 0 and below the threshold (1 to 9 for 10)."""
    if number is None or not threshold:
        return False
    number = float(number)
    return math.isfinite(number) and 0 < number < threshold


def small_fields(observation, indicator, threshold: int) -> tuple[str, ...]:
    """The fields of `observation` holding a small count."""
    return tuple(name for name in count_fields(indicator)
                 if is_small(getattr(observation, name), threshold))


def approved_observations(indicator_ids) -> dict[int, list]:
    """The values that count (approved; for a revision awaiting approval, the version last
    approved) of each indicator, totals and breakdowns, by indicator id, in period order
    with the total first. Two queries whatever the number of indicators."""
    ids = list(indicator_ids)
    if not ids:
        return {}
    rows = Observation.objects.filter(indicator_id__in=ids)
    counted, _ = split_waiting(
        rows, waiting_ids=Observation.objects.filter(indicator_id__in=ids,
                                                     approved_at__isnull=True).values("id"))
    found: dict[int, list] = {}
    for row in sorted(counted, key=lambda o: (o.indicator_id, o.period_start, o.period_end,
                                              o.breakdown_id is not None,
                                              o.breakdown_id or 0)):
        found.setdefault(row.indicator_id, []).append(row)
    return found


@dataclass(frozen=True)
class SmallNumber:
    """One small count: its period, total or breakdown, which number and what it is."""

    period: str
    period_label: str
    category: str  # the breakdown's name, or "Total"
    field: str  # "value", "numerator" or "denominator"
    number: float

    @property
    def words(self) -> str:
        """"9 in September 2021", "4 in March 2026 (Aged 75 and over)", "numerator 4 in
        March 2026": the total needs no name, and a count needs no word for what it is."""
        shown = int(self.number) if float(self.number).is_integer() else self.number
        where = f" ({self.category})" if self.category != TOTAL else ""
        return f"{FIELD_WORDS[self.field]}{shown} in {self.period_label}{where}"


@dataclass
class Flagged:
    """An indicator with small numbers (or suppressed), for the editor."""

    indicator: Indicator
    numbers: list[SmallNumber] = field(default_factory=list)
    suppressed: bool = False

    @property
    def values(self) -> int:
        """How many values would be suppressed (one value may hold two small counts)."""
        return len({(n.period, n.category) for n in self.numbers})


def find(indicator, observations, threshold: int, breakdown_names: dict[int, str]
         ) -> list[SmallNumber]:
    """The small counts among `observations` (approved values) of `indicator`."""
    found = []
    for observation in observations:
        for name in small_fields(observation, indicator, threshold):
            found.append(SmallNumber(
                observation.period, label_of_key(observation.period),
                breakdown_names.get(observation.breakdown_id, TOTAL)
                if observation.breakdown_id else TOTAL,
                name, float(getattr(observation, name))))
    return found


def flagged(partnership, threshold: int) -> list[Flagged]:
    """Each published indicator of `partnership` with small numbers in its approved values,
    and each one suppressed (so it can be shown again), by code. Five queries whatever the
    number of indicators."""
    from pif.reports.models import Suppression

    indicators = list(Indicator.objects.filter(partnership=partnership, published=True)
                      .order_by("code"))
    suppressed = set(Suppression.objects.filter(partnership=partnership)
                     .values_list("indicator_id", flat=True))
    checked = [i for i in indicators if count_fields(i)]
    observations = approved_observations(i.pk for i in checked) if threshold else {}
    names = (dict(Breakdown.objects.filter(partnership=partnership).values_list("id", "name"))
             if observations else {})
    rows = []
    for indicator in indicators:
        numbers = find(indicator, observations.get(indicator.pk, ()), threshold, names)
        if numbers or indicator.pk in suppressed:
            rows.append(Flagged(indicator, numbers, indicator.pk in suppressed))
    return rows
