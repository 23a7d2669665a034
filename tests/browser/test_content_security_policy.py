"""The Content-Security-Policy leaves every script working: GOV.UK Frontend, the charts
that vega-embed redraws, and the scorecard's htmx filters. The `page` fixture fails the
test if the policy refuses anything on any page visited."""

import re

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from pif.partnerships.models import Organisation
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    council = Organisation.objects.get(partnership=partnership, short_code="LAC")
    make_indicator(partnership, owner=council, code="HOMES", title="Affordable homes completed",
                   values=[41, 38, 44, 40, 39, 45, 42, 37, 43, 41, 40, 46], unit="count",
                   decimals=0, first_period=Period.month(2024, 1))
    return partnership


def test_scripts_run_under_the_policy(page, partnership):
    viewer = next(u for u in demo.DEMO_USERS if u.role == "viewer")
    sign_in(page, viewer.email, viewer.password)
    # GOV.UK Frontend's start-up script marks the body.
    expect(page.locator("body.js-enabled.govuk-frontend-supported")).to_have_count(1)

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/HOMES/")
    # vega-embed has replaced the server-drawn chart with its own.
    expect(page.locator("#chart .vega-embed svg")).to_be_visible()

    page.goto(f"/p/{demo.SHORT_NAME}/indicators/")
    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        page.get_by_label("Sort by").select_option(index=1)
    expect(page).to_have_url(re.compile(r"[?&]sort="))
