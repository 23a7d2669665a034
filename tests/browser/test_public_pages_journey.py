"""The public pages in the browser, as a visitor who is not signed in: the home page, an
indicator with its chart and figures, the open data page and a CSV, and the accessibility
statement. axe on every page, and every page fits 320 px. An indicator the partnership has
not published is nowhere, and a value entered after publishing does not show."""

import csv
import io

import pytest
from playwright.sync_api import expect

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Target
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.outcomes.testing import make_outcome
from pif.reports.services import publishing
from pif.testing import build_world
from tests.browser.conftest import check_page

pytestmark = pytest.mark.django_db(transaction=True)
HOME = "/public/alpha/"


def look(page, name: str) -> None:
    check_page(page, f"public-journey-{name}", widths=(1280, 320))


@pytest.fixture
def published(transactional_db):
    world = build_world()
    outcome = make_outcome(world.partnership, "Older people live independently at home")
    delays = make_indicator(world.partnership, owner=world.council, code="DD-1",
                            title="Delayed discharges", published=True,
                            values=[40, 42, 41, 45, 52, 60, 58, 61, 57, 59, 62, 60],
                            first_period=Period.month(2025, 11))
    secret = make_indicator(world.partnership, owner=world.council, code="SEC-7",
                            title="Staff sickness absence", values=[5, 6, 5, 7],
                            first_period=Period.month(2026, 5))
    outcome.indicators.add(delays, secret)
    Target.objects.create(indicator=delays, value=45)
    status.refresh([delays, secret])
    publishing.publish(Actor(world.editor), world.partnership, note="First publication",
                       reason="Only the measures agreed for the public so far.")
    world.delays = delays
    return world


def test_a_visitor_reads_the_published_pages_and_open_data(page, published):
    # A value entered after publishing is live for members, not on the public pages.
    period = Period.month(2026, 11)
    write_observations(Actor(published.editor), [ObservationInput(
        indicator=published.delays, period=period, value=87.5)], approve=True,
        partnership=published.partnership)

    page.goto(HOME)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alpha")
    expect(page.locator("main")).to_contain_text("Delayed discharges")
    expect(page.locator("main")).not_to_contain_text("SEC-7")
    expect(page.locator("main")).not_to_contain_text("Staff sickness absence")
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    look(page, "01-home")

    page.get_by_role("link", name="Delayed discharges").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delayed discharges")
    expect(page.locator("figure svg[role='img']")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("87.5")
    look(page, "02-indicator")

    page.goto(HOME + "data/")
    expect(page.locator("main")).to_contain_text("Open Government Licence")
    look(page, "03-open-data")
    response = page.request.get(HOME + "data/DD-1.csv")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert rows and {row["indicator_code"] for row in rows} == {"DD-1"}
    assert not {value for value in (row["value"] for row in rows) if value.startswith("87.5")}
    assert page.request.get(HOME + "data/SEC-7.csv").status == 404
    catalogue = page.request.get(HOME + "data.json").json()
    assert "SEC-7" not in str(catalogue) and "DD-1" in str(catalogue)

    page.goto("/accessibility/?partnership=alpha")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility")
    look(page, "04-accessibility")
