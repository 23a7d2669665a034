"""Comparing one indicator across areas, as the Local Government Benchmarking Framework does:
each area's value for a period, its rank (1 is best, by the direction of improvement), the
median of the areas, and the family group average."""

import statistics
from dataclasses import dataclass, field

from pif.lib.periods import Period
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
    areas = [o for o in observations if o.breakdown is not None]
    total = next((o.value for o in observations if o.breakdown is None), None)
    groups = sorted({o.breakdown.family_group for o in areas if o.breakdown.family_group})
    if family_group in groups:
        areas = [o for o in areas if o.breakdown.family_group == family_group]
    else:
        family_group = ""
    values = [o.value for o in areas if o.value is not None]
    median = statistics.median(values) if values else None
    reverse = indicator.improvement != Indicator.Improvement.LOWER
    ordered = sorted(values, reverse=reverse)
    rank_of = {}
    for position, value in enumerate(ordered, start=1):
        rank_of.setdefault(value, position)  # ties share the better rank
    rows = sorted(
        (AreaRow(o.breakdown.name, o.breakdown.family_group, o.value, o.missing_code,
                 rank_of.get(o.value) if o.value is not None else None,
                 _versus(o.value, median, indicator.improvement)) for o in areas),
        key=lambda r: (r.rank is None, r.rank or 0, r.name))
    return Comparison(periods, period, rows, median, total, groups, family_group,
                      statistics.fmean(values) if family_group and values else None)
