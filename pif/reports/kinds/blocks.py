"""The document's pieces (pif/reports/document.py): an ``IndicatorRow`` or an
``IndicatorBlock`` from an indicator as it stood on the report's day
(:class:`pif.reports.as_of.IndicatorAsOf`), an ``ActionRow`` from an action as its history
held it (:class:`pif.reports.as_of.ActionAsOf`), and the key figures. No queries: the
builders read everything first."""

from __future__ import annotations

import json

from pif.lib.periods import format_long_date, label_of_key
from pif.measures.charts import format_value, unit_title
from pif.reports.kinds import suppression
from pif.reports.kinds.words import status_sentence
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Direction, Rag, Variation

DATA_HEADERS = ["Period", "Value", "Mean", "Lower limit", "Upper limit", "Target",
                "What the point shows"]


def indicator_row(indicator, outcomes: dict[int, list[str]]) -> dict:
    """An ``IndicatorRow``: the indicator's figures and status words on the day (in a
    public report, small numbers withheld: pif/reports/kinds/suppression.py)."""
    status = indicator.current_status
    has_data = bool(status.latest_period)
    return suppression.withheld_row(indicator, {
        "id": indicator.pk, "code": indicator.code, "title": indicator.title,
        "outcome": "; ".join(outcomes.get(indicator.pk, [])),
        "latest_period": label_of_key(status.latest_period) if has_data else "",
        "value": format_value(status.latest_value, indicator) if has_data else "No data",
        "target": (format_value(status.target_value, indicator)
                   if status.target_value is not None else ""),
        "variation_label": Variation.label_of(status.variation,
                                              NOT_ENOUGH_DATA if has_data else ""),
        "assurance_label": Assurance.label_of(status.assurance,
                                              NO_TARGET if status.target_value is None
                                              else ""),
        "rag": status.rag or "", "rag_label": Rag.label_of(status.rag),
        "direction_label": Direction.label_of(status.direction),
        "status": status_sentence(indicator),
    })


def _plain(value):
    """A Vega-Lite spec as plain JSON (dates as text), as it is kept."""
    return json.loads(json.dumps(value, default=str))


def data_table(chart) -> dict:
    """The chart's data table: one row per period, as the indicator's page lists it."""
    rows = []
    for row in chart.rows if chart is not None else ():
        value = row.value_text
        if row.is_waiting:
            value = (f"{value}; {row.waiting_text}" if value else row.waiting_text)
        elif row.value is None:
            value = row.missing_code or "No data"
        rows.append([row.label, value, row.mean_text, row.lower_text, row.upper_text,
                     row.target_text, row.point_type_text])
    return {"headers": list(DATA_HEADERS), "rows": rows}


def indicator_block(indicator, outcomes: dict[int, list[str]], actions: list[dict]) -> dict:
    """An ``IndicatorBlock``: the row, with definition, chart, data table, the latest
    commentary and the linked actions. In a public report, an indicator whose small numbers
    are suppressed has no chart and a data table with them withheld
    (pif/reports/kinds/suppression.py)."""
    chart = getattr(indicator, "chart", None)
    withheld = getattr(indicator, "withheld", None)
    commentary = getattr(indicator, "commentary", None)
    return {
        **indicator_row(indicator, outcomes),
        "definition": indicator.definition, "unit_label": unit_title(indicator),
        "commentary": ({key: commentary[key] for key in ("period", "what_it_shows", "why",
                                                          "actions")}
                       if commentary else None),
        "chart": ({"spec": _plain(chart.spec), "alt": chart.summary}
                  if chart is not None else None),
        "data": (withheld.data if withheld is not None and withheld.data is not None
                 else data_table(chart)),
        "actions": actions,
    }


def action_row(action) -> dict:
    """An ``ActionRow`` from a :class:`pif.reports.as_of.ActionAsOf`."""
    due = action.due_date
    return {"reference": action.reference, "title": action.title, "owner": action.owner,
            "status_label": action.status_label, "percent_complete": action.percent_complete,
            "due_date": due.isoformat() if due else "",
            "due_date_label": format_long_date(due) if due else (
                "Ongoing" if action.is_ongoing else "")}


def actions_by_indicator(actions) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for action in actions:
        for indicator_id in action.indicator_ids:
            found.setdefault(indicator_id, []).append(action_row(action))
    return found


def indicator_figures(indicators) -> list[dict]:
    """The key figures of a set of indicators on the day, in the status words of
    pif/spc/vocabulary.py."""
    from pif.spc.vocabulary import Signal

    signals = [indicator.current_status.signal for indicator in indicators]
    rags = [Rag.of(indicator.current_status.rag) for indicator in indicators]
    return [
        {"label": "Indicators", "value": str(len(indicators))},
        {"label": Signal.IMPROVING.label, "value": str(signals.count(Signal.IMPROVING))},
        {"label": Signal.CONCERN.label, "value": str(signals.count(Signal.CONCERN))},
        {"label": f"{Rag.GREEN.label} (meeting the target)",
         "value": str(rags.count(Rag.GREEN))},
        {"label": f"{Rag.AMBER.label} (close to the target)",
         "value": str(rags.count(Rag.AMBER))},
        {"label": f"{Rag.RED.label} (missing the target)", "value": str(rags.count(Rag.RED))},
        # So the red, amber and green counts add up to the indicators.
        {"label": f"{NO_TARGET} or not enough data",
         "value": str(sum(1 for rag in rags if rag not in (Rag.RED, Rag.AMBER, Rag.GREEN)))},
        {"label": Signal.NO_DATA.label, "value": str(signals.count(Signal.NO_DATA))},
    ]
