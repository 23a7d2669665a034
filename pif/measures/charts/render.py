"""Server rendering of a Vega-Lite spec to accessible inline SVG, cached.

``vl_convert`` runs Vega in an embedded JavaScript engine: the first call of a
process starts the engine (over a second), later calls take tens of milliseconds
for a chart of five years of months. The raw SVG is cached on the spec's JSON,
so a page that shows the same chart again never renders it twice; beneath that in-process
cache is the store shared by every process (:mod:`pif.measures.charts.store`), keyed on a
hash of the same JSON, which the background task fills ahead (:func:`draw_ahead`).

The SVG is then made fit to inline in HTML: ``role="img"`` with
``aria-labelledby`` naming a ``<title>`` that holds the one-sentence summary; the
inner ARIA of Vega's marks is dropped (an image's children are presentational);
the fixed ``width``/``height`` are removed so the ``viewBox`` lets ``.pif-chart``
scale it.
"""

import hashlib
import json
import re
from functools import lru_cache
from html import escape

import vl_convert

from pif.measures.charts.store import store, stored

__all__ = ["VL_VERSION", "SERVER_WIDTH", "SERVER_HEIGHT", "accessible_svg", "chart_key",
           "draw_ahead", "render_svg", "server_spec_json"]

#: vl-convert 1.9 bundles Vega-Lite 5.8-6.4; 6.4 is nearest the browser's 6.5.
VL_VERSION = "6.4"
SERVER_WIDTH = 720
SERVER_HEIGHT = 320

_ROOT = re.compile(r"<svg\b[^>]*>")
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def _draw(spec_json: str) -> str:
    # Specs hold their data inline: rendering never fetches anything (allowed_base_urls=[]).
    return vl_convert.vegalite_to_svg(json.loads(spec_json), vl_version=VL_VERSION,
                                      allowed_base_urls=[])


def chart_key(spec_json: str) -> str:
    """The store's key of the drawing of ``spec_json``: a new engine draws anew."""
    digest = hashlib.sha256(spec_json.encode()).hexdigest()
    return f"svg:{vl_convert.__version__}:{VL_VERSION}:{digest}"


@lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    key = chart_key(spec_json)
    svg = stored(key)
    if svg is None:
        svg = _draw(spec_json)
        store(key, svg)
    return svg


def server_spec(spec: dict, *, width: int = SERVER_WIDTH, height: int = SERVER_HEIGHT) -> dict:
    """``spec`` with a fixed size, since the server has no container to fit.

    A new top-level dict sharing the rest with ``spec`` (no deep copy: it is only turned into
    JSON), so neither may be changed afterwards.
    """
    return {**spec, "width": width, "height": height,
            "autosize": {"type": "fit", "contains": "padding"}}


def server_spec_json(spec: dict, *, width: int = SERVER_WIDTH,
                     height: int = SERVER_HEIGHT) -> str:
    """Exactly what the server draws for ``spec``, as JSON (what the store's key hashes)."""
    return json.dumps(server_spec(spec, width=width, height=height), sort_keys=True,
                      allow_nan=False)


def render_svg(spec: dict, *, width: int = SERVER_WIDTH, height: int = SERVER_HEIGHT) -> str:
    """The raw SVG of ``spec`` at a fixed size (cached on the spec's JSON, then stored)."""
    return _render(server_spec_json(spec, width=width, height=height))


def draw_ahead(spec: dict, *, width: int = SERVER_WIDTH, height: int = SERVER_HEIGHT) -> bool:
    """Draw ``spec`` into the shared store unless it is there already; whether it drew."""
    spec_json = server_spec_json(spec, width=width, height=height)
    key = chart_key(spec_json)
    if stored(key) is not None:
        return False
    store(key, _draw(spec_json))
    return True


def accessible_svg(svg: str, title: str, *, id_prefix: str = "pif-chart") -> str:
    """``svg`` as an accessible, responsive inline image named by ``title``."""
    match = _ROOT.search(svg)
    if not match:
        raise ValueError("not an SVG document: no <svg> element")
    digest = hashlib.blake2s((title + svg).encode(), digest_size=5).hexdigest()
    title_id = f"{id_prefix}-{digest}-title"
    root = _SIZE.sub("", _INNER_ARIA.sub("", match.group(0)[:-1])).rstrip(" /")
    root += f' role="img" aria-labelledby="{title_id}" focusable="false">'
    body = _INNER_ARIA.sub("", svg[match.end():])
    return (f'{svg[:match.start()]}{root}<title id="{title_id}">{escape(title)}</title>'
            f"{body}")
