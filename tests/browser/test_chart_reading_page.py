"""A C chart with a runs signal: its page reads well and passes axe (ADR 0010)."""

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from pif.partnerships.models import Organisation
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_c_chart_with_a_long_run_names_it_under_the_chart(page, transactional_db,
                                                             monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    council = Organisation.objects.get(partnership=partnership, short_code="LAC")
    make_indicator(partnership, owner=council, code="FALLS", title="Falls at home",
                   unit="count", decimals=0, chart_type="c", improvement="lower",
                   values=[14] * 12 + [14, 6] * 6, first_period=Period.month(2023, 1))
    viewer = next(u for u in demo.DEMO_USERS if u.role == "viewer")
    sign_in(page, viewer.email, viewer.password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/FALLS/")
    expect(page.get_by_role("heading", name="Runs analysis")).to_be_visible()
    expect(page.get_by_text("An unusually long run: 13 points in a row above the centre "
                            "line")).to_be_visible()
    page.get_by_text("How to read this chart").click()
    expect(page.get_by_text("as a whole, not point by point")).to_be_visible()
    check_accessibility(page, "chart-reading-c-chart")
