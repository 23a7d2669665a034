"""The rows of a chart: each observation with its centre line, limits, target and signal.

XmR charts (the Making Data Count default) go through :func:`pif.spc.xmr` with a new
phase at each rebase annotation. Run, P, P′, U, U′ and C charts go through
:func:`pif.spc.qic` exactly as the status engine (:mod:`pif.measures.status`) calls it,
so a chart always agrees with the icons stored for its indicator:

* a point beyond the limits is special cause ("Outside the process limits");
* in a part whose Anhøj runs analysis signals, every point off the centre line is
  special cause too (the runs rules judge the part, not single points);
* improvement or concern follows from the point's side of the centre line and the
  direction of improvement, neutral high/low when there is no direction.

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
from pif.measures.counting import finite, has_ratio, huge_numbers_allowed
from pif.measures.status import (
    QIC_NEEDS_DENOMINATOR,
    assurance_from_limits,
    rebase_positions,
    value_scale,
)

__all__ = ["Analysis", "ChartRow", "POINT_TYPE_TEXT", "SIGNAL_TEXT", "analyse", "with_waiting"]

#: Point types in words, for the data table, tooltips and the legend.
POINT_TYPE_TEXT = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: neutral",
    "special_cause_neutral_low": "Special cause: neutral",
}

#: Signal rules in words: the four Making Data Count rules, then the Anhøj runs rules.
SIGNAL_TEXT = {
    "outside_limits": "Outside the process limits",
    "trend": "Run of 7 rising or falling",
    "two_in_three": "2 of 3 near a limit",
    "shift": "Run of 7 on one side of the mean",
    "long_run": "Unusually long run on one side of the centre line",
    "few_crossings": "Too few crossings of the centre line",
}

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
        return self.point_type not in ("", "common_cause")


@dataclass(frozen=True)
class Analysis:
    rows: tuple
    variation: str
    assurance: str


def _variation(point_type: str, high: bool, improvement: str) -> str:
    """The variation icon for the last point, given its type and side of the centre line."""
    if point_type in ("", "common_cause"):
        return "common_cause"
    if point_type.startswith("special_cause_neutral"):
        return point_type.removeprefix("special_cause_")
    kind = "improvement" if point_type == "special_cause_improvement" else "concern"
    return f"{kind}_{'high' if high else 'low'}"


def _xmr(indicator, observations, rebases, targets):
    values = [finite(o.value) for o in observations]
    observed = [i for i, v in enumerate(values) if v is not None]
    last_target = targets[observed[-1]] if observed else None
    with huge_numbers_allowed():
        result = spc.xmr(values, improvement=indicator.improvement_for_spc, target=last_target,
                         rebase=rebase_positions([o.period for o in observations], rebases))
    per_point = []
    for i, value in enumerate(values):
        per_point.append({
            "value": value,
            "mean": finite(result.mean[i]),
            "lower": finite(result.lpl[i]),
            "upper": finite(result.upl[i]),
            "point_type": str(result.point_type[i]) if value is not None else "",
            "signal": (result.signal[i] or "") if value is not None else "",
            "phase": int(result.group[i]),
        })
    variation = result.variation if observed else ""
    return per_point, variation, (result.assurance or "") if observed else ""


def _qic_point(y, centre, sigma_signal, part, improvement):
    """Point type and signal of one qic subgroup (see the module docstring)."""
    if y is None or centre is None:
        return "common_cause", ""
    if sigma_signal:
        signal = "outside_limits"
    elif part.runs_signal and y != centre:
        signal = "long_run" if part.longest_run > part.longest_run_max else "few_crossings"
    else:
        return "common_cause", ""
    high = y > centre
    if improvement == "neutral":
        return f"special_cause_neutral_{'high' if high else 'low'}", signal
    good = high == (improvement == "increase")
    return f"special_cause_{'improvement' if good else 'concern'}", signal


def _qic(indicator, observations, rebases, targets):
    chart = indicator.chart_type
    needs_denominator = chart in QIC_NEEDS_DENOMINATOR
    kept = [i for i, o in enumerate(observations) if finite(o.value) is not None and (
        not needs_denominator or has_ratio(o.numerator, o.denominator))]
    # A value the chart cannot analyse (a P chart row without its denominator) is still
    # listed and drawn on the line, but has no point type.
    per_point = [{"value": finite(o.value), "mean": None,
                  "lower": None, "upper": None, "point_type": "", "signal": "", "phase": 0}
                 for o in observations]
    if not kept:
        return per_point, "", ""
    if needs_denominator:
        y = [finite(observations[i].numerator) for i in kept]
        n = [finite(observations[i].denominator) for i in kept]
        multiply = value_scale(indicator)
    else:
        y, n, multiply = [finite(observations[i].value) for i in kept], None, 1
    periods = [observations[i].period for i in kept]
    with huge_numbers_allowed():
        result = spc.qic(y, chart=chart, n=n, part=tuple(rebase_positions(periods, rebases)),
                         multiply=multiply)
    improvement = indicator.improvement_for_spc
    for j, i in enumerate(kept):
        value, centre = finite(result.y[j]), finite(result.cl[j])
        part = result.runs[int(result.part[j]) - 1]
        point_type, signal = _qic_point(value, centre, bool(result.sigma_signal[j]), part,
                                        improvement)
        per_point[i] = {"value": value, "mean": centre, "lower": finite(result.lcl[j]),
                        "upper": finite(result.ucl[j]), "point_type": point_type,
                        "signal": signal, "phase": int(result.part[j]) - 1}
    # Rows left out of the analysis stay in the phase of the row before them.
    phase = 0
    for point in per_point:
        if point["point_type"]:
            phase = point["phase"]
        else:
            point["phase"] = phase
    last = per_point[kept[-1]]
    variation = _variation(last["point_type"], (last["value"] or 0) > (last["mean"] or 0),
                           improvement)
    assurance = assurance_from_limits(improvement, targets[kept[-1]], last["lower"], last["upper"])
    return per_point, variation, assurance


def analyse(indicator, observations, annotations, schedule) -> Analysis:
    """Run the indicator's SPC analysis and return its rows, variation and assurance."""
    observations = list(observations)
    rebases = {a.period for a in annotations if a.is_rebase}
    targets = [finite(schedule.value_for(o.period)) for o in observations]
    engine = _xmr if indicator.chart_type == "xmr" else _qic
    per_point, variation, assurance = engine(indicator, observations, rebases, targets)
    rows = []
    for observation, point, target in zip(observations, per_point, targets, strict=True):
        value = finite(point["value"])
        period = Period.from_key(observation.period)

        def text(number, extra=0):
            return format_value(number, indicator, extra_decimals=extra) if (
                number is not None) else ""

        rows.append(ChartRow(
            period=observation.period, label=period.label, start=period.start,
            value=value, missing_code=observation.missing_code if value is None else "",
            numerator=finite(observation.numerator), denominator=finite(observation.denominator),
            mean=point["mean"], lower=point["lower"], upper=point["upper"], target=target,
            point_type=point["point_type"],
            point_type_text=POINT_TYPE_TEXT.get(point["point_type"], ""),
            signal=point["signal"], signal_text=SIGNAL_TEXT.get(point["signal"], ""),
            phase=point["phase"],
            value_text=text(value), mean_text=text(point["mean"], 1),
            lower_text=text(point["lower"], 1), upper_text=text(point["upper"], 1),
            target_text=text(target),
        ))
    return Analysis(tuple(rows), variation, assurance)


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


def _waiting_row(observation, indicator, schedule, phase: int) -> ChartRow:
    """The row of a period whose only value awaits approval: no analysis, no counted value."""
    period = Period.from_key(observation.period)
    target = finite(schedule.value_for(observation.period))
    row = ChartRow(
        period=observation.period, label=period.label, start=period.start, value=None,
        missing_code="", numerator=None, denominator=None, mean=None, lower=None, upper=None,
        target=target, point_type="", point_type_text="", signal="", signal_text="",
        phase=phase, value_text="", mean_text="", lower_text="", upper_text="",
        target_text=format_value(target, indicator) if target is not None else "")
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
                                   before[-1].phase if before else 0))
    merged.sort(key=lambda row: (row.start, Period.from_key(row.period).end))
    return tuple(merged)
