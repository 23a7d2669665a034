from datetime import datetime

from django import template

from pif.times import format_time

register = template.Library()


@register.filter
def pif_time(moment: datetime | None) -> str:
    """A moment as every page writes one: "5 December 2026, 06:23" (see pif/times.py)."""
    return "" if moment is None else format_time(moment)
