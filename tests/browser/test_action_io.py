"""Journey: an editor reads the action timeline, uploads a plan with a bad row (nothing is
imported, the row and column are named), then a good one, and confirms it."""

import datetime

import pytest
from django.utils import timezone

from pif.improvement.models import Action
from pif.improvement.testing import make_action
from pif.outcomes.testing import make_outcome
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_timeline_and_import(page, tmp_path):
    world = build_world()
    today = timezone.localdate()
    outcome = make_outcome(world.partnership, "Older people live well at home", code="LO1")
    for i in range(6):
        action = make_action(world.partnership, world.health_board if i % 2 else world.council,
                             f"A0{i}", title=f"Action number {i} with a long title",
                             start_date=today - datetime.timedelta(days=60 * i),
                             due_date=today + datetime.timedelta(days=40 * i - 100))
        if i % 3:
            action.outcomes.set([outcome])
    sign_in(page, world.editor.email, PASSWORD)
    for path, name in [("/p/alpha/actions/timeline/", "actions-timeline"),
                       ("/p/alpha/actions/timeline/?by=organisation", "actions-timeline-org"),
                       ("/p/alpha/actions/import/", "actions-import")]:
        page.goto(path)
        check_page(page, name)
    assert page.get_by_text("Action number 1 with a long title").count() == 0  # import page

    bad = tmp_path / "bad.csv"
    bad.write_text("Reference,Title,Owning organisation\nB1,New,AC\nB2,Bad,NOPE\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    check_page(page, "actions-import-problems")
    assert "NOPE" in page.content()
    assert not Action.objects.filter(reference__in=["B1", "B2"]).exists()

    page.goto("/p/alpha/actions/import/")
    good = tmp_path / "plan.csv"
    good.write_text("Reference,Title,Owning organisation\nB1,New,AC\nA01,Changed,AC\n")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    check_page(page, "actions-import-preview")
    page.get_by_role("button", name="Import 2 actions").click()
    assert "Imported plan.csv" in page.content()
    assert Action.objects.get(partnership=world.partnership, reference="A01").title == "Changed"
    assert Action.objects.filter(partnership=world.partnership, reference="B1").exists()
