"""The Vega-Lite spec of an SPC chart, in the Making Data Count style.

One layered spec serves both the browser (``width: "container"``) and the server
(:mod:`pif.measures.charts.render` fixes the width). Layers, back to front:

1. annotations: a vertical rule (solid for a rebase, dotted otherwise) and its text; then
   changes made (PDSA cycles, actions, from :mod:`pif.measures.charts.marks`): a blue
   dash-dot rule and its label in blue, under the annotations' labels;
2. reference lines from one ``fold``: mean or centre line (solid black; dashed orange in a
   part whose runs analysis signals, as qicharts2 draws it, ADR 0010), process
   limits (dashed grey) and target or trajectory (dashed red), drawn as steps so a
   trajectory changes at its periods and P/U chart limits sit level on each point;
3. the values, a grey line;
4. the points, coloured **and shaped** by point type (WCAG 1.4.1), with tooltips;
5. values awaiting approval: hollow points labelled "awaiting approval". They are not part
   of the analysis, and one far outside the approved values is drawn at the edge of the
   chart (its tooltip and label give the real figure), so it never stretches the scale.

Every line has ``detail`` on its phase, so lines break at a rebase, and a missing
value (null) breaks the line too. Colours are NHSRplotthedots 0.2.2's; point
outlines use darker shades so each point keeps 3:1 contrast with white (WCAG 1.4.11).
"""

from pif.lib.periods import Period
from pif.measures.charts.formatting import unit_title
from pif.spc.vocabulary import PointType

__all__ = ["POINT_STYLES", "VEGA_LITE_SCHEMA", "chart_spec"]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
HEIGHT = 320

#: Point type text -> (fill, outline, shape). Fills are the MDC colours.
POINT_STYLES = {
    PointType.COMMON_CAUSE.label: ("#a6a6a6", "#6f6f6f", "circle"),
    PointType.SPECIAL_CAUSE_IMPROVEMENT.label: ("#00b0f0", "#0072a3", "square"),
    PointType.SPECIAL_CAUSE_CONCERN.label: ("#e46c0a", "#b45000", "diamond"),
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.label: ("#490092", "#490092", "triangle-up"),
}
LINE_COLOUR = "#7b7d7d"  # values and process limits: 4.1:1 on white
MEAN_COLOUR = "#000000"
TARGET_COLOUR = "#de1b1b"
RUNS_SIGNAL_COLOUR = "#b45000"  # the concern outline's orange: 5:1 on white
ANNOTATION_COLOUR = "#505a5f"
CHANGE_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
CHANGE_DASH = [6, 2, 1, 2]  # dash-dot, apart from annotations' dots and the limits' dashes
RIGHT_SIDE = "scale('x', datum.label) > width * 0.6"  # a change label there runs leftwards
WAITING_COLOUR = "#505a5f"  # 7:1 on white
TEXT_COLOUR = "#0b0c0c"
FONT = "Arial, Helvetica, sans-serif"
MAX_AXIS_LABELS = 12


def _scale_range(rows) -> tuple[float, float] | None:
    """The lowest and highest numbers the chart draws from values that count."""
    numbers = [n for row in rows for n in (row.value, row.mean, row.lower, row.upper, row.target)
               if n is not None]
    return (min(numbers), max(numbers)) if numbers else None


def _waiting_y(row, scale: tuple[float, float] | None) -> float | None:
    """Where a value awaiting approval is drawn: at the chart's edge if beyond it."""
    if row.waiting_value is None or scale is None:
        return row.waiting_value
    return min(max(row.waiting_value, scale[0]), scale[1])


def _datum(row, scale=None) -> dict:
    style = POINT_STYLES.get(row.point_type_text)
    return {
        "period": row.period,
        "label": row.label,
        "start": row.start.isoformat(),
        "value": row.value,
        "mean": row.mean,
        "lower": row.lower,
        "upper": row.upper,
        "target": row.target,
        "phase": row.phase,
        "runs_signal": row.runs_signal,
        "type": row.point_type_text or None,
        "outline": style[1] if style else None,
        "signal": row.signal_text,
        "value_text": row.value_text or (f"No value ({row.missing_code})"
                                         if row.missing_code else "No value"),
        "mean_text": row.mean_text,
        "lower_text": row.lower_text,
        "upper_text": row.upper_text,
        "target_text": row.target_text,
        "waiting": _waiting_y(row, scale),
        "waiting_text": row.waiting_text or None,
    }


