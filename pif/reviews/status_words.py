"""An indicator's status in the words every stage 6 page uses (the briefing memo, the
presentation view): one set of words, so the memo and the meeting never disagree."""

from __future__ import annotations

from pif.lib.periods import label_of_key
from pif.measures.charts import format_value
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Rag, Variation


def status_words(indicator) -> dict:
    """Variation, assurance and RAG status of `indicator` (from its current status)."""
    status = indicator.current_status
    return {"variation": Variation.label_of(status.variation, NOT_ENOUGH_DATA),
            "assurance": Assurance.label_of(status.assurance, NO_TARGET),
            "rag": Rag.label_of(status.rag)}


def status_line(indicator) -> str:
    """The same words in one line: "Common cause; No target; Green"."""
    words = status_words(indicator)
    return "; ".join(filter(None, (words["variation"], words["assurance"], words["rag"])))


def latest_words(indicator) -> str:
    """The latest figure and its period: "52.3% (October 2026)", or "No data yet"."""
    status = indicator.current_status
    if not status.latest_period:
        return "No data yet"
    return (f"{format_value(status.latest_value, indicator)} "
            f"({label_of_key(status.latest_period)})")


def times_words(times: int) -> str:
    """How often, in words: "Not yet", "once", "2 times"."""
    if not times:
        return "Not yet"
    return "once" if times == 1 else f"{times:,} times"


def carry_over_question(follow_up) -> str:
    """The question a follow-up's carry-overs call for, from the same fields the summary shows
    (so the number always agrees): the escalation question once it went to the chair."""
    if follow_up.escalated_on:
        return (f"This was escalated to the chair on {follow_up.escalated_on:%-d %B %Y}: "
                "what will the chair do to unblock it before the next meeting?")
    if follow_up.times_carried_over:
        return (f"This has been carried over {times_words(follow_up.times_carried_over)}: "
                "what will make the difference before the next meeting?")
    return ""


def question_lines(item) -> list[str]:
    """An item's questions, one per line: those saved with it, then a follow-up's carry-over
    question worded from the follow-up as it is now."""
    lines = [line.strip() for line in item.questions.splitlines() if line.strip()]
    if item.follow_up_id and (extra := carry_over_question(item.follow_up)):
        lines.append(extra)
    return lines
