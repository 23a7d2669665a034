"""The "what it shows" text of the measures demo's commentary."""

from pif.lib.periods import Period
from pif.measures.demo.common import Unit
from pif.measures.models import Indicator, IndicatorStatus

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


VARIATION_SENTENCES = {
    "common_cause": "The chart shows common cause variation only: no sign yet of a real change.",
    "improvement_high": "The chart shows special cause variation in the right direction.",
    "improvement_low": "The chart shows special cause variation in the right direction.",
    "concern_high": "The chart shows special cause variation that is a concern.",
    "concern_low": "The chart shows special cause variation that is a concern.",
    "neutral_high": "The chart shows special cause variation (higher than usual).",
    "neutral_low": "The chart shows special cause variation (lower than usual).",
}


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
        verdict = {"green": "meets", "amber": "is just short of",
                   "red": "is short of"}.get(state.rag, "is measured against")
        text += f" It {verdict} the target of {_fmt(indicator, state.target_value)}."
    sentence = VARIATION_SENTENCES.get(state.variation)
    if sentence:
        text += f" {sentence}"
    return text
