"""The status engine: read each indicator's series, run SPC and the status rules, store it.

Called after every data change, in batch: a whole upload is one call. It issues a fixed
number of queries whatever the number of indicators. XmR indicators (the default, Making
Data Count) are analysed together in one vectorised `pif.spc.xmr_many` pass, P and U chart
indicators in one vectorised `pif.spc.qic_many` pass per chart type; indicators charted as
run, P′, U′ or C charts go through `pif.spc.qic` one by one. The chart
prepares its rows with the same `spc_input` (which rows are analysed, what SPC is given, the
target of the last one) and takes its icons from the same `pif.spc.icons`
(docs/adr/0010-spc-signals-for-attribute-charts.md), so the two cannot disagree.
"""

import math
from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass, field

import numpy
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from pif import spc
from pif.measures.counting import finite, has_ratio, huge_numbers_allowed, split_waiting
from pif.measures.models import Annotation, Indicator, IndicatorStatus, Observation, Target
from pif.measures.sparkline import sparkline_svg
from pif.measures.targets import TargetSchedule, schedules_for

SPARKLINE_POINTS = 24
QIC_NEEDS_DENOMINATOR = {"p", "pp", "u", "up"}
QIC_VECTORISED = set(spc.QIC_MANY_CHARTS)


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
    rows = _total_rows(totals.order_by("indicator_id", "period_start", "period_end"))
    series: dict[int, Series] = defaultdict(Series)
    if not rows:
        return series
    columns = list(zip(*rows, strict=True))
    if False not in columns[-1]:  # every value approved: each counts as it is stored
        return _series_of_columns(series, columns)
    rows = [_Total(pk, indicator_id, period, value, top, bottom, True if is_approved else None)
            for pk, indicator_id, period, value, top, bottom, is_approved in rows]
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


def _series_of_columns(series: dict, columns: list[tuple]) -> dict[int, Series]:
    """Each indicator's series cut from whole columns of rows in indicator and period
    order: a large import reads back a million values, and building each series a value at
    a time took most of the status refresh."""
    _, ids, periods, values, numerators, denominators, _ = columns
    values, numerators, denominators = map(_finite_column, (values, numerators, denominators))
    start = 0
    for indicator_id, count in Counter(ids).items():  # first seen first: in indicator order
        end = start + count
        series[indicator_id] = Series(list(periods[start:end]), values[start:end],
                                      numerators[start:end], denominators[start:end],
                                      submitted_period=periods[end - 1])
        start = end
    return series


def _finite_column(column: tuple) -> list:
    """`finite` of every number in the column, looked at all at once: usually every one is
    finite already (a blank, None, reads as NaN here, so is counted apart)."""
    finite_ones = int(numpy.isfinite(numpy.array(column, dtype=float)).sum())
    if finite_ones + column.count(None) == len(column):
        return list(column)
    return [finite(number) for number in column]


#: A total as `load_series` reads it; `approved_at` is only whether it has been approved
#: (True or None), which is all `split_waiting` asks of it.
_Total = namedtuple("_Total", "id indicator_id period value numerator denominator approved_at")


def _total_rows(query) -> list[tuple]:
    """The rows as plain tuples (see `_Total`)."""
    return rows_with_approval(query, "id", "indicator_id", "period", "value", "numerator",
                              "denominator", "approved")


def rows_with_approval(query, *fields) -> list[tuple]:
    """The `fields` of the values of `query` as plain tuples straight from the cursor, where
    the field "approved" is whether the value has been approved (not when). A large import
    reads back a million values, and model objects, or even Django's named rows with every
    approval time parsed, took most of the time of reading them."""
    approved = ExpressionWrapper(Q(approved_at__isnull=False), output_field=BooleanField())
    try:
        sql, params = (query.annotate(approved=approved).values_list(*fields)
                       .query.sql_with_params())
    except EmptyResultSet:  # nothing asked for: Django knows no row can match
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
class SpcInput:
    """One indicator's series as :mod:`pif.spc` analyses it. The stored status and the chart
    both prepare it with :func:`spc_input`, so they analyse the same rows with the same
    target (ADR 0010)."""

    chart: str
    rows: tuple[int, ...]  # the position in the series of each entry of `y`
    y: list  # XmR: every value, gaps as NaN; qic: the values (or numerators) analysed
    n: list | None  # the denominators of a P, P′, U or U′ chart
    multiply: float  # what a P or U chart's fraction is multiplied by: 100 for a percentage
    parts: tuple[int, ...]  # positions in `y` where a new part (phase) starts: rebases
    target: float | None  # the target of the last period analysed, for the assurance icon


def spc_input(indicator: Indicator, series: Series, *, rebases: set[str],
              schedule: TargetSchedule) -> SpcInput | None:
    """The rows of `series` that :mod:`pif.spc` analyses, what it is given, and the target
    of the last one; None when there is nothing to analyse. An XmR chart takes every row
    (a gap keeps its place); the others only rows with a value, and a P, P′, U or U′ chart
    only those with a usable numerator and denominator."""
    chart = indicator.chart_type
    usable = [i for i, value in enumerate(series.values) if value is not None]
    if chart in QIC_NEEDS_DENOMINATOR:
        usable = [i for i in usable if has_ratio(series.numerators[i], series.denominators[i])]
    if not usable:
        return None
    rows = range(len(series.values)) if chart == "xmr" else usable
    y, n, multiply = [series.values[i] for i in rows], None, 1
    if chart == "xmr":
        # NaN rather than None for a gap: a list of floats alone is read by xmr_many about
        # twice as fast (pif/spc/_matrix.py), and the refresh analyses thousands at once.
        y = [math.nan if value is None else value for value in y]
    if chart in QIC_NEEDS_DENOMINATOR:
        y, n = [series.numerators[i] for i in rows], [series.denominators[i] for i in rows]
        multiply = value_scale(indicator)
    periods = [series.periods[i] for i in rows]
    return SpcInput(chart, tuple(rows), y, n, multiply,
                    tuple(rebase_positions(periods, rebases)),
                    finite(schedule.value_for(series.periods[usable[-1]])))


