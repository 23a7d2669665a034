"""A chart in words: "How to read this chart" for each chart type, and the runs verdicts.

The rules differ by chart type (ADR 0010): XmR charts judge every point with the four
Making Data Count rules; run, P, P′, U, U′ and C charts, drawn as qicharts2 draws them,
call a single point special cause only outside the limits, and judge each part as a
whole with the Anhøj runs rules.
"""

from dataclasses import dataclass

__all__ = ["PartRuns", "how_to_read"]

_COLOURS = ("Blue points are special cause improvement and orange points special cause "
            "concern; purple points are special cause where neither higher nor lower is "
            "better.")
_RUNS = ("The runs rules (Anhøj) judge the chart, or each part of it after a recalculation, "
         "as a whole, not point by point: an unusually long run of points on one side of the "
         "{centre}, or too few crossings of it, suggests that the process has changed. The "
         "{centre} of that part is then drawn dashed in orange, and the notes under the chart "
         "name the rule. Points on the {centre} neither break nor extend a run.")
_CENTRE_LINES = {
    "c": "the mean count",
    "p": "the overall proportion",
    "pp": "the overall proportion",
    "u": "the overall rate",
    "up": "the overall rate",
}


def _xmr() -> list[str]:
    return [
        "The solid line is the mean; the dashed lines are the process limits, between which "
        "values would be expected to fall if nothing changes. Grey points are common cause "
        "variation. " + _COLOURS + " A point is special cause when it is outside the limits, "
        "in a run of 7 rising or falling, in a run of 7 on one side of the mean, or one of "
        "2 of 3 points near a limit on the same side.",
    ]


def _run() -> list[str]:
    return [
        "The solid line is the median. A run chart has no process limits, so no single point "
        "is special cause; every point is grey.",
        _RUNS.format(centre="median"),
    ]


def _attribute(chart_type: str) -> list[str]:
    limits = ("the dashed lines are the process limits, between which values would be "
              "expected to fall if nothing changes")
    if chart_type in ("p", "pp", "u", "up"):
        limits += (". The limits move with each period's denominator: the larger the "
                   "denominator, the narrower the limits")
    paragraphs = [
        f"The solid line is the centre line, {_CENTRE_LINES[chart_type]}; {limits}. "
        "A point outside the limits is special cause. " + _COLOURS
        + " Every other point is grey, common cause.",
        _RUNS.format(centre="centre line"),
    ]
    if chart_type in ("pp", "up"):
        paragraphs.insert(1, "The limits include Laney's adjustment: with large denominators "
                             "ordinary limits are too narrow, because the periods differ by "
                             "more than chance alone, so they are widened by that extra "
                             "variation.")
    return paragraphs


def how_to_read(chart_type: str, *, has_target: bool, target_label: str = "target") -> list[str]:
    """Paragraphs that explain a chart of this type: its lines, points and rules."""
    paragraphs = _xmr() if chart_type == "xmr" else (
        _run() if chart_type == "run" else _attribute(chart_type))
    if has_target:
        paragraphs[-1] += f" The red dashed line is the {target_label.lower()}."
    return paragraphs


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _points(count: int) -> str:
    return f"{count} point{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class PartRuns:
    """The Anhøj runs verdict on one part (phase) of a run, P, P′, U, U′ or C chart."""

    phase: int
    #: "", "long_run", "few_crossings" or "long_run_and_few_crossings" (pif.spc.runs_rule)
    rule: str
    n_useful: int
    longest_run: int
    longest_run_max: int
    n_crossings: int
    n_crossings_min: int
    #: +1 when the longest run is above the centre line, -1 below
    side: int
    centre: str
    #: "January 2020 to December 2021" when the chart has several parts, else ""
    span: str = ""

    @property
    def has_signal(self) -> bool:
        return bool(self.rule)

    def _long_run(self) -> str:
        where = "above" if self.side > 0 else "below"
        return (f"an unusually long run: {self.longest_run} points in a row {where} the "
                f"{self.centre}, more than the {self.longest_run_max} expected at most for "
                f"{self.n_useful} points")

    def _few_crossings(self) -> str:
        return (f"too few crossings: the values cross the {self.centre} "
                f"{_times(self.n_crossings)}, fewer than the {self.n_crossings_min} expected "
                f"at least for {self.n_useful} points")

    def _nothing(self) -> str:
        if not self.n_useful:
            return f"no value lies off the {self.centre}, so the runs rules have nothing to judge"
        return (f"nothing unusual in the runs: the longest run is {_points(self.longest_run)}, "
                f"at most {self.longest_run_max} expected, and the values cross the "
                f"{self.centre} {_times(self.n_crossings)}, at least {self.n_crossings_min} "
                "expected")

    @property
    def verdict(self) -> str:
        """The verdict in words, starting in lower case."""
        if not self.rule:
            return self._nothing()
        found = []
        if "long_run" in self.rule:
            found.append(self._long_run())
        if "few_crossings" in self.rule:
            found.append(self._few_crossings())
        return "; ".join(found)

    @property
    def short(self) -> str:
        """A few words for the chart's one-sentence summary; "" without a signal."""
        if "long_run" in self.rule:
            where = "above" if self.side > 0 else "below"
            return f"an unusually long run {where} the {self.centre}"
        return "too few crossings of the " + self.centre if self.rule else ""

    @property
    def text(self) -> str:
        """The verdict as a sentence, after its span when the chart has several parts."""
        if self.span:
            return f"{self.span}: {self.verdict}."
        return f"{self.verdict[0].upper()}{self.verdict[1:]}."
