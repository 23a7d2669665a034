"""The report as a standalone HTML page and as the include the report pages use."""

import copy
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from pif.reports.render.html import render_page
from pif.reports.templatetags.report_render import PRINT_DATA_ROWS
from pif.reports.tests.report_fixtures import fixture_document, fixture_report  # noqa: F401

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """What a test reads from a page: headings, tables, captions, th scopes, images."""

    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.scopes, self.images, self.svgs = [], [], [], [], []
        self.title, self.lang, self.description, self._in, self._text = "", "", "", None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        elif tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content", "")
        elif tag in ("title", "h1", "h2", "h3", "h4", "h5", "h6") and self._in is None:
            self._in, self._text = tag, []
        elif tag == "table":
            self.tables.append(False)
        elif tag == "caption":
            self.tables[-1] = True
        elif tag == "th":
            self.scopes.append(attrs.get("scope"))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "svg":
            self.svgs.append(attrs)

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "title" and not self.title:
                self.title = text
            elif tag != "title":
                self.headings.append((int(tag[1]), text))
            self._in = None


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_page_is_a_complete_document_with_title_language_and_description(fixture_report):  # noqa: F811,E501
    page = render_page(fixture_report)
    assert page.startswith("<!DOCTYPE html>")
    found = outline(page)
    assert found.lang == "en-GB"
    assert found.title == (f"{fixture_report['title']} – "
                           f"{fixture_report['partnership']['name']}")
    assert found.description.startswith("Board report for Loch Arden Community Planning")
    assert "30 November 2026" in found.description


def test_headings_go_in_order(fixture_report):  # noqa: F811
    levels = [level for level, _ in outline(render_page(fixture_report)).headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))
    headings = outline(render_page(fixture_report)).headings
    assert (2, "Indicators in detail") in headings
    assert (3, f"FX-2: {fixture_report['sections'][1]['indicators'][1]['title']}") in headings


def test_every_table_has_a_caption_and_every_header_a_scope(fixture_report):  # noqa: F811
    found = outline(render_page(fixture_report))
    assert len(found.tables) >= 6
    assert all(found.tables)
    assert set(found.scopes) <= {"col", "row"} and None not in found.scopes


def test_charts_are_inline_svg_named_by_their_alternative(fixture_report):  # noqa: F811
    page = render_page(fixture_report)
    found = outline(page)
    assert len(found.svgs) == 3 and not found.images
    assert all(svg["role"] == "img" and svg["aria-labelledby"] for svg in found.svgs)
    alt = fixture_report["sections"][1]["indicators"][0]["chart"]["alt"]
    assert f">{alt}</title>" in page
    # each chart's title id is its own
    assert len({svg["aria-labelledby"] for svg in found.svgs[:2]}) == 2


def test_for_pdf_charts_are_images_with_alt_in_a_figure(fixture_report):  # noqa: F811
    page = render_page(fixture_report, for_pdf=True)
    found = outline(page)
    assert not found.svgs
    alts = [image["alt"] for image in found.images]
    assert alts[0] == fixture_report["sections"][1]["indicators"][0]["chart"]["alt"]
    assert all(image["src"].startswith("data:image/svg+xml;base64,") for image in found.images)
    assert page.count("<figure") == page.count("<figcaption") == 3
    # print keeps the latest values beside the chart
    assert f"latest {PRINT_DATA_ROWS} of 36 periods" in page


def test_an_unwritten_section_says_so_and_written_text_is_shown():
    page = render_page(fixture_document())
    assert "This section has not been written yet." in page
    # GOV.UK body text, one paragraph a blank line
    assert '<p class="govuk-body">Spending was on budget.</p>' in page
    assert '<p class="govuk-body">No new funding was agreed.</p>' in page
    assert "Describe how community bodies took part" in page


def test_first_page_says_as_of_built_basis_and_due():
    page = render_page(fixture_document())
    front = page[:page.index("Key figures")]
    for words in ("As it stood on", "30 November 2026", "Built", "1 December 2026",
                  "Statutory basis", "Community Empowerment (Scotland) Act 2015, section 8",
                  "Due", "30 September 2027", "2026/27"):
        assert words in front, words


def test_text_is_escaped():
    document = fixture_document(title="<script>alert(1)</script>")
    document["sections"][0]["rows"][0]["title"] = "<b>bold</b>"
    page = render_page(document)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page


def test_the_body_include_draws_the_same_report_inside_a_page():
    document = fixture_document()
    body = render_to_string("reports/document_body.html", {"document": document})
    assert "<html" not in body and "<style" not in body
    assert outline(body).headings[0] == (1, document["title"])
    assert 'class="pif-table-scroll" role="region" tabindex="0"' in body


