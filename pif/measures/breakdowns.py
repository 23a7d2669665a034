"""Comparing one indicator across areas, as the Local Government Benchmarking Framework does:
each area's value for a period, its rank (1 is best, by the direction of improvement), the
median of the areas, and the family group average; and the bars of a chart of the values,
drawn beside the table (which stays the accessible source of the figures).

Values are compared as stored, never as rounded for showing: 20.04 is better than a median
of 20.0 though both show as "20.0". Values that differ only by floating-point noise (0.1 + 0.2
and 0.3) are equal, so they share a rank and sit at the median together."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from pif.lib.periods import Period
from pif.measures.counting import split_waiting
from pif.measures.models import Breakdown, Indicator, Observation


@dataclass(frozen=True)
class AreaRow:
    name: str
    family_group: str
    value: float | None
    missing_code: str
    rank: int | None
    versus_median: str


@dataclass
class Comparison:
    periods: list[Period]
    period: Period | None
    rows: list[AreaRow] = field(default_factory=list)
    median: float | None = None
    total: float | None = None
    family_groups: list[str] = field(default_factory=list)
    family_group: str = ""
    family_average: float | None = None
    # Values awaiting approval, shown apart: never ranked or counted in the median until
    # an editor approves them (an area's approved value, if any, is ranked meanwhile).
    waiting: list[AreaRow] = field(default_factory=list)
    # (name, value) of each breakdown that is not an area, such as Scotland beside its
    # councils: shown for comparison, never ranked or counted in the median.
    others: list[tuple[str, float | None]] = field(default_factory=list)

    @property
    def ranked(self) -> int:
        return sum(1 for row in self.rows if row.rank is not None)

    @property
    def bars(self) -> list[Bar]:
        """A bar for each area with a value, in the table's order (see `Bar`)."""
        scale = _Scale([row.value for row in self.rows if row.value is not None])
        return [Bar(row, *scale.bar(row.value)) for row in self.rows if row.value is not None]

    @property
    def median_at(self) -> float | None:
        """Where the median falls on the bars' scale, from 0 to 100."""
        if self.median is None:
            return None
        return _Scale([row.value for row in self.rows if row.value is not None]).at(self.median)


@dataclass(frozen=True)
class Bar:
    """One area's bar, on a scale from 0 to 100 across the chart: it starts at `start` and
    is `length` long, from zero to the value (leftwards for a negative value)."""

    row: AreaRow
    start: float
    length: float


class _Scale:
    """From the smallest of zero and the values to the largest, as 0 to 100, to three places
    (finer than a pixel)."""

    def __init__(self, values: list[float]):
        self.low, self.high = min([0.0, *values]), max([0.0, *values])

    def at(self, value: float) -> float:
        if self.high == self.low:
            return 0
        return round((value - self.low) / (self.high - self.low) * 100, 3)

    def bar(self, value: float) -> tuple[float, float]:
        zero, end = self.at(0), self.at(value)
        return min(zero, end), abs(end - zero)


def _equal(one: float, other: float) -> bool:
    """Equal but for floating-point noise: far finer than any figure PIF shows."""
    return math.isclose(one, other, rel_tol=1e-9, abs_tol=1e-12)


def versus_median(value, median, improvement: str) -> str:
    if value is None or median is None:
        return ""
    if _equal(value, median):
        return "At the median"
    if improvement == Indicator.Improvement.NEITHER:
        return "Above the median" if value > median else "Below the median"
    better = (value > median) == (improvement == Indicator.Improvement.HIGHER)
    return "Better than the median" if better else "Worse than the median"


def compare(indicator: Indicator, period_key: str = "", family_group: str = "") -> Comparison:
    keys = (indicator.observations.filter(breakdown__isnull=False)
            .values_list("period", flat=True).distinct())
    periods = sorted({Period.from_key(k) for k in keys}, reverse=True)
    if not periods:
        return Comparison([], None)
    period = next((p for p in periods if p.key == period_key), periods[0])
    observations = list(Observation.objects.filter(indicator=indicator, period=period.key)
                        .select_related("breakdown"))
    # The versions an editor last approved come from history, which has the area's id
    # only, so areas are looked up by id.
    area_of = {o.breakdown_id: o.breakdown for o in observations
               if o.breakdown is not None and o.breakdown.kind == Breakdown.Kind.AREA}
    counted, waiting = split_waiting(observations)
    total = next((o.value for o in counted if o.breakdown_id is None), None)
    groups = sorted({area.family_group for area in area_of.values() if area.family_group})
    if family_group not in groups:
        family_group = ""

    def shown(observation) -> bool:
        area = area_of.get(observation.breakdown_id)
        return area is not None and family_group in ("", area.family_group)

    areas = [o for o in counted if shown(o)]
    values = [o.value for o in areas if o.value is not None]
    median = statistics.median(values) if values else None
    rank_of = ranks(values, indicator.improvement)
    rows = sorted(
        (_area_row(o, area_of[o.breakdown_id], rank_of.get(o.value),
                   versus_median(o.value, median, indicator.improvement)) for o in areas),
        key=lambda r: (r.rank is None, r.rank or 0, r.name))
    waiting_rows = sorted((_area_row(o, area_of[o.breakdown_id]) for o in waiting if shown(o)),
                          key=lambda r: r.name)
    others = sorted((o.breakdown.name, o.value) for o in counted
                    if o.breakdown is not None and o.breakdown_id not in area_of)
    return Comparison(periods, period, rows, median, total, groups, family_group,
                      statistics.fmean(values) if family_group and values else None,
                      waiting_rows, others)


def ranks(values: list[float], improvement: str) -> dict[float, int]:
    """Each value's rank, 1 the best; equal values share the better rank (1, 2, 2, 4)."""
    ordered = sorted(values, reverse=improvement != Indicator.Improvement.LOWER)
    rank_of, previous = {}, None
    for position, value in enumerate(ordered, start=1):
        if previous is None or not _equal(value, previous):
            rank, previous = position, value
        rank_of.setdefault(value, rank)
    return rank_of


def _area_row(observation, area, rank=None, versus_median="") -> AreaRow:
    return AreaRow(area.name, area.family_group, observation.value, observation.missing_code,
                   rank if observation.value is not None else None, versus_median)
