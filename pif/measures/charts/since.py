"""Since a change: has the indicator's process shifted? (docs/adr/0015-shift-since-a-change.md)

The chart's analysed rows (values that count, in period order, each with its phase) are
split at the period of the change: the period that contains its date, or the first period
after it when none does. The points before are those of the phase the change falls in (since
the previous recalculation); the points after run from the change's period to the end of
its own phase (the next recalculation) or to the chart's last period. :func:`pif.spc.shift.
shift_since` judges them: the old limits from the points before, the four rules on the
points after. Every chart type is judged this way on its values (for a P or U chart, its
percentages or rates), as the question is the same: did the values move beyond what the
old process would give?

The indicator page says it for the latest recalculation, or, if none, the latest change
marked on the chart; :mod:`pif.improvement.verdicts` keeps it when an action or a PDSA cycle
closes.
"""

from dataclasses import dataclass
from datetime import date

from pif.lib.periods import Period
from pif.measures.counting import huge_numbers_allowed
from pif.spc.shift import ShiftResult, shift_since

__all__ = ["SinceChange", "analysed_rows", "change_row", "judge_rows", "latest_change",
           "since"]


@dataclass(frozen=True)
class SinceChange:
    """What the points since one change say: ``name`` of the change ("A01 Open a falls
    clinic", or a chart note's text), ``kind`` ("Limits recalculated", "Action started"),
    the ``on`` date, ``period_start``/``period_label`` of the first period after it (None and
    "" when no period has data yet) and the :class:`~pif.spc.shift.ShiftResult`."""

    name: str
    kind: str
    on: date
    period_start: date | None
    period_label: str
    result: ShiftResult

    @property
    def verdict(self):
        return self.result.verdict

    @property
    def when_words(self) -> str:
        """"started on" for an action or PDSA cycle (judged from its start: the change began
        then), else "on"."""
        return "started on" if self.kind.lower().endswith("started") else "on"

    @property
    def sentence(self) -> str:
        """"Since <change> started on <date>: <what the data says>." ("on" for a
        recalculation or a note)."""
        return (f"Since {self.name} {self.when_words} {self.on.day} {self.on:%B %Y}: "
                f"{self.result.explanation}.")

    @property
    def evidence(self) -> tuple[str, ...]:
        """What the values since show, one plain sentence each (for a bullet list)."""
        return self.result.evidence

    @property
    def full_text(self) -> str:
        """The sentence and its evidence as one text, as a verdict keeps it."""
        return " ".join([self.sentence, *(f"{item[0].upper()}{item[1:]}." for item in
                                          self.evidence)])


def analysed_rows(indicator) -> tuple:
    """The indicator's chart rows as analysed (values that count, in period order, with their
    phases), as :func:`~pif.measures.charts.chart.build_chart` analyses them; two queries."""
    from pif.measures.charts.analysis import analyse
    from pif.measures.counting import split_waiting
    from pif.measures.targets import TargetSchedule

    observations = indicator.observations.filter(breakdown__isnull=True).order_by(
        "period_start", "period_end")
    counted, _ = split_waiting(list(observations))
    return analyse(indicator, counted, list(indicator.annotations.all()),
                   TargetSchedule.empty()).rows


def _end(row) -> date:
    return Period.from_key(row.period).end


def change_row(rows, when: date) -> int | None:
    """The position of the row whose period contains ``when``, else of the first period
    after it; None when every period ends before it."""
    for position, row in enumerate(rows):
        if _end(row) >= when:
            return position
    return None


def judge_rows(rows, when: date, improvement: str, *, until: date | None = None):
    """``(ShiftResult, position of the change's row or None)`` for the analysed ``rows``.

    ``until`` leaves out the periods that start after it (a verdict kept as of a date).
    """
    if until is not None:
        rows = [row for row in rows if row.start <= until]
    position = change_row(rows, when)
    if position is None:
        before = [row.value for row in rows if row.phase == rows[-1].phase]
        after = []
    else:
        before_phase = rows[position - 1].phase if position else None
        before = [row.value for row in rows[:position] if row.phase == before_phase]
        after = [row.value for row in rows[position:] if row.phase == rows[position].phase]
    with huge_numbers_allowed():  # a stored 1.7e308 gives a missing limit, not a warning
        return shift_since(before, after, improvement=improvement), position


def since(rows, improvement: str, *, name: str, kind: str, on: date,
          until: date | None = None) -> SinceChange:
    result, position = judge_rows(rows, on, improvement, until=until)
    row = rows[position] if position is not None else None
    return SinceChange(name=name, kind=kind, on=on,
                       period_start=row.start if row else None,
                       period_label=row.label if row else "", result=result)


def latest_change(rows, annotations, marks, improvement: str) -> SinceChange | None:
    """The latest recalculation (rebase annotation) judged, or if none the latest change
    mark; None when there is neither, or no data."""
    if not rows:
        return None
    rebases = [a for a in annotations if a.is_rebase]
    if rebases:
        latest = max(rebases, key=lambda a: Period.from_key(a.period).start)
        return since(rows, improvement, name=f"the recalculation “{latest.text}”",
                     kind="Limits recalculated", on=Period.from_key(latest.period).start)
    if marks:
        mark = max(marks, key=lambda m: m.date)
        return since(rows, improvement, name=mark.label, kind=mark.kind, on=mark.date)
    return None
