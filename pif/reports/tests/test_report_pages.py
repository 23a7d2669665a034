"""The report pages: each role, another partnership's report, odd input, a stale edit, the
list's query count, downloads identical each time, and the links from the stat meetings."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import Actor
from pif.measures.testing import make_indicator
from pif.reports import kinds
from pif.reports.models import Audience, Report, ReportCorrection, ReportState
from pif.reports.services import reports as services
from pif.reports.testing import built_report, make_report, narrative_kind
from pif.reviews.testing import make_item, make_meeting, make_series

pytestmark = pytest.mark.django_db
AS_OF = "2026-10-31"


def u(name, *args):
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def indicators(world):
    return [make_indicator(world.partnership, owner=world.council, code=f"IND-{n}",
                           values=[50 + n, 52, 51, 55]) for n in range(3)]


@pytest.fixture
def report(world, indicators):
    return services.create_report(Actor(world.editor), world.partnership, kind="board",
                                  as_of=datetime.date(2026, 10, 31))


@pytest.fixture
def annual(world, indicators):
    return services.create_report(Actor(world.editor), world.partnership,
                                  kind=narrative_kind(), as_of=datetime.date(2026, 10, 31))


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The list --------------------------------------------------------------------------------

def test_the_list_says_what_it_is_for_and_offers_making_one_to_editors(client, world,
                                                                        report):
    client.force_login(world.editor)
    text = page(client.get(u("reports")))
    assert report.title in text and "31 October 2026" in text and "Draft" in text
    assert "Make a report" in text and u("report_calendar") in text
    assert "What to do next" in text
    client.force_login(world.viewer)
    text = page(client.get(u("reports")))
    assert report.title in text and u("report_new") not in text


def test_the_list_filters_by_kind_and_state_and_odd_values_read_as_any(client, world,
                                                                       report):
    client.force_login(world.viewer)
    assert report.title not in page(client.get(u("reports"), {"kind": "scorecard"}))
    assert report.title not in page(client.get(u("reports"), {"state": "published"}))
    assert report.title in page(client.get(u("reports"), {"kind": "nonsense",
                                                          "state": "<b>"}))


def list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_query_count_does_not_grow_with_its_rows(client, world):
    client.force_login(world.viewer)
    for n in range(3):
        make_report(world.partnership, title=f"Report {n}")
    few = list_queries(client, u("reports"))
    for n in range(27):
        make_report(world.partnership, title=f"More {n}", state=ReportState.PUBLISHED)
    assert list_queries(client, u("reports")) == few


# Making a report -------------------------------------------------------------------------

def test_making_a_report_asks_the_kind_first_with_descriptions(client, world):
    client.force_login(world.editor)
    text = page(client.get(u("report_new")))
    assert kinds.TEMPLATES["board"].description in text
    text = page(client.get(u("report_new"), {"kind": "nonsense"}))
    assert "Choose the kind of report" in text


def test_an_editor_makes_a_board_report(client, world, indicators):
    client.force_login(world.editor)
    assert "Show things as they stood on" in page(client.get(u("report_new"),
                                                             {"kind": "board"}))
    response = client.post(u("report_new"), {"kind": "board", "as_of": AS_OF,
                                             "audience": "internal", "title": "",
                                             "indicators": [indicators[0].pk]})
    made = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert made.title == "Board report, 31 October 2026"
    assert made.options["indicators"] == [indicators[0].pk]
    assert made.created_by == world.editor


def test_a_future_date_and_an_empty_form_are_refused_on_the_form(client, world, indicators):
    client.force_login(world.editor)
    text = page(client.post(u("report_new"), {"kind": "board", "as_of": "2999-01-01",
                                              "audience": "internal"}))
    assert "or earlier" in text and "There is a problem" in text
    text = page(client.post(u("report_new"), {"kind": "board"}))
    assert "Enter the date the report shows things as they stood on" in text
    text = page(client.post(u("report_new"), {"kind": "board", "as_of": "31/31/2026",
                                              "audience": "internal"}))
    assert "There is a problem" in text
    assert not Report.objects.exists()


def test_no_indicators_is_said_plainly_on_the_form(client, world):
    client.force_login(world.editor)
    text = page(client.post(u("report_new"), {"kind": "board", "as_of": AS_OF,
                                              "audience": "internal"}))
    assert "There are no indicators to report on" in text
    assert not Report.objects.exists()


def test_another_partnerships_indicator_is_not_offered_or_taken(client, world, indicators):
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="B-9")
    client.force_login(world.editor)
    assert "B-9" not in page(client.get(u("report_new"), {"kind": "board"}))
    page(client.post(u("report_new"), {"kind": "board", "as_of": AS_OF,
                                       "audience": "internal", "indicators": [theirs.pk]}))
    assert not Report.objects.exists()


def test_the_meeting_memo_is_prefilled_from_the_address(client, world, indicators):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    client.force_login(world.editor)
    text = page(client.get(u("report_new"), {"kind": "meeting-memo", "meeting": meeting.pk}))
    assert f'value="{meeting.pk}" selected' in text
    page(client.get(u("report_new"), {"kind": "meeting-memo", "meeting": "x' or 1=1"}))


def test_the_stat_meeting_memos_link_editors_to_a_report(client, world):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    make_item(meeting)
    link = f"{u('report_new')}?kind=meeting-memo&amp;meeting={meeting.pk}"
    client.force_login(world.editor)
    assert link in page(client.get(u("meeting_briefing", meeting.pk)))
    client.force_login(world.viewer)
    assert link not in page(client.get(u("meeting_briefing", meeting.pk)))


# Reading and downloading -----------------------------------------------------------------

def test_the_report_page_shows_the_document_downloads_and_editors_actions(client, world,
                                                                          report):
    client.force_login(world.editor)
    text = page(client.get(u("report", report.pk)))
    assert report.title in text and u("report_download", report.pk, "pdf") in text
    assert u("report_sign_off", report.pk) in text and u("report_rebuild", report.pk) in text
    client.force_login(world.viewer)
    text = page(client.get(u("report", report.pk)))
    assert u("report_download", report.pk, "xlsx") in text
    assert u("report_sign_off", report.pk) not in text
    assert u("report_delete", report.pk) not in text


@pytest.mark.parametrize("fmt", ["html", "xlsx", "pdf"])
def test_a_download_is_the_same_file_each_time(client, world, report, fmt):
    client.force_login(world.viewer)
    first = client.get(u("report_download", report.pk, fmt))
    second = client.get(u("report_download", report.pk, fmt))
    assert first.status_code == 200
    assert first.content == second.content and len(first.content) > 100


def test_an_unknown_format_is_not_found(client, world, report):
    client.force_login(world.viewer)
    for fmt in ("csv", "exe", "PDF"):
        assert client.get(u("report_download", report.pk, fmt)).status_code == 404


def test_another_partnerships_report_answers_404_everywhere(client, world):
    theirs = make_report(world.other_partnership, title="Theirs")
    client.force_login(world.admin)
    for url in (u("report", theirs.pk), u("report_download", theirs.pk, "html"),
                u("report_rebuild", theirs.pk), u("report_sign_off", theirs.pk),
                u("report_correct", theirs.pk), u("report_delete", theirs.pk),
                u("report_narrative", theirs.pk, "participation")):
        assert client.get(url).status_code == 404, url
    for url in (u("report_rebuild", theirs.pk), u("report_sign_off", theirs.pk),
                u("report_correct", theirs.pk), u("report_delete", theirs.pk)):
        assert client.post(url, {"version": 1, "confirm": "on",
                                 "reason": "x"}).status_code == 404, url
    assert Report.objects.get(pk=theirs.pk).version == 1


def test_a_viewer_and_a_contributor_cannot_change_anything(client, world, annual):
    key = kinds.TEMPLATES[annual.kind].narrative_sections[0].key
    urls = [u("report_new"), u("report_rebuild", annual.pk), u("report_sign_off", annual.pk),
            u("report_correct", annual.pk), u("report_delete", annual.pk),
            u("report_narrative", annual.pk, key)]
    for role in ("viewer", "contributor"):
        client.force_login(world.users[role])
        for url in urls:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"version": 1, "text": "x", "confirm": "on",
                                     "kind": "board", "as_of": AS_OF}).status_code == 403
    annual.refresh_from_db()
    assert annual.version == 1 and Report.objects.count() == 1


# Changing a report -----------------------------------------------------------------------

def test_an_editor_writes_a_section_and_a_stale_save_shows_the_conflict(client, world,
                                                                        annual):
    key = kinds.TEMPLATES[annual.kind].narrative_sections[0].key
    client.force_login(world.editor)
    url = u("report_narrative", annual.pk, key)
    page(client.get(url))
    response = client.post(url, {"text": "First words", "version": 1})
    assert response.status_code == 302
    client.force_login(world.admin)  # who loaded the page before the editor saved
    text = page(client.post(url, {"text": "Second words", "version": 1}))
    assert "Someone else saved this report while you were editing" in text
    annual.refresh_from_db()
    assert annual.narrative[key] == "First words"
    assert client.get(u("report_narrative", annual.pk, "no-such")).status_code == 404


def test_rebuild_asks_first_then_rebuilds(client, world, report):
    client.force_login(world.editor)
    assert "Rebuild the report?" in page(client.get(u("report_rebuild", report.pk)))
    assert client.post(u("report_rebuild", report.pk), {"version": 1}).status_code == 302
    report.refresh_from_db()
    assert report.version == 2


def test_sign_off_needs_the_box_ticked_then_signs_off(client, world, report):
    client.force_login(world.editor)
    text = page(client.post(u("report_sign_off", report.pk), {"version": 1}))
    assert "Confirm that you have read the report" in text
    response = client.post(u("report_sign_off", report.pk), {"version": 1, "confirm": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SIGNED_OFF
    text = page(client.get(u("report", report.pk)))
    assert "Signed off" in text and "Editor" in text
    text = page(client.get(u("report_rebuild", report.pk)))
    assert "no longer changes" in text
    text = page(client.post(u("report_delete", report.pk)))
    assert "can no longer be deleted" in text and Report.objects.filter(pk=report.pk).exists()


def test_a_public_report_with_a_required_section_unwritten_is_not_signed_off(client, world,
                                                                              indicators):
    kind = next((k for k, t in kinds.TEMPLATES.items()
                 if any(s.required for s in t.narrative_sections)), None)
    if kind is None:
        pytest.skip("no kind has a required section")
    report = built_report(world.partnership, kind, "Annual", audience=Audience.PUBLIC)
    client.force_login(world.editor)
    text = page(client.post(u("report_sign_off", report.pk), {"version": 1, "confirm": "on"}))
    assert "before signing off" in text
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_published_report_is_corrected_with_a_reason_shown_on_it(client, world, indicators):
    report = built_report(world.partnership, audience=Audience.PUBLIC,
                          state=ReportState.PUBLISHED)
    client.force_login(world.editor)
    text = page(client.post(u("report_correct", report.pk), {"version": 1, "reason": ""}))
    assert "Enter what was corrected and why" in text
    response = client.post(u("report_correct", report.pk),
                           {"version": 1, "reason": "The March figure was corrected."})
    assert response.status_code == 302
    assert ReportCorrection.objects.get().made_by == world.editor
    text = page(client.get(u("report", report.pk)))
    assert "Corrections" in text and "The March figure was corrected." in text


def test_a_draft_cannot_be_corrected(client, world, report):
    client.force_login(world.editor)
    text = page(client.get(u("report_correct", report.pk)))
    assert "Only a published report is corrected" in text
    page(client.post(u("report_correct", report.pk), {"version": 1, "reason": "x"}))
    assert not ReportCorrection.objects.exists()


def test_a_draft_is_deleted_after_asking(client, world, report):
    client.force_login(world.editor)
    assert "Delete “" in page(client.get(u("report_delete", report.pk)))
    response = client.post(u("report_delete", report.pk))
    assert response.status_code == 302 and response["Location"] == u("reports")
    assert not Report.objects.exists()
    assert Report.history.latest().history_user == world.editor


def test_the_calendar_writes_due_dates_in_words(client, world):
    client.force_login(world.viewer)
    text = page(client.get(u("report_calendar")))
    assert "Reporting calendar" in text and "What to do next" in text
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert re.search(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", text)
    assert "Make the report" not in text
    client.force_login(world.editor)
    assert "Make the report" in page(client.get(u("report_calendar")))