def analysed(prepared: SpcInput, indicator: Indicator):
    """The :class:`pif.spc.XmrResult` or :class:`pif.spc.QicResult` of one prepared series
    (the status engine analyses its XmR series together, with :func:`pif.spc.xmr_many`)."""
    with huge_numbers_allowed():
        if prepared.chart == "xmr":
            return spc.xmr(prepared.y, improvement=indicator.improvement_for_spc,
                           target=prepared.target, rebase=list(prepared.parts))
        return spc.qic(prepared.y, chart=prepared.chart, n=prepared.n, part=prepared.parts,
                       multiply=prepared.multiply)


def icons_of(result, prepared: SpcInput, indicator: Indicator) -> spc.Icons:
    """The variation and assurance icons, as the chart shows them too."""
    return spc.icons(result, improvement=indicator.improvement_for_spc, target=prepared.target)


@dataclass(frozen=True)
class SpcSummary:
    variation: str = ""
    assurance: str = ""
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None


def _summary(found: spc.Icons, mean, lower, upper) -> SpcSummary:
    return SpcSummary(found.variation or "", found.assurance or "", finite(mean), finite(lower),
                      finite(upper))


def _xmr_summaries(items) -> dict[int, SpcSummary]:
    """items: (indicator, SpcInput) of XmR indicators; analysed in one vectorised call."""
    if not items:
        return {}
    with huge_numbers_allowed():
        results = spc.xmr_many(
            [prepared.y for _, prepared in items],
            improvement=[indicator.improvement_for_spc for indicator, _ in items],
            target=[prepared.target for _, prepared in items],
            rebase=[list(prepared.parts) for _, prepared in items])
    summaries = {}
    for (indicator, prepared), result in zip(items, results, strict=True):
        last = len(result) - 1
        summaries[indicator.pk] = _summary(icons_of(result, prepared, indicator),
                                           result.mean[last], result.lpl[last], result.upl[last])
    return summaries


def _qic_summary(indicator: Indicator, prepared: SpcInput, result=None) -> SpcSummary:
    result = analysed(prepared, indicator) if result is None else result
    last = len(result.y) - 1
    # assurance compares the limits of the last analysed period with that period's target
    return _summary(icons_of(result, prepared, indicator),
                    result.cl[last], result.lcl[last], result.ucl[last])


def _vectorised_qic_summaries(chart: str, items) -> dict[int, SpcSummary]:
    """items: (indicator, SpcInput) of P or U chart indicators; analysed in one vectorised
    call that gives what :func:`analysed` gives for each."""
    if not items:
        return {}
    with huge_numbers_allowed():
        results = spc.qic_many(
            [prepared.y for _, prepared in items], [prepared.n for _, prepared in items],
            chart=chart, part=[prepared.parts for _, prepared in items],
            multiply=[prepared.multiply for _, prepared in items])
    return {indicator.pk: _qic_summary(indicator, prepared, result)
            for (indicator, prepared), result in zip(items, results, strict=True)}


def spc_summaries(items) -> dict[int, SpcSummary]:
    """The SPC part of each indicator's status, by indicator id; no database queries.

    ``items`` are ``(indicator, series, rebase periods, target schedule)``; indicators
    without an observed value are left out. XmR indicators go through one vectorised
    :func:`pif.spc.xmr_many` call, P and U charts through one :func:`pif.spc.qic_many` call
    per chart type, the others through :func:`pif.spc.qic` one by one; the icons come from
    :func:`pif.spc.icons`, as on the chart.
    """
    prepared = [(indicator, spc_input(indicator, series, rebases=rebases, schedule=schedule))
                for indicator, series, rebases, schedule in items]
    prepared = [(indicator, one) for indicator, one in prepared if one is not None]
    summaries = _xmr_summaries([item for item in prepared if item[1].chart == "xmr"])
    for chart in sorted(QIC_VECTORISED):
        summaries |= _vectorised_qic_summaries(
            chart, [item for item in prepared if item[1].chart == chart])
    for indicator, one in prepared:
        if one.chart != "xmr" and one.chart not in QIC_VECTORISED:
            summaries[indicator.pk] = _qic_summary(indicator, one)
    return summaries


def status_from(indicator, series: Series, summary: SpcSummary, schedule: TargetSchedule,
                awaiting_approval: int = 0):
    """The status a series and its SPC summary give (unsaved): the one way from data to a
    status, for the stored status and for a status as it stood on a past date."""
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

    summaries = spc_summaries(
        (indicator, series.get(pk, Series()), rebases.get(pk, set()),
         schedules.get(pk, TargetSchedule.empty()))
        for pk, indicator in by_id.items())
    unapproved = count_unapproved(ids)
    statuses = [status_from(indicator, series.get(pk, Series()),
                            summaries.get(pk, SpcSummary()),
                            schedules.get(pk, TargetSchedule.empty()), unapproved.get(pk, 0))
                for pk, indicator in by_id.items()]
    IndicatorStatus.objects.filter(indicator_id__in=ids).delete()
    IndicatorStatus.objects.bulk_create(statuses, batch_size=500)
    # lazy: tasks imports the charts, which import this module
    from pif.measures.tasks import draw_charts_later

    draw_charts_later(ids)
    return len(statuses)
