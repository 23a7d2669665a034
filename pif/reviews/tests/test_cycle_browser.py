"""Cycles in the browser: an admin closes the year with a review, reads the closed cycle and
starts the next; every cycle page passes axe and fits 320 px. Screenshots at 320 and 1024 px
go to test-artifacts/screenshots/cycles/ (or $PIF_SHOTS)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pif import history_writes
from pif.actors import COMMAND_LINE
from pif.partnerships import demo
from pif.reviews.models import Cycle
from tests.browser import conftest as browser_conftest
from tests.browser.conftest import ARTIFACTS, check_accessibility, check_fits, sign_in

# The browser journeys' fixtures, for this test kept beside the cycles' other tests.
browser = browser_conftest.browser
page = browser_conftest.page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SHOTS = Path(os.environ.get("PIF_SHOTS", ARTIFACTS / "cycles"))
P = f"/p/{demo.SHORT_NAME}/review/"


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def _look(page, name: str, parts=()) -> None:
    """Check the page at 1024 and 320 px wide, and keep a screenshot of its top and of each
    of `parts` (in-page anchors)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    address = page.url.split("#")[0]
    for width in (1024, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(address)
        check_accessibility(page, f"cycles-{name}-{width}")
        if width == 320:
            check_fits(page, f"cycles-{name}-320")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        for part in parts:
            page.goto(f"{address}#{part}")
            page.screenshot(path=str(SHOTS / f"{name}-{part}-{width}.png"))


def test_close_a_cycle_read_it_and_start_the_next(page, demo_partnership):
    admin = next(u for u in demo.DEMO_USERS if u.role == "admin")
    sign_in(page, admin.email, admin.password)
    # Start from no cycle, as a partnership new to stage 6 does.
    history_writes.delete_each(COMMAND_LINE, list(Cycle.objects.filter(
        partnership=demo_partnership).order_by("first_year")))
    page.goto(P)
    _look(page, "landing")
    page.get_by_role("link", name="start the first cycle").click()
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_text("started")).to_be_visible()
    _look(page, "cycles-open")
    page.get_by_role("link", name="with a review").first.click()
    _look(page, "close", parts=("id_what_worked",))
    page.get_by_label("What worked").fill("Daily huddles on the wards cut delays.")
    page.get_by_label("Lessons learned").fill("Agree the data before the year starts.")
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_role("heading", name="Scorecard as it stood")).to_be_visible()
    _look(page, "closed-cycle", parts=("review", "scorecard", "actions", "outcomes"))
    page.get_by_role("link", name="Start the next cycle").click()
    _look(page, "next")
    page.get_by_role("button", name="Start cycle").click()
    expect(page.get_by_text("targets rolled forward")).to_be_visible()
    _look(page, "cycles-after")
