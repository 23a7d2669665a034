"""The rows of a chart: each observation with its centre line, limits, target and signal.

The rows are prepared for SPC by :func:`pif.measures.status.spc_input` and analysed by
:func:`pif.measures.status.analysed`, as the status engine does: XmR charts (the Making Data
Count default) through :func:`pif.spc.xmr` with a new phase at each rebase annotation; run,
P, P′, U, U′ and C charts through :func:`pif.spc.qic`. The icons come from
:func:`pif.spc.icons` with the same target, so a chart always agrees with the icons stored
for its indicator. On run, P, P′, U, U′ and C charts
(ADR 0010):

* a point beyond the limits is special cause ("Outside the process limits"), improvement
  or concern by its side of the centre line and the direction of improvement, neutral
  high/low when there is no direction;
* the Anhøj runs analysis judges each part (phase) as a whole: its verdict is a
  :class:`~pif.measures.charts.reading.PartRuns`, and its rows carry ``runs_signal`` so
  the chart draws that part's centre line dashed. No point is labelled by a runs signal.

A missing value keeps its row (with its missing code) but has no point type.

Only values that count are analysed: approved ones, and for a value awaiting approval the
version last approved. Values awaiting approval are added to their period's row afterwards
(:func:`with_waiting`), and a period with only such a value gets a row of its own, so they
never move the centre line, the limits or the icons.
"""

from dataclasses import dataclass, replace
from datetime import date

from pif import spc
from pif.lib.periods import Period
from pif.measures.charts.formatting import format_value
from pif.measures.charts.reading import PartRuns
from pif.measures.counting import finite
from pif.measures.status import Series, SpcInput, analysed, icons_of, spc_input
from pif.spc.vocabulary import PointSignal, PointType

__all__ = ["Analysis", "ChartRow", "analyse", "with_changes", "with_waiting"]

CENTRE_LABELS = {"xmr": "Mean", "run": "Median"}


@dataclass(frozen=True)
class ChartRow:
    """One observation as charted and as listed in the data table beneath the chart.

    Numbers are floats or None (never NaN); the ``*_text`` fields hold the same numbers
    written in the indicator's unit (means and limits with one more decimal place).
    """

    period: str
    label: str
    start: date
    value: float | None
    missing_code: str
    numerator: float | None
    denominator: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    target: float | None
    point_type: str
    point_type_text: str
    signal: str
    signal_text: str
    phase: int
    value_text: str
    mean_text: str
    lower_text: str
    upper_text: str
    target_text: str
    #: A value awaiting approval for this period: shown apart, never analysed.
    waiting_value: float | None = None
    waiting_text: str = ""
    #: The row's part (phase) of a run, P, P′, U, U′ or C chart has a runs signal.
    runs_signal: bool = False
    #: Changes made in this period (:class:`~pif.measures.charts.marks.ChangeMark`), drawn
    #: on the chart and listed in the data table: a PDSA cycle, an action.
    changes: tuple = ()

    @property
    def is_waiting(self) -> bool:
        return bool(self.waiting_text)

    @property
    def period_label(self) -> str:
        return self.label

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def is_special_cause(self) -> bool:
        return bool(self.point_type) and self.point_type != PointType.COMMON_CAUSE


@dataclass(frozen=True)
class Analysis:
    rows: tuple
    variation: str
    assurance: str
    #: the runs verdict of each part of a run, P, P′, U, U′ or C chart; () for XmR
    runs: tuple = ()


def _series(observations) -> Series:
    return Series(periods=[o.period for o in observations],
                  values=[finite(o.value) for o in observations],
                  numerators=[finite(o.numerator) for o in observations],
                  denominators=[finite(o.denominator) for o in observations])


def _unanalysed(value) -> dict:
    return {"value": value, "mean": None, "lower": None, "upper": None, "point_type": "",
            "signal": "", "phase": 0, "runs_signal": False}


