"""Reports in the browser: an editor makes a board report and downloads it as PDF, Excel and a
web page; a report for the public is refused sign-off until its required words are written,
then published and corrected; the reporting calendar shows the statutory dates; a viewer
reads and downloads but changes nothing. axe on every page at 1280 px, and every page fits
320 px with wide tables scrolling in their own region."""

import io
import re

import openpyxl
import pikepdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pif import history_writes
from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator, Target
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome
from pif.reports.models import Report, ReportCorrection, ReportKind, ReportState
from pif.reports.services import reports as services
from pif.reports.testing import make_publication
from pif.spc.vocabulary import NO_TARGET, Rag
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
P = "/p/alpha/reports/"
DESKTOP = 1280


def look(page, name: str) -> None:
    check_page(page, f"reports-journey-{name}", widths=(DESKTOP, 320))


@pytest.fixture
def plan(transactional_db):
    """The world, with an outcome holding one indicator, a second indicator chosen by hand
    and a third that a report on those two leaves out."""
    world = build_world()
    outcome = make_outcome(world.partnership, "Older people live independently at home")
    delays = make_indicator(world.partnership, owner=world.council, code="DD-1",
                            title="Delayed discharges", values=[40, 42, 41, 45, 52, 60, 58, 61],
                            first_period=Period.month(2026, 1))
    outcome.indicators.add(delays)
    Target.objects.create(indicator=delays, value=45)
    status.refresh([delays])
    waits = make_indicator(world.partnership, owner=world.health_board, code="AE-4",
                           title="A&E waits within four hours",
                           values=[90.5, 91.2, 92.0, 89.4, 90.1, 91.8],
                           first_period=Period.month(2026, 3))
    make_indicator(world.partnership, owner=world.council, code="LIB-9",
                   title="Library visits", values=[10, 11, 12], first_period=Period.month(2026, 5))
    world.outcome, world.delays, world.waits = outcome, delays, waits
    return world


def open_reports(page) -> None:
    """The Reports page: from the partnership's menu when it lists it, else by its address."""
    page.goto("/p/alpha/")
    menu_link = page.locator(f"nav a[href='{P}']")
    if menu_link.count():
        menu_link.first.click()
    else:
        page.goto(P)
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")


