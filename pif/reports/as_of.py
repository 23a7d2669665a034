"""How a partnership stood "as it stood on" a day: as recorded by the END of that day.

A report is built from this, never from today's stored status, so building it again later
for the same day gives the same document (docs/adr/0019-reports-and-public-pages.md). Each
function also takes ``recorded_by``, the moment the records are read at instead of the end
of the day: a report keeps it (``Report.recorded_by``), so a report on today rebuilt
tomorrow reads the same, and a correction moves it on to take in a figure fixed since.

- **Values**: each total (not broken down) observation as ``Observation.history`` held it
  at the end of the day, for periods ending by the day (or by ``periods_to``, when a report
  looks at an earlier period end, such as a reporting year or a meeting's ``data_to``). A
  value counts as :mod:`pif.measures.counting` decides: approved by then, or, while a
  revision waited for approval then, the version an editor had approved before it.
- **Status**: worked out by the status engine (:mod:`pif.measures.status`:
  ``spc_summaries`` and ``status_from``) from those values, as
  :func:`pif.reviews.snapshot._indicators` does for a closed cycle, so it agrees with the
  stored status of the day. Chart notes that recalculate limits are read as their history
  held them; targets are read as they are now (as the charts read them).
- **Charts**: :func:`pif.measures.charts.indicator_charts` with ``as_of`` the end of the day
  and ``periods_to`` the last period end, so the chart and the status agree.
- **Commentary**: as ``Commentary.history`` held it, the latest for a period ending by
  then.
- **Actions** and **risks**: each as its history held it (status, progress, dates, title);
  which outcomes and indicators an action is linked to is read as it is now (the links'
  history is kept, but reading it per day is not simple), and the owner's name as the
  partnership knows them now.

Each indicator is handed back as an :class:`IndicatorAsOf`, which reads like the
indicator but whose ``current_status`` is the status of the day: so the words and rules
written for the stored status (``pif.reviews.status_words``, ``pif.reviews.briefing.
indicator_reasons``, ``pif.outcomes.queries.rollup``) read the past as they read today.

Every function reads a fixed number of queries whatever the number of indicators.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.utils import timezone

from pif.lib.periods import Period

__all__ = ["ActionAsOf", "IndicatorAsOf", "actions", "end_of", "indicators", "moment_of",
           "risks_past_review", "status_as_of"]


def end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of ``day`` in the site's time zone: what was recorded by then counts
    (``history.as_of`` takes versions saved at or before it)."""
    after = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                          datetime.time.min))
    return after - datetime.timedelta(microseconds=1)


def moment_of(day: datetime.date, recorded_by: datetime.datetime | None = None
              ) -> datetime.datetime:
    """The moment the records are read at: ``recorded_by`` when given (a report's
    ``Report.recorded_by``: the moment it was first made, or last corrected), else the end
    of ``day``."""
    return recorded_by if recorded_by is not None else end_of(day)


class IndicatorAsOf:
    """An indicator as it stood on a day: every attribute of the indicator, with
    ``current_status`` the status of that day (an unsaved ``IndicatorStatus``), ``chart``
    the chart of that day (or None when not asked for) and ``commentary`` the latest
    commentary for a period ending by then (a dict, or None).

    An indicator read for a public report whose small numbers the editor suppressed carries
    the rule (``small_numbers``, set by :class:`pif.reports.kinds.suppression.SmallNumbers`):
    then its small values are withheld here, once, so nothing built from it shows them
    (``withheld`` says what was; see that module)."""

    def __init__(self, indicator, status, chart=None, commentary=None):
        self._indicator = indicator
        self.current_status = status
        self.chart = chart
        self.commentary = commentary
        self.withheld = None
        rule = getattr(indicator, "small_numbers", None)
        if rule is not None:
            rule.withhold(self)

    def __getattr__(self, name):
        return getattr(self._indicator, name)

    @property
    def indicator(self):
        return self._indicator

    def __repr__(self) -> str:
        return f"<IndicatorAsOf {self._indicator.code}>"


