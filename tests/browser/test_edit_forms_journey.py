"""Forms that work, in a browser (issue 11, items 4 and 5): an editor changes an existing risk
(its review date kept) and an existing indicator (tags ticked), and a contributor enters a
value over the one stored for a period. Each page passes axe at 320, 390 and 1280 pixels wide
and fits a 320-pixel screen."""

import datetime

import pytest
from playwright.sync_api import expect

from pif.lib.periods import Period
from pif.measures.models import Observation, Tag
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_risk
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
BASE = f"/p/{demo.SHORT_NAME}"


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership, its organisations and people
    return demo.load()


def person(role: str):
    return next(user for user in demo.DEMO_USERS if user.role == role)


def signed_in_as(page, role: str) -> None:
    sign_in(page, person(role).email, person(role).password)


def check_every_width(page, name: str) -> None:
    """Nothing wider than a 320-pixel screen, and axe at 320, 390 (a phone) and 1280 pixels
    wide."""
    page.set_viewport_size({"width": 320, "height": 900})
    check_fits(page, f"{name}-320")
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        check_accessibility(page, f"{name}-{width}")


def organisation(partnership, name="Loch Arden Council"):
    return partnership.organisations.get(name=name)


def test_an_editor_changes_a_risk_and_keeps_its_review_date(page, partnership):
    risk = make_risk(partnership, organisation(partnership), reference="R07",
                     review_date=datetime.date(2027, 3, 31))
    signed_in_as(page, "editor")
    page.goto(f"{BASE}/risks/{risk.pk}/")
    check_every_width(page, "edit-risk-form")
    expect(page.get_by_label("Review date")).to_have_value("2027-03-31")
    page.get_by_label("Title").fill("Funding ends in March")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Risk saved.")).to_be_visible()
    risk.refresh_from_db()
    assert (risk.title, risk.review_date) == ("Funding ends in March", datetime.date(2027, 3, 31))


def test_an_editor_ticks_tags_on_an_existing_indicator(page, partnership):
    indicator = make_indicator(partnership, owner=organisation(partnership), code="WIN-1",
                               title="Winter admissions")
    customer, _, winter = (Tag.objects.create(partnership=partnership, group=group, name=name)
                           for group, name in [("Perspective", "Customer"),
                                               ("Perspective", "Finance"),
                                               ("", "Winter pressures")])
    indicator.tags.add(customer)
    signed_in_as(page, "editor")
    page.goto(f"{BASE}/indicators/WIN-1/edit/")
    check_every_width(page, "edit-indicator-form")
    tags = page.get_by_role("group", name="Tags (optional)")
    expect(tags.get_by_label("Perspective: Customer")).to_be_checked()
    tags.get_by_label("Winter pressures").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("WIN-1 Winter admissions saved.")).to_be_visible()
    assert set(indicator.tags.all()) == {customer, winter}


def test_a_contributor_sees_the_stored_value_and_errors_that_name_their_field(page, partnership):
    owner = person("contributor")  # the indicator belongs to the contributor's organisation
    indicator = make_indicator(partnership, owner=partnership.memberships.get(
        user__email=owner.email).organisation, code="COUNT-1", unit="count", decimals=0,
        values=[12, 14], first_period=Period.month(2024, 4))
    signed_in_as(page, "contributor")
    page.goto(f"{BASE}/indicators/COUNT-1/enter/?period=May%202024")
    expect(page.locator("#stored-now")).to_contain_text("Stored now for May 2024: 14 (final)")
    expect(page.get_by_label("Value")).to_have_value("14")
    expect(page.get_by_label("Numerator")).to_have_count(0)  # a count has none
    page.get_by_label("Value").fill("")
    page.get_by_role("button", name="Save value").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter a value")).to_be_visible()
    check_every_width(page, "enter-value-error")
    page.get_by_label("Value").fill("15")
    page.get_by_role("button", name="Save value").click()
    expect(page.get_by_text("An editor will approve them before they count.")).to_be_visible()
    assert Observation.objects.get(indicator=indicator, period="M2024-05").value == 15
