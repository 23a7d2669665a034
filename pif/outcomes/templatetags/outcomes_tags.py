from django import template

from pif.lib.periods import Period

register = template.Library()


@register.filter
def period_label(key: str) -> str:
    """A stored period key ("M2024-12") as people write it ("December 2024")."""
    if not key:
        return ""
    try:
        return Period.from_key(key).label
    except (ValueError, TypeError):
        return key
