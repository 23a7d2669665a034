"""The "what it shows" text of the measures demo's commentary."""

from pif.lib.periods import Period
from pif.measures.demo.common import Unit
from pif.measures.models import Indicator, IndicatorStatus
from pif.spc.vocabulary import Rag, Variation

# --- formatting for commentary ---------------------------------------------------------------

def _fmt(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "no figure"
    number = f"{value:,.{indicator.decimals}f}"
    if indicator.unit == Unit.PERCENTAGE:
        return f"{number}%"
    if indicator.unit == Unit.CURRENCY:
        return f"£{number}"
    if indicator.unit == Unit.DAYS:
        return f"{number} days"
    if indicator.unit == Unit.RATE and indicator.rate_per:
        return f"{number} per {indicator.rate_per:,}"
    return number


_RIGHT_WAY = "The chart shows special cause variation in the right direction."
_A_CONCERN = "The chart shows special cause variation that is a concern."
VARIATION_SENTENCES = {
    Variation.COMMON_CAUSE: ("The chart shows common cause variation only: no sign yet of a "
                             "real change."),
    Variation.IMPROVEMENT_HIGH: _RIGHT_WAY,
    Variation.IMPROVEMENT_LOW: _RIGHT_WAY,
    Variation.CONCERN_HIGH: _A_CONCERN,
    Variation.CONCERN_LOW: _A_CONCERN,
    Variation.NEUTRAL_HIGH: "The chart shows special cause variation (higher than usual).",
    Variation.NEUTRAL_LOW: "The chart shows special cause variation (lower than usual).",
}

RAG_VERDICTS = {Rag.RED: "is short of", Rag.AMBER: "is just short of", Rag.GREEN: "meets"}


def _what_it_shows(indicator: Indicator, state: IndicatorStatus) -> str:
    label = Period.from_key(state.latest_period).label
    latest, previous = state.latest_value, state.previous_value
    text = f"The figure for {label} is {_fmt(indicator, latest)}"
    if previous is not None:
        if round(latest, indicator.decimals) == round(previous, indicator.decimals):
            text += ", the same as the period before"
        else:
            word = "up" if latest > previous else "down"
            text += f", {word} from {_fmt(indicator, previous)} the period before"
    text += "."
    if state.target_value is not None:
        verdict = RAG_VERDICTS.get(state.rag, "is measured against")
        text += f" It {verdict} the target of {_fmt(indicator, state.target_value)}."
    sentence = VARIATION_SENTENCES.get(state.variation)
    if sentence:
        text += f" {sentence}"
    return text
