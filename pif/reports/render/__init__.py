"""Drawing a built report (:mod:`pif.reports.document`) in each format it is given out in.

=========================================  ==============================================
``render(document, fmt, final=) -> bytes``  the file: "html", "pdf" or "xlsx"
``respond(document, fmt, filename_stem,    the one download of a report (an attachment)
final=)``
``html.render_page(document)``             the standalone page; its body is the template
                                           include ``reports/document_body.html``
``pdf.render_pdf(document)``               tagged PDF/UA-1 (WeasyPrint)
``xlsx.render_xlsx(document)``             workbook: Summary, a sheet a section, Data
=========================================  ==============================================

``final`` is true once the report is signed off: the written sections nobody wrote that the
report does not need are left out, with their editors' guidance (as on the report's pages).
"""

from django.http import HttpResponse
from django.utils.text import slugify

from pif.tables import FORMATS as TABLE_FORMATS

__all__ = ["CONTENT_TYPES", "FORMATS", "filename", "render", "respond"]

FORMATS = ("html", "pdf", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": TABLE_FORMATS["xlsx"],
}


def render(document: dict, fmt: str, *, final: bool = False) -> bytes:
    """The report in ``fmt``; ValueError for a format PIF does not give reports in."""
    if fmt == "html":
        from pif.reports.render.html import render_page

        return render_page(document, final=final).encode("utf-8")
    if fmt == "pdf":
        from pif.reports.render.pdf import render_pdf

        return render_pdf(document, final=final)
    if fmt == "xlsx":
        from pif.reports.render.xlsx import render_xlsx

        return render_xlsx(document, final=final)
    raise ValueError(f"Reports are given as {', '.join(FORMATS)}, not {fmt!r}")


def filename(stem: str, fmt: str) -> str:
    """A safe ASCII file name: "Board report – Loch Arden" gives "board-report-loch-arden.pdf"."""
    return f"{slugify(stem)[:80].strip('-') or 'report'}.{fmt}"


def respond(document: dict, fmt: str, filename_stem: str, *, final: bool = False
            ) -> HttpResponse:
    """The report as a download, kept by no shared cache; ValueError for an unknown format
    (the page turns it into "Page not found")."""
    if fmt not in FORMATS:
        raise ValueError(f"Reports are given as {', '.join(FORMATS)}, not {fmt!r}")
    response = HttpResponse(render(document, fmt, final=final), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(filename_stem, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response
