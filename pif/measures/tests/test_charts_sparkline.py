"""sparkline_svg: a tiny decorative line of recent values."""

import math
import re

from pif.measures.charts import sparkline_svg


def points_of(svg):
    return [[tuple(map(float, pair.split(","))) for pair in found.split()]
            for found in re.findall(r'<polyline points="([^"]+)"', svg)]


def dots_of(svg):
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', svg)]


def test_it_is_hidden_from_assistive_technology_and_styled_by_css():
    svg = sparkline_svg([1, 2, 3])
    assert svg.startswith('<svg class="pif-sparkline"')
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    assert 'viewBox="0 0 96 24"' in svg


def test_it_draws_one_line_from_left_to_right_with_high_values_at_the_top():
    (line,) = points_of(sparkline_svg([1, 3, 2]))
    assert [x for x, _ in line] == [2, 48, 94]
    assert line[1][1] == 2 and line[0][1] == 22  # highest at the top, lowest at the bottom
    assert dots_of(sparkline_svg([1, 3, 2])) == [line[-1]]


def test_a_gap_breaks_the_line():
    lines = points_of(sparkline_svg([1, 2, None, 3, 4]))
    assert len(lines) == 2
    assert [len(line) for line in lines] == [2, 2]


def test_nan_is_a_gap_too():
    assert len(points_of(sparkline_svg([1, 2, math.nan, 3, 4]))) == 2


def test_a_lone_value_between_gaps_is_a_dot():
    svg = sparkline_svg([1, 2, None, 5, None, 3, 4])
    assert len(points_of(svg)) == 2
    assert (48.0, 2.0) in dots_of(svg)


def test_a_constant_series_is_a_flat_line_across_the_middle():
    (line,) = points_of(sparkline_svg([5, 5, 5, 5]))
    assert {y for _, y in line} == {12}


def test_one_point_is_a_dot_in_the_middle():
    svg = sparkline_svg([7])
    assert points_of(svg) == [] and dots_of(svg) == [(48, 12)]


def test_no_values_give_an_empty_svg_of_the_same_size():
    for empty in ([], None, [None, None]):
        svg = sparkline_svg(empty)
        assert svg.startswith('<svg class="pif-sparkline"') and svg.endswith("></svg>")
        assert "<polyline" not in svg and "<circle" not in svg


def test_it_takes_its_size():
    svg = sparkline_svg([1, 2], width=60, height=20)
    assert 'viewBox="0 0 60 20"' in svg
    (line,) = points_of(svg)
    assert line == [(2, 18), (58, 2)]
