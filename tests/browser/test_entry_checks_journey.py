"""A contributor's unusual grid value is shown on its cell and saved only anyway, and a value
saved by someone else while the entry form was open is not overwritten unseen."""

import re

import pytest
from playwright.sync_api import expect

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships import demo
from pif.partnerships.models import Organisation
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def person(role):
    return next(u for u in demo.DEMO_USERS if u.role == role)


@pytest.fixture
def indicator(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    nhs = Organisation.objects.get(partnership=partnership, short_code="NHSLA")
    ae = make_indicator(partnership, owner=nhs, code="AE-4HR",
                        title="A&E patients seen within four hours",
                        values=[88.2, 89.1, 87.6, 88.9], first_period=Period.month(2024, 1))
    status.refresh([ae])
    return ae


def test_a_grid_warning_asks_first_and_a_conflict_keeps_both_values(page, indicator):
    contributor = person("contributor")
    sign_in(page, contributor.email, contributor.password)

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/grid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit several periods")
    page.get_by_label("May 2024").fill("20")
    page.get_by_role("button", name="Save values").click()
    expect(page.locator("#warnings")).to_contain_text(
        "May 2024: 20 is a change of more than half this indicator's range")
    expect(page.locator("td", has_text="Check")).to_be_visible()
    check_accessibility(page, "entry-checks-01-grid-warnings")
    page.get_by_role("button", name="Save anyway").click()
    expect(page).to_have_url(re.compile(r"/indicators/AE-4HR/$"))
    assert Observation.objects.get(indicator=indicator, period="M2024-05").value == 20

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/AE-4HR/enter/?period=April+2024")
    page.get_by_label("Value (optional)").fill("89.0")
    editor = next(m.user for m in indicator.partnership.memberships.select_related("user")
                  if m.role == "editor")
    write_observations(Actor(user=editor),
                       [ObservationInput(indicator, Period.month(2024, 4), 93.5)],
                       approve=True, partnership=indicator.partnership)
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else saved the value for April 2024 while you were editing")
    expect(page.locator(".govuk-warning-text")).to_contain_text("saved the value for April 2024")
    check_accessibility(page, "entry-checks-02-enter-value-conflict")
    assert Observation.objects.get(indicator=indicator, period="M2024-04").value == 93.5
    page.get_by_role("button", name="Save value").click()
    expect(page).to_have_url(re.compile(r"/indicators/AE-4HR/$"))
    assert Observation.objects.get(indicator=indicator, period="M2024-04").value == 89.0
