"""A report's charts, drawn from the Vega-Lite spec the document keeps (the spec the
indicator's page draws), for the screen and for print.

On screen a chart is the page's inline SVG (:func:`pif.measures.charts.render.accessible_svg`).
In a PDF it is an ``<img>`` of the SVG (a ``data:`` URI) with the chart's text alternative as
its ``alt``: WeasyPrint tags an ``<img alt>`` as a ``/Figure`` with ``/Alt``, while an inline
``<svg>`` gets none. WeasyPrint draws SVG in Python, node by node, so the print copy of a
chart is made lighter first (measured: a board report of 50 charts took 4.4 s to draw):

- the spec: no tooltips; points only where there is special cause variation (the grey
  common cause points add about sixty shapes a chart, and the line already shows each
  value); at most :data:`PRINT_AXIS_LABELS` level period labels and about four value labels,
  with no grid lines, ticks or axis title (the unit is written beside the chart);
- the data: only the fields the spec names (the print spec has no tooltips, so the
  ``*_text`` fields go), which Vega then reads faster;
- the SVG: see :mod:`pif.reports.render.svg` (fewer nodes, attributes and points, drawing
  the same).

The print copy is cached on the spec's JSON. The spec's data is not copied (it is read, never
changed): a report of fifty charts made some 200,000 ``deepcopy`` calls before.
"""

import base64
import copy
import hashlib
import json
import threading
from functools import lru_cache

from pif.measures.charts.render import VL_VERSION, accessible_svg, render_svg
from pif.reports.render.svg import draw
from pif.spc.vocabulary import PointType

__all__ = ["PRINT_AXIS_LABELS", "PRINT_HEIGHT", "PRINT_WIDTH", "chart_key", "print_spec",
           "print_svg", "print_svg_data_uri", "screen_svg", "start_engine"]

PRINT_WIDTH = 640
PRINT_HEIGHT = 220
PRINT_AXIS_LABELS = 5
PRINT_LABEL_LIMIT = 110
COMMON_CAUSE = PointType.COMMON_CAUSE.label

def screen_svg(chart: dict, *, id_prefix: str = "pif-report-chart") -> str:
    """The chart ``{"spec", "alt"}`` as accessible inline SVG, named by its ``alt``."""
    return accessible_svg(render_svg(chart["spec"]), chart["alt"], id_prefix=id_prefix)


def print_spec(spec: dict) -> dict:
    """A copy of ``spec`` lighter to draw on paper, at the print size (see the module's
    docstring). Its data values are those of ``spec``, not copies: change neither."""
    data = spec.get("data")
    spec = copy.deepcopy({key: value for key, value in spec.items() if key != "data"})
    spec["width"], spec["height"] = PRINT_WIDTH, PRINT_HEIGHT
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    layers = []
    for layer in spec.get("layer", []):
        encoding = layer.get("encoding", {})
        encoding.pop("tooltip", None)
        if isinstance(layer.get("mark"), dict):
            layer["mark"].pop("tooltip", None)
        x_axis = encoding.get("x", {}).get("axis")
        if isinstance(x_axis, dict):
            if isinstance(x_axis.get("values"), list):
                x_axis["values"] = _fewer(x_axis["values"], PRINT_AXIS_LABELS)
            # level labels take less of the chart's height than slanted ones
            x_axis.update(labelAngle=0, labelAlign="center", labelLimit=PRINT_LABEL_LIMIT)
        y_axis = encoding.get("y", {}).get("axis")
        if isinstance(y_axis, dict):
            y_axis["title"] = None  # the unit is written beside the chart
        if "shape" in encoding and _mark_type(layer) == "point":
            layer = _special_cause_points(layer)
            if layer is None:
                continue
        layers.append(layer)
    spec["layer"] = layers
    config = spec.setdefault("config", {})
    config.setdefault("axisY", {})["tickCount"] = 4
    # no grid lines or ticks: each is a shape WeasyPrint draws, and the labels say enough
    config.setdefault("axis", {}).update(grid=False, ticks=False, labelPadding=4)
    if data is not None:
        spec["data"] = _named_fields_only(data, json.dumps(spec))
    return spec


def _named_fields_only(data, spec_text: str):
    """The inline ``data`` with only the fields whose names appear in the rest of the spec
    (``spec_text``, its JSON): a field is only ever used by its name. Other data as it is."""
    values = data.get("values") if isinstance(data, dict) else None
    if not (isinstance(values, list) and values and all(isinstance(v, dict) for v in values)):
        return data
    names = {name for row in values for name in row}
    kept = {name for name in names if name in spec_text}
    if kept == names:
        return data
    return {**data, "values": [{name: value for name, value in row.items() if name in kept}
                               for row in values]}


def _mark_type(layer: dict) -> str:
    mark = layer.get("mark")
    return mark.get("type", "") if isinstance(mark, dict) else str(mark or "")


def _fewer(values: list, most: int) -> list:
    """At most about ``most`` of ``values`` evenly spaced, always keeping the last."""
    step = max(1, -(-len(values) // most))
    return values[::-1][::step][::-1]


def _special_cause_points(layer: dict) -> dict | None:
    """The points layer with common cause points (and their legend entry) left out; None
    when no other kind of point is left."""
    encoding = layer["encoding"]
    kept = []
    for channel in ("color", "shape"):
        scale = encoding.get(channel, {}).get("scale", {})
        domain, scale_range = scale.get("domain"), scale.get("range")
        if isinstance(domain, list) and isinstance(scale_range, list):
            pairs = [(d, r) for d, r in zip(domain, scale_range, strict=False)
                     if d != COMMON_CAUSE]
            scale["domain"], scale["range"] = [d for d, _ in pairs], [r for _, r in pairs]
            kept = scale["domain"]
    if not kept:
        return None
    layer["transform"] = [*layer.get("transform", []),
                          {"filter": f"datum.type !== {json.dumps(COMMON_CAUSE)}"}]
    return layer


_ENGINE_STARTED = threading.Event()


def start_engine() -> None:
    """Start ``vl_convert``'s JavaScript engine in the background (its first drawing in a
    process takes over a second), so that it is ready when a report's charts are drawn: call
    it before building a report that will be printed. Once a process; returns at once."""
    if _ENGINE_STARTED.is_set():
        return
    _ENGINE_STARTED.set()
    threading.Thread(target=_vega_svg, name="report-chart-engine", daemon=True, args=({
        "data": {"values": [{"a": 1}]}, "mark": "point",
        "encoding": {"x": {"field": "a", "type": "quantitative"}}},)).start()


def _vega_svg(spec: dict) -> str:
    return draw(spec, VL_VERSION)


@lru_cache(maxsize=256)
def _print_svg(spec_json: str) -> str:
    return _vega_svg(print_spec(json.loads(spec_json)))


def print_svg(spec: dict) -> str:
    """The print copy of the chart of ``spec`` as SVG (cached on the spec's JSON)."""
    return _print_svg(json.dumps(spec, sort_keys=True, allow_nan=False))


def chart_key(spec: dict) -> str:
    """A short name of the chart of ``spec``, the same for the same spec."""
    text = json.dumps(spec, sort_keys=True, allow_nan=False)
    return hashlib.blake2s(text.encode(), digest_size=10).hexdigest()


def print_svg_data_uri(spec: dict) -> str:
    """:func:`print_svg` as a ``data:`` URI for an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(print_svg(spec).encode()).decode()
