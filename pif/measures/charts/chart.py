"""An indicator's SPC chart: rows for the data table, a Vega-Lite spec, SVG and a summary."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe

from pif.measures.charts.analysis import CENTRE_LABELS, analyse, with_changes, with_waiting
from pif.measures.charts.marks import marks_for
from pif.measures.charts.reading import how_to_read
from pif.measures.charts.render import accessible_svg, render_svg
from pif.measures.charts.since import SinceChange, latest_change
from pif.measures.charts.spec import chart_spec
from pif.measures.counting import split_waiting
from pif.measures.models import Annotation, Observation, Target
from pif.measures.targets import TargetSchedule, schedules_for

__all__ = ["CHART_NAMES", "Chart", "annotations_as_of", "build_chart", "indicator_chart",
           "indicator_charts", "observations_as_of"]

CHART_NAMES = {
    "xmr": "XmR chart",
    "run": "Run chart",
    "p": "P chart",
    "pp": "P′ chart",
    "u": "U chart",
    "up": "U′ chart",
    "c": "C chart",
}


@dataclass(frozen=True)
class Chart:
    """What a page needs to show one indicator's chart.

    ``rows`` are the accessible data table (one :class:`ChartRow` per observation);
    ``spec`` the Vega-Lite spec for the browser; ``svg`` the same chart rendered on the
    server (on first use, then cached) with ``summary`` as its text alternative.
    ``variation`` and ``assurance`` are the MDC icon names for the latest point; ``runs``
    the runs verdict of each part of a run, P, P′, U, U′ or C chart (empty for XmR);
    ``annotations`` the chart notes it was drawn with. ``since`` says whether the process
    has shifted since the latest recalculation, or the latest change marked on the chart
    (None when there is neither).
    """

    code: str
    chart_type: str
    rows: tuple
    spec: dict = field(compare=False)
    summary: str
    variation: str
    assurance: str
    centre_label: str
    target_label: str
    as_of_label: str | None = None
    runs: tuple = ()
    since: SinceChange | None = field(default=None, compare=False)
    #: the chart notes it was drawn with (Annotation rows, or their past versions), in order
    annotations: tuple = field(default=(), compare=False)

    @cached_property  # asked once per row of the data table, and rows never change
    def has_changes(self) -> bool:
        """Whether any row lists a change made (a PDSA cycle, an action)."""
        return any(row.changes for row in self.rows)

    @property
    def how_to_read(self) -> list[str]:
        """"How to read this chart": paragraphs on this chart type's lines and rules."""
        return how_to_read(self.chart_type, has_target=self.has_target,
                           target_label=self.target_label)

    @cached_property
    def has_limits(self) -> bool:
        return any(row.lower is not None or row.upper is not None for row in self.rows)

    @cached_property
    def has_target(self) -> bool:
        return any(row.target is not None for row in self.rows)

    @property
    def waiting_rows(self) -> tuple:
        return tuple(row for row in self.rows if row.is_waiting)

    @property
    def observed_rows(self) -> tuple:
        return tuple(row for row in self.rows if row.value is not None)

    @cached_property
    def svg(self) -> SafeString:
        """Inline SVG (safe to output: Vega escapes the data, we escape the title)."""
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", self.code).strip("-").lower() or "indicator"
        return mark_safe(accessible_svg(render_svg(self.spec), self.summary,  # noqa: S308
                                        id_prefix=f"pif-chart-{slug}"))


def _summary(indicator, chart_type, rows, as_of_label, runs=()) -> str:
    name = f"{CHART_NAMES.get(chart_type, 'Chart')} of {indicator.code}"
    if as_of_label:
        name += f" as it stood on {as_of_label}"
    if not rows:
        return f"{name}: no data yet"
    span = (f"for {rows[0].label}" if len(rows) == 1
            else f"from {rows[0].label} to {rows[-1].label}")
    observed = [row for row in rows if row.value is not None]
    if not observed and not any(row.is_waiting for row in rows):
        return f"{name} {span}: no values yet"
    waiting = sum(row.is_waiting for row in rows)
    waiting_text = (f"; {waiting} value{'' if waiting == 1 else 's'} awaiting approval, "
                    "not included" if waiting else "")
    if not observed:
        return f"{name} {span}: no approved values yet{waiting_text}"
    latest = observed[-1]
    kind = latest.point_type_text.replace(":", "").lower() or "not analysed"
    latest_runs = next((part for part in runs if part.phase == latest.phase), None)
    runs_text = ""
    if latest_runs is not None and latest_runs.has_signal:
        where = "the latest part" if len(runs) > 1 else "the chart"
        runs_text = f"; runs signal in {where}: {latest_runs.short}"
    return f"{name} {span}: latest value {latest.value_text}, {kind}{runs_text}{waiting_text}"


def _is_trajectory(schedule, rows) -> bool:
    for row in rows:
        rule = schedule.rule_for(row.period)
        if rule is not None and rule.value is None:
            return True
    return len({row.target for row in rows if row.target is not None}) > 1


