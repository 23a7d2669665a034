"""A contributor registers an improvement project, an improvement lead approves it, and the
team tests a change idea: plan, do, study beside the measure's chart, act, and plans the
next cycle of the ramp. Each page is checked with axe-core and at 320 px wide."""

import pytest
from playwright.sync_api import expect

from pif.improvement.models import PdsaCycle, Project
from pif.measures.models import Indicator
from pif.partnerships import demo
from tests.browser.conftest import ARTIFACTS, check_accessibility, check_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_partnership(transactional_db):
    return demo.load()


def user(role):
    return next(u for u in demo.DEMO_USERS if u.role == role)


def as_user(page, role):
    page.context.clear_cookies()
    sign_in(page, user(role).email, user(role).password)


def banner(page, text):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def test_register_approve_and_test_a_change_in_a_ramp(page, demo_partnership):
    seen = []

    def check(name):
        check_accessibility(page, f"projects-{name}")
        seen.append((name, page.url))

    as_user(page, "contributor")
    page.goto(f"/p/{demo.SHORT_NAME}/projects/")
    check("01-list-empty")
    expect(page.get_by_role("navigation", name="Take action")).to_contain_text(
        "Improvement projects")
    expect(page.locator(".govuk-caption-l")).to_have_text(
        f"Stage 3: take action · {demo_partnership.name}")
    page.get_by_role("button", name="Register a project").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a project name")
    check("02-register-errors")
    page.get_by_label("Project name").fill("Fewer falls at home")
    page.get_by_label("What will improve").fill("Falls with harm among people at home")
    page.get_by_label("By how much").fill("Reduce by 25%")
    page.get_by_label("By when").fill("2027-12-31")
    page.get_by_label("Lead organisation").select_option(label="NHS Loch Arden")
    page.get_by_label("Project lead").select_option(label="Alasdair Fraser")
    page.get_by_label("Team").fill("Alasdair Fraser, lead\nA district nurse")
    page.get_by_role("button", name="Save").click()
    banner(page, "registered")
    expect(page.locator("body")).to_contain_text("waiting for approval")
    check("03-project-registered")
    project = Project.objects.get(title="Fewer falls at home")
    assert project.status == "registered"

    as_user(page, "editor")
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Approve this project").click()
    expect(page.locator("body")).to_contain_text("improvement leads")
    check("04-approve")
    page.get_by_role("button", name="Approve the project").click()
    banner(page, "approved")
    project.refresh_from_db()
    assert project.status == "active"

    as_user(page, "contributor")
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Choose the measures").click()
    indicator = Indicator.objects.filter(partnership=demo_partnership).order_by("code").first()
    page.get_by_label("Indicator").select_option(value=str(indicator.pk))
    page.get_by_label("Outcome measure").check()
    page.get_by_role("button", name="Add the measure").click()
    banner(page, "added")
    check("05-measures")

    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Add a change idea").first.click()
    page.get_by_label("Title").fill("Falls check at each home visit")
    check("06-change-idea-form")
    page.get_by_role("button", name="Save").click()
    banner(page, "Change idea saved")

    page.get_by_role("link", name="Plan the first cycle of").click()
    page.get_by_label("Name of the cycle").fill("Cycle 1: one nurse, one week")
    page.get_by_label("Scale").fill("1 nurse, 1 week")
    page.get_by_label("Objective of this test").fill("See whether the check fits in a visit")
    page.get_by_label("What do you predict will happen?").fill("It takes under 5 minutes")
    page.get_by_label("Starts on").fill("2026-11-02")
    check("07-plan")
    page.get_by_role("button", name="Save").click()
    banner(page, "Plan saved")
    check("08-cycle-planned")

    page.get_by_role("button", name="Record what happened").click()
    page.get_by_label("What happened").fill("Done at 12 visits; two people declined")
    page.get_by_label("Ends on").fill("2026-11-06")
    check("09-do")
    page.get_by_role("button", name="Save").click()
    banner(page, "Do saved")

    page.get_by_role("button", name="Study the result").click()
    expect(page.locator("figure.pif-chart svg")).to_be_visible()
    expect(page.locator("body")).to_contain_text("This cycle ran from 2 to 6 November 2026")
    check("10-study-with-chart")
    page.get_by_label("The result against the prediction").fill("4 minutes on average")
    page.get_by_role("button", name="Save").click()
    banner(page, "Study saved")

    page.get_by_role("button", name="Decide what to do next").click()
    page.get_by_label("Adapt").check()
    page.get_by_label("What next").fill("Try it with a whole team")
    check("11-act")
    page.get_by_role("button", name="Save").click()
    banner(page, "Act saved")
    check("12-cycle-complete")

    page.get_by_role("button", name="Plan the next cycle").click()
    expect(page.get_by_label("Scale")).to_have_value("1 nurse, 1 week")
    page.get_by_label("Name of the cycle").fill("Cycle 2: one team, two weeks")
    page.get_by_label("Scale").fill("1 team, 2 weeks")
    page.get_by_label("Objective of this test").fill("Grow the test to a whole team")
    page.get_by_label("Starts on").fill("2026-11-16")
    check("13-plan-next")
    page.get_by_role("button", name="Save").click()
    banner(page, "Plan saved")
    second = PdsaCycle.objects.get(title="Cycle 2: one team, two weeks")
    assert second.follows.title == "Cycle 1: one nurse, one week"

    page.goto(project.get_absolute_url() + "score/")
    page.get_by_label("2.5 Changes tested, but no improvement").check()
    check("14-score")
    page.get_by_role("button", name="Save the score").click()
    banner(page, "Progress score saved")
    expect(page.locator("body")).to_contain_text("Cycle 2: one team, two weeks")
    check("15-project-ramp")
    page.goto(f"/p/{demo.SHORT_NAME}/projects/")
    expect(page.locator("table")).to_contain_text("2.5 Changes tested, but no improvement")
    check("16-list")

    page.set_viewport_size({"width": 320, "height": 640})
    for name, url in seen:
        page.goto(url)
        check_fits(page, f"projects-320-{name}")
        page.screenshot(path=str(ARTIFACTS / f"projects-320-{name}.png"), full_page=True)
