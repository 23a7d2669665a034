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

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, JSONField, Q
from django.utils import timezone

from pif import spc
from pif.measures.bulk import insert_rows
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

    def last_observed(self, count: int) -> list[tuple[str, float]]:
        """The last `count` of `observed`, looked for from the end: a status needs only the
        latest few of hundreds."""
        found = []
        for period, value in zip(reversed(self.periods), reversed(self.values), strict=True):
            if value is not None:
                found.append((period, value))
                if len(found) == count:
                    break
        found.reverse()
        return found


def load_series(indicator_ids, *, ratios: bool = True) -> dict[int, Series]:
    """The values that count (see :mod:`pif.measures.counting`), each indicator's in order.
    Only P and U charts analyse numerators and denominators: without `ratios` they are not
    read, and each series has none (a large import reads back a million values)."""
    series: dict[int, Series] = defaultdict(Series)
    rest = indicator_ids
    if connection.vendor == "postgresql":
        rest = _series_of_arrays(series, indicator_ids, ratios)
    if rest:
        _series_of_rows(series, rest, ratios)
    return series


def _totals(indicator_ids):
    return Observation.objects.filter(indicator_id__in=indicator_ids, breakdown__isnull=True)


def _series_of_arrays(series: dict, indicator_ids, ratios: bool) -> list[int]:
    """Each indicator's series read as one row of arrays, when every one of its values is
    approved, and the indicators with values awaiting approval, left to read row by row.
    PostgreSQL only: cutting a million rows into series took longer than reading them."""
    from django.contrib.postgres.aggregates import ArrayAgg, BoolAnd

    order = ("period_start", "period_end")
    numbers = ("value", "numerator", "denominator") if ratios else ("value",)
    arrays = {name: ArrayAgg(name, order_by=order) for name in ("period", *numbers)}
    query = (_totals(indicator_ids).order_by().values("indicator_id")
             .annotate(every_approved=BoolAnd(_approved()), **arrays)
             .values_list("indicator_id", "every_approved", *arrays))
    waiting = []
    for indicator_id, every_approved, periods, *columns in _fetch(query):
        if not every_approved:
            waiting.append(indicator_id)
            continue
        series[indicator_id] = Series(periods, *map(_finite_column, columns),
                                      submitted_period=periods[-1])
    return waiting


def _series_of_rows(series: dict, indicator_ids, ratios: bool) -> None:
    totals = _totals(indicator_ids)
    rows = _total_rows(totals.order_by("indicator_id", "period_start", "period_end"), ratios)
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    if False not in columns[-1]:  # every value approved: each counts as it is stored
        _series_of_columns(series, columns[1:-1])
        return
    if not ratios:
        rows = [(pk, indicator_id, period, value, None, None, is_approved)
                for pk, indicator_id, period, value, is_approved in rows]
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
        if ratios:
            one.numerators.append(finite(observation.numerator))
            one.denominators.append(finite(observation.denominator))


def _series_of_columns(series: dict, columns: list[tuple]) -> dict[int, Series]:
    """Each indicator's series cut from whole columns of rows in indicator and period
    order (indicator ids, periods, values, and numerators and denominators if read): a
    large import reads back a million values, and building each series a value at a time
    took most of the status refresh."""
    ids, periods, *numbers = columns
    numbers = [_finite_column(column) for column in numbers]
    start = 0
    for indicator_id, count in Counter(ids).items():  # first seen first: in indicator order
        end = start + count
        series[indicator_id] = Series(list(periods[start:end]),
                                      *(column[start:end] for column in numbers),
                                      submitted_period=periods[end - 1])
        start = end
    return series


def _finite_column(column: tuple | list) -> list:
    """`finite` of every number in the column, looked at all at once: usually every one is
    finite already, and then so is their sum (a NaN or an infinity is never lost in a sum;
    a sum too large for a float only sends the column the slow way)."""
    numbers = [number for number in column if number is not None] if None in column else column
    if math.isfinite(sum(numbers)):
        return list(column)
    return [finite(number) for number in column]


#: A total as `load_series` reads it; `approved_at` is only whether it has been approved
#: (True or None), which is all `split_waiting` asks of it.
_Total = namedtuple("_Total", "id indicator_id period value numerator denominator approved_at")


def _total_rows(query, ratios: bool = True) -> list[tuple]:
    """The rows as plain tuples (see `_Total`), without numerator and denominator unless
    `ratios`."""
    ratio_fields = ("numerator", "denominator") if ratios else ()
    return rows_with_approval(query, "id", "indicator_id", "period", "value", *ratio_fields,
                              "approved")


def _approved():
    return ExpressionWrapper(Q(approved_at__isnull=False), output_field=BooleanField())


def rows_with_approval(query, *fields) -> list[tuple]:
    """The `fields` of the values of `query` as plain tuples straight from the cursor, where
    the field "approved" is whether the value has been approved (not when). A large import
    reads back a million values, and model objects, or even Django's named rows with every
    approval time parsed, took most of the time of reading them."""
    return _fetch(query.annotate(approved=_approved()).values_list(*fields))