def build_chart(indicator, observations, annotations, schedule, *, as_of_label=None,
                marks=(), waiting_shown=True) -> Chart:
    """The SPC chart of ``indicator``.

    ``observations`` are its total (not broken down) observations in period order (values
    awaiting approval are shown apart and never analysed, see :mod:`pif.measures.counting`),
    ``annotations`` its Annotation rows (rebases start new phases) and ``schedule`` its
    :class:`~pif.measures.targets.TargetSchedule`. ``as_of_label`` ("1 April 2024")
    marks a chart of the data as it stood on an earlier date. ``marks`` are the changes
    made (:class:`~pif.measures.charts.marks.ChangeMark`, see :func:`~pif.measures.charts.
    marks.marks_for`), drawn at their periods and listed in the data table. With
    ``waiting_shown`` False, values awaiting approval are left out altogether (not on the
    chart, its data rows or its summary): a chart for the public shows approved values only.
    """
    counted, waiting = split_waiting(observations)
    return _built(indicator, counted, waiting if waiting_shown else [], annotations, schedule,
                  as_of_label=as_of_label, marks=marks)


def _built(indicator, counted, waiting, annotations, schedule, *, as_of_label, marks) -> Chart:
    """The chart of the values that count and those awaiting approval (shown apart)."""
    annotations = list(annotations)
    analysis = analyse(indicator, counted, annotations, schedule)
    marks = list(marks)
    rows = with_changes(with_waiting(analysis.rows, waiting, indicator, schedule), marks)
    trajectory = _is_trajectory(schedule, rows)
    target_label = "Trajectory" if trajectory else "Target"
    centre_label = CENTRE_LABELS.get(indicator.chart_type, "Centre line")
    summary = _summary(indicator, indicator.chart_type, rows, as_of_label, analysis.runs)
    spec = chart_spec(indicator, rows, annotations, centre_label=centre_label,
                      target_label=target_label, description=summary)
    return Chart(code=indicator.code, chart_type=indicator.chart_type, rows=rows, spec=spec,
                 summary=summary, variation=analysis.variation, assurance=analysis.assurance,
                 centre_label=centre_label, target_label=target_label, as_of_label=as_of_label,
                 runs=analysis.runs, annotations=tuple(annotations),
                 since=latest_change(analysis.rows, annotations, marks,
                                     indicator.improvement_for_spc))


def observations_as_of(indicator, when):
    """The indicator's total observations as they stood at ``when`` (a datetime), in order.

    Uses django-simple-history: each is the latest version saved at or before ``when``
    (deleted ones are left out), as a model instance that :func:`build_chart` accepts.
    """
    return _observations([indicator.pk], when).get(indicator.pk, [])


def annotations_as_of(indicator, when):
    """The indicator's annotations as they stood at ``when``, in period order."""
    return _annotations([indicator.pk], when).get(indicator.pk, [])


def _grouped(rows) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(row.indicator_id, []).append(row)
    return found


def _observations(pks, when, periods_to=None) -> dict[int, list]:
    rows = Observation.history.as_of(when) if when is not None else Observation.objects
    rows = rows.filter(indicator_id__in=pks, breakdown_id__isnull=True)
    if periods_to is not None:
        rows = rows.filter(period_end__lte=periods_to)
    return _grouped(rows.order_by("indicator_id", "period_start", "period_end"))


def _annotations(pks, when, periods_to=None, public=False) -> dict[int, list]:
    rows = Annotation.history.as_of(when) if when is not None else Annotation.objects
    rows = rows.filter(indicator_id__in=pks)
    if public:  # chart notes are the partnership's own; the limits' recalculations are not
        rows = rows.filter(is_rebase=True)
    if periods_to is not None:
        rows = rows.filter(period_start__lte=periods_to)
    return _grouped(rows.order_by("indicator_id", "period_start"))


def indicator_charts(indicators, as_of=None, periods_to=None, public=False
                     ) -> dict[int, Chart]:
    """The charts of several indicators, by id, in a fixed number of queries: each as its
    page shows it (total values, targets, chart notes and the changes other apps mark on
    it), now or as they stood at `as_of` (a datetime). With `periods_to` (a date), only the
    periods ending by then are charted, so the limits and signals are those of that data (a
    stat meeting's pack). With `public`, the changes marked on it are only those the public
    may see (pif.measures.charts.marks), of its notes only the recalculations of limits, and
    no values awaiting approval (approved values only). One chart, built one way, for every
    page that shows it."""
    indicators = list(indicators)
    pks = [indicator.pk for indicator in indicators]
    # Which values count, for every indicator at once (one query, not one per indicator
    # with a value awaiting approval).
    counted, waiting = split_waiting(
        [row for rows in _observations(pks, as_of, periods_to).values() for row in rows])
    counted, waiting = _grouped(counted), _grouped([] if public else waiting)
    annotations = _annotations(pks, as_of, periods_to, public)
    schedules = schedules_for(Target.objects.filter(indicator_id__in=pks)
                              .prefetch_related("points"))
    marks = marks_for(indicators, public=public)
    label = f"{as_of.date():%-d %B %Y}" if as_of else None
    return {indicator.pk: _built(
        indicator, counted.get(indicator.pk, []), waiting.get(indicator.pk, []),
        annotations.get(indicator.pk, []), schedules.get(indicator.pk) or TargetSchedule.empty(),
        as_of_label=label, marks=marks.get(indicator.pk, ()))
        for indicator in indicators}


def indicator_chart(indicator, as_of=None) -> Chart:
    """The indicator's chart as its page shows it (see `indicator_charts`)."""
    return indicator_charts([indicator], as_of)[indicator.pk]