def status_as_of(indicators, day: datetime.date, *, periods_to: datetime.date | None = None,
                 recorded_by: datetime.datetime | None = None) -> dict[int, object]:
    """Each indicator's status (an unsaved ``IndicatorStatus``) as it stood at the end of
    ``day`` (as recorded by ``recorded_by``, when given), from the periods ending by
    ``periods_to`` (default ``day``), by id. Each also
    has ``latest_row``: the total observation behind its latest value (with ``value``,
    ``numerator`` and ``denominator``), or None."""
    from pif.measures import status as engine
    from pif.measures.models import Annotation, Observation, Target
    from pif.measures.targets import TargetSchedule, schedules_for

    indicators = list(indicators)
    ids = [indicator.pk for indicator in indicators]
    if not ids:
        return {}
    moment, periods_to = moment_of(day, recorded_by), min(periods_to or day, day)
    # Read as plain rows: the versions of the day, without making a model instance each.
    observations: dict[int, list[_Row]] = {}
    for row in (Observation.history.as_of(moment)
                .filter(indicator_id__in=ids, breakdown_id__isnull=True,
                        period_end__lte=periods_to)
                .order_by("indicator_id", "period_start", "period_end")
                .values_list(*_Row._fields)):
        observations.setdefault(row[1], []).append(_Row(*row))
    # One query for the versions approved before the values waiting then, not one each.
    waiting = [o.id for rows in observations.values() for o in rows if o.approved_at is None]
    if waiting:
        from pif.measures.counting import last_approved_versions

        approved = last_approved_versions(waiting, before=moment)
        for rows in observations.values():
            for position, row in enumerate(rows):
                if row.approved_at is None and row.id in approved:
                    version = approved[row.id]
                    rows[position] = row._replace(
                        value=version.value, numerator=version.numerator,
                        denominator=version.denominator, approved_at=version.approved_at)
    rebases: dict[int, set[str]] = {}
    for note in (Annotation.history.as_of(moment)
                 .filter(indicator_id__in=ids, is_rebase=True, period_start__lte=periods_to)):
        rebases.setdefault(note.indicator_id, set()).add(note.period)
    schedules = schedules_for(Target.objects.filter(indicator_id__in=ids)
                              .prefetch_related("points"))
    items = [(indicator, _series(observations.get(indicator.pk, [])),
              rebases.get(indicator.pk, set()),
              schedules.get(indicator.pk, TargetSchedule.empty()))
             for indicator in indicators]
    summaries = engine.spc_summaries(items)
    found = {}
    for indicator, series, _, schedule in items:
        status = engine.status_from(indicator, series,
                                    summaries.get(indicator.pk, engine.SpcSummary()), schedule)
        # The counts behind the latest value (its value, numerator and denominator), so a
        # public report can tell a small number without reading the values again.
        status.latest_row = next(
            (row for row in reversed(observations.get(indicator.pk, []))
             if row.period == status.latest_period and row.approved_at is not None), None)
        found[indicator.pk] = status
    return found


class _Row(NamedTuple):
    """One total observation as it stood; a value waiting for approval then stands for the
    version an editor had approved before it (see pif.measures.counting)."""

    id: int
    indicator_id: int
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    approved_at: datetime.datetime | None


def _series(rows: list[_Row]):
    """The status engine's Series of one indicator's rows: values awaiting approval then,
    with no approved version, are left out but still mark the latest period sent in."""
    from pif.measures.counting import finite
    from pif.measures.status import Series

    series = Series(submitted_period=rows[-1].period if rows else "")
    for row in rows:
        if row.approved_at is None:
            continue
        series.periods.append(row.period)
        series.values.append(finite(row.value))
        series.numerators.append(finite(row.numerator))
        series.denominators.append(finite(row.denominator))
    return series


def _commentary(ids, moment, periods_to, public_only=False) -> dict[int, dict]:
    """The latest commentary of each indicator for a period ending by ``periods_to``, as
    its history held it at ``moment`` (only that marked public when ``public_only``; one
    query)."""
    from pif.measures.models import Commentary

    found: dict[int, dict] = {}
    rows = Commentary.history.as_of(moment).filter(indicator_id__in=ids,
                                                   period_start__lte=periods_to)
    if public_only:
        # Public now, as the indicators are published now: commentary withdrawn since, or
        # rewritten by a contributor and not yet marked public again, stays out.
        rows = rows.filter(is_public=True, id__in=Commentary.objects.filter(
            indicator_id__in=ids, is_public=True).values("id"))
    for row in rows.order_by("indicator_id", "-period_start"):
        if row.indicator_id in found or Period.from_key(row.period).end > periods_to:
            continue
        found[row.indicator_id] = {
            "period": Period.from_key(row.period).label, "what_it_shows": row.what_it_shows,
            "why": row.why, "actions": row.actions, "is_public": row.is_public}
    return found


def indicators(indicators, day: datetime.date, *, periods_to: datetime.date | None = None,
               charts: bool = True, commentary: bool = True, public: bool = False,
               recorded_by: datetime.datetime | None = None) -> list[IndicatorAsOf]:
    """``indicators`` as they stood at the end of ``day`` (as recorded by ``recorded_by``,
    when given), in the order given: each with its
    status, and (unless asked not to) its chart and latest commentary (only commentary
    marked public when ``public``), from the periods ending by ``periods_to`` (default
    ``day``)."""
    from pif.measures.charts import indicator_charts

    indicators = list(indicators)
    if not indicators:
        return []
    moment, periods_to = moment_of(day, recorded_by), min(periods_to or day, day)
    statuses = status_as_of(indicators, day, periods_to=periods_to, recorded_by=moment)
    built = (indicator_charts(indicators, as_of=moment, periods_to=periods_to, public=public)
             if charts else {})
    notes = (_commentary([i.pk for i in indicators], moment, periods_to, public)
             if commentary else {})
    return [IndicatorAsOf(indicator, statuses[indicator.pk], built.get(indicator.pk),
                          notes.get(indicator.pk)) for indicator in indicators]


