"""The status words: what an indicator's stored status may say, and the words for it.

The one place these values and their labels live (docs/adr/0011-status-vocabulary.md).
Pure Python, no Django: the SPC engine returns these values, ``IndicatorStatus`` stores them
(its fields' ``choices`` are built from here) and every page, download and chart reads
their words from here.

Each member is a ``StrEnum``, so it equals and stores as its plain value
(``Variation.COMMON_CAUSE == "common_cause"``), with:

``label``        the short words, as in the scorecard table and downloads ("Common cause")
``description``  the full words, as in icons' ``<title>`` and ``aria-label``
                 ("Common cause variation")

A stored status may be empty (not computed, not enough data, no target): ``Variation.of("")``
is ``None``, and ``label_of``/``description_of`` give ``""`` (or ``NOT_ENOUGH_DATA``,
``NO_TARGET`` where a page says so).

=====================  ====================================================================
Name                   What it is
=====================  ====================================================================
``Variation``          Making Data Count variation icon of the latest point; ``meaning``,
                       ``side``, ``is_improvement``, ``is_concern``, ``is_special_cause``
``Assurance``          whether the process will meet its target; ``meaning``, ``is_pass``,
                       ``is_fail``
``Rag``                red, amber or green against the target; ``rank`` (red first)
``Direction``          direction of travel since the previous value
``Signal``             what an indicator's variation says, for roll-ups: improving, concern,
                       no signal or no data (``Signal.of_status(variation, points)``)
``PointType``          one chart point: common cause, or special cause (improvement, concern
                       or neutral), as in charts' data tables and legends
``PointSignal``        the rule that flags a single point (outside the limits, trend, two in
                       three, shift), as in charts' data tables
``ChangeVerdict``      whether a process shifted after a change (a PDSA cycle, an action, a
                       rebase): its later points judged against the limits from before
``NOT_ENOUGH_DATA``,   words for an empty variation or assurance
``NO_TARGET``
=====================  ====================================================================
"""

from enum import StrEnum

__all__ = [
    "Assurance",
    "ChangeVerdict",
    "Direction",
    "NOT_ENOUGH_DATA",
    "NO_TARGET",
    "PointSignal",
    "PointType",
    "Rag",
    "Signal",
    "Variation",
]

NOT_ENOUGH_DATA = "Not enough data"
NO_TARGET = "No target"