def test_embedded_in_a_page_with_its_own_h1_the_body_draws_none():
    document = fixture_document()
    body = render_to_string("reports/document_body.html",
                            {"document": document, "embedded": True})
    headings = outline(body).headings
    assert all(level >= 2 for level, _ in headings)
    assert (2, "Contents") in headings and (2, "Indicators in detail") in headings
    assert document["kind_label"] + " · " not in body  # nor its caption
    assert "As it stood on" in body


def _with_optional_unwritten() -> dict:
    document = copy.deepcopy(fixture_document())
    document["sections"].append({
        "key": "overview", "heading": "The year in summary", "intro": "",
        "type": "narrative", "guidance": "A short introduction to the year.", "text": "",
        "required": False})
    return document


def test_a_draft_shows_editors_what_each_unwritten_section_should_cover():
    page = render_page(_with_optional_unwritten())
    assert (2, "The year in summary") in outline(page).headings
    assert "What it should cover: A short introduction to the year." in page
    assert "What it should cover: Describe how community bodies took part" in page


@pytest.mark.parametrize("flag", ["signed_off", "final"])
def test_once_signed_off_unwritten_optional_sections_and_all_guidance_are_left_out(flag):
    document = _with_optional_unwritten()
    body = render_to_string("reports/document_body.html", {"document": document, flag: True})
    headings = [text for _, text in outline(body).headings]
    assert "The year in summary" not in headings and "The year in summary" not in body
    assert "What it should cover" not in body and "has not been written yet" not in body
    # a required one stays, saying plainly it was not written
    assert "How community bodies took part" in headings
    assert "This section was not written before the report was signed off." in body
    # the written one stays; contents and sections are numbered alike
    assert '<p class="govuk-body">Spending was on budget.</p>' in body
    contents = body[body.index('id="report-contents"'):body.index("</ol>")]
    assert contents.count("<li>") == len([s for s in document["sections"]
                                          if s["key"] != "overview"])
    assert "The year in summary" not in contents
    assert 'href="#report-section-4"' in contents and 'id="report-section-4"' in body


def test_final_page_leaves_out_unwritten_optional_sections():
    page = render_page(_with_optional_unwritten(), final=True)
    assert "The year in summary" not in page and "What it should cover" not in page
    assert "The year in summary" in render_page(_with_optional_unwritten())


def test_written_words_are_escaped_body_paragraphs_with_their_line_breaks():
    document = copy.deepcopy(fixture_document())
    document["sections"][4]["text"] = "Line one\r\nline <b>two</b>\n\n\n  Second & last"
    page = render_page(document)
    assert ('<div class="pif-report-narrative"><p class="govuk-body">Line one<br>'
            "line &lt;b&gt;two&lt;/b&gt;</p>\n<p class=\"govuk-body\">Second &amp; last</p>"
            "</div>") in page


def test_an_empty_actions_section_says_so_once():
    document = copy.deepcopy(fixture_document())
    actions = document["sections"][2]
    actions["actions"] = []
    actions["intro"] = "No actions are linked to these outcomes and indicators."
    page = render_page(document)
    assert page.count("No actions are linked") == 1 and "No actions.</p>" not in page
    actions["intro"] = ""
    assert "No actions.</p>" in render_page(document)


def test_the_trend_is_labelled_since_the_previous_value_on_screen_and_in_print(fixture_report):  # noqa: F811,E501
    for page in (render_page(fixture_report), render_page(fixture_report, for_pdf=True)):
        assert "Since the previous value" in page and "Better is" not in page


def test_a_chart_on_screen_scrolls_in_a_named_region_at_a_readable_size(fixture_report):  # noqa: F811,E501
    page = render_page(fixture_report)
    block = fixture_report["sections"][1]["indicators"][0]
    caption = f"Chart of {block['code']}: {block['title']}."
    assert (f'<div class="pif-table-scroll pif-report-chart-scroll" role="region" tabindex="0" '
            f'aria-label="{caption}"><figure class="pif-chart pif-report-chart"><svg') in page
    assert ".pif-report-chart svg { min-width: 600px; }" in page


def test_a_document_with_missing_parts_still_draws():
    document = copy.deepcopy(fixture_document())
    for key in ("statutory_basis", "due_label", "reporting_year", "summary", "built_at"):
        document[key] = ""
    document["sections"] = [{"key": "x", "heading": "Empty", "intro": "", "type": "table",
                             "caption": "", "headers": [], "rows": []}]
    page = render_page(document)
    assert "Statutory basis" not in page and "Not built yet" in page
    assert "Nothing to show in this table." in page
