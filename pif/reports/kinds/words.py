"""An indicator's status as one plain-English sentence, in the status words of
pif/spc/vocabulary.py and the latest figure as pif/reviews/status_words.py writes it, so a
report never words a status differently from the pages."""

from __future__ import annotations

from pif.measures.charts import format_value
from pif.reviews.status_words import latest_words
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Direction, Rag, Variation


def _latest_signal(chart) -> str:
    """The rule that flags the latest charted value ("Run of 7 on one side of the mean"),
    or ""."""
    if chart is None:
        return ""
    observed = [row for row in chart.rows if row.value is not None]
    return observed[-1].signal_text if observed else ""


def status_sentence(indicator, chart=None) -> str:
    """"Latest value 92.0% (April 2024). Special cause variation: improvement (higher):
    run of 7 on one side of the mean. Green against the target of 95.0%: target may or may
    not be met. Improving since the previous value."

    ``indicator`` is an Indicator or a :class:`pif.reports.as_of.IndicatorAsOf` (whose
    ``current_status`` and ``chart`` are those of the report's day)."""
    status = indicator.current_status
    if not status.latest_period:
        return f"{latest_words(indicator)}."
    chart = chart if chart is not None else getattr(indicator, "chart", None)
    sentences = [f"Latest value {latest_words(indicator)}."]
    variation = Variation.of(status.variation)
    if variation is None:
        sentences.append(f"{NOT_ENOUGH_DATA} to show variation.")
    else:
        signal = _latest_signal(chart) if variation.is_special_cause else ""
        sentences.append(f"{variation.description}"
                         + (f": {signal[0].lower()}{signal[1:]}." if signal else "."))
    if status.target_value is None:
        sentences.append(f"{NO_TARGET}.")
    else:
        target = format_value(status.target_value, indicator)
        rag = Rag.of(status.rag)
        words = (f"{rag.label} against the target of {target}" if rag
                 else f"Target {target}")
        assurance = Assurance.of(status.assurance)
        if assurance is not None:
            words += f": {assurance.description[0].lower()}{assurance.description[1:]}"
        sentences.append(words + ".")
    direction = Direction.of(status.direction)
    if direction is not None:
        sentences.append(f"{direction.label} since the previous value.")
    return " ".join(sentences)
