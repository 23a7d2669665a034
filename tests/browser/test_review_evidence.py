"""Evidence and the improvement plan in the browser: an editor adds evidence with a file to
a part, adds an offered record with one click, writes an area for improvement, plans it and
creates its action. axe-core on each page; each page fits a screen 320 px wide."""

import pytest
from playwright.sync_api import expect

from pif.actors import Actor
from pif.improvement.testing import make_action
from pif.reviews import models as m
from pif.reviews.services import evidence as service
from pif.reviews.testing import make_assessment, make_framework_version, scored_nodes
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def look(page, name: str) -> None:
    check_page(page, f"review-evidence-{name}")


def test_evidence_finding_plan_and_action(page, world, tmp_path):
    assessment = make_assessment(world.partnership)
    node = scored_nodes(assessment.framework_version)[0]
    other = scored_nodes(make_framework_version(slug="efqm-2013"))[0]
    m.NodeMatch.objects.create(node=other, matches=node)
    editor = Actor(user=world.editor)
    service.tag_record(editor, world.partnership, other,
                       make_action(world.partnership, world.council, "A07",
                                   title="Publish the partnership's values"))
    service.add_finding(editor, assessment, kind="strength", node=node,
                        text="Leaders explain the vision at every team meeting.")
    pdf = tmp_path / "Board minutes June 2026.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")

    sign_in(page, world.editor.email, PASSWORD)
    page.goto(f"/p/alpha/assessments/{assessment.pk}/evidence/")
    look(page, "01-parts")
    page.get_by_role("link", name="1a Vision and values").click()
    look(page, "02-part")

    page.get_by_role("button", name="Add as evidence").click()
    expect(page.locator("body")).to_contain_text("added as evidence")

    page.get_by_role("button", name="Add evidence").click()
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the evidence")
    look(page, "03-evidence-errors")
    page.get_by_label("What the evidence shows").fill("Board approved the plan, item 4.")
    page.get_by_label("Upload a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator("body")).to_contain_text("Download Board minutes June 2026.pdf")

    page.get_by_role("link", name="Add an area for improvement").click()
    look(page, "04-finding-form")
    page.get_by_label("What you found").fill(
        "Staff are unclear how their work links to the partnership plan.")
    page.get_by_role("button", name="Save the finding").click()
    look(page, "05-part-filled")

    page.get_by_role("link", name="Link records from PIF (indicators, actions, projects) as "
                     "evidence").click()
    look(page, "06-tags")

    page.goto(f"/p/alpha/assessments/{assessment.pk}/improvement-plan/")
    look(page, "07-plan")
    page.get_by_role("link", name="Change", exact=False).first.click()
    page.get_by_label("Priority").fill("1")
    page.get_by_label("Lead officer").select_option(label="Contributor")
    page.get_by_label("Resources required").fill("Two workshops")
    look(page, "08-plan-row")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Create the action").click()
    look(page, "09-make-action")
    page.get_by_role("button", name="Create the action").click()
    expect(page.locator("body")).to_contain_text("SA01")
    look(page, "10-plan-done")