def _xmr_points(result, values) -> list[dict]:
    # Each of the result's fields is an array worked out afresh on every read: read it once.
    mean, lpl, upl = result.mean.tolist(), result.lpl.tolist(), result.upl.tolist()
    point_type, signal, group = result.point_type, result.signal, result.group.tolist()
    return [{"value": value, "mean": finite(mean[i]), "lower": finite(lpl[i]),
             "upper": finite(upl[i]),
             "point_type": point_type[i] if value is not None else "",
             "signal": (signal[i] or "") if value is not None else "",
             "phase": int(group[i]), "runs_signal": False}
            for i, value in enumerate(values)]


def _part_runs(result, chart_type: str) -> tuple:
    centre = "median" if chart_type == "run" else "centre line"
    return tuple(PartRuns(
        phase=part.part - 1, rule=spc.runs_rule(part), n_useful=part.n_useful,
        longest_run=part.longest_run, longest_run_max=part.longest_run_max,
        n_crossings=part.n_crossings, n_crossings_min=part.n_crossings_min,
        side=part.longest_run_side, centre=centre) for part in result.runs)


def _qic_points(result, prepared: SpcInput, values, improvement: str, parts) -> list[dict]:
    # A value the chart cannot analyse (a P chart row without its denominator) is still
    # listed and drawn on the line, but has no point type.
    points = [_unanalysed(value) for value in values]
    kinds = spc.qic_point_types(result, improvement)
    for j, i in enumerate(prepared.rows):
        point_type, signal = kinds[j]
        phase = int(result.part[j]) - 1
        points[i] = {"value": finite(result.y[j]), "mean": finite(result.cl[j]),
                     "lower": finite(result.lcl[j]), "upper": finite(result.ucl[j]),
                     "point_type": point_type, "signal": signal, "phase": phase,
                     "runs_signal": parts[phase].has_signal}
    # Rows left out of the analysis stay in the phase of the row before them.
    phase = 0
    for point in points:
        if point["point_type"]:
            phase = point["phase"]
        else:
            point["phase"] = phase
            point["runs_signal"] = parts[phase].has_signal
    return points


def _points(indicator, observations, rebases, schedule):
    """Each row's analysis, the icons and the runs verdict of each part (qic charts)."""
    series = _series(observations)
    prepared = spc_input(indicator, series, rebases=rebases, schedule=schedule)
    if prepared is None:
        return [_unanalysed(value) for value in series.values], "", "", ()
    result = analysed(prepared, indicator)
    found = icons_of(result, prepared, indicator)
    if prepared.chart == "xmr":
        points, parts = _xmr_points(result, series.values), ()
    else:
        parts = _part_runs(result, prepared.chart)
        points = _qic_points(result, prepared, series.values, indicator.improvement_for_spc,
                             parts)
    return points, found.variation or "", found.assurance or "", parts


def analyse(indicator, observations, annotations, schedule) -> Analysis:
    """Run the indicator's SPC analysis and return its rows, variation and assurance."""
    observations = list(observations)
    rebases = {a.period for a in annotations if a.is_rebase}
    targets = [finite(schedule.value_for(o.period)) for o in observations]
    per_point, variation, assurance, parts = _points(indicator, observations, rebases, schedule)
    rows = []
    texts: dict = {}

    def text(number, extra=0):
        # Means, limits and targets repeat down a phase: each number is written once.
        if number is None:
            return ""
        if number == 0:  # 0.0 and -0.0 are one key but may be written apart
            return format_value(number, indicator, extra_decimals=extra)
        key = (number, extra)
        if key not in texts:
            texts[key] = format_value(number, indicator, extra_decimals=extra)
        return texts[key]

    for observation, point, target in zip(observations, per_point, targets, strict=True):
        value = finite(point["value"])
        period = Period.from_key(observation.period)
        rows.append(ChartRow(
            period=observation.period, label=period.label, start=period.start,
            value=value, missing_code=observation.missing_code if value is None else "",
            numerator=finite(observation.numerator), denominator=finite(observation.denominator),
            mean=point["mean"], lower=point["lower"], upper=point["upper"], target=target,
            point_type=point["point_type"],
            point_type_text=PointType.label_of(point["point_type"]),
            signal=point["signal"], signal_text=PointSignal.label_of(point["signal"]),
            phase=point["phase"],
            value_text=text(value), mean_text=text(point["mean"], 1),
            lower_text=text(point["lower"], 1), upper_text=text(point["upper"], 1),
            target_text=text(target), runs_signal=point["runs_signal"],
        ))
    return Analysis(tuple(rows), variation, assurance, _with_spans(parts, rows))


