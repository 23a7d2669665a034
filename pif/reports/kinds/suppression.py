"""Small numbers in a report for the public: withheld as the public pages withhold them.

The public pages suppress an indicator's small counts when an editor asked (a
``Suppression`` row; the threshold is ``PublicSettings.small_number_threshold``), by the one
rule of :mod:`pif.reports.small_numbers` (``is_small``, ``small_fields``, ``count_fields``).
A report for the public honours the same choice, else it would print what the public pages
hide. For such an indicator, in a public build only, when any of its charted values (or its
latest value) holds a small count:

- the chart is left out (its points, summary, mean and limits are worked from the small
  values, and a mean with the other values shown gives a withheld one back);
- the data table lists each period with a small value as "Suppressed (small number)", the
  others as they are, and the target (when it has one); not the mean, the limits or what
  each point shows;
- when the latest value is small, the latest value and the status sentence's figure say
  "Suppressed (small number)".

The partnership's suppressions and threshold are read once per build (two queries, see
:class:`SmallNumbers`); :meth:`SmallNumbers.mark` hands the rule to each suppressed
indicator, and :class:`pif.reports.as_of.IndicatorAsOf` withholds its values when it is read
as it stood, so every section built from it (blocks, the statutory reports' tables) sees
only what may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from pif.reports.small_numbers import count_fields, small_fields

SUPPRESSED = "Suppressed (small number)"
NOT_SHOWN = ("Small numbers are suppressed, so that no one can be identified: the chart is "
             "not shown.")
WITHHELD_HEADERS = ("Period", "Value", "Target")


@dataclass(frozen=True)
class Withheld:
    """What was withheld from an indicator: ``latest`` (its latest value is small) and
    ``data`` (its data table with small values replaced, or None when it had no chart)."""

    latest: bool
    data: dict | None


class SmallNumbers:
    """Which indicators' small numbers the partnership suppresses, and below what number
    (``threshold``; 0 suppresses nothing). Two queries, once per build."""

    def __init__(self, partnership):
        from pif.reports.models import Suppression
        from pif.reports.public_snapshot import settings_for

        self.threshold = settings_for(partnership).small_number_threshold
        self.suppressed = frozenset(Suppression.objects.filter(partnership=partnership)
                                    .values_list("indicator_id", flat=True))

    def applies_to(self, indicator) -> bool:
        return (bool(self.threshold) and indicator.pk in self.suppressed
                and bool(count_fields(indicator)))

    def mark(self, indicators) -> list:
        """``indicators`` (Indicator rows), each suppressed one carrying this rule as
        ``small_numbers`` (read by :class:`pif.reports.as_of.IndicatorAsOf`)."""
        indicators = list(indicators)
        for indicator in indicators:
            if self.applies_to(indicator):
                indicator.small_numbers = self
        return indicators

    def is_small(self, indicator, observation) -> bool:
        """Whether ``observation`` (an Observation, a chart row, a status's latest row)
        holds a small count of ``indicator``."""
        return bool(small_fields(observation, indicator, self.threshold))

    def withhold(self, state) -> None:
        """Withhold ``state``'s small values (an IndicatorAsOf of a suppressed indicator):
        drop its chart, keep its data table with small values replaced, and say whether its
        latest value is small. Nothing changes when none of its values is small."""
        chart = state.chart
        rows = chart.rows if chart is not None else ()
        small_rows = {row.period for row in rows if self.is_small(state, row)}
        latest = getattr(state.current_status, "latest_row", None)
        latest_small = latest is not None and self.is_small(state, latest)
        if not small_rows and not latest_small:
            return
        data = None
        if chart is not None:
            targets = chart.has_target
            data = {"headers": list(WITHHELD_HEADERS[:3 if targets else 2]),
                    "rows": [[row.label, _value_words(row, row.period in small_rows),
                              *([row.target_text] if targets else [])] for row in rows]}
        state.withheld = Withheld(latest=latest_small, data=data)
        state.chart = None


def _value_words(row, small: bool) -> str:
    if small:
        return SUPPRESSED
    if row.value is None:
        return row.missing_code or "No data"
    return row.value_text


def is_withheld(indicator, observation) -> bool:
    """Whether a public report must not show ``observation`` (any of the indicator's
    observations, totals or breakdowns): a small count of an indicator whose small numbers
    are suppressed. False for a report for members."""
    rule = getattr(indicator, "small_numbers", None)
    return rule is not None and rule.is_small(indicator, observation)


def withheld_row(indicator, row: dict) -> dict:
    """An ``IndicatorRow`` (pif/reports/kinds/blocks.py) with what was withheld from
    ``indicator`` taken out: the latest value and the status sentence's figure, when small,
    and a word on the chart left out."""
    withheld = getattr(indicator, "withheld", None)
    if withheld is None:
        return row
    status = row["status"]
    if withheld.latest:
        from pif.reviews.status_words import latest_words

        first = f"Latest value {latest_words(indicator)}."
        period = f" ({row['latest_period']})" if row["latest_period"] else ""
        rest = status[len(first):] if status.startswith(first) else ""
        status = f"Latest value{period}: {SUPPRESSED}.{rest}"
        row = {**row, "value": SUPPRESSED}
    if withheld.data is not None:
        status = f"{status} {NOT_SHOWN}".strip()
    return {**row, "status": status}
