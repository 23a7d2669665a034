"""The report's PDF, read back with pikepdf: PDF/UA catalogue entries, the structure tree
(headings, tables, figures with their text alternatives) and the words on its pages."""

import io
import re
import socket
from concurrent.futures import Future

import pikepdf
import pytest
from weasyprint.urls import URLFetchingError, fetch

from pif.reports.render.pdf import ChartFetcher, render_pdf
from pif.reports.tests.report_fixtures import fixture_report  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf(fixture_report):  # noqa: F811
    real_socket = socket.socket

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF must be made without the network")

    socket.socket = no_network
    try:
        content = render_pdf(fixture_report)
    finally:
        socket.socket = real_socket
    return pikepdf.open(io.BytesIO(content))


def structure(pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the PDF, in reading order."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _to_unicode(font) -> dict[int, str]:
    """A font's /ToUnicode map (bfchar and bfrange), glyph code -> text."""
    table = {}
    if "/ToUnicode" not in font:
        return table
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, text in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(text, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                table[code] = chr(first + offset)
    return table


def page_text(page) -> str:
    """The text a page draws (not in its images), decoded through its fonts' /ToUnicode
    maps: WeasyPrint writes two-byte glyph codes (Identity-H)."""
    fonts = {name: _to_unicode(font) for name, font in (page.Resources.get("/Font") or {}).items()}
    words, font = [], {}
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif name in ("Tj", "TJ"):
            strings = operands[0] if name == "TJ" else [operands[0]]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    words.append("".join(font.get(int.from_bytes(raw[i:i + 2]), "")
                                         for i in range(0, len(raw), 2)))
        elif name in ("ET", "Td", "TD", "T*"):
            words.append(" ")
    return "".join(words)


def squeezed(text: str) -> str:
    return "".join(text.split())


def all_text(pdf) -> str:
    return "".join(page_text(page) for page in pdf.pages)


def test_catalogue_says_language_title_and_tagging(pdf, fixture_report):  # noqa: F811
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.MarkInfo.Marked is True
    title = f"{fixture_report['title']} – {fixture_report['partnership']['name']}"
    assert str(pdf.docinfo.Title) == title
    with pdf.open_metadata() as metadata:
        assert metadata["dc:title"] == title
        assert "pdfuaid:part" in str(metadata) or metadata.get("pdfuaid:part") == "1"


def test_structure_tree_tags_headings_and_tables(pdf):
    tags = [str(node.S) for node in structure(pdf)]
    assert tags.count("/H1") == 1
    for tag in ("/H2", "/H3", "/Table", "/TR", "/TH", "/TD", "/Caption", "/L", "/LI"):
        assert tag in tags, tag
    assert tags.index("/H1") < tags.index("/H2") < tags.index("/H3")


def test_every_chart_is_a_figure_with_its_text_alternative(pdf, fixture_report):  # noqa: F811
    alts = [block["chart"]["alt"] for section in fixture_report["sections"]
            for block in section.get("indicators", [])
            + [item["indicator"] for item in section.get("items", [])]]
    figures = [node for node in structure(pdf) if str(node.S) == "/Figure"]
    assert [str(node.Alt) for node in figures] == alts
    assert all(alt.startswith("XmR chart of FX-") for alt in alts)


def test_charts_are_vector_drawings(pdf):
    page = pdf.pages[1]
    objects = [page.Resources.XObject[name] for name in page.Resources.XObject.keys()]
    assert any(obj.Subtype == "/Form" for obj in objects)  # drawn, not a picture
    assert not any(obj.Subtype == "/Image" for obj in objects)


def test_pdf_names_every_indicator_and_says_what_is_missing(pdf, fixture_report):  # noqa: F811
    text = squeezed(all_text(pdf))
    for section in fixture_report["sections"]:
        for block in section.get("indicators", []):
            assert squeezed(f"{block['code']}: {block['title']}") in text
    assert squeezed("This section has not been written yet.") in text
    assert squeezed("30 November 2026") in text  # the as-of date, on the first page
    assert squeezed("Community Empowerment (Scotland) Act 2015, section 8") in squeezed(
        page_text(pdf.pages[0]))


def test_footer_numbers_pages_and_names_the_report(pdf):
    count = len(pdf.pages)
    assert count > 2
    first, last = page_text(pdf.pages[0]), page_text(pdf.pages[-1])
    assert f"Page 1 of {count}" in first
    assert f"Page {count} of {count}" in last
    assert squeezed("Loch Arden Community Planning Partnership board report") in squeezed(last)


def test_the_fetcher_opens_only_data_addresses_and_the_reports_charts():
    done = Future()
    done.set_result("<svg/>")
    fetcher = ChartFetcher({"abc": done})
    with fetch(fetcher, "data:text/plain,hello") as response:
        assert response.read() == b"hello"
    with fetch(fetcher, "pif-chart:abc") as response:
        assert response.read() == b"<svg/>"
        assert response.content_type == "image/svg+xml"
    for address in ("http://example.org/x.png", "https://example.org/x.css",
                    "file:///etc/passwd", "pif-chart:unknown"):
        with pytest.raises(URLFetchingError), fetch(fetcher, address):
            pass


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """A board report the builders made (pif.reports.kinds.build), and its PDF."""
    from django.db import transaction
    from django.utils import timezone

    from pif.reports.kinds import build
    from pif.reports.tests.report_fixtures import make_charted_indicators, plain
    from pif.testing import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        make_charted_indicators(world.partnership, world.council, count=3)
        document = plain(build(world.partnership, "board", as_of=timezone.localdate(),
                               options={}, narrative={}))
        transaction.set_rollback(True)
    return document, pikepdf.open(io.BytesIO(render_pdf(document)))


def test_a_built_board_report_names_every_indicator_and_tags_its_charts(built):
    document, pdf = built
    blocks = [block for section in document["sections"]
              for block in section.get("indicators", [])]
    assert [block["code"] for block in blocks] == ["FX-1", "FX-2", "FX-3"]
    text = squeezed(all_text(pdf))
    for block in blocks:
        assert squeezed(f"{block['code']}: {block['title']}") in text
    figures = [node for node in structure(pdf) if str(node.S) == "/Figure"]
    assert [str(node.Alt) for node in figures] == [block["chart"]["alt"] for block in blocks]
    assert str(pdf.Root.Lang) == "en-GB" and pdf.Root.MarkInfo.Marked is True


def test_the_pdfs_page_leaves_out_only_the_plain_cell_classes(fixture_report):  # noqa: F811
    from pif.reports.render.html import render_page
    from pif.reports.render.pdf import _lighter_page

    page = render_page(fixture_report, for_pdf=True)
    lighter = _lighter_page(page)
    assert 'class="govuk-table__cell"' in page and 'class="govuk-table__cell"' not in lighter
    assert 'class="govuk-table__header"' not in lighter
    assert lighter.count("<td") == page.count("<td") and lighter.count("<th ") == page.count(
        "<th ")
    assert 'class="govuk-table__cell govuk-table__cell--numeric"' in lighter
    # the stylesheet styles the cells of a table by element, so they look the same
    assert ".govuk-table th, .govuk-table td {" in lighter
