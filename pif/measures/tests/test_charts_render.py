"""Server-rendered chart SVG: accessible inline, responsive, cached."""

import re
import time

import pytest

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.charts import accessible_svg, build_chart, render_svg
from pif.measures.charts import render as render_module
from pif.measures.models import Annotation
from pif.measures.targets import TargetSchedule
from pif.measures.testing import make_indicator

DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
RAW = ('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="720" height="320" '
       'viewBox="0 0 720 320"><g role="graphics-object" aria-roledescription="group">'
       '<path aria-label="x: 1" role="graphics-symbol" d="M0,0"/></g></svg>')


def root_tag(svg):
    return re.match(r"<svg\b[^>]*>", svg).group(0)


def test_accessible_svg_names_the_image_with_a_title():
    svg = accessible_svg(RAW, "XmR chart of AE-4HR: latest value 91.2%", id_prefix="pif-x")
    root = root_tag(svg)
    assert 'role="img"' in root
    title_id = re.search(r'aria-labelledby="([^"]+)"', root).group(1)
    assert title_id.startswith("pif-x-")
    assert f'<title id="{title_id}">XmR chart of AE-4HR: latest value 91.2%</title>' in svg
    assert svg.index("<title") == len(root)


def test_accessible_svg_drops_the_fixed_size_but_keeps_the_view_box():
    root = root_tag(accessible_svg(RAW, "A chart"))
    assert 'viewBox="0 0 720 320"' in root
    assert " width=" not in root and " height=" not in root


def test_accessible_svg_drops_the_inner_aria_of_the_marks():
    svg = accessible_svg(RAW, "A chart")
    body = svg[len(root_tag(svg)):]
    assert "aria-label" not in body and "role=" not in body
    assert '<path d="M0,0"/>' in svg


def test_accessible_svg_escapes_the_title():
    svg = accessible_svg(RAW, "Rates <b> & more")
    assert "Rates &lt;b&gt; &amp; more" in svg


def test_accessible_svg_refuses_what_is_not_svg():
    with pytest.raises(ValueError, match="not an SVG"):
        accessible_svg("<p>hello</p>", "A chart")


def test_the_chart_svg_is_accessible_and_fixed_width_on_the_server(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="AE-4HR",
                               values=DEVIATIONS, first_period=Period.month(2019, 4))
    period = Period.month(2020, 2)
    Annotation.objects.create(indicator=indicator, period=period.key, period_start=period.start,
                              text="<New> triage & streaming", is_rebase=True)
    chart = build_chart(indicator, indicator.observations.order_by("period_start"),
                        indicator.annotations.all(), TargetSchedule.empty())
    render_module._render.cache_clear()
    started = time.perf_counter()
    svg = chart.svg
    first = time.perf_counter() - started
    root = root_tag(svg)
    assert 'role="img"' in root and 'viewBox="0 0 720 320"' in root
    assert " width=" not in root
    assert f">{chart.summary}</title>" in svg
    assert re.search(r'aria-labelledby="pif-chart-ae-4hr-[0-9a-f]+-title"', root)
    assert "&lt;New&gt; triage &amp; streaming" in svg  # annotation text, escaped by Vega
    assert "<New>" not in svg
    assert "#00b0f0" in svg  # the improvement point
    # the rendering is cached on the spec: a second chart of the same data is instant
    again = build_chart(indicator, indicator.observations.order_by("period_start"),
                        indicator.annotations.all(), TargetSchedule.empty())
    started = time.perf_counter()
    assert again.svg == svg
    assert time.perf_counter() - started < first
    assert render_module._render.cache_info().hits == 1


def test_render_svg_uses_a_fixed_size_and_vega_lite_6():
    spec = {"data": {"values": [{"x": 1, "y": 2}]}, "mark": "point", "width": "container",
            "encoding": {"x": {"field": "x", "type": "quantitative"},
                         "y": {"field": "y", "type": "quantitative"}}}
    svg = render_svg(spec, width=300, height=100)
    assert 'viewBox="0 0 300 100"' in root_tag(svg)
    assert spec["width"] == "container"  # the caller's spec is not changed
    assert render_module.VL_VERSION.startswith("6.")


def test_a_value_awaiting_approval_is_drawn_on_the_server_as_a_labelled_point(world):
    from pif.measures.writing import ObservationInput, write_observations

    indicator = make_indicator(world.partnership, owner=world.health_board, code="WAIT",
                               values=DEVIATIONS, first_period=Period.month(2019, 4))
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(indicator, Period.month(2020, 10), 99.0)],
                       approve=False, partnership=world.partnership)
    chart = build_chart(indicator, indicator.observations.order_by("period_start"), [],
                        TargetSchedule.empty())
    svg = chart.svg
    assert "awaiting approval" in svg
    assert ">100%<" not in svg and ">90%<" not in svg  # the y-axis is not stretched to 99%
