"""A browser journey: a respondent answers the checklist through a personal link (first
with a mistake), and a viewer reads the results. Every page is checked with axe-core and at
320 px wide."""

import pytest
from playwright.sync_api import expect

from pif.reviews import models as m
from pif.reviews.tests.test_survey_factories import (
    make_checklist,
    make_invitation,
    make_responses,
)
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"review-survey-{name}")


def test_answer_the_survey_then_read_the_results(page, transactional_db):
    world = build_world()
    assessment = make_checklist(world.partnership)
    _, token = make_invitation(assessment)
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(f"/survey/{token}/")
    look(page, "survey")
    page.get_by_role("group", name="We do thing 1.1 well").get_by_label("Agree", exact=True
                                                                         ).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose an answer to")
    look(page, "survey-errors")
    for number in ("1.1", "1.2", "2.1", "2.2"):
        group = page.get_by_role("group", name=f"We do thing {number} well")
        group.get_by_label("Don't know" if number == "2.2" else "Agree", exact=True).check()
    for label in page.get_by_label("What works well in").all():
        label.fill("Shared aims")
    for label in page.get_by_label("What could be improved in").all():
        label.fill("Quicker data")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    look(page, "thanks")
    page.goto(f"/survey/{token}/")
    look(page, "used")

    assessment.stage = m.AssessmentStage.CLOSED
    assessment.save()
    make_responses(assessment, [4, 3, 3, 2, 1, 0, [4, 4, 2, 1]])
    sign_in(page, world.editor.email, PASSWORD)
    page.goto(f"/p/alpha/assessments/{assessment.pk}/survey/results/")
    expect(page.locator("h1")).to_have_text("Survey results")
    look(page, "results")
    page.locator(".govuk-details__summary").first.click()  # the comments are folded away
    page.get_by_role("link", name="Make this a finding").first.click()
    look(page, "finding")
    page.goto(f"/p/alpha/assessments/{assessment.pk}/survey/invitations/")
    look(page, "invitations")
    page.goto(f"/p/alpha/assessments/{assessment.pk}/survey/dates/")
    look(page, "dates")
