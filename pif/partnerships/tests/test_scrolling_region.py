"""`{% scrolling_region %}`: the one wrapper that lets a wide table scroll sideways inside a
labelled, keyboard-focusable region instead of widening the page (WCAG 2.2 SC 1.4.10)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load scrolling %}" + source).render(Context(context))


def test_a_region_labelled_by_the_table_caption_wraps_its_contents():
    html = render('{% scrolling_region labelledby="members-caption" %}<table></table>'
                  "{% endscrolling_region %}")
    assert html == ('<div class="pif-table-scroll" role="region" tabindex="0" '
                    'aria-labelledby="members-caption"><table></table></div>')


def test_a_region_can_be_labelled_with_words_which_are_escaped():
    html = render("{% scrolling_region label=name %}<table></table>{% endscrolling_region %}",
                  name="Risks & issues")
    assert 'aria-label="Risks &amp; issues"' in html
    assert "aria-labelledby" not in html


def test_a_region_needs_exactly_one_label():
    with pytest.raises(TemplateSyntaxError, match="label or labelledby"):
        render("{% scrolling_region %}<table></table>{% endscrolling_region %}")
    with pytest.raises(TemplateSyntaxError, match="label or labelledby"):
        render('{% scrolling_region label="A" labelledby="b" %}{% endscrolling_region %}')