def _axis_values(labels: list[str]) -> list[str]:
    """At most about MAX_AXIS_LABELS evenly spaced labels, always including the last."""
    step = max(1, -(-len(labels) // MAX_AXIS_LABELS))
    return labels[::-1][::step][::-1]


def _y(field: str, title: str, label_expr: str | None) -> dict:
    axis = {"title": title}
    if label_expr:
        axis["labelExpr"] = label_expr
    return {"field": field, "type": "quantitative", "scale": {"zero": False}, "axis": axis}


def _annotation_layers(annotations, labels, x) -> list[dict]:
    shown = [(Period.from_key(a.period).label, a) for a in annotations]
    shown = [(label, a) for label, a in shown if label in labels]
    if not shown:
        return []
    values = [{"label": label, "text": a.text, "rebase": bool(a.is_rebase),
               "kind": "Rebase: limits recalculated" if a.is_rebase else "Annotation",
               "offset": 2 + 14 * (position % 3)}
              for position, (label, a) in enumerate(shown)]
    data = {"values": values}
    return [
        {"data": data,
         "mark": {"type": "rule", "color": ANNOTATION_COLOUR, "strokeWidth": 1},
         "encoding": {
             "x": x,
             "strokeDash": {"condition": {"test": "datum.rebase", "value": [1, 0]},
                            "value": [2, 3]},
             "tooltip": [{"field": "label", "title": "Period"},
                         {"field": "kind", "title": "Kind"},
                         {"field": "text", "title": "Note"}]}},
        {"data": data,
         "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 3,
                  "fontSize": 11, "color": TEXT_COLOUR, "limit": 160},
         "encoding": {"x": x, "y": {"field": "offset", "type": "quantitative", "scale": None},
                      "text": {"field": "text"}}},
    ]


def _change_layers(rows, x, first_offset: int) -> list[dict]:
    values = [{"label": row.label, "text": mark.label, "kind": mark.kind,
               "offset": first_offset + 14 * (position % 3)}
              for position, (row, mark) in enumerate(
                  (row, mark) for row in rows for mark in row.changes)]
    if not values:
        return []
    data = {"values": values}
    return [
        {"data": data,
         "mark": {"type": "rule", "color": CHANGE_COLOUR, "strokeWidth": 1.5,
                  "strokeDash": CHANGE_DASH},
         "encoding": {"x": x,
                      "tooltip": [{"field": "label", "title": "Period"},
                                  {"field": "kind", "title": "Change made"},
                                  {"field": "text", "title": "What"}]}},
        {"data": data,
         # a label in the right 40% of the plot runs leftwards, so it stays on a phone's
         # narrow chart
         "mark": {"type": "text", "baseline": "top", "fontSize": 11, "color": CHANGE_COLOUR,
                  "limit": 120, "align": {"expr": f"{RIGHT_SIDE} ? 'right' : 'left'"},
                  "dx": {"expr": f"{RIGHT_SIDE} ? -3 : 3"}},
         "encoding": {"x": x, "y": {"field": "offset", "type": "quantitative", "scale": None},
                      "text": {"field": "text"}}},
    ]


def chart_spec(indicator, rows, annotations=(), *, centre_label="Mean",
               target_label="Target", description="") -> dict:
    """A JSON-serialisable Vega-Lite spec of ``rows`` (:class:`ChartRow`); no NaN in it."""
    labels = [row.label for row in rows]
    scale = _scale_range(rows)
    data = [_datum(row, scale) for row in rows]
    unit = indicator.unit
    label_expr = {"percentage": "datum.label + '%'",
                  "currency": "'£' + datum.label"}.get(unit)
    y_title = unit_title(indicator)
    x = {"field": "label", "type": "ordinal", "sort": labels,
         "scale": {"domain": labels},
         "axis": {"title": None, "labelAngle": -45, "labelAlign": "right",
                  "values": _axis_values(labels), "labelLimit": 140}}

    has_limits = any(row.lower is not None or row.upper is not None for row in rows)
    has_target = any(row.target is not None for row in rows)
    lines = [("mean", centre_label)]
    if has_limits:
        lines += [("lower", "Process limits"), ("upper", "Process limits")]
    if has_target:
        lines.append(("target", target_label))
    names = list(dict.fromkeys(name for _, name in lines))
    runs_name = f"{centre_label}: runs signal"
    colours = {centre_label: MEAN_COLOUR, "Process limits": LINE_COLOUR,
               target_label: TARGET_COLOUR, runs_name: RUNS_SIGNAL_COLOUR}
    dashes = {centre_label: [1, 0], "Process limits": [5, 4], target_label: [8, 4],
              runs_name: [6, 3]}
    name_expr = " : ".join(f"datum.line === '{key}' ? '{name}'" for key, name in lines)
    centred = [row.runs_signal for row in rows if row.mean is not None]
    if any(centred):
        names.insert(1, runs_name)
        name_expr = f"datum.line === 'mean' && datum.runs_signal ? '{runs_name}' : {name_expr}"
        if all(centred):  # no part has a plain centre line: keep it out of the legend
            names.remove(centre_label)
    reference = {
        "transform": [
            {"fold": [key for key, _ in lines], "as": ["line", "level"]},
            {"calculate": f"{name_expr} : ''", "as": "line_name"},
            # the target runs across phases; the other lines break at each rebase
            {"calculate": "datum.line === 'target' ? 'target' : datum.line + datum.phase",
             "as": "segment"},
        ],
        # Steps: a trajectory changes at a period, and P and U chart limits are
        # per point; a constant line is the same either way.
        "mark": {"type": "line", "interpolate": "step", "strokeWidth": 1.5},
        "encoding": {
            "x": x,
            "y": _y("level", y_title, label_expr),
            "color": {"field": "line_name", "type": "nominal",
                      "scale": {"domain": names, "range": [colours[n] for n in names]},
                      "legend": {"title": None, "orient": "bottom", "symbolStrokeWidth": 2}},
            "strokeDash": {"field": "line_name", "type": "nominal",
                           "scale": {"domain": names, "range": [dashes[n] for n in names]},
                           "legend": {"title": None, "orient": "bottom"}},
            "detail": {"field": "segment", "type": "nominal"},
        },
    }
    values_line = {
        "mark": {"type": "line", "color": LINE_COLOUR, "strokeWidth": 1.5},
        "encoding": {"x": x, "y": _y("value", y_title, label_expr),
                     "detail": {"field": "phase", "type": "nominal"}},
    }
    types = [name for name in POINT_STYLES if any(row.point_type_text == name for row in rows)]
    tooltip = [{"field": "label", "title": "Period"},
               {"field": "value_text", "title": "Value"},
               {"field": "mean_text", "title": centre_label}]
    if has_limits:
        tooltip += [{"field": "lower_text", "title": "Lower process limit"},
                    {"field": "upper_text", "title": "Upper process limit"}]
    if has_target:
        tooltip.append({"field": "target_text", "title": target_label})
    tooltip += [{"field": "type", "title": "Point type"},
                {"field": "signal", "title": "Signal"}]
    points = {
        "transform": [{"filter": "datum.type != null && datum.value != null"}],
        "mark": {"type": "point", "filled": True, "size": 60, "strokeWidth": 1.2,
                 "opacity": 1},
        "encoding": {
            "x": x,
            "y": _y("value", y_title, label_expr),
            "color": {"field": "type", "type": "nominal",
                      "scale": {"domain": types, "range": [POINT_STYLES[t][0] for t in types]},
                      "legend": {"title": None, "orient": "bottom"}},
            "shape": {"field": "type", "type": "nominal",
                      "scale": {"domain": types, "range": [POINT_STYLES[t][2] for t in types]},
                      "legend": {"title": None, "orient": "bottom"}},
            "stroke": {"field": "outline", "type": "nominal", "scale": None},
            "tooltip": tooltip,
        },
    }
    notes = _annotation_layers(annotations, set(labels), x)
    note_rows = min(len(notes[0]["data"]["values"]), 3) if notes else 0  # label lines used
    only_waiting = [{"filter": "datum.waiting != null"}]
    waiting = [
        {"transform": only_waiting,
         "mark": {"type": "point", "filled": False, "size": 70, "strokeWidth": 2,
                  "color": WAITING_COLOUR, "shape": "circle", "opacity": 1},
         "encoding": {"x": x, "y": _y("waiting", y_title, label_expr),
                      "tooltip": [{"field": "label", "title": "Period"},
                                  {"field": "waiting_text", "title": "Value"}]}},
        {"transform": only_waiting,
         "mark": {"type": "text", "align": "left", "dx": 7, "dy": -7, "fontSize": 11,
                  "color": TEXT_COLOUR, "text": "awaiting approval"},
         "encoding": {"x": x, "y": _y("waiting", y_title, label_expr)}},
    ] if any(row.is_waiting for row in rows) else []
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": "container",
        "height": HEIGHT,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "background": "white",
        "data": {"values": data},
        "layer": [*notes, *_change_layers(rows, x, 2 + 14 * note_rows),
                  reference, values_line,
                  points, *waiting],
        "resolve": {"scale": {"color": "independent", "shape": "independent",
                              "strokeDash": "independent"}},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": TEXT_COLOUR,
                     "titleColor": TEXT_COLOUR, "gridColor": "#e5e6e7", "domainColor": TEXT_COLOUR,
                     "tickColor": TEXT_COLOUR, "titleFontWeight": "normal"},
            "legend": {"labelFontSize": 12, "labelColor": TEXT_COLOUR, "labelLimit": 260,
                       "direction": "horizontal"},
        },
    }
