"""The one field renderer in a browser: the indicator form's tags are each a checkbox people
can tick, and the indicator and outcome forms pass axe at 320 and 1280 pixels wide."""

import pytest
from playwright.sync_api import expect

from pif.measures.models import Indicator, Tag
from pif.outcomes.models import Outcome, Risk
from pif.partnerships import demo
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 1280)


@pytest.fixture
def partnership(transactional_db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])  # the partnership, its organisations and people
    partnership = demo.load()
    for group, name in [("Perspective", "Customer"), ("Perspective", "Finance"),
                        ("", "Winter pressures")]:
        Tag.objects.create(partnership=partnership, group=group, name=name)
    return partnership


def editor():
    return next(u for u in demo.DEMO_USERS if u.role == "editor")


def test_an_editor_ticks_two_tags_on_a_new_indicator(page, partnership):
    sign_in(page, editor().email, editor().password)
    page.goto(f"/p/{demo.SHORT_NAME}/indicators/new/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_accessibility(page, f"fields-indicator-form-{width}")
    tags = page.get_by_role("group", name="Tags (optional)")
    expect(tags.get_by_role("checkbox")).to_have_count(3)
    page.get_by_label("Code").fill("WIN-1")
    page.get_by_label("Title").fill("Winter admissions")
    page.get_by_label("Owning organisation").select_option(label="Loch Arden Council")
    tags.get_by_label("Perspective: Customer").check()
    tags.get_by_label("Winter pressures").check()
    expect(tags.get_by_label("Perspective: Finance")).not_to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("WIN-1 Winter admissions saved.")).to_be_visible()
    indicator = Indicator.objects.get(partnership=partnership, code="WIN-1")
    assert sorted(tag.name for tag in indicator.tags.all()) == ["Customer", "Winter pressures"]


def test_the_outcome_and_risk_forms_pass_axe_at_every_width(page, transactional_db):
    partnership = demo.load()  # the whole demo: outcomes, indicators and risks to choose
    sign_in(page, editor().email, editor().password)
    base = f"/p/{demo.SHORT_NAME}"
    risk = Risk.objects.filter(partnership=partnership).first()
    for name, url in [("outcome-form", f"{base}/outcomes/new/"),
                      ("risk-form", f"{base}/risks/{risk.pk}/")]:
        page.goto(url)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            check_accessibility(page, f"fields-{name}-{width}")
    review = page.get_by_label("Review date")
    expect(review).to_have_attribute("type", "date")
    expect(review).to_have_value(risk.review_date.isoformat())
    outcomes = page.get_by_role("group", name="Outcomes (optional)")
    expect(outcomes.get_by_role("checkbox")).to_have_count(
        Outcome.objects.filter(partnership=partnership).count())
