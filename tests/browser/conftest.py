"""Browser journeys: Playwright driving Debian's Chromium, with axe-core on every page.

Screenshots go to test-artifacts/screenshots/ so people can look at what the tests saw.
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PIF_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# The standards PIF promises: WCAG 2.2 AA, and the best practices axe checks besides.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django's ORM refuses to run inside one
    # unless told that the test thread is safe, which it is here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    # The Content-Security-Policy must not stop any of PIF's own scripts or styles.
    refused = []
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)


class AxeViolations(AssertionError):
    pass


def check_accessibility(page, name: str) -> None:
    """Run axe-core on the page, save a full-page screenshot, fail on any violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol: an added inline script tag would be refused
    # by the Content-Security-Policy, as it should be.
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    if violations:
        raise AxeViolations(f"axe found problems on {name} ({page.url}):\n"
                            + json.dumps(violations, indent=2))


# The page's width and, when it is wider than the viewport, the elements that stick out
# (outermost only: not their children), widest first, as "tag#id.class (right edge N px)",
# so the message names what to fix. Elements inside a scrolling region are left out (they
# do not widen the page) unless nothing else sticks out.
_OVERFLOW_JS = r"""() => {
  const limit = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  const widest = [];
  if (width > limit) {
    const scrolls = (el) => getComputedStyle(el).overflowX !== 'visible';
    const insideScroller = (el) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (scrolls(up)) return true;
      }
      return false;
    };
    const sticksOut = (el) => el.getBoundingClientRect().right + window.scrollX > limit + 0.5;
    const all = [...document.body.querySelectorAll('*')];
    const outsideOnly = all.some((el) => sticksOut(el) && !insideScroller(el));
    for (const el of all) {
      const right = el.getBoundingClientRect().right + window.scrollX;
      const parentFits = el.parentElement === document.body || !sticksOut(el.parentElement);
      // Something inside a scrolling region can still widen the page: absolutely positioned
      // text whose containing block is outside the region. Name it if nothing else sticks out.
      if (sticksOut(el) && parentFits && (!insideScroller(el) || !outsideOnly)) {
        const classes = typeof el.className === 'string' && el.className.trim()
          ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes;
        widest.push([Math.round(right), name]);
      }
    }
    widest.sort((a, b) => b[0] - a[0]);
  }
  return {width, limit,
          widest: widest.slice(0, 8).map(([right, name]) => `${name} (right edge ${right} px)`)};
}"""


def page_overflow(page) -> str | None:
    """Why the page is wider than the viewport (WCAG 2.2 SC 1.4.10 Reflow), or None if it fits."""
    found = page.evaluate(_OVERFLOW_JS)
    if found["width"] <= found["limit"]:
        return None
    return (f"{page.url} is {found['width']} px wide in a {found['limit']} px "
            "viewport; widest elements: " + "; ".join(found["widest"]))


def check_fits(page, name: str) -> None:
    """Fail unless the page is no wider than the viewport, naming the widest elements.

    Run it at 320 px wide (`page.set_viewport_size({"width": 320, "height": 640})`): content
    must then reflow without scrolling sideways, except inside a labelled scrolling region.
    """
    problem = page_overflow(page)
    if problem:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise AssertionError(f"{name} does not fit: {problem}")


PHONE_WIDTH = 320


def check_page(page, name: str, widths=(1024, PHONE_WIDTH)) -> None:
    """Check one page the way every journey does: axe-core, then a full-page screenshot at
    each of `widths` (ARTIFACTS/<name>-<width>.png) and, at 320 px, the reflow check.

    The viewport is put back afterwards, so the journey carries on as it was.
    """
    check_accessibility(page, name)
    before = page.viewport_size
    for width in widths:
        page.set_viewport_size({"width": width, "height": 640 if width <= PHONE_WIDTH else 800})
        if width <= PHONE_WIDTH:
            check_fits(page, f"{name}-{width}")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(before)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
