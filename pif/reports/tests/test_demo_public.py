"""The reports demo: actions and commentary chosen for the public, the public page settings,
a published board report, an internal exception report, a LOIP progress draft still missing
its community participation words, a monthly schedule, and the public pages published with
every published indicator and nothing unpublished; nobody emailed."""

import json
import re
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from pif.improvement.models import Action
from pif.measures.models import Commentary, Indicator
from pif.partnerships import demo
from pif.reports import demo as reports_demo
from pif.reports import models as m

pytestmark = pytest.mark.django_db


def _others(steps) -> list:
    return [step for step in steps if step is not reports_demo.load]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo built once for the module (the other apps' steps, then this one), inside a
    transaction rolled back at the end. Callbacks run on commit (emails) are run, so any
    email the demo would send is in the outbox."""
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(demo, "_steps", _others(demo._steps)):
            partnership = demo.load(reset=True)
        users = {ms.role: ms.user for ms in partnership.memberships.select_related("user")}
        mail.outbox = []
        with TestCase.captureOnCommitCallbacks(execute=True):
            reports_demo.load(partnership, users)
        partnership.sent = list(mail.outbox)
        yield partnership
        transaction.set_rollback(True)


@pytest.fixture
def loaded(built, db):
    return built


def _codes(partnership, published: bool) -> set[str]:
    return set(Indicator.objects.filter(partnership=partnership, published=published)
               .values_list("code", flat=True))


def _named(text: str, code: str) -> bool:
    """Whether `text` names the indicator code `code` (not as part of a longer code)."""
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text) is not None


def test_the_step_is_registered_after_the_apps_it_reads():
    steps = demo._steps
    assert reports_demo.load in steps
    from pif.improvement import demo as improvement_demo

    assert steps.index(improvement_demo.load) < steps.index(reports_demo.load)


def test_nobody_is_emailed(loaded):
    assert loaded.sent == []


def test_some_actions_and_commentary_are_chosen_for_the_public(loaded):
    published = Action.objects.filter(partnership=loaded, published=True)
    assert set(published.values_list("reference", flat=True)) == set(
        reports_demo.PUBLISHED_ACTIONS)
    assert Action.objects.filter(partnership=loaded, published=False).exists()
    public = Commentary.objects.filter(indicator__partnership=loaded, is_public=True)
    assert public.count() >= 5
    assert not public.filter(indicator__published=False).exists()
    assert Commentary.objects.filter(indicator__partnership=loaded, is_public=False).exists()
    # The choice is the editor's, in history.
    chosen = published.first().history.latest()
    assert chosen.history_user.email == "editor@example.org"
    assert chosen.history_change_reason.startswith(reports_demo.CHOSEN)


def test_the_public_page_settings(loaded):
    settings = m.PublicSettings.objects.get(partnership=loaded)
    assert (settings.licence, settings.small_number_threshold) == (m.Licence.OGL_3, 10)
    assert settings.contact_email == "performance@loch-arden.example"


def test_the_reports_and_their_states(loaded):
    as_of = timezone.localdate()  # the demo records everything as it loads
    by_kind = {r.kind: r for r in m.Report.objects.filter(partnership=loaded)}
    board = by_kind[m.ReportKind.BOARD]
    assert (board.audience, board.state, board.as_of) == (
        m.Audience.PUBLIC, m.ReportState.PUBLISHED, as_of)
    assert board.signed_off_by.email == "editor@example.org"
    exception = by_kind[m.ReportKind.EXCEPTION]
    assert (exception.audience, exception.as_of) == (m.Audience.INTERNAL, as_of)
    loip = by_kind[m.ReportKind.LOIP_PROGRESS]
    assert loip.state == m.ReportState.DRAFT
    assert not loip.narrative.get("participation")
    [participation] = [s for s in loip.content["sections"] if s["key"] == "participation"]
    assert (participation["type"], participation["required"], participation["text"]) == (
        "narrative", True, "")


def test_the_public_board_report_names_published_indicators_only(loaded):
    board = m.Report.objects.get(partnership=loaded, kind=m.ReportKind.BOARD)
    text = json.dumps(board.content)
    published = _codes(loaded, True)
    assert published and all(_named(text, code) for code in published)
    assert [code for code in _codes(loaded, False) if _named(text, code)] == []
    # With the figures as they stood: most indicators have a value, not "No data".
    blocks = [block for section in board.content["sections"]
              for block in section.get("indicators", [])]
    assert len(blocks) == len(published)
    assert sum(block["value"] != "No data" for block in blocks) > len(blocks) // 2


def test_a_monthly_schedule_emails_the_editor(loaded):
    schedule = m.ReportSchedule.objects.get(partnership=loaded)
    assert schedule.frequency == m.Frequency.MONTHLY and schedule.active
    assert schedule.recipients.splitlines() == ["editor@example.org"]
    assert schedule.next_run_on > timezone.localdate()
    assert not schedule.reports.exists()  # nothing produced, nothing emailed, by loading


def test_the_public_pages_name_every_published_indicator_and_none_unpublished(loaded):
    publication = m.Publication.objects.filter(partnership=loaded).latest()
    content = publication.content
    published, unpublished = _codes(loaded, True), _codes(loaded, False)
    assert len(published) >= 10 and unpublished
    assert {row["code"] for row in content["indicators"]} == published
    text = json.dumps(content)
    assert [code for code in unpublished if _named(text, code)] == []
    # Unpublished titles are not there either (in links, outcomes or actions).
    titles = Indicator.objects.filter(partnership=loaded, published=False).values_list(
        "title", flat=True)
    assert [title for title in titles if title in text] == []
    assert publication.published_by.email == "editor@example.org"


def test_the_public_pages_show_the_chosen_actions_and_commentary(loaded):
    content = m.Publication.objects.filter(partnership=loaded).latest().content
    assert {row["reference"] for row in content["actions"]} == set(
        reports_demo.PUBLISHED_ACTIONS)
    shown = [note for row in content["indicators"] for note in row["commentary"]]
    assert len(shown) >= 5
    public = set(Commentary.objects.filter(indicator__partnership=loaded, is_public=True)
                 .values_list("what_it_shows", flat=True))
    assert {note["what_it_shows"] for note in shown} <= public
    assert content["contact_email"] == "performance@loch-arden.example"


def test_a_visitor_not_signed_in_sees_every_published_indicator_and_nothing_else(loaded,
                                                                                  client):
    from django.urls import reverse
    from django.utils.html import escape

    text = client.get(reverse("public_home", args=[loaded.short_name])).content.decode()
    published = Indicator.objects.filter(partnership=loaded, published=True)
    assert [i.code for i in published if escape(i.title) not in text] == []
    unpublished = Indicator.objects.filter(partnership=loaded, published=False)
    assert [i.code for i in unpublished if _named(text, i.code)
            or escape(i.title) in text] == []
    listed = client.get(reverse("public_reports", args=[loaded.short_name])).content.decode()
    board = m.Report.objects.get(partnership=loaded, kind=m.ReportKind.BOARD)
    assert escape(board.title) in listed
    others = m.Report.objects.filter(partnership=loaded).exclude(pk=board.pk)
    assert [r.title for r in others if escape(r.title) in listed] == []


def test_the_demo_shows_the_suppression_path(loaded):
    """SFRS-ADF's small counts are suppressed through the service before publishing: the
    public pages show no value below 10 for it, and no chart of it."""
    indicator = Indicator.objects.get(partnership=loaded, code="SFRS-ADF")
    assert m.Suppression.objects.filter(indicator=indicator).exists()
    content = m.Publication.objects.filter(partnership=loaded).latest("published_at").content
    [row] = [row for row in content["indicators"] if row["code"] == "SFRS-ADF"]
    values = [o["value"] for o in row["observations"] if o["value"] is not None]
    assert values and all(value >= reports_demo.SMALL_NUMBERS for value in values)
    assert row["suppressed"] is True
    assert any("suppressed" in o["flags"] for o in row["observations"])
    assert row["chart_withheld"] is True and row["chart"] is None
