"""`{% if access|can_open:url %}`: show a link only to members whose role opens its page;
`{% if access|can:"edit" %}`: show a step only to members whose role can take it."""

from django import template

register = template.Library()


@register.filter
def can_open(access, url: str) -> bool:
    return access is not None and access.can_open(url)


@register.filter
def can(access, need: str) -> bool:
    """`Access.can` for templates: may this member do what a `partnership_view(need)` does?"""
    return access is not None and access.can(need)
