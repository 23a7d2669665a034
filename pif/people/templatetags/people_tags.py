"""What the stage 4 templates share with its forms."""

from django import template

from pif.people.forms import outcome_label as label_of_outcome

register = template.Library()


@register.filter
def outcome_label(outcome) -> str:
    """An outcome's code and title: "LO1: Fewer children…"."""
    return label_of_outcome(outcome)
