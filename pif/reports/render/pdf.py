"""A built report as a tagged, accessible PDF (PDF/UA-1), laid out by WeasyPrint from the
report's standalone page (:func:`pif.reports.render.html.render_page`).

What the PDF holds, and ``pif/reports/tests/test_render_pdf.py`` reads back from its
structure tree: the document's language (en-GB) and title, shown in the reader's window
(``/DisplayDocTitle``); headings, tables (with their header cells) and lists tagged; each
chart a ``/Figure`` of vector graphics with the chart's one-sentence text alternative as its
``/Alt``. WeasyPrint's tagging is young, so its version is pinned (requirements/base.in).

Nothing is fetched from outside: the page holds its stylesheet, its charts are drawn here,
and the fetcher refuses every other address, so a report is made with no network. Text is
set in Liberation Sans (Debian's fonts-liberation, with Arial's metrics), or the system's
sans-serif font where that is missing.

Time: each chart is drawn when WeasyPrint asks for it (a ``pif-chart:`` address, when it
builds the image's box), here in the same thread. ``vl_convert`` 1.9 keeps Python's lock
while it draws and has one engine, so drawing in threads gained nothing (measured: 73-78 ms
a chart with 1, 2 or 4 threads, and WeasyPrint stopped while a chart was drawn). Another
process might gain on an idle machine (not measured); on a loaded one (load 3 on 2
processors) it was slower, 21.8 s against 18.0 s: starting it costs about a second.
"""

from concurrent.futures import Future

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pif.reports.render.charts import chart_key, print_svg
from pif.reports.render.html import render_page

__all__ = ["CHART_SCHEME", "PDF_VARIANT", "ChartFetcher", "chart_specs", "render_pdf"]

PDF_VARIANT = "pdf/ua-1"
CHART_SCHEME = "pif-chart"


class ChartFetcher(URLFetcher):
    """Opens ``data:`` addresses and the report's own charts (``pif-chart:KEY``: in
    ``charts``, by key, a future of its SVG, or its spec to draw now); refuses every other
    address."""

    def __init__(self, charts: dict[str, Future | dict] | None = None):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=False)
        self.charts = charts or {}

    def fetch(self, url, headers=None):
        if url.startswith(f"{CHART_SCHEME}:"):
            chart = self.charts.get(url.removeprefix(f"{CHART_SCHEME}:"))
            if chart is None:
                raise ValueError(f"No such chart in this report: {url}")
            return URLFetcherResponse(url, _svg_of(chart).encode("utf-8"),
                                      headers={"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


def _svg_of(chart: Future | dict) -> str:
    return print_svg(chart) if isinstance(chart, dict) else chart.result()


def chart_specs(document: dict) -> list[dict]:
    """The Vega-Lite spec of every chart in ``document``."""
    specs = []
    for section in document.get("sections", []):
        blocks = [*section.get("indicators", []),
                  *(item.get("indicator") for item in section.get("items", []))]
        specs += [block["chart"]["spec"] for block in blocks
                  if block and (block.get("chart") or {}).get("spec")]
    return specs


def _source(spec: dict) -> str:
    return f"{CHART_SCHEME}:{chart_key(spec)}"


#: Table cells' classes, which the report's stylesheet does not need (it styles the cells of
#: a ``.govuk-table`` by element): WeasyPrint reads and matches every attribute in Python,
#: and a board report has thousands of cells.
_CELL_CLASSES = (' class="govuk-table__cell"', ' class="govuk-table__header"')


def _lighter_page(page: str) -> str:
    for attribute in _CELL_CLASSES:
        page = page.replace(attribute, "")
    return page


def render_pdf(document: dict, *, final: bool = False) -> bytes:
    """The PDF of ``document`` (see :mod:`pif.reports.document`); ``final`` as for
    :func:`pif.reports.render.html.render_page`."""
    charts = {chart_key(spec): spec for spec in chart_specs(document)}
    page = _lighter_page(render_page(document, for_pdf=True, chart_source=_source,
                                      final=final))
    html = weasyprint.HTML(string=page, base_url=None, url_fetcher=ChartFetcher(charts))
    return html.write_pdf(pdf_variant=PDF_VARIANT)