def _with_spans(parts: tuple, rows: list) -> tuple:
    """Each part's verdict with the periods it covers, when the chart has several parts."""
    if len(parts) < 2:
        return parts
    labels = {}
    for row in rows:
        labels.setdefault(row.phase, []).append(row.label)
    return tuple(replace(part, span=f"{labels[part.phase][0]} to {labels[part.phase][-1]}")
                 if part.phase in labels else part for part in parts)


def _waiting_text(observation, indicator) -> str:
    value = finite(observation.value)
    if value is not None:
        shown = format_value(value, indicator)
    else:
        shown = f"No value ({observation.missing_code})" if observation.missing_code else "No value"
    return f"{shown}, awaiting approval"


def _with_waiting_value(row: ChartRow, observation, indicator) -> ChartRow:
    return replace(row, waiting_value=finite(observation.value),
                   waiting_text=_waiting_text(observation, indicator))


def _waiting_row(observation, indicator, schedule, phase: int, runs_signal: bool) -> ChartRow:
    """The row of a period whose only value awaits approval: no analysis, no counted value."""
    period = Period.from_key(observation.period)
    target = finite(schedule.value_for(observation.period))
    row = ChartRow(
        period=observation.period, label=period.label, start=period.start, value=None,
        missing_code="", numerator=None, denominator=None, mean=None, lower=None, upper=None,
        target=target, point_type="", point_type_text="", signal="", signal_text="",
        phase=phase, value_text="", mean_text="", lower_text="", upper_text="",
        target_text=format_value(target, indicator) if target is not None else "",
        runs_signal=runs_signal)
    return _with_waiting_value(row, observation, indicator)


def with_waiting(rows, waiting, indicator, schedule) -> tuple:
    """``rows`` with the values awaiting approval (observations) added to their periods."""
    by_period = {observation.period: observation for observation in waiting}
    merged = [row if row.period not in by_period
              else _with_waiting_value(row, by_period.pop(row.period), indicator)
              for row in rows]
    if not by_period:
        return tuple(merged)
    for observation in by_period.values():  # periods with no value that counts
        start = Period.from_key(observation.period).start
        before = [row for row in merged if row.start <= start]
        merged.append(_waiting_row(observation, indicator, schedule,
                                   before[-1].phase if before else 0,
                                   before[-1].runs_signal if before else False))
    merged.sort(key=lambda row: (row.start, Period.from_key(row.period).end))
    return tuple(merged)


def with_changes(rows, marks) -> tuple:
    """``rows`` with each change mark on the row of the period that contains its date, or
    the first period after it (a change made while a period has no row yet shows where the
    data resumes). A mark after the last period is left out, as is an annotation outside
    the chart."""
    marks = sorted(marks, key=lambda mark: mark.date)
    if not marks or not rows:
        return tuple(rows)
    ends = [Period.from_key(row.period).end for row in rows]
    found: dict[int, list] = {}
    for mark in marks:
        position = next((i for i, end in enumerate(ends) if end >= mark.date), None)
        if position is not None:
            found.setdefault(position, []).append(mark)
    return tuple(replace(row, changes=tuple(found[i])) if i in found else row
                 for i, row in enumerate(rows))
