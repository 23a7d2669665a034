"""Template tags for indicators: status icons, sparklines, RAG tags and values in their unit.

Load with ``{% load measures_tags %}``:

* ``{% variation_icon status %}`` and ``{% assurance_icon status %}``: an
  ``IndicatorStatus`` (or its ``variation``/``assurance`` string) as an accessible icon;
  optional ``size=24``;
* ``{% sparkline values %}``: a list of numbers (or an ``IndicatorStatus``) as an
  ``aria-hidden`` line; optional ``width``/``height``;
* ``{% rag_tag rag %}``: "red", "amber", "green" or empty as a ``.pif-rag`` tag with
  the word in it;
* ``{% format_value value indicator %}`` or ``{{ value|format_value:indicator }}``:
  "91.2%", "£1,234", "4.5 per 1,000".
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pif.measures import icons
from pif.measures.charts.formatting import format_value as _format_value
from pif.measures.sparkline import sparkline_svg
from pif.spc.vocabulary import NO_TARGET, Rag

register = template.Library()

NOT_RATED = "Not rated"


def _field(value, name):
    """A status string, whether given the string or the object holding it."""
    if value is None or isinstance(value, str):
        return value or ""
    return getattr(value, name, "") or ""


@register.simple_tag
def variation_icon(status, size=32):
    return mark_safe(icons.variation_icon(_field(status, "variation"), size=size))  # noqa: S308


@register.simple_tag
def assurance_icon(status, size=32):
    return mark_safe(icons.assurance_icon(_field(status, "assurance"), size=size))  # noqa: S308


@register.simple_tag
def sparkline(values, width=96, height=24):
    stored = getattr(values, "sparkline_svg", "")
    if stored and (width, height) == (96, 24):
        return mark_safe(stored)  # noqa: S308 - drawn by sparkline_svg from numbers
    if values is not None and hasattr(values, "sparkline"):
        values = values.sparkline
    return mark_safe(sparkline_svg(values or (), width=width, height=height))  # noqa: S308


# Built once: a scorecard shows a tag on each of hundreds of rows.
RAG_TAGS = {rag.value: format_html('<strong class="pif-rag pif-rag--{}">{}</strong>', rag.value,
                                   rag.label) for rag in Rag}
NOT_RATED_TAG = format_html('<strong class="pif-rag pif-rag--grey">{}</strong>', NOT_RATED)


@register.simple_tag
def rag_tag(rag):
    return RAG_TAGS.get(_field(rag, "rag").lower(), NOT_RATED_TAG)


@register.simple_tag(name="format_value")
def format_value_tag(value, indicator):
    return _format_value(value, indicator)


@register.filter(name="format_value")
def format_value_filter(value, indicator):
    return _format_value(value, indicator)


@register.simple_tag
def no_target():
    """A missing target: a dash for the eye, the vocabulary's words for a screen reader.
    Rendered once and kept, since a scorecard shows it on most of its rows."""
    if not _NO_TARGET_HTML:
        _NO_TARGET_HTML.append(mark_safe(render_to_string(  # noqa: S308 - our template
            "includes/empty_value.html", {"what": NO_TARGET})))
    return _NO_TARGET_HTML[0]


_NO_TARGET_HTML: list = []