@dataclass(frozen=True)
class ActionAsOf:
    """An action as its history held it at the end of a day."""

    id: int
    reference: str
    title: str
    owner_id: int | None
    owner: str
    status: str
    status_label: str
    percent_complete: int
    due_date: datetime.date | None
    is_ongoing: bool
    is_closed: bool
    is_overdue: bool
    outcome_ids: tuple[int, ...]
    indicator_ids: tuple[int, ...]


def _with_rules(queryset, rules):
    """``queryset`` (a historical one, from ``history.as_of``) given the methods of a
    model's QuerySet class, so the model's one definition of "open" or "overdue" filters the
    past rows as it filters today's."""
    queryset.__class__ = type(f"AsOf{rules.__name__}", (rules, queryset.__class__), {})
    return queryset


def actions(partnership, day: datetime.date, *, published_only: bool = False,
            recorded_by: datetime.datetime | None = None) -> list[ActionAsOf]:
    """Every action of ``partnership`` that existed at the end of ``day`` (or at
    ``recorded_by``, when given), as its history held it then (only those then marked for
    the public pages when ``published_only``), by reference (four queries).
    ``is_overdue`` follows ``ActionQuerySet.overdue`` on the day."""
    from pif.improvement.models import Action
    from pif.improvement.models.action import CLOSED_STATUSES, ActionQuerySet
    from pif.partnerships.names import KnownNames

    moment = moment_of(day, recorded_by)
    then = Action.history.as_of(moment).filter(partnership_id=partnership.pk)
    if published_only:  # published then and still published now
        then = then.filter(published=True, id__in=Action.objects.filter(
            partnership=partnership, published=True).values("id"))
    rows = list(then.order_by("reference", "id"))
    overdue = set(_with_rules(Action.history.as_of(moment)
                              .filter(partnership_id=partnership.pk), ActionQuerySet)
                  .overdue(day).values_list("id", flat=True))
    links_to_outcomes: dict[int, list[int]] = {}
    links_to_indicators: dict[int, list[int]] = {}
    for action_id, outcome_id in Action.outcomes.through.objects.filter(
            action__partnership=partnership).values_list("action_id", "outcome_id"):
        links_to_outcomes.setdefault(action_id, []).append(outcome_id)
    for action_id, indicator_id in Action.indicators.through.objects.filter(
            action__partnership=partnership).values_list("action_id", "indicator_id"):
        links_to_indicators.setdefault(action_id, []).append(indicator_id)
    # The public pages name no one: a report for the public leaves owners out too.
    names = ({} if published_only else
             _names(partnership, {row.owner_id for row in rows if row.owner_id}, KnownNames))
    labels = dict(Action.Status.choices)
    return [ActionAsOf(
        id=row.id, reference=row.reference, title=row.title, owner_id=row.owner_id,
        owner=names.get(row.owner_id, ""), status=row.status,
        status_label=labels.get(row.status, row.status), percent_complete=row.percent_complete,
        due_date=row.due_date, is_ongoing=row.is_ongoing,
        is_closed=row.status in CLOSED_STATUSES, is_overdue=row.id in overdue,
        outcome_ids=tuple(sorted(links_to_outcomes.get(row.id, ()))),
        indicator_ids=tuple(sorted(links_to_indicators.get(row.id, ()))))
        for row in rows]


def _names(partnership, user_ids, known_names_class) -> dict[int, str]:
    """Each user's name as the partnership knows it (two queries; none without users)."""
    if not user_ids:
        return {}
    known = known_names_class(partnership)
    users = get_user_model().objects.in_bulk(user_ids)
    return {pk: known.of(user) for pk, user in users.items()}


@dataclass(frozen=True)
class RiskAsOf:
    id: int
    reference: str
    title: str
    owner_organisation_id: int
    review_date: datetime.date
    status_label: str


def risks_past_review(partnership, day: datetime.date, *,
                      recorded_by: datetime.datetime | None = None) -> list[RiskAsOf]:
    """The risks whose review date had passed by ``day`` and were still open then, as their
    history held them at the end of ``day`` (or at ``recorded_by``, when given), by review
    date (one query): ``RiskQuerySet.review_overdue`` on the day."""
    from pif.outcomes.models import Risk
    from pif.outcomes.models.risk import RiskQuerySet

    then = Risk.history.as_of(moment_of(day, recorded_by)).filter(
        partnership_id=partnership.pk)
    rows = (_with_rules(then, RiskQuerySet)
            .with_review_overdue(day).filter(review_overdue=True)
            .order_by("review_date", "reference"))
    labels = dict(Risk.Status.choices)
    return [RiskAsOf(row.id, row.reference, row.title, row.owner_organisation_id,
                     row.review_date, labels.get(row.status, row.status)) for row in rows]
