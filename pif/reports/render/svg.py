"""Drawing the print copy of a chart: a Vega-Lite spec to light SVG (see
:mod:`pif.reports.render.charts`, which makes the spec). Nothing here needs Django, so
another process could draw a report's charts while WeasyPrint lays out its pages
(``vl_convert`` keeps Python's lock while it draws, so a thread cannot).

The SVG is made lighter for WeasyPrint, which reads it node by node in Python: Vega's
invisible background and foreground paths, its class, ARIA and event attributes and empty
groups are dropped, and coordinates are rounded to 0.1 px; paths that paint nothing (no
fill, no stroke) are dropped, and the points of a straight line that lie on it (a step
line's repeated corners) are left out, which draws the same.
"""

import re
import xml.etree.ElementTree as ET

import vl_convert

__all__ = ["draw", "lighter_svg"]

_INVISIBLE = re.compile(
    r'<path class="(?:background|foreground)"[^>]*?(?:d=""|display="none"|'
    r'aria-hidden="true" d="[^"]*"(?: pointer-events="none")?)\s*/>')
_ATTRIBUTES = re.compile(r'\s(?:class|role|aria-[a-z]+|pointer-events)="[^"]*"')
_NUMBER = re.compile(r"-?\d+\.\d{2,}")
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_GROUP = f"{{{SVG_NS}}}g"


def draw(spec: dict, vl_version: str) -> str:
    """The light SVG of the Vega-Lite ``spec``. Specs hold their data inline: drawing never
    fetches anything (``allowed_base_urls=[]``)."""
    return lighter_svg(vl_convert.vegalite_to_svg(spec, vl_version=vl_version,
                                                  allowed_base_urls=[]))


def _round(match: re.Match) -> str:
    text = f"{float(match.group()):.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


_POLYLINE = re.compile(r'\sd="(M[-0-9.,ML]+)"')
_POINT = re.compile(r"([ML])(-?[0-9.]+),(-?[0-9.]+)")


def _between(a: float, b: float, c: float) -> bool:
    return min(a, c) <= b <= max(a, c)


def _straighter(match: re.Match) -> str:
    """A path of straight lines (``M x,y L x,y ...``) without the points that lie on a
    level or upright line between its neighbours, nor repeated points: the same drawing."""
    d = match.group(1)
    points = _POINT.findall(d)
    if "".join(f"{c}{x},{y}" for c, x, y in points) != d:
        return match.group(0)  # not the plain shape this reads: left as it is
    kept: list[tuple[str, str, str]] = []
    for command, x, y in points:
        if command == "L" and kept and (x, y) == kept[-1][1:]:
            continue
        if (command == "L" and len(kept) >= 2 and kept[-1][0] == "L"
                and ((x == kept[-1][1] == kept[-2][1]
                      and _between(float(kept[-2][2]), float(kept[-1][2]), float(y)))
                     or (y == kept[-1][2] == kept[-2][2]
                         and _between(float(kept[-2][1]), float(kept[-1][1]), float(x))))):
            kept[-1] = (command, x, y)
            continue
        kept.append((command, x, y))
    return f' d="{"".join(f"{c}{x},{y}" for c, x, y in kept)}"'


def lighter_svg(svg: str) -> str:
    """``svg`` (as ``vl_convert`` writes it) lighter to draw, drawing the same."""
    svg = _INVISIBLE.sub("", svg)
    svg = _ATTRIBUTES.sub("", svg)
    svg = _NUMBER.sub(_round, svg)
    svg = _POLYLINE.sub(_straighter, svg)
    root = ET.fromstring(svg)  # noqa: S314 (vl_convert wrote it: no DTD, no entities)
    _drop_unpainted(root, fill=True, stroke=False)
    _flatten(root)
    # written with plain names and SVG declared as the default namespace: ElementTree's
    # prefixes are global, and any library may change them
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
        for name in [name for name in element.attrib if name.startswith(f"{{{XLINK_NS}}}")]:
            element.set("xlink:" + name.rpartition("}")[2], element.attrib.pop(name))
    root.set("xmlns", SVG_NS)
    root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


_PATH = f"{{{SVG_NS}}}path"
#: what is inside these is used by reference (a clip, a marker), not painted where it is
_REFERENCED = {f"{{{SVG_NS}}}{name}" for name in ("defs", "clipPath", "mask", "marker",
                                                   "pattern", "symbol")}


def _drop_unpainted(element, *, fill: bool, stroke: bool) -> None:
    """Drop the paths that paint nothing: no fill and no stroke, their own or inherited
    (SVG fills black and strokes nothing unless told)."""
    children = []
    for child in element:
        child_fill = child.get("fill", "none" if not fill else "black") not in ("none",
                                                                            "transparent")
        child_stroke = child.get("stroke", "none" if not stroke else "black") not in (
            "none", "transparent")
        if (child.tag == _PATH and not child_fill and not child_stroke
                and not len(child) and child.get("id") is None):
            continue
        if child.tag not in _REFERENCED:
            _drop_unpainted(child, fill=child_fill, stroke=child_stroke)
        children.append(child)
    element[:] = children


def _flatten(element) -> None:
    """Put the children of each group that sets nothing in place of the group."""
    children = []
    for child in element:
        _flatten(child)
        if child.tag == _GROUP and (not child.attrib
                                    or child.attrib == {"transform": "translate(0,0)"}):
            children.extend(child)
        else:
            children.append(child)
    element[:] = children
