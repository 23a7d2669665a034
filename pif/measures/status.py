"""The status engine: read each indicator's series, run SPC and the status rules, store it.

Called after every data change, in batch: a whole upload is one call. It issues a fixed
number of queries whatever the number of indicators. XmR indicators (the default, Making
Data Count) are analysed together in one vectorised `pif.spc.xmr_many` pass; indicators
charted as run, P, P′, U, U′ or C charts go through `pif.spc.qic` one by one.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from pif import spc
from pif.measures.counting import finite, has_ratio, huge_numbers_allowed, split_waiting
from pif.measures.models import Annotation, Indicator, IndicatorStatus, Observation, Target
from pif.measures.sparkline import sparkline_svg
from pif.measures.targets import TargetSchedule, schedules_for

SPARKLINE_POINTS = 24
QIC_NEEDS_DENOMINATOR = {"p", "pp", "u", "up"}


@dataclass
class Series:
    """One indicator's total (not broken down) observations in period order."""

    periods: list[str] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    numerators: list[float | None] = field(default_factory=list)
    denominators: list[float | None] = field(default_factory=list)
    submitted_period: str = ""  # the latest period with any value, awaiting approval or not

    def observed(self) -> list[tuple[str, float]]:
        return [(p, v) for p, v in zip(self.periods, self.values, strict=True) if v is not None]


def load_series(indicator_ids) -> dict[int, Series]:
    """The values that count (see :mod:`pif.measures.counting`), each indicator's in order."""
    totals = Observation.objects.filter(indicator_id__in=indicator_ids, breakdown__isnull=True)
    rows = list(totals.order_by("indicator_id", "period_start", "period_end").only(
        "indicator_id", "period", "value", "numerator", "denominator", "approved_at"))
    series: dict[int, Series] = defaultdict(Series)
    for observation in rows:  # in period order, so the last one set is the latest
        series[observation.indicator_id].submitted_period = observation.period
    counted, _ = split_waiting(
        rows, waiting_ids=totals.filter(approved_at__isnull=True).values("pk"))
    for observation in counted:
        one = series[observation.indicator_id]
        one.periods.append(observation.period)
        one.values.append(finite(observation.value))
        one.numerators.append(finite(observation.numerator))
        one.denominators.append(finite(observation.denominator))
    return series


def count_unapproved(indicator_ids) -> dict[int, int]:
    """Values waiting for an editor's approval, breakdowns included, per indicator."""
    return dict(Observation.objects.filter(indicator_id__in=indicator_ids,
                                           approved_at__isnull=True)
                .values("indicator_id").annotate(n=Count("pk"))
                .values_list("indicator_id", "n"))


def load_rebases(indicator_ids) -> dict[int, set[str]]:
    rebases = defaultdict(set)
    for indicator_id, period in Annotation.objects.filter(
            indicator_id__in=indicator_ids, is_rebase=True).values_list("indicator_id", "period"):
        rebases[indicator_id].add(period)
    return rebases


def rebase_positions(periods: list[str], rebase_periods: set[str]) -> list[int]:
    return [i for i, period in enumerate(periods) if period in rebase_periods and i > 0]


def value_scale(indicator: Indicator) -> float:
    """Stored values are percentages (0-100) or rates per N; P and U charts work in fractions."""
    return indicator.ratio_scale or 1


@dataclass(frozen=True)
class SpcSummary:
    variation: str = ""
    assurance: str = ""
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None


def _xmr_summaries(items) -> dict[int, SpcSummary]:
    """items: (indicator, series, rebase periods, target) for XmR indicators; one batch call."""
    if not items:
        return {}
    with huge_numbers_allowed():
        results = spc.xmr_many(
            [series.values for _, series, _, _ in items],
            improvement=[indicator.improvement_for_spc for indicator, _, _, _ in items],
            target=[target for _, _, _, target in items],
            rebase=[rebase_positions(series.periods, rebases) for _, series, rebases, _ in items],
        )
    summaries = {}
    for (indicator, _, _, _), result in zip(items, results, strict=True):
        last = len(result) - 1
        summaries[indicator.pk] = SpcSummary(
            result.variation, result.assurance or "", finite(result.mean[last]),
            finite(result.lpl[last]), finite(result.upl[last]))
    return summaries


def _variation_from_qic(result, improvement: str) -> str:
    """The Making Data Count icon for the last point of a qicharts2-style chart.

    A point beyond the limits, or a runs signal in the last part with the last point on
    the side of the centre line where the long run lies, is special cause; its side and
    the direction of improvement make it improvement or concern, as in the XmR icons.
    """
    last = len(result.y) - 1
    y, centre = result.y[last], result.cl[last]
    if y is None or centre is None or math.isnan(y) or math.isnan(centre):
        return "common_cause"
    part = result.runs[-1]
    special = bool(result.sigma_signal[last]) or (part.runs_signal and y != centre)
    if not special:
        return "common_cause"
    high = y > centre
    if improvement == "neutral":
        return "neutral_high" if high else "neutral_low"
    good = high == (improvement == "increase")
    return ("improvement_" if good else "concern_") + ("high" if high else "low")


