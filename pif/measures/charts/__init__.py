"""Charts of indicators: Making Data Count SPC charts and sparklines.

=====================================================  ========================================
Function                                               What it does
=====================================================  ========================================
``build_chart(indicator, observations, annotations,    SPC analysis (``pif.spc.xmr`` or
schedule, *, as_of_label=None) -> Chart``              ``pif.spc.qic`` by chart type) with rows
                                                       for the data table, a Vega-Lite spec,
                                                       server-rendered SVG and a summary
``observations_as_of(indicator, when)``                total observations as they stood at a
``annotations_as_of(indicator, when)``                 past time (django-simple-history)
``chart_spec(indicator, rows, ...)``                   the Vega-Lite spec alone
``render_svg(spec)`` / ``accessible_svg(svg, title)``  cached server rendering; inline-ready SVG
``sparkline_svg(values, *, width=96, height=24)``      tiny aria-hidden line of recent values
``format_value(value, indicator)``                     a value in the indicator's unit
``how_to_read(chart_type, *, has_target)``             "How to read this chart" for a chart type
``PartRuns``                                           runs verdict of a part (``Chart.runs``)
``marks_for(indicators)`` / ``ChangeMark``             changes made (PDSA cycles, actions) that
                                                       other apps register (:mod:`.marks`)
``SinceChange``                                        has the process shifted since the latest
                                                       change? (``Chart.since``, :mod:`.since`)
=====================================================  ========================================
"""

from pif.measures.charts.analysis import ChartRow
from pif.measures.charts.chart import (
    CHART_NAMES,
    Chart,
    annotations_as_of,
    build_chart,
    indicator_chart,
    indicator_charts,
    observations_as_of,
)
from pif.measures.charts.formatting import format_value, unit_title
from pif.measures.charts.marks import ChangeMark, marks_for
from pif.measures.charts.reading import PartRuns, how_to_read
from pif.measures.charts.render import VL_VERSION, accessible_svg, render_svg
from pif.measures.charts.since import SinceChange, change_row
from pif.measures.charts.spec import POINT_STYLES, chart_spec
from pif.measures.sparkline import sparkline_svg

__all__ = [
    "CHART_NAMES",
    "ChangeMark",
    "POINT_STYLES",
    "VL_VERSION",
    "Chart",
    "ChartRow",
    "PartRuns",
    "SinceChange",
    "accessible_svg",
    "change_row",
    "annotations_as_of",
    "build_chart",
    "chart_spec",
    "format_value",
    "how_to_read",
    "indicator_chart",
    "indicator_charts",
    "marks_for",
    "observations_as_of",
    "render_svg",
    "sparkline_svg",
    "unit_title",
]
