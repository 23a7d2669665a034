from django import template

from pif.lib.periods import label_of_key

register = template.Library()
register.filter("period_label", label_of_key)