def assurance_from_limits(improvement: str, target, lower, upper) -> str:
    """MDC assurance from the last point's limits (spc.md §1.5), for charts other than XmR."""
    if target is None or improvement == "neutral" or lower is None or upper is None:
        return ""
    if target > upper:
        return "consistent_fail" if improvement == "increase" else "consistent_pass"
    if target < lower:
        return "consistent_pass" if improvement == "increase" else "consistent_fail"
    return "inconsistent"


def _qic_summary(indicator: Indicator, series: Series, rebases: set[str], target) -> SpcSummary:
    chart = indicator.chart_type
    kept = [i for i, v in enumerate(series.values) if v is not None]
    if chart in QIC_NEEDS_DENOMINATOR:
        kept = [i for i in kept if has_ratio(series.numerators[i], series.denominators[i])]
    if not kept:
        return SpcSummary()
    if chart in QIC_NEEDS_DENOMINATOR:
        y = [series.numerators[i] for i in kept]
        n = [series.denominators[i] for i in kept]
        multiply = value_scale(indicator)
    else:
        y, n, multiply = [series.values[i] for i in kept], None, 1
    periods = [series.periods[i] for i in kept]
    with huge_numbers_allowed():
        result = spc.qic(y, chart=chart, n=n, part=tuple(rebase_positions(periods, rebases)),
                         multiply=multiply)
    last = len(result.y) - 1
    lower, upper = finite(result.lcl[last]), finite(result.ucl[last])
    improvement = indicator.improvement_for_spc
    return SpcSummary(_variation_from_qic(result, improvement),
                      assurance_from_limits(improvement, target, lower, upper),
                      finite(result.cl[last]), lower, upper)


def _status(indicator, series: Series, summary: SpcSummary, schedule: TargetSchedule,
            awaiting_approval: int = 0):
    observed = series.observed()
    status = IndicatorStatus(indicator=indicator, points=len(observed),
                             awaiting_approval=awaiting_approval,
                             submitted_period=series.submitted_period)
    if not observed:
        return status
    (latest_period, latest_value) = observed[-1]
    previous_value = observed[-2][1] if len(observed) > 1 else None
    direction = indicator.improvement_for_spc
    target = schedule.value_for(latest_period)
    status.latest_period = latest_period
    status.latest_value, status.previous_value = latest_value, previous_value
    status.sparkline = [value for _, value in observed[-SPARKLINE_POINTS:]]
    status.sparkline_svg = sparkline_svg(status.sparkline)
    status.target_value = target
    status.variation, status.assurance = summary.variation, summary.assurance
    status.mean, status.lower_limit, status.upper_limit = summary.mean, summary.lower, summary.upper
    status.rag = spc.rag(latest_value, target, improvement=direction,
                         tolerance=schedule.tolerance_for(latest_period),
                         tolerance_kind=schedule.tolerance_kind_for(latest_period)) or ""
    status.direction = (spc.direction_of_travel(latest_value, previous_value,
                                                improvement=direction) or "") if (
        previous_value is not None) else ""
    return status


@transaction.atomic
def refresh(indicators) -> int:
    """Recompute and store the status of these indicators (objects or ids). Returns the count."""
    ids = [getattr(i, "pk", i) for i in indicators]
    if not ids:
        return 0
    by_id = Indicator.objects.in_bulk(ids)
    series, rebases = load_series(ids), load_rebases(ids)
    schedules = schedules_for(Target.objects.filter(indicator_id__in=ids)
                              .prefetch_related("points"))

    def inputs(pk):
        schedule = schedules.get(pk, TargetSchedule.empty())
        one = series.get(pk, Series())
        observed = one.observed()
        target = schedule.value_for(observed[-1][0]) if observed else None
        return by_id[pk], one, rebases.get(pk, set()), target

    xmr_items = [inputs(pk) for pk in by_id if by_id[pk].chart_type == "xmr"
                 and series.get(pk) and series[pk].observed()]
    summaries = _xmr_summaries(xmr_items)
    for pk, indicator in by_id.items():
        if indicator.chart_type != "xmr" and series.get(pk) and series[pk].observed():
            _, one, rebase_set, target = inputs(pk)
            summaries[pk] = _qic_summary(indicator, one, rebase_set, target)
    unapproved = count_unapproved(ids)
    statuses = [_status(indicator, series.get(pk, Series()), summaries.get(pk, SpcSummary()),
                        schedules.get(pk, TargetSchedule.empty()), unapproved.get(pk, 0))
                for pk, indicator in by_id.items()]
    IndicatorStatus.objects.filter(indicator_id__in=ids).delete()
    IndicatorStatus.objects.bulk_create(statuses, batch_size=500)
    return len(statuses)
