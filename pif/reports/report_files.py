"""A published report's files, drawn once and kept (``ReportFile``): the public download serves
the stored bytes, so no visitor makes the server draw a PDF again, and a file stays exactly
what was published until a correction clears it.

=============================  ===============================================================
``stored(report, fmt)``        the report's file in ``fmt``: the kept bytes, or drawn now
                               (``pif.reports.render.render``) and kept; ValueError for a
                               format reports are not given in
``clear(report)``              forget the report's kept files (after a correction), so the
                               next download draws the corrected report
=============================  ===============================================================

Two visitors asking at once may both draw the file; the unique constraint keeps one, and
both are given the one kept.
"""

from django.db import IntegrityError, transaction

from pif.reports import render
from pif.reports.models import Report, ReportFile, ReportState

__all__ = ["clear", "stored"]


def stored(report: Report, fmt: str) -> bytes:
    if fmt not in render.FORMATS:
        raise ValueError(f"Reports are given as {', '.join(render.FORMATS)}, not {fmt!r}")
    kept = ReportFile.objects.filter(report=report, fmt=fmt).values_list("body", flat=True)
    body = kept.first()
    if body is not None:
        return bytes(body)
    body = render.render(report.content, fmt, final=report.state != ReportState.DRAFT)
    try:
        with transaction.atomic():
            ReportFile.objects.create(report=report, fmt=fmt, body=body)
    except IntegrityError:
        # Someone else kept it first: give the one kept, so every visitor has the same bytes.
        body = ReportFile.objects.filter(report=report, fmt=fmt).values_list(
            "body", flat=True).first() or body
    return bytes(body)


def clear(report: Report) -> int:
    """Forget the report's kept files; how many there were."""
    deleted, _ = ReportFile.objects.filter(report=report).delete()
    return deleted
