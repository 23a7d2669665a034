"""Comparing one indicator across areas, as the Local Government Benchmarking Framework does:
each area's value for a period, its rank (1 is best, by the direction of improvement), the
median of the areas, and the family group average."""

import statistics
from dataclasses import dataclass, field

from pif.lib.periods import Period
from pif.measures.counting import split_waiting
from pif.measures.models import Indicator, Observation


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

    @property
    def ranked(self) -> int:
        return sum(1 for row in self.rows if row.rank is not None)


def _versus(value, median, improvement: str) -> str:
    if value is None or median is None:
        return ""
    if value == median:
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
    area_of = {o.breakdown_id: o.breakdown for o in observations if o.breakdown is not None}
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
    rank_of = _ranks(values, indicator.improvement)
    rows = sorted(
        (_area_row(o, area_of[o.breakdown_id], rank_of.get(o.value),
                   _versus(o.value, median, indicator.improvement)) for o in areas),
        key=lambda r: (r.rank is None, r.rank or 0, r.name))
    waiting_rows = sorted((_area_row(o, area_of[o.breakdown_id]) for o in waiting if shown(o)),
                          key=lambda r: r.name)
    return Comparison(periods, period, rows, median, total, groups, family_group,
                      statistics.fmean(values) if family_group and values else None,
                      waiting_rows)


def _ranks(values: list[float], improvement: str) -> dict[float, int]:
    """Each value's rank, 1 the best; equal values share the better rank."""
    ordered = sorted(values, reverse=improvement != Indicator.Improvement.LOWER)
    rank_of = {}
    for position, value in enumerate(ordered, start=1):
        rank_of.setdefault(value, position)
    return rank_of


def _area_row(observation, area, rank=None, versus_median="") -> AreaRow:
    return AreaRow(area.name, area.family_group, observation.value, observation.missing_code,
                   rank if observation.value is not None else None, versus_median)