def _fetch(query) -> list[tuple]:
    """The rows of a values_list query as plain tuples straight from the cursor."""
    try:
        sql, params = query.query.sql_with_params()
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
    if not rebase_periods:  # as most indicators have none
        return []
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
    if chart == "xmr":
        return _xmr_input(series, rebases, schedule)
    usable = [i for i, value in enumerate(series.values) if value is not None]
    if chart in QIC_NEEDS_DENOMINATOR:
        usable = [i for i in usable if has_ratio(series.numerators[i], series.denominators[i])]
    if not usable:
        return None
    y, n, multiply = [series.values[i] for i in usable], None, 1
    if chart in QIC_NEEDS_DENOMINATOR:
        y, n = [series.numerators[i] for i in usable], [series.denominators[i] for i in usable]
        multiply = value_scale(indicator)
    periods = [series.periods[i] for i in usable]
    return SpcInput(chart, tuple(usable), y, n, multiply,
                    tuple(rebase_positions(periods, rebases)),
                    finite(schedule.value_for(series.periods[usable[-1]])))


def _xmr_input(series: Series, rebases: set[str], schedule: TargetSchedule) -> SpcInput | None:
    """`spc_input` of an XmR chart: every row, a gap kept in its place. The refresh
    prepares thousands of these, so each is made from the whole series at once."""
    latest = series.last_observed(1)
    if not latest:
        return None
    values = series.values
    # NaN rather than None for a gap: a list of floats alone is read by xmr_many about
    # twice as fast (pif/spc/_matrix.py), and the refresh analyses thousands at once.
    y = [math.nan if value is None else value for value in values] if None in values else (
        list(values))
    return SpcInput("xmr", tuple(range(len(values))), y, None, 1,
                    tuple(rebase_positions(series.periods, rebases)),
                    finite(schedule.value_for(latest[0][0])))


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
    points = len(series.values) - series.values.count(None)
    status = IndicatorStatus(indicator=indicator, points=points,
                             awaiting_approval=awaiting_approval,
                             submitted_period=series.submitted_period)
    if not points:
        return status
    observed = series.last_observed(SPARKLINE_POINTS)
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


def _load_series_of(by_id: dict[int, Indicator]) -> dict[int, Series]:
    """`load_series`, with numerators and denominators only for the charts that analyse them."""
    ratio_ids = [pk for pk, indicator in by_id.items()
                 if indicator.chart_type in QIC_NEEDS_DENOMINATOR]
    others = [pk for pk, indicator in by_id.items()
              if indicator.chart_type not in QIC_NEEDS_DENOMINATOR]
    return load_series(ratio_ids) | load_series(others, ratios=False)


#: Every column of a stored status, in the order `_insert_statuses` writes them.
_STATUS_FIELDS = IndicatorStatus._meta.concrete_fields


def _insert_statuses(statuses: list[IndicatorStatus]) -> None:
    """Store new statuses as `bulk_create` would, computed now, by binary COPY on PostgreSQL:
    preparing every value through Django's SQL compiler took a tenth of a large import's
    refresh."""
    now = timezone.now()
    columns = []
    for model_field in _STATUS_FIELDS:
        if model_field.attname == "computed_at":  # auto_now
            columns.append([now] * len(statuses))
            continue
        column = [getattr(status, model_field.attname) for status in statuses]
        if isinstance(model_field, JSONField):  # dumped as Django would
            column = [model_field.get_db_prep_save(value, connection) for value in column]
        columns.append(column)
    insert_rows(IndicatorStatus, _STATUS_FIELDS, list(zip(*columns, strict=True)))


@transaction.atomic
def refresh(indicators) -> int:
    """Recompute and store the status of these indicators (objects or ids). Returns the count."""
    ids = [getattr(i, "pk", i) for i in indicators]
    if not ids:
        return 0
    by_id = Indicator.objects.in_bulk(ids)
    series, rebases = _load_series_of(by_id), load_rebases(ids)
    schedules = schedules_for(Target.objects.filter(indicator_id__in=ids)
                              .prefetch_related("points"))

    # Shared, as none of them is changed: most indicators have no rebase or target.
    no_series, no_rebases, no_schedule = Series(), frozenset(), TargetSchedule.empty()
    items = {pk: (indicator, series.get(pk, no_series), rebases.get(pk, no_rebases),
                  schedules.get(pk, no_schedule)) for pk, indicator in by_id.items()}
    summaries = spc_summaries(items.values())
    unapproved, no_summary = count_unapproved(ids), SpcSummary()
    statuses = [status_from(indicator, one, summaries.get(pk, no_summary), schedule,
                            unapproved.get(pk, 0))
                for pk, (indicator, one, _, schedule) in items.items()]
    IndicatorStatus.objects.filter(indicator_id__in=ids).delete()
    _insert_statuses(statuses)
    # lazy: tasks imports the charts, which import this module
    from pif.measures.tasks import draw_charts_later

    draw_charts_later(ids)
    return len(statuses)
