"""An indicator's status in plain words for the public pages: "The latest figure is 92.0%,
for April 2024. Meeting its target of 95.0%. No sign of change beyond the usual ups and
downs."

Built from the stored status's values in the words of nobody's statistics course; the
control-chart words (pif.spc.vocabulary's ``description``) stay in ``details``, for a
"what the statistics say" box. Each phrase is keyed by a vocabulary member, so a status
value the vocabulary gains without a phrase here is a ``KeyError`` in the tests, not a
silent gap on the public pages.

When the latest value is a suppressed small number (:mod:`pif.reports.small_numbers`), the
sentence says so and nothing more: its red, amber or green, its variation and its direction
would each tell something of the withheld figure (see pif/reports/kinds/suppression.py,
the one rule public reports follow).
"""

from __future__ import annotations

from dataclasses import dataclass

from pif.lib.periods import label_of_key
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Direction, Rag, Variation

__all__ = ["NO_FIGURES", "SMALL_LATEST", "PublicStatus", "direction_words", "public_status"]

NO_FIGURES = "There are no published figures yet."
SMALL_LATEST = "The latest figure is a small number and is not published."

# Against the target, "{target}" filled in.
RAG_WORDS = {
    Rag.GREEN: "Meeting its target of {target}.",
    Rag.AMBER: "Just short of its target of {target}.",
    Rag.RED: "Not meeting its target of {target}.",
}
_CHANCE = "more than chance would explain"
VARIATION_WORDS = {
    Variation.COMMON_CAUSE: "No sign of change beyond the usual ups and downs.",
    Variation.IMPROVEMENT_HIGH: f"Getting better: recent figures are higher than before, "
                                f"{_CHANCE}.",
    Variation.IMPROVEMENT_LOW: f"Getting better: recent figures are lower than before, "
                               f"{_CHANCE}.",
    Variation.CONCERN_HIGH: f"Getting worse: recent figures are higher than before, "
                            f"{_CHANCE}.",
    Variation.CONCERN_LOW: f"Getting worse: recent figures are lower than before, {_CHANCE}.",
    Variation.NEUTRAL_HIGH: f"Changing: recent figures are higher than before, {_CHANCE}.",
    Variation.NEUTRAL_LOW: f"Changing: recent figures are lower than before, {_CHANCE}.",
}
TOO_FEW = "There are too few figures yet to tell whether it is changing."
ASSURANCE_WORDS = {
    Assurance.CONSISTENT_PASS: "If things carry on as they are, it should keep meeting "
                               "its target.",
    Assurance.CONSISTENT_FAIL: "If things carry on as they are, it will not meet its target: "
                               "something needs to change.",
    Assurance.INCONSISTENT: "If things carry on as they are, it will meet its target some "
                            "of the time but not always.",
}
DIRECTION_WORDS = {
    Direction.IMPROVING: "Better than the figure before.",
    Direction.WORSENING: "Worse than the figure before.",
    Direction.NO_CHANGE: "The same as the figure before.",
}


@dataclass(frozen=True)
class PublicStatus:
    """``sentence``: plain words for everyone; ``details``: the control-chart words, for a
    details box ("" when withheld or when there are no figures)."""

    sentence: str
    details: str


def public_status(status, *, value: str, target: str, latest_hidden: bool = False
                  ) -> PublicStatus:
    """The public words for a stored status (an ``IndicatorStatus`` or anything with its
    ``latest_period``, ``rag``, ``variation`` and ``assurance``); ``value`` and ``target``
    are already formatted in the indicator's unit ("" for none)."""
    if not status.latest_period:
        return PublicStatus(NO_FIGURES, "")
    if latest_hidden:
        return PublicStatus(SMALL_LATEST, "")
    period = label_of_key(status.latest_period)
    words = [f"The latest figure is {value}, for {period}." if value
             else f"There is no figure for {period}."]
    rag = Rag.of(status.rag)
    if target and rag is not None:
        words.append(RAG_WORDS[rag].format(target=target))
    elif target:
        words.append(f"Its target is {target}.")
    else:
        words.append("It has no target.")
    variation = Variation.of(status.variation)
    words.append(VARIATION_WORDS[variation] if variation is not None else TOO_FEW)
    assurance = Assurance.of(status.assurance)
    if assurance is not None and target:
        words.append(ASSURANCE_WORDS[assurance])
    return PublicStatus(" ".join(words), details(status))


def details(status) -> str:
    """The control-chart words: "Common cause variation. Target may or may not be met.\""""
    variation = Variation.of(status.variation)
    words = [f"{variation.description}." if variation else f"{NOT_ENOUGH_DATA}."]
    assurance = Assurance.of(status.assurance)
    words.append(f"{assurance.description}." if assurance else f"{NO_TARGET}.")
    return " ".join(words)


def direction_words(direction: str) -> str:
    """Since the previous figure, in plain words ("" when unknown)."""
    member = Direction.of(direction)
    return DIRECTION_WORDS[member] if member is not None else ""
