"""Scheduled reports in the browser: an editor schedules a monthly report emailed to a member,
is refused a non-member's address (named in the GOV.UK error summary, which links to the
field), sees the next date in the list; the worker runs once, and the report it made shows on
the schedules page and names its schedule. A viewer reads but changes nothing. axe on every
page at 1280 px, and every page fits 320 px."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from pif import history_writes
from pif.actors import COMMAND_LINE
from pif.lib.periods import Period
from pif.lib.periods import format_long_date as day_words
from pif.measures.testing import make_indicator
from pif.reports.models import Report, ReportKind, ReportSchedule
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
P = "/p/alpha/reports/"
S = P + "schedules/"
STRANGER = "stranger@example.org"


def look(page, name: str) -> None:
    check_page(page, f"report-schedules-journey-{name}", widths=(1280, 320))


@pytest.fixture
def world(transactional_db):
    world = build_world()
    make_indicator(world.partnership, owner=world.council, code="DD-1",
                   title="Delayed discharges", values=[40, 42, 41, 45, 52, 60],
                   first_period=Period.month(2026, 3))
    make_indicator(world.partnership, owner=world.health_board, code="AE-4",
                   title="A&E waits within four hours", values=[90.5, 91.2, 92.0, 89.4],
                   first_period=Period.month(2026, 5))
    return world


@pytest.fixture
def worker(monkeypatch):
    """`pif worker --once` in the test: the worker must not close the connection the test
    database lives on between tasks (as pif/reports/tests/test_schedules_run.py does)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> str:
        out = io.StringIO()
        call_command("worker", "--once", stdout=out)
        return out.getvalue()

    return run


def test_an_editor_schedules_a_report_and_the_worker_makes_it(page, world, worker):
    sign_in(page, world.editor.email, PASSWORD)
    page.goto(P)
    page.get_by_role("link", name="Scheduled reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scheduled reports")
    expect(page.get_by_text("No reports are scheduled yet.")).to_be_visible()
    look(page, "01-empty")

    page.get_by_role("button", name="Schedule a report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a report")
    page.get_by_label("Title of each report").fill("Monthly scorecard for the board")
    page.get_by_label("Scorecard", exact=True).check()
    page.get_by_label("Every month").check()
    page.get_by_label("PDF", exact=True).check()
    page.get_by_label("Email it to").fill(f"viewer@alpha.test\n{STRANGER}")
    look(page, "02-new")
    page.get_by_role("button", name="Save").click()

    # Refused, naming the address, in the error summary that links to the field.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    error = summary.get_by_role("link", name=re.compile(re.escape(STRANGER)))
    expect(error).to_contain_text("not the email address of a member of this partnership")
    expect(error).to_have_attribute("href", "#id_recipients")
    expect(page.locator("#id_recipients-error")).to_contain_text(STRANGER)
    expect(page).to_have_title(re.compile("^Error: "))
    look(page, "03-not-a-member")
    error.click()
    expect(page.get_by_label("Email it to")).to_be_focused()
    assert not ReportSchedule.objects.exists()

    page.get_by_label("Email it to").fill("viewer@alpha.test")
    page.get_by_role("button", name="Save").click()
    schedule = ReportSchedule.objects.get(partnership=world.partnership)
    first = schedule.next_run_on
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"“Monthly scorecard for the board” is first produced on {day_words(first)}.")
    listed = page.locator("dl").filter(has_text="Next produced on")
    expect(listed).to_contain_text(day_words(first))
    expect(listed).to_contain_text("Every month")
    expect(listed).to_contain_text("1 member, as PDF")
    expect(listed).to_contain_text("None yet")
    look(page, "04-scheduled")

    # The day comes: the worker makes the report, keeps it and emails it.
    today = timezone.localdate()
    history_writes.update(COMMAND_LINE, ReportSchedule.objects.filter(pk=schedule.pk),
                          next_run_on=today)
    said = worker()
    assert "“Monthly scorecard for the board”: produced." in said, said
    report = Report.objects.get(schedule=schedule)
    assert (report.kind, report.as_of) == (ReportKind.SCORECARD,
                                           today - datetime.timedelta(days=1))
    assert [message.to for message in mail.outbox] == [["viewer@alpha.test"]]
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF")

    page.reload()
    listed = page.locator("dl").filter(has_text="Next produced on")
    expect(listed).not_to_contain_text("None yet")
    expect(listed).not_to_contain_text("Last run Not yet")
    made = listed.get_by_role("link", name="Monthly scorecard for the board")
    expect(made).to_be_visible()
    expect(listed).to_contain_text(
        f"as things stood on {day_words(report.as_of)} (emailed to 1)")
    schedule.refresh_from_db()
    assert schedule.next_run_on > today
    expect(listed).to_contain_text(day_words(schedule.next_run_on))
    look(page, "05-made")

    made.click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "The schedule “Monthly scorecard for the board”, and emailed to 1 member")
    expect(page.locator(".pif-report-document")).to_contain_text("DD-1")
    # Emailed, so final: signed off as it was sent, with no button to rebuild or delete it.
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Signed off")
    expect(page.get_by_role("link", name=re.compile("^(Rebuild|Delete)"))).to_have_count(0)
    look(page, "06-report")


def test_a_viewer_sees_schedules_but_no_buttons(page, world):
    from pif.reports.testing import make_schedule

    make_schedule(world.partnership, title="Weekly exception report",
                  kind=ReportKind.EXCEPTION, frequency="weekly",
                  next_run_on=timezone.localdate() + datetime.timedelta(days=3),
                  recipients="viewer@alpha.test", created_by=world.editor)
    # One PIF stopped (a rule refused its report), one whose last run skipped a recipient.
    make_schedule(world.partnership, title="Board pack", kind=ReportKind.BOARD,
                  next_run_on=timezone.localdate(), active=False,
                  last_error="Stopped on 1 December 2026: 1 of the chosen indicators is not "
                             "in this partnership. Change the schedule to mend this, and tick "
                             "“Produce this report on its dates” to start it again.")
    make_schedule(world.partnership, title="Monthly scorecard",
                  next_run_on=timezone.localdate() + datetime.timedelta(days=9),
                  last_note="Not emailed to stranger@example.org: not a member of the "
                            "partnership. Remove it from the list, or add the person as a "
                            "member.")
    sign_in(page, world.viewer.email, PASSWORD)
    page.goto(S)
    expect(page.get_by_role("heading", name="Weekly exception report")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("1 schedule has a problem")
    expect(page.get_by_text("Problem (stopped):")).to_be_visible()
    expect(page.get_by_text("Note from the last run:")).to_be_visible()
    expect(page.get_by_role("button", name="Schedule a report")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^(Change|Delete)"))).to_have_count(0)
    look(page, "10-viewer")
    response = page.goto(S + "new/")
    assert response.status == 403
