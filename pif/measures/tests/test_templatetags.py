"""measures_tags: icons, sparklines, RAG tags and values in their unit, in templates."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from pif.measures.models import IndicatorStatus


def render(source, **context):
    return Template("{% load measures_tags %}" + source).render(Context(context))


def indicator(unit="count", decimals=0, rate_per=None):
    return SimpleNamespace(unit=unit, decimals=decimals, rate_per=rate_per)


def test_variation_icon_renders_the_icon_for_a_status_string():
    html = render("{% variation_icon status %}", status="improvement_high")
    assert html.startswith("<svg") and 'role="img"' in html
    assert "<title>Special cause variation: improvement (higher)</title>" in html


def test_variation_and_assurance_icons_read_an_indicator_status(world):
    from pif.measures.testing import make_indicator

    indicator_ = make_indicator(world.partnership, owner=world.council, code="S1",
                                values=[1, 2, 3, 2, 1])
    status = IndicatorStatus.objects.get(indicator=indicator_)
    html = render("{% variation_icon status %}{% assurance_icon status %}", status=status)
    assert "<title>Common cause variation</title>" in html
    assert "<title>No target</title>" in html


def test_empty_statuses_say_not_enough_data_and_no_target():
    html = render("{% variation_icon '' %} {% assurance_icon None %}")
    assert "<title>Not enough data</title>" in html and "<title>No target</title>" in html


def test_assurance_icon_takes_a_size():
    html = render("{% assurance_icon 'consistent_pass' size=24 %}")
    assert 'width="24"' in html and "<title>Target consistently met</title>" in html


def test_sparkline_renders_values_or_a_status():
    html = render("{% sparkline values %}", values=[1, None, 2, 3])
    assert 'class="pif-sparkline"' in html and 'aria-hidden="true"' in html
    assert "<polyline" in html
    status = IndicatorStatus(sparkline=[4, 5, 6])
    assert "<polyline" in render("{% sparkline status %}", status=status)
    assert "<polyline" not in render("{% sparkline values %}", values=[])


@pytest.mark.parametrize(("rag", "html"), [
    ("red", '<strong class="pif-rag pif-rag--red">Red</strong>'),
    ("amber", '<strong class="pif-rag pif-rag--amber">Amber</strong>'),
    ("green", '<strong class="pif-rag pif-rag--green">Green</strong>'),
    ("", '<strong class="pif-rag pif-rag--grey">Not rated</strong>'),
    (None, '<strong class="pif-rag pif-rag--grey">Not rated</strong>'),
    ("<script>", '<strong class="pif-rag pif-rag--grey">Not rated</strong>'),
])
def test_rag_tag_puts_the_word_in_a_coloured_tag(rag, html):
    assert render("{% rag_tag rag %}", rag=rag) == html


def test_rag_tag_reads_an_indicator_status():
    assert "pif-rag--amber" in render("{% rag_tag status %}", status=IndicatorStatus(rag="amber"))


@pytest.mark.parametrize(("value", "unit", "decimals", "rate_per", "text"), [
    (91.234, "percentage", 1, None, "91.2%"),
    (1234.5, "currency", 0, None, "£1,235"),
    (-12.5, "currency", 2, None, "-£12.50"),
    (4.56, "rate", 1, 1000, "4.6 per 1,000"),
    (4.56, "rate", 1, None, "4.6"),
    (12345, "count", 0, None, "12,345"),
    (3.25, "days", 1, None, "3.3"),
    (None, "percentage", 1, None, "No data"),
])
def test_format_value_writes_the_value_in_the_indicators_unit(value, unit, decimals, rate_per,
                                                                text):
    one = indicator(unit, decimals, rate_per)
    assert render("{% format_value value indicator %}", value=value, indicator=one) == text
    assert render("{{ value|format_value:indicator }}", value=value, indicator=one) == text
