"""Template tags that draw a built report (``reports/document_body.html``): its charts, its
moments, its written words, the sections it shows and the ids that tie a table to its
caption. ``{% load report_render %}``."""

import re
from datetime import datetime

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from pif.reports.render.charts import print_svg_data_uri, screen_svg
from pif.times import format_time

register = template.Library()

PRINT_NOTE = ("Printed charts mark only points of special cause variation; the grey line "
              "shows every value.")


@register.simple_tag(takes_context=True)
def report_chart(context, block: dict, for_pdf=False) -> str:
    """The chart of an IndicatorBlock in a ``<figure>``: inline SVG on screen, named by the
    chart's text alternative; in a PDF an ``<img>`` whose ``alt`` is that alternative, which
    WeasyPrint tags as a ``/Figure`` with ``/Alt``. The image is a ``data:`` URI, or the
    address ``chart_source(spec)`` gives when the page's context has one (the PDF's)."""
    chart = block.get("chart") or {}
    if not chart.get("spec"):
        return ""
    caption = f"Chart of {block.get('code', '')}: {block.get('title', '')}."
    if for_pdf:
        return format_html(
            '<figure class="pif-chart"><img src="{}" alt="{}">'
            "<figcaption>{} {}</figcaption></figure>",
            (context.get("chart_source") or print_svg_data_uri)(chart["spec"]),
            chart.get("alt", ""), caption, PRINT_NOTE)
    svg = mark_safe(screen_svg(chart))  # noqa: S308 (Vega escapes the data; the title is escaped)
    # On a phone the chart keeps a readable size (.pif-report-chart's min-width) and scrolls
    # sideways in its region, as a wide table does.
    return format_html('<div class="pif-table-scroll pif-report-chart-scroll" role="region" '
                       'tabindex="0" aria-label="{}"><figure class="pif-chart pif-report-chart">'
                       '{}<figcaption class="govuk-body-s">{}</figcaption></figure></div>',
                       caption, svg, caption)


@register.simple_tag(takes_context=True)
def report_sections(context, document: dict) -> list[dict]:
    """The sections of ``document`` to draw. Once the report is signed off (the page's context
    has ``signed_off`` or, in a download, ``final``) a written section nobody wrote is left
    out unless it is required: its guidance is for the report's editors, not its readers."""
    sections = list((document or {}).get("sections") or [])
    if not (context.get("signed_off") or context.get("final")):
        return sections
    return [section for section in sections
            if section.get("type") != "narrative" or section.get("text")
            or section.get("required")]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@register.filter(needs_autoescape=True)
def report_paragraphs(value, autoescape=True) -> str:
    """Written words as GOV.UK body paragraphs: a blank line starts a new paragraph, a line
    break stays one (Django's ``linebreaks``, with ``class="govuk-body"``)."""
    escape = conditional_escape if autoescape else str
    text = normalize_newlines(str(value or "")).strip()
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    return mark_safe("\n".join(  # noqa: S308 (each paragraph is escaped)
        '<p class="govuk-body">{}</p>'.format(str(escape(part)).replace("\n", "<br>"))
        for part in paragraphs))


@register.filter
def report_moment(value) -> str:
    """An ISO moment of the document ("2026-12-01T09:00:00+00:00") as "1 December 2026,
    09:00", in local time; "" when there is none or it cannot be read."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        return f"{moment:%-d %B %Y, %H:%M}"
    return format_time(moment)


@register.simple_tag
def report_id(prefix: str, *parts) -> str:
    """An element id from a prefix and positions: ``report-data-indicator-2-5``."""
    return "-".join([prefix, *(str(part) for part in parts)])


@register.filter
def report_is_list(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def report_text(value) -> str:
    """A carried-over item as words: a string as it is, a dict by its title or text."""
    if isinstance(value, dict):
        return str(value.get("title") or value.get("text") or value.get("label") or "")
    return str(value)


#: A printed indicator keeps the values of its latest periods, so that it fits on a page
#: beside its chart; the HTML and the spreadsheet have every period. (Each table cell is
#: costly to lay out: four rows, not six, took a tenth off the time of a board report's PDF.)
PRINT_DATA_ROWS = 4


@register.simple_tag
def report_data_rows(data: dict, for_pdf=False) -> dict:
    """The rows of an indicator's data table to show, and how many were left out."""
    rows = list((data or {}).get("rows") or [])
    shown = rows[-PRINT_DATA_ROWS:] if for_pdf else rows
    return {"rows": shown, "left_out": len(rows) - len(shown), "total": len(rows)}
