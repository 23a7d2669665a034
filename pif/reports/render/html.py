"""A built report as a complete, standalone HTML5 page: the HTML download, and what WeasyPrint
lays out for the PDF. Its body is ``reports/document_body.html``, the same include the
report's pages use inside the site's layout; the stylesheet (GOV.UK typography and print
rules: page numbers "Page N of M" and the report's title in the footer) is put in the page,
so the file reads the same wherever it is opened, and needs nothing from the network."""

from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

__all__ = ["CSS_PATH", "description", "render_page", "stylesheet"]

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def description(document: dict) -> str:
    """One sentence for the page's meta description: what, whose, as of when."""
    words = f"{document.get('kind_label') or 'Report'} for {_partnership(document)}"
    if document.get("as_of_label"):
        words += f", as it stood on {document['as_of_label']}"
    if document.get("statutory_basis"):
        words += f", under the {document['statutory_basis']}"
    return words + "."


def _partnership(document: dict) -> str:
    return (document.get("partnership") or {}).get("name") or "the partnership"


def render_page(document: dict, *, for_pdf: bool = False, chart_source=None,
                final: bool = False) -> str:
    """The whole page of ``document`` (see :mod:`pif.reports.document`). With ``for_pdf``,
    charts are ``<img>`` elements with their text alternative, which WeasyPrint tags: of
    ``data:`` URIs, or of the addresses ``chart_source(spec)`` gives. With ``final`` (signed
    off), written sections nobody wrote that the report does not need are left out."""
    return render_to_string("reports/document_page.html", {
        "document": document,
        "for_pdf": for_pdf,
        "final": final,
        "chart_source": chart_source,
        "description": description(document),
        # our own file, read from disk: safe to put in the page as it is
        "css": mark_safe(stylesheet()),  # noqa: S308
    })
