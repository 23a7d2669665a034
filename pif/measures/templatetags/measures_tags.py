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


@register.simple_tag
def rag_tag(rag):
    rag = _field(rag, "rag").lower()
    if rag not in Rag:
        return format_html('<strong class="pif-rag pif-rag--grey">{}</strong>', NOT_RATED)
    return format_html('<strong class="pif-rag pif-rag--{}">{}</strong>', rag, Rag(rag).label)


@register.simple_tag(name="format_value")
def format_value_tag(value, indicator):
    return _format_value(value, indicator)


@register.filter(name="format_value")
def format_value_filter(value, indicator):
    return _format_value(value, indicator)


@register.inclusion_tag("includes/empty_value.html")
def no_target():
    """A missing target: a dash for the eye, the vocabulary's words for a screen reader."""
    return {"what": NO_TARGET}
