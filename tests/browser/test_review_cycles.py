"""Cycles in the browser: an admin closes the year with a review, reads the closed cycle and
starts the next; every cycle page passes axe and fits 320 px."""

import pytest
from playwright.sync_api import expect

from pif import history_writes
from pif.actors import COMMAND_LINE
from pif.partnerships import demo
from pif.reviews.models import Cycle
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
P = f"/p/{demo.SHORT_NAME}/review/"


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def look(page, name: str) -> None:
    check_page(page, f"review-cycles-{name}")


def test_close_a_cycle_read_it_and_start_the_next(page, demo_partnership):
    admin = next(u for u in demo.DEMO_USERS if u.role == "admin")
    sign_in(page, admin.email, admin.password)
    # Start from no cycle, as a partnership new to stage 6 does.
    history_writes.delete_each(COMMAND_LINE, list(Cycle.objects.filter(
        partnership=demo_partnership).order_by("first_year")))
    page.goto(P)
    look(page, "landing")
    page.get_by_role("link", name="start the first cycle").click()
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_text("started")).to_be_visible()
    look(page, "cycles-open")
    page.get_by_role("link", name="with a review").first.click()
    look(page, "close")
    page.get_by_label("What worked").fill("Daily huddles on the wards cut delays.")
    page.get_by_label("Lessons learned").fill("Agree the data before the year starts.")
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_role("heading", name="Scorecard as it stood")).to_be_visible()
    look(page, "closed-cycle")
    page.get_by_role("link", name="Start the next cycle").click()
    look(page, "next")
    page.get_by_role("button", name="Start cycle").click()
    expect(page.get_by_text("targets rolled forward")).to_be_visible()
    look(page, "cycles-after")
