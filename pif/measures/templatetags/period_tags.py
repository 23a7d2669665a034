from django import template

from pif.lib.periods import Period, PeriodError

register = template.Library()


@register.filter
def period_label(key: str) -> str:
    """A stored period key as people write it: "M2024-04" -> "April 2024"."""
    try:
        return Period.from_key(key).label if key else ""
    except PeriodError:
        return key
