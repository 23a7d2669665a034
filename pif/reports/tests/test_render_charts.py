"""The print copy of a report's chart: lighter to draw, from the same Vega-Lite spec."""

import json
import re

import pytest

from pif.reports.render.charts import (
    COMMON_CAUSE,
    PRINT_AXIS_LABELS,
    PRINT_HEIGHT,
    PRINT_WIDTH,
    chart_key,
    print_spec,
    print_svg,
    print_svg_data_uri,
    screen_svg,
)
from pif.reports.render.svg import _straighter
from pif.reports.render.svg import lighter_svg as _lighter_svg
from pif.reports.tests.report_fixtures import fixture_report  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def chart(fixture_report):  # noqa: F811
    return fixture_report["sections"][1]["indicators"][0]["chart"]


def test_print_spec_has_no_tooltips_fewer_labels_and_only_special_cause_points(chart):
    spec = print_spec(chart["spec"])
    text = json.dumps(spec)
    assert "tooltip" not in text
    points = [layer for layer in spec["layer"] if "shape" in layer.get("encoding", {})]
    assert len(points) == 1
    assert COMMON_CAUSE not in points[0]["encoding"]["color"]["scale"]["domain"]
    assert points[0]["encoding"]["color"]["scale"]["domain"]  # the shift is still marked
    x_values = spec["layer"][0]["encoding"]["x"]["axis"]["values"]
    assert len(x_values) <= PRINT_AXIS_LABELS
    assert "tooltip" in json.dumps(chart["spec"])  # the page's spec is left as it was


def test_print_svg_is_plain_and_the_page_spec_untouched(chart):
    svg = print_svg(chart["spec"])
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    for noise in ('class="', "aria-", 'role="', "pointer-events"):
        assert noise not in svg
    assert not any(len(n.split(".")[1]) > 1 for n in
                   __import__("re").findall(r"\d+\.\d+", svg))  # rounded to 0.1
    assert print_svg(chart["spec"]) is svg  # cached
    assert print_svg_data_uri(chart["spec"]).startswith("data:image/svg+xml;base64,")


def test_screen_svg_is_named_by_the_alternative(chart):
    svg = screen_svg(chart)
    assert 'role="img"' in svg and f">{chart['alt']}</title>" in svg


def test_chart_key_is_the_same_for_the_same_spec(chart):
    assert chart_key(chart["spec"]) == chart_key(json.loads(json.dumps(chart["spec"])))
    other = dict(chart["spec"], description="another")
    assert chart_key(other) != chart_key(chart["spec"])


def test_a_chart_with_only_common_cause_points_loses_its_points_layer(chart):
    spec = json.loads(json.dumps(chart["spec"]))
    for layer in spec["layer"]:
        scale = layer.get("encoding", {}).get("shape", {}).get("scale")
        if scale:
            scale["domain"], scale["range"] = [COMMON_CAUSE], ["circle"]
            layer["encoding"]["color"]["scale"].update(domain=[COMMON_CAUSE], range=["#aaa"])
    assert not any("shape" in layer.get("encoding", {}) for layer in print_spec(spec)["layer"])


def test_print_spec_keeps_only_the_data_fields_it_names_and_copies_no_data(chart):
    original = json.dumps(chart["spec"], sort_keys=True)
    spec = print_spec(chart["spec"])
    assert (spec["width"], spec["height"]) == (PRINT_WIDTH, PRINT_HEIGHT)
    row = spec["data"]["values"][0]
    assert {"label", "value", "mean", "lower", "upper", "type"} <= set(row)
    assert "value_text" not in row  # used only by the tooltips print has not
    rest = json.dumps({key: value for key, value in spec.items() if key != "data"})
    assert all(name in rest for name in row)
    assert json.dumps(chart["spec"], sort_keys=True) == original  # the page's spec untouched


def straighter(d: str) -> str:
    return _straighter(re.match(r'\sd="([^"]*)"', f' d="{d}"'))


def test_straight_paths_lose_only_the_points_on_their_lines():
    # a step line's repeated corners and level runs
    assert straighter("M0,5L1,5L1,5L2,5L2,8L3,8") == ' d="M0,5L2,5L2,8L3,8"'
    # an upright run, and a second part of the path
    assert straighter("M0,0L0,1L0,2M4,4L5,4L6,4") == ' d="M0,0L0,2M4,4L6,4"'
    # turning back on a level line keeps the far point; slopes keep every point
    assert straighter("M0,0L5,0L2,0") == ' d="M0,0L5,0L2,0"'
    assert straighter("M0,0L1,1L2,2") == ' d="M0,0L1,1L2,2"'
    # anything else is left as it is
    assert straighter("M-3.9,-3.9h7.7v7.7h-7.7Z") == ' d="M-3.9,-3.9h7.7v7.7h-7.7Z"'
    assert straighter("M0,0L1e-7,0L2,0") == ' d="M0,0L1e-7,0L2,0"'


def test_the_print_svg_drops_unpainted_paths_but_keeps_clips_and_painted_ones():
    svg = _lighter_svg(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<defs><clipPath id="c"><path d="M0,0h5v5h-5Z"/></clipPath></defs>'
        '<g fill="none"><path d="M0,0h1v1h-1Z"/><path d="M0,0L9,9" stroke="#000"/>'
        '<g fill="#f00"><path d="M1,1h2v2h-2Z"/></g></g>'
        '<path d="M2,2h1v1h-1Z"/></svg>')
    assert 'd="M0,0h5v5h-5Z"' in svg  # the clip
    assert 'd="M0,0h1v1h-1Z"' not in svg  # fill none, no stroke: draws nothing
    for painted in ('d="M0,0L9,9"', 'd="M1,1h2v2h-2Z"', 'd="M2,2h1v1h-1Z"'):
        assert painted in svg


def test_the_chart_engine_starts_once_in_the_background(monkeypatch):
    import threading

    from pif.reports.render import charts

    drawn = []
    monkeypatch.setattr(charts, "_ENGINE_STARTED", threading.Event())
    monkeypatch.setattr(charts, "_vega_svg", lambda spec: drawn.append(spec))
    charts.start_engine()
    charts.start_engine()
    for thread in threading.enumerate():
        if thread.name == "report-chart-engine":
            thread.join(5)
    assert len(drawn) == 1 and drawn[0]["mark"] == "point"