def download(page, label: str) -> tuple[str, bytes]:
    """Click a download link on the report page: the file's suggested name and its bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^" + re.escape(label))).click()
    done = info.value
    with open(done.path(), "rb") as file:
        return done.suggested_filename, file.read()


def structure(pdf) -> list:
    """Every structure element of a tagged PDF, in reading order."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_an_editor_makes_a_board_report_and_downloads_it(page, plan):
    sign_in(page, plan.editor.email, PASSWORD)
    open_reports(page)
    expect(page.get_by_text("There are no reports yet.")).to_be_visible()
    look(page, "01-list-empty")

    page.get_by_role("button", name="Make a report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a report")
    page.get_by_role("button", name="Continue").click()  # nothing chosen yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the kind of report")
    expect(page).to_have_title(re.compile("^Error: "))
    look(page, "02-kind-error")
    page.get_by_label("Board report", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("New report: Board report")
    today = timezone.localdate()
    as_of = page.get_by_label("Show things as they stood on")
    expect(as_of).to_have_value(today.isoformat())  # today unless told
    as_of.fill(today.isoformat())
    page.get_by_label("Older people live independently at home").check()
    page.get_by_label("AE-4 A&E waits within four hours").check()
    page.get_by_label("Title").fill("Board report: older people and unscheduled care")
    expect(page.get_by_role("link", name="Cancel and go back to the reports")).to_be_visible()
    look(page, "03-new-board")
    page.get_by_role("button", name="Make the report").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report made")
    expect(page.get_by_role("heading", level=1)).to_have_text(  # one main heading
        "Board report: older people and unscheduled care")
    report = Report.objects.get(partnership=plan.partnership)
    assert (report.kind, report.as_of, report.state) == (ReportKind.BOARD, today,
                                                        ReportState.DRAFT)
    document = page.locator(".pif-report-document")
    # The two chosen indicators, with their status, and not the third.
    rag = Rag(plan.delays.current_status.rag).label
    for code, title, status_words in (
            ("DD-1", "Delayed discharges", f"{rag} against the target of 45.0%"),
            ("AE-4", "A&E waits within four hours", NO_TARGET)):
        block = document.locator(".pif-report-indicator").filter(
            has=page.get_by_role("heading", name=f"{code}: {title}"))
        expect(block).to_have_count(1)
        expect(block).to_contain_text(status_words)
        expect(block.locator("dl.pif-report-facts")).to_contain_text("Latest value")
        # A chart named by its text alternative, and the data table behind it, which
        # scrolls in its own labelled region.
        chart = block.locator("figure.pif-chart svg")
        expect(chart).to_have_count(1)
        alternative = (chart.get_attribute("aria-label")
                       or chart.locator("title").first.text_content())
        assert code in alternative, alternative
        table = document.locator(".pif-table-scroll[role=region] table").filter(
            has=page.locator("caption", has_text=f"{code} values"))
        expect(table).to_have_count(1)
        expect(table.locator("tbody tr").first).to_be_visible()
    expect(document).not_to_contain_text("LIB-9")
    expect(page.get_by_role("button", name="Sign off")).to_be_visible()
    look(page, "04-board-report")

    # The PDF: tagged, in British English, each chart a figure with its text alternative.
    name, pdf_bytes = download(page, "PDF")
    assert name.endswith(".pdf") and pdf_bytes.startswith(b"%PDF")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    assert str(pdf.Root.Lang) == "en-GB"
    figures = [node for node in structure(pdf) if str(node.S) == "/Figure"]
    assert len(figures) == 2
    alts = [str(node.Alt) for node in figures]
    assert any("DD-1" in alt for alt in alts) and any("AE-4" in alt for alt in alts), alts

    # The Excel file opens and holds the indicators.
    name, xlsx_bytes = download(page, "Excel spreadsheet")
    assert name.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    cells = " ".join(str(cell.value) for sheet in workbook.worksheets
                     for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert "DD-1" in cells and "AE-4" in cells and "LIB-9" not in cells

    # The web page stands on its own, in British English, with the same report.
    name, html_bytes = download(page, "Web page (HTML)")
    html = html_bytes.decode("utf-8")
    assert name.endswith(".html")
    assert re.search(r'<html[^>]*lang="en-GB"', html)
    assert "Board report: older people and unscheduled care" in html
    assert "DD-1" in html and "AE-4" in html and "LIB-9" not in html

    # The list now holds the draft.
    page.get_by_role("link", name="Reports", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text="older people and unscheduled care")
    expect(row).to_contain_text("Draft")
    expect(row).to_contain_text(f"{today.day} {today:%B %Y}")
    look(page, "05-list-one")


def test_a_public_report_needs_its_words_then_is_published_and_corrected(page, plan,
                                                                          live_server):
    # Only DD-1 is on the public pages, so only it may appear in a report for the public.
    history_writes.update(COMMAND_LINE, Indicator.objects.filter(pk=plan.delays.pk),
                          published=True)
    make_publication(plan.partnership)
    sign_in(page, plan.editor.email, PASSWORD)
    page.goto(P + "new/")
    page.get_by_label(ReportKind.LOIP_PROGRESS.label, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    # A statutory report for the public is offered as one.
    expect(page.get_by_label("The public: published on the public pages once signed off")
           ).to_be_checked()
    look(page, "10-new-loip")
    page.get_by_role("button", name="Make the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "write the sections PIF cannot fill in")
    section = page.locator("li").filter(has_text="How well community bodies took part")
    expect(section.locator(".govuk-tag")).to_have_text("Required")
    document = page.locator(".pif-report-document")
    expect(document.get_by_role("heading", name="DD-1: Delayed discharges")).to_be_visible()
    expect(document).not_to_contain_text("AE-4")
    expect(document).not_to_contain_text("LIB-9")
    look(page, "11-loip-draft")

    # Signing off before the required words are written is not offered: the page says
    # which section is missing and links to where it is written.
    page.get_by_role("button", name="Sign off and publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign off and publish the report")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "How well community bodies took part")
    expect(page.get_by_label("I have read the report and it is ready")).to_have_count(0)
    expect(page.get_by_role("link", name="Write “How well community bodies took part”")
           ).to_be_visible()
    look(page, "12-sign-off-not-yet")
    report = Report.objects.get(partnership=plan.partnership)
    assert report.state == ReportState.DRAFT

    # Write the section, then sign off: that publishes it.
    page.get_by_role("link", name="go back to the report").click()
    page.get_by_role("link", name=re.compile("Write.*How well community bodies took part")
                     ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How well community bodies took part")
    look(page, "13-write-section")
    page.get_by_label("How well community bodies took part").fill(
        "The community panel met six times. Two participation requests changed the bus "
        "routes to the new health centre.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "“How well community bodies took part” saved.")
    expect(section.locator(".govuk-tag")).to_have_text("Written")
    expect(page.locator(".pif-report-document")).to_contain_text(
        "The community panel met six times.")
    page.get_by_role("button", name="Sign off and publish").click()
    page.get_by_label("I have read the report and it is ready").check()
    page.get_by_role("button", name="Sign off and publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Report signed off and published on the public pages.")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Published")
    expect(page.get_by_role("button", name="Sign off and publish")).to_have_count(0)
    look(page, "14-published")
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.signed_off_by == plan.editor

    # Correct it, with a reason: the correction shows on the report.
    page.get_by_role("button", name="Correct the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the report")
    page.get_by_role("button", name="Make the correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what was corrected and why")
    expect(page.get_by_label("How well community bodies took part")).to_have_class(
        re.compile("govuk-textarea"))
    look(page, "15-correct-error")
    page.get_by_label("What was corrected and why").fill(
        "The number of panel meetings was wrong: it met seven times.")
    page.get_by_label("How well community bodies took part").fill(
        "The community panel met seven times. Two participation requests changed the bus "
        "routes to the new health centre.")
    page.get_by_role("button", name="Make the correction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Correction made")
    corrections = page.locator(".govuk-inset-text").filter(
        has=page.get_by_role("heading", name="Corrections"))
    expect(corrections).to_contain_text(
        "The number of panel meetings was wrong: it met seven times.")
    expect(corrections).to_contain_text("Editor")
    expect(page.locator(".pif-report-document")).to_contain_text(
        "The community panel met seven times.")
    look(page, "16-corrected")
    assert ReportCorrection.objects.get(report=report).made_by == plan.editor

    # A visitor, not signed in, reads it on the public pages with its correction.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    try:
        public = visitor.new_page()
        public.goto("/public/alpha/reports/")
        public.get_by_role("link", name=report.title).click()
        expect(public.locator("#corrections")).to_contain_text(
            "The number of panel meetings was wrong: it met seven times.")
        expect(public.get_by_text("The community panel met seven times.")).to_be_visible()
        expect(public.locator("main")).not_to_contain_text("AE-4")
        expect(public.get_by_role("heading", level=1)).to_have_text(report.title)
        # Sections nobody wrote that the report does not need are left out once published,
        # with the editors' guidance for them.
        expect(public.locator("main")).not_to_contain_text("The year in summary")
        expect(public.locator("main")).not_to_contain_text("What it should cover")
        check_page(public, "reports-journey-17-public-report", widths=(DESKTOP, 320))
    finally:
        visitor.close()


def test_the_reporting_calendar_shows_the_statutory_dates(page, plan):
    sign_in(page, plan.admin.email, PASSWORD)
    page.goto(P)
    page.get_by_role("link", name="Reporting calendar").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting calendar")
    # A community planning partnership makes the LOIP progress report unless told otherwise.
    loip = page.get_by_role("row").filter(has_text=ReportKind.LOIP_PROGRESS.label)
    expect(loip.first).to_contain_text("Community Empowerment (Scotland) Act 2015, section 8")
    expect(loip.first.get_by_role("link", name=re.compile("Make the report"))).to_be_visible()
    ijb = page.get_by_role("row").filter(has_text=ReportKind.IJB_PERFORMANCE.label)
    expect(ijb).to_have_count(0)
    look(page, "20-calendar")

    # This partnership is also an integration joint board: its admin says so.
    page.get_by_role("link", name="Change which statutory reports the partnership makes"
                     ).click()
    look(page, "21-settings")
    page.get_by_label(ReportKind.IJB_PERFORMANCE.label, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting calendar")
    expect(ijb.first).to_be_visible()
    dates = [ijb.nth(n).locator("td").first.inner_text() for n in range(ijb.count())]
    # Due four months after the year ends: 31 July for a year starting in April.
    assert dates and all(re.match(r"31 July \d{4}", text) for text in dates), dates
    look(page, "22-calendar-ijb")


def test_a_viewer_reads_and_downloads_but_changes_nothing(page, plan):
    report = services.create_report(Actor(plan.editor), plan.partnership, kind="board",
                                    as_of=timezone.localdate(), title="Board report for all",
                                    options={"indicators": [plan.delays.pk]})
    sign_in(page, plan.viewer.email, PASSWORD)
    open_reports(page)
    expect(page.get_by_role("link", name="Board report for all")).to_be_visible()
    expect(page.get_by_role("button", name="Make a report")).to_have_count(0)
    expect(page.get_by_role("link", name="Make a report")).to_have_count(0)
    look(page, "30-viewer-list")
    page.get_by_role("link", name="Board report for all").click()
    expect(page.locator(".pif-report-document")).to_contain_text("DD-1: Delayed discharges")
    for words in ("Sign off", "Rebuild", "Delete", "Correct the report",
                  "Schedule this report"):
        expect(page.get_by_role("link", name=re.compile(words))).to_have_count(0)
    look(page, "31-viewer-report")
    name, content = download(page, "PDF")
    assert content.startswith(b"%PDF")
    name, content = download(page, "Excel spreadsheet")
    assert openpyxl.load_workbook(io.BytesIO(content)).worksheets
    # The pages that change a report are closed to a viewer.
    response = page.goto(f"{P}{report.pk}/sign-off/")
    assert response.status == 403
    page.goto(P + "calendar/")
    expect(page.get_by_role("link", name=re.compile("Make the report"))).to_have_count(0)
    look(page, "32-viewer-calendar")
