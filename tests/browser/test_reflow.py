"""Reflow (WCAG 2.2 SC 1.4.10): every page of the whole demo that a partnership admin can
reach by following links fits a 320 px wide screen, and the scorecard shows its essential
columns on a phone and fits its column on a desktop."""

from urllib.parse import urldefrag, urlsplit

import pytest

from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_fits, page_overflow, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 320, "height": 640}
BASE = f"/p/{demo.SHORT_NAME}/"


def admin():
    return next(u for u in demo.DEMO_USERS if u.role == "admin")


def is_page_to_visit(path: str, query: str) -> bool:
    """Inside the partnership, a page rather than a download (export.csv, chart.json), and
    not a further page of History or Activity (the same layout, one cursor after another)."""
    last_segment = path.rstrip("/").rsplit("/", 1)[-1]
    paging = "after=" in query or "before=" in query
    return path.startswith(BASE) and "." not in last_segment and not paging


def same_site_links(page, origin: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    links = set()
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        same_site = f"{parts.scheme}://{parts.netloc}" == origin
        if same_site and is_page_to_visit(parts.path, parts.query):
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def crawl(page, origin: str, start: str):
    """Visit (GET only) every page reachable from start; yield each path and its status
    once the page is shown."""
    seen, queue = {start}, [start]
    while queue:
        path = queue.pop(0)
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        yield path, response.status
        for link in sorted(same_site_links(page, origin) - seen):
            seen.add(link)
            queue.append(link)


def test_every_page_an_admin_reaches_fits_a_320_pixel_screen(page, live_server,
                                                              transactional_db):
    demo.load()
    page.set_viewport_size(PHONE)
    sign_in(page, admin().email, admin().password)
    problems, visited = [], 0
    for path, status in crawl(page, live_server.url, BASE):
        visited += 1
        problem = f"{path} answered {status}" if status != 200 else page_overflow(page)
        if problem:
            problems.append(problem)
    assert visited > 100, f"only {visited} pages reached: is the crawl following links?"
    assert not problems, (f"{len(problems)} of {visited} pages fail or are wider than 320 px:\n"
                          + "\n".join(problems))


def test_check_fits_names_what_is_too_wide(page, transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership and its people are enough
    demo.load()
    page.set_viewport_size(PHONE)
    sign_in(page, admin().email, admin().password)
    page.goto(BASE)
    check_fits(page, "reflow-overview-320")
    page.evaluate("""() => { const wide = document.createElement('div');
        wide.id = 'too-wide'; wide.style.width = '600px'; wide.textContent = 'wide';
        document.querySelector('main').append(wide); }""")
    with pytest.raises(AssertionError, match=r"div#too-wide \(right edge \d+ px\)"):
        check_fits(page, "reflow-overview-too-wide")


def essential_cells_in_view(page, width: int) -> list[str]:
    """The scorecard's first row: which essential figures lie wholly inside the screen."""
    row = page.locator(".pif-scorecard tbody tr").first
    shown = []
    for label, cell in [("name", row.get_by_role("rowheader")),
                        *[(name, row.locator(f'td[data-label="{name}"]'))
                          for name in ("Value", "RAG", "Variation", "Assurance")]]:
        box = cell.bounding_box()
        if box and box["x"] >= 0 and box["x"] + box["width"] <= width:
            shown.append(label)
    return shown


def test_the_scorecard_shows_its_essentials_on_a_phone_and_fits_a_desktop(page,
                                                                          transactional_db):
    demo.load()
    sign_in(page, admin().email, admin().password)
    page.goto(f"{BASE}indicators/")
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        check_fits(page, f"reflow-scorecard-{width}")
        assert essential_cells_in_view(page, width) == [
            "name", "Value", "RAG", "Variation", "Assurance"]
        check_accessibility(page, f"reflow-scorecard-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    regions = page.locator(".pif-table-scroll:has(.pif-scorecard)")
    widths = regions.evaluate_all(
        "regions => regions.map(r => [r.scrollWidth, r.clientWidth])")
    assert widths and all(scroll <= client for scroll, client in widths), widths
    check_accessibility(page, "reflow-scorecard-1280")
