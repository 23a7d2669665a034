"""An indicator whose action is marked on its chart: the words on the shift since the change,
the "Changes made" list and column, and an editor's "Start new limits from this change",
accessible and fitting a 320 px screen (ADR 0015)."""

import datetime

import pytest
from playwright.sync_api import expect

from pif.improvement import models as m
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Annotation
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from pif.partnerships.models import Organisation
from tests.browser.conftest import ARTIFACTS, check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 22, 18]
AFTER = [25, 26, 24, 25, 26, 25, 24]


def test_an_action_on_the_chart_says_whether_it_worked_and_editors_can_rebase_there(
        page, transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    partnership = demo.load()
    council = Organisation.objects.get(partnership=partnership, short_code="LAC")
    indicator = make_indicator(partnership, owner=council, code="FALLS", title="Falls seen",
                               unit="count", decimals=0, improvement="higher",
                               values=BEFORE + AFTER, first_period=Period.month(2024, 1))
    action = make_action(partnership, council, "A01", title="Open a falls clinic",
                         status=m.ActionStatus.COMPLETE,
                         start_date=datetime.date(2025, 1, 15),
                         completed_on=datetime.date(2025, 6, 2))
    action.indicators.add(indicator)
    editor = next(u for u in demo.DEMO_USERS if u.role == "editor")
    sign_in(page, editor.email, editor.password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/FALLS/")
    expect(page.get_by_text("Since A01 Open a falls clinic started on 15 January 2025: the "
                            "process has shifted for the better")).to_be_visible()
    expect(page.locator("#since-change li").first).to_have_text(
        "All 7 values since have been above the average before the change.")
    page.locator("#since-change").screenshot(path=str(ARTIFACTS / "chart-changes-since.png"))
    expect(page.get_by_role("heading", name="Changes made")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Changes made")).to_be_visible()
    check_accessibility(page, "chart-changes-editor")
    page.set_viewport_size({"width": 320, "height": 640})
    check_fits(page, "chart-changes-320")
    page.locator("#chart").screenshot(path=str(ARTIFACTS / "chart-changes-320-chart.png"))
    page.get_by_role("button", name="Start new limits from this change").first.click()
    expect(page.get_by_text("Chart note added.")).to_be_visible()
    rebase = Annotation.objects.get(indicator=indicator)
    assert (rebase.period, rebase.is_rebase) == ("M2025-01", True)
    expect(page.get_by_text("Since the recalculation")).to_be_visible()
