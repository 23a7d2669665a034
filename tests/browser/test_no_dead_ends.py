"""No dead ends, in a browser: a viewer sees the vision on stage 1 linked to the Vision page
(not to the admin-only settings), no approvals link on stage 5, stage 3's facts with the
next step left to editors, and stage 6 saying it is coming with nothing to do, as the overview
says; an admin's settings show the vision read-only, linked to its one home. Each page
passes axe and fits 320, 390 and 1280 pixels."""

import pytest
from playwright.sync_api import expect

from pif.outcomes.demo import VISION
from pif.partnerships import demo
from pif.partnerships.stages import STAGES
from tests.browser.conftest import check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1280)
BASE = f"/p/{demo.SHORT_NAME}"


def demo_user(role):
    return next(user for user in demo.DEMO_USERS if user.role == role)


def check_widths(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if width == 320:
            check_fits(page, f"dead-ends-{name}-{width}")
        check_accessibility(page, f"dead-ends-{name}-{width}")


def test_a_viewer_meets_no_dead_end_and_an_admin_finds_the_vision_in_one_place(
        page, transactional_db):
    demo.load()
    viewer = demo_user("viewer")
    sign_in(page, viewer.email, viewer.password)

    page.goto(f"{BASE}/stages/vision/")
    expect(page.get_by_text(VISION)).to_be_visible()
    page.get_by_role("link", name="View vision statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vision")
    page.goto(f"{BASE}/stages/vision/")
    check_widths(page, "vision-stage")

    page.goto(f"{BASE}/stages/progress/")
    expect(page.get_by_text("Values awaiting approval")).to_be_visible()
    expect(page.locator(f'a[href="{BASE}/approvals/"]')).to_have_count(0)
    check_widths(page, "progress-stage")

    page.goto(f"{BASE}/stages/review/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="What the partnership has recorded")).to_be_visible()
    expect(main.get_by_role("heading", name="What to do next")).to_have_count(0)
    expect(main.get_by_text("Editors and partnership admins take the next step.")).to_be_visible()
    check_widths(page, "review-stage")

    page.goto(f"{BASE}/stages/action/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="What the partnership has recorded")).to_be_visible()
    expect(main.get_by_role("heading", name="What to do next")).to_have_count(0)
    expect(main.get_by_text("Editors and partnership admins take the next step.")).to_be_visible()
    check_widths(page, "action-stage")

    page.goto(f"{BASE}/")
    expect(page.get_by_text("Coming in a later version.")).to_have_count(
        len([stage for stage in STAGES if not stage.is_built]))
    expect(page.get_by_role("navigation", name=demo.NAME).get_by_role(
        "link", name="Settings")).to_have_count(0)
    check_widths(page, "overview")

    page.context.clear_cookies()
    admin = demo_user("admin")
    sign_in(page, admin.email, admin.password)
    page.goto(f"{BASE}/settings/")
    expect(page.get_by_text(VISION)).to_be_visible()
    expect(page.get_by_label("Vision statement")).to_have_count(0)
    check_widths(page, "settings")
    page.get_by_role("link", name="Vision page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vision")
