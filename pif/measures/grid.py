"""The data grid: the recent and the due periods of one indicator, edited together."""

from dataclasses import dataclass, replace

from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period
from pif.measures.collection import following
from pif.measures.models import Indicator
from pif.measures.writing import ObservationInput

RECENT_PERIODS = 12
FUTURE_PERIODS = 2


@dataclass(frozen=True)
class GridRow:
    period: Period
    text: str
    status: str
    approved: bool
    observation: object = None

    @property
    def existing(self) -> bool:
        return self.observation is not None

    @property
    def field_name(self) -> str:
        return f"value-{self.period.key}"


def _shown_value(observation) -> str:
    if observation.value is None:
        return observation.missing_code
    text = repr(observation.value)
    return text[:-2] if text.endswith(".0") else text


def grid_rows(indicator: Indicator) -> list[GridRow]:
    """The last recorded periods, then the periods after them up to the next ones due."""
    recent = list(indicator.observations.filter(breakdown__isnull=True)
                  .order_by("-period_start")[:RECENT_PERIODS])[::-1]
    rows = [GridRow(o.period_obj, _shown_value(o), o.get_status_display(), o.is_approved, o)
            for o in recent]
    period = following(rows[-1].period) if rows else None
    for _ in range(FUTURE_PERIODS if period else 0):
        rows.append(GridRow(period, "", "", False))
        period = following(period)
    return rows


def with_posted_values(rows: list[GridRow], data) -> list[GridRow]:
    return [replace(row, text=data.get(row.field_name, row.text)) for row in rows]


def read_grid(indicator: Indicator, rows: list[GridRow], data):
    """Rows whose text changed, as ObservationInputs, and problems as (field, message)."""
    inputs, problems = [], []
    for row in rows:
        text = data.get(row.field_name, row.text).strip()
        if text == row.text.strip() or (not text and not row.existing):
            continue
        try:
            parsed = parse_number(text)
        except NumberError as error:
            problems.append((row.field_name, f"{row.period.label}: {error}"))
            continue
        kept = {}
        if row.observation is not None:  # keep what the grid does not show
            kept = {name: getattr(row.observation, name)
                    for name in ("numerator", "denominator", "note", "status")}
        inputs.append(ObservationInput(indicator=indicator, period=row.period,
                                       value=parsed.value,
                                       missing_code=parsed.missing_code or "", **kept))
    return inputs, problems