class _Words(StrEnum):
    """A status value with its short ``label`` and its full ``description``."""

    def __new__(cls, value: str, label: str, description: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description or label
        return member

    @classmethod
    def of(cls, value: str | None):
        """The member for a stored value; ``None`` for an empty one. An unknown value is a
        ``ValueError``: a status word nobody can name is a bug, not something to show."""
        return cls(value) if value else None

    @classmethod
    def label_of(cls, value: str | None, empty: str = "") -> str:
        member = cls.of(value)
        return member.label if member else empty

    @classmethod
    def description_of(cls, value: str | None, empty: str = "") -> str:
        member = cls.of(value)
        return member.description if member else empty

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for a Django field's ``choices``."""
        return [(member.value, member.label) for member in cls]


class Variation(_Words):
    """The Making Data Count variation icon: common cause, or special cause (improvement,
    concern or neither) on the high or low side of the mean."""

    COMMON_CAUSE = "common_cause", "Common cause", "Common cause variation"
    IMPROVEMENT_HIGH = ("improvement_high", "Improvement (high)",
                        "Special cause variation: improvement (higher)")
    IMPROVEMENT_LOW = ("improvement_low", "Improvement (low)",
                       "Special cause variation: improvement (lower)")
    CONCERN_HIGH = ("concern_high", "Concern (high)",
                    "Special cause variation: concern (higher)")
    CONCERN_LOW = "concern_low", "Concern (low)", "Special cause variation: concern (lower)"
    NEUTRAL_HIGH = ("neutral_high", "Special cause (high)",
                    "Special cause variation: neither improvement nor concern (higher)")
    NEUTRAL_LOW = ("neutral_low", "Special cause (low)",
                   "Special cause variation: neither improvement nor concern (lower)")

    @classmethod
    def special_cause(cls, meaning: str, high: bool) -> "Variation":
        """The icon for a special cause point: ``meaning`` is "improvement", "concern" or
        "neutral"; ``high`` is whether the point lies above the mean."""
        return cls(f"{meaning}_{'high' if high else 'low'}")

    @property
    def meaning(self) -> str:
        """"common", "improvement", "concern" or "neutral" (the icon's colour)."""
        return "common" if self is Variation.COMMON_CAUSE else self.value.split("_")[0]

    @property
    def side(self) -> str:
        """"high" or "low" for special cause; "" for common cause."""
        return "" if self is Variation.COMMON_CAUSE else self.value.split("_")[1]

    @property
    def is_improvement(self) -> bool:
        return self.meaning == "improvement"

    @property
    def is_concern(self) -> bool:
        return self.meaning == "concern"

    @property
    def is_special_cause(self) -> bool:
        return self is not Variation.COMMON_CAUSE


class Assurance(_Words):
    """Making Data Count assurance: where the target lies against the process limits."""

    CONSISTENT_PASS = "consistent_pass", "Consistently meets target", "Target consistently met"
    CONSISTENT_FAIL = ("consistent_fail", "Consistently misses target",
                       "Target consistently not met")
    INCONSISTENT = "inconsistent", "May or may not meet target", "Target may or may not be met"

    @property
    def meaning(self) -> str:
        """"improvement", "concern" or "common" (the icon's colour)."""
        return {"consistent_pass": "improvement", "consistent_fail": "concern"}.get(
            self.value, "common")

    @property
    def is_pass(self) -> bool:
        return self is Assurance.CONSISTENT_PASS

    @property
    def is_fail(self) -> bool:
        return self is Assurance.CONSISTENT_FAIL


class Rag(_Words):
    """Red, amber or green: the latest value against the target for its period."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"

    @property
    def rank(self) -> int:
        """Red first: 0 for red, 1 for amber, 2 for green."""
        return list(Rag).index(self)


class Direction(_Words):
    """Direction of travel since the previous value."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"


class Signal(_Words):
    """What an indicator's variation says, counted in outcome roll-ups."""

    # The values are the words of the roll-up sentence ("2 improving, 1 concern") and of
    # the outcome page's CSS classes (pif-signal--no-signal).
    IMPROVING = "improving", "Improving"
    CONCERN = "concern", "Concern"
    NO_SIGNAL = "no signal", "No signal"
    NO_DATA = "no data", "No data"

    @classmethod
    def of_status(cls, variation: str | None, points: int) -> "Signal":
        """The signal of a stored variation over ``points`` values."""
        if not points:
            return cls.NO_DATA
        found = Variation.of(variation)
        if found is None:
            return cls.NO_SIGNAL
        if found.is_improvement:
            return cls.IMPROVING
        if found.is_concern:
            return cls.CONCERN
        return cls.NO_SIGNAL


class PointType(_Words):
    """One point of a chart: common cause, or special cause. Both neutral sides read the
    same, as the legend draws them alike."""

    COMMON_CAUSE = "common_cause", "Common cause"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement", "Special cause: improvement"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern", "Special cause: concern"
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high", "Special cause: neutral"
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low", "Special cause: neutral"


class PointSignal(_Words):
    """The rule that flags one point as special cause: the four Making Data Count rules on
    XmR charts; on run, P, P′, U, U′ and C charts only the first (runs rules judge whole
    parts, ADR 0010)."""

    OUTSIDE_LIMITS = "outside_limits", "Outside the process limits"
    TREND = "trend", "Run of 7 rising or falling"
    TWO_IN_THREE = "two_in_three", "2 of 3 near a limit"
    SHIFT = "shift", "Run of 7 on one side of the mean"


class ChangeVerdict(_Words):
    """Did it work? The points after a change read against the limits of the points before
    it (pif.spc.shift). Kept when an action or PDSA cycle closes, so the register shows what
    the data said then."""

    SUSTAINED_IMPROVEMENT = ("sustained_improvement", "Sustained improvement",
                             "The process has shifted for the better and stayed there")
    IMPROVEMENT = ("improvement", "Improvement, not yet sustained",
                   "The process shows a signal of improvement that has not yet lasted")
    NO_SIGNAL = ("no_signal", "No signal yet",
                 "The process has not changed beyond its usual variation")
    DETERIORATION = ("deterioration", "Deterioration",
                     "The process has shifted for the worse")
    CHANGED = ("changed", "Changed",
               "The process has shifted; this measure has no better direction")
    TOO_FEW_POINTS = ("too_few_points", "Too few points",
                      "There are not enough points before or after the change to judge")

    @property
    def is_improvement(self) -> bool:
        return self in (ChangeVerdict.SUSTAINED_IMPROVEMENT, ChangeVerdict.IMPROVEMENT)
