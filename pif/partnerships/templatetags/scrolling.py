"""`{% scrolling_region labelledby="caption-id" %}<table>…</table>{% endscrolling_region %}`:
the one way a table too wide for a phone scrolls sideways by itself instead of widening the
page (WCAG 2.2 SC 1.4.10 Reflow). The region is named by the table's caption or heading
(`labelledby`, an element id) or, when there is none, by `label` (words), and it takes
keyboard focus so that people who do not use a mouse can scroll it too."""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollingRegionNode(template.Node):
    def __init__(self, nodelist, attribute: str, value: template.base.FilterExpression):
        self.nodelist, self.attribute, self.value = nodelist, attribute, value

    def render(self, context) -> str:
        return format_html(
            '<div class="pif-table-scroll" role="region" tabindex="0" {}="{}">{}</div>',
            self.attribute, self.value.resolve(context), self.nodelist.render(context))


@register.tag
def scrolling_region(parser, token):
    options = template.base.token_kwargs(token.split_contents()[1:], parser)
    if len(options) != 1 or not set(options) <= {"label", "labelledby"}:
        raise template.TemplateSyntaxError(
            "{% scrolling_region %} takes one of label or labelledby, for example "
            '{% scrolling_region labelledby="members-caption" %}')
    nodelist = parser.parse(("endscrolling_region",))
    parser.delete_first_token()
    (name, value), = options.items()
    attribute = "aria-labelledby" if name == "labelledby" else "aria-label"
    return ScrollingRegionNode(nodelist, attribute, value)
