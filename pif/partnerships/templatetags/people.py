"""`{{ person|known_name:partnership }}`: a person named as the partnership knows them."""

from django import template

from pif.partnerships.names import known_names

register = template.Library()


@register.filter
def known_name(user, partnership) -> str:
    return known_names(partnership).of(user)
