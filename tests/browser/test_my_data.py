"""A contributor's "Data you need to submit" in a browser: reached from the overview, what
is due now before what is overdue, long-silent series folded away, at 320, 390 and 1280
pixels wide, with axe and no sideways scrolling."""

from datetime import date

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.partnerships import demo
from pif.partnerships.models import Membership
from tests.browser.conftest import ARTIFACTS, check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1280)


def months_ago(months: int) -> Period:
    return Period.month(date.today().year, date.today().month).shift(-months)


def contributor():
    return next(u for u in demo.DEMO_USERS if u.role == "contributor")


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership, its organisations and people
    partnership = demo.load()
    owner = Membership.objects.get(partnership=partnership,
                                   user__email=contributor().email).organisation
    make_indicator(partnership, owner=owner, code="DUE-1",
                   title="Delayed discharges from hospital, bed days per 100,000 people",
                   values=[5], first_period=months_ago(2), due_days=60)
    make_indicator(partnership, owner=owner, code="LATE-1", title="Emergency admissions",
                   values=[5], first_period=months_ago(4), due_days=0)
    make_indicator(partnership, owner=owner, code="OLD-1", title="Smoking cessation quits",
                   values=[5], first_period=Period.month(2023, 1))
    return partnership


def test_a_contributor_finds_what_to_submit_from_the_overview(page, partnership):
    sign_in(page, contributor().email, contributor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/")
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "my-data-overview-390.png"), full_page=True)
    page.get_by_role("link", name="Data you need to submit").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data you need to submit")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index("Due now") < headings.index("Overdue") < headings.index(
        "Not updated for more than a year")
    dormant = page.locator("details#dormant")
    expect(dormant).not_to_have_attribute("open", "")
    expect(dormant.get_by_text("OLD-1 Smoking cessation quits")).to_be_hidden()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_fits(page, f"my-data-{width}")
        check_accessibility(page, f"my-data-{width}")
    dormant.locator("summary").click()
    expect(dormant.get_by_text("OLD-1 Smoking cessation quits")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 900})
    check_fits(page, "my-data-dormant-open-320")
    check_accessibility(page, "my-data-dormant-open-320")
    page.get_by_role("link", name=f"DUE-1 Delayed discharges from hospital, bed days per "
                     f"100,000 people: {months_ago(1).label}").click()
    expect(page).to_have_url(f"{page.url.split('/p/')[0]}/p/{demo.SHORT_NAME}/indicators/"
                             f"DUE-1/enter/?period={months_ago(1).label.replace(' ', '%20')}")
