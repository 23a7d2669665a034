"""What a chart's signals say: the Making Data Count icons, decided once for every chart.

:func:`icons` gives the variation and assurance icons of any chart: an
:class:`~pif.spc.xmr.XmrResult` or a :class:`~pif.spc.qic.QicResult` of any type. The
stored status and the chart pages both call it, so they cannot disagree
(``docs/adr/0010-spc-signals-for-attribute-charts.md``).

* **XmR charts** (NHSRplotthedots): the four Making Data Count rules judge each point; the
  variation icon is the last observed point's type in the icon table
  (:func:`variation_of`).
* **qicharts2 charts** (run, P, P′, U, U′, C, and I, MR, Xbar, S, T, G): as qicharts2 draws
  them, a point is special cause only when it lies outside the limits, an *astronomical*
  point (:func:`qic_point_types`). The Anhøj runs analysis judges each part as a whole
  (:func:`runs_rule`): a runs signal is never pinned on single points. The variation icon
  is the last analysed point's when it is outside the limits; otherwise, when the last part
  has a runs signal, special cause on the side of that part's longest run (the latest of
  equally long ones); otherwise common cause.
* **Assurance** (every chart with limits): the target against the limits of the last point
  (:func:`assurance_of`); none without a target, without limits or with a neutral direction.
"""

import math
from typing import NamedTuple

import numpy as np

from .qic import QicResult
from .runs import RunsAnalysis
from .vocabulary import Assurance, PointSignal, PointType, Variation
from .xmr_results import XmrResult

__all__ = ["Icons", "assurance_of", "icons", "point_type", "qic_point_types", "runs_rule",
           "variation_of"]


class Icons(NamedTuple):
    """A chart's Making Data Count icons; None where there is nothing to show."""

    variation: Variation | None
    assurance: Assurance | None


def point_type(upward: bool, improvement: str) -> PointType:
    """The type of a special cause point that lies (or moves) ``upward`` or not."""
    if improvement == "neutral":
        return (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH if upward
                else PointType.SPECIAL_CAUSE_NEUTRAL_LOW)
    good = upward == (improvement == "increase")
    return PointType.SPECIAL_CAUSE_IMPROVEMENT if good else PointType.SPECIAL_CAUSE_CONCERN


def variation_of(kind: str, improvement: str) -> Variation:
    """The variation icon of a point of type ``kind`` (the MDC icon table, spc.md §1.5)."""
    kind = PointType(kind)
    if kind is PointType.COMMON_CAUSE:
        return Variation.COMMON_CAUSE
    if kind is PointType.SPECIAL_CAUSE_NEUTRAL_HIGH:
        return Variation.NEUTRAL_HIGH
    if kind is PointType.SPECIAL_CAUSE_NEUTRAL_LOW:
        return Variation.NEUTRAL_LOW
    improving = kind is PointType.SPECIAL_CAUSE_IMPROVEMENT
    # an improvement when higher is better is high; a concern when higher is better is low
    high = improving == (improvement == "increase")
    return Variation.special_cause("improvement" if improving else "concern", high)


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def assurance_of(target, improvement: str, lower, upper) -> Assurance | None:
    """MDC assurance: a target beyond a limit is consistently passed or failed."""
    target, lower, upper = _number(target), _number(lower), _number(upper)
    if target is None or improvement == "neutral" or lower is None or upper is None:
        return None
    if target > upper:
        return Assurance.CONSISTENT_FAIL if improvement == "increase" else (
            Assurance.CONSISTENT_PASS)
    if target < lower:
        return Assurance.CONSISTENT_PASS if improvement == "increase" else (
            Assurance.CONSISTENT_FAIL)
    return Assurance.INCONSISTENT


def runs_rule(part: RunsAnalysis) -> str:
    """Which Anhøj rule a part breaks: "long_run", "few_crossings", both
    ("long_run_and_few_crossings") or none ("")."""
    if not part.runs_signal:
        return ""
    long_run = part.longest_run > part.longest_run_max
    few_crossings = part.n_crossings < part.n_crossings_min
    if long_run and few_crossings:
        return "long_run_and_few_crossings"
    return "long_run" if long_run else "few_crossings"


def _qic_point(result: QicResult, index: int, improvement: str) -> tuple[str, str]:
    y, centre = _number(result.y[index]), _number(result.cl[index])
    if y is None:
        return "", ""
    if not result.sigma_signal[index]:
        return PointType.COMMON_CAUSE, ""
    return point_type(centre is None or y > centre, improvement), PointSignal.OUTSIDE_LIMITS


def qic_point_types(result: QicResult, improvement: str) -> tuple[tuple[str, str], ...]:
    """``(point type, signal)`` of each subgroup of a qicharts2 chart.

    Special cause only outside the limits (``PointSignal.OUTSIDE_LIMITS``); a runs signal belongs
    to the part (:func:`runs_rule`), not to its points. ``("", "")`` where nothing is plotted.
    """
    return tuple(_qic_point(result, index, improvement) for index in range(len(result)))


def _last(usable: np.ndarray) -> int | None:
    found = np.flatnonzero(usable)
    return int(found[-1]) if found.size else None


def _xmr_icons(result: XmrResult, improvement: str, target) -> Icons:
    last = _last(~np.isnan(result.values))
    if last is None:
        return Icons(None, None)
    return Icons(variation_of(str(result.point_type[last]), improvement),
                 assurance_of(target, improvement, result.lpl[last], result.upl[last]))


def _qic_icons(result: QicResult, improvement: str, target) -> Icons:
    last = _last(np.isfinite(result.y))
    if last is None:
        return Icons(None, None)
    kind, _ = _qic_point(result, last, improvement)
    part = result.runs[int(result.part[last]) - 1]
    if kind is PointType.COMMON_CAUSE and part.runs_signal and part.longest_run_side:
        kind = point_type(part.longest_run_side > 0, improvement)
    return Icons(variation_of(kind, improvement),
                 assurance_of(target, improvement, result.lcl[last], result.ucl[last]))


def icons(result, *, improvement: str, target=None) -> Icons:
    """The variation and assurance icons of an XmR or qicharts2 chart (module docstring).

    ``improvement`` is "increase", "decrease" or "neutral"; ``target`` the target of the
    chart's last analysed period, or None. Both icons are None when nothing was analysed.
    """
    if isinstance(result, XmrResult):
        return _xmr_icons(result, improvement, target)
    if isinstance(result, QicResult):
        return _qic_icons(result, improvement, target)
    raise TypeError(f"icons() needs an XmrResult or a QicResult, not {type(result).__name__}")
