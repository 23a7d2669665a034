"""The scheduled reports pages and services: each role, another partnership's schedules, a
recipient who is not a member refused naming the line, a date in the past, a stale edit,
history and events, deleting (the reports are kept) and the list's query count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.partnerships.models import Event
from pif.reports.models import Report, ReportSchedule
from pif.reports.services import schedules as services
from pif.reports.testing import make_report, make_schedule
from pif.reports.tests.test_schedules_run import fake_kinds  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fake_kinds")

TODAY = timezone.localdate()
NEXT = TODAY + datetime.timedelta(days=3)


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def form(**changes):
    data = {"title": "Monthly board pack", "kind": "board", "frequency": "monthly",
            "next_run_on": NEXT.isoformat(), "format": "pdf",
            "recipients": "viewer@alpha.test\r\neditor@alpha.test"}
    return {**data, **changes}


def test_an_editor_schedules_a_report(client, world):
    world.sample_indicator()
    client.force_login(world.editor)
    response = client.post(u("report_schedule_add"), form())
    assert response.status_code == 302 and response["Location"] == u("report_schedules")
    schedule = ReportSchedule.objects.get()
    assert (schedule.title, schedule.kind, schedule.next_run_on, schedule.created_by) == (
        "Monthly board pack", "board", NEXT, world.editor)
    assert schedule.recipients == "viewer@alpha.test\neditor@alpha.test"
    assert schedule.options == {"outcomes": [], "indicators": []}  # every indicator
    assert schedule.history.latest().history_user == world.editor
    event = Event.objects.get(verb="report_schedule_changed")
    assert event.actor == world.editor and "set up" in event.description


def test_a_recipient_who_is_not_a_member_is_refused_naming_the_line(client, world):
    client.force_login(world.editor)
    page = client.post(u("report_schedule_add"), form(
        recipients="viewer@alpha.test\r\nstranger@example.org\r\nnot-an-address")
    ).content.decode()
    assert ("Line 2, “stranger@example.org”, is not the email address of a member of this "
            "partnership") in page
    assert "Line 3, “not-an-address”, is not an email address" in page
    assert not ReportSchedule.objects.exists()
    # A member of another partnership is not a member of this one.
    page = client.post(u("report_schedule_add"), form(recipients="admin@beta.test")
                       ).content.decode()
    assert "is not the email address of a member" in page


def test_a_date_in_the_past_and_a_missing_kind_are_refused(client, world):
    client.force_login(world.editor)
    page = client.post(u("report_schedule_add"), form(
        next_run_on=(TODAY - datetime.timedelta(days=1)).isoformat())).content.decode()
    assert "The date must be today" in page
    page = client.post(u("report_schedule_add"), form(kind="")).content.decode()
    assert "Choose the kind of report" in page
    # A memo is for one meeting: it is not offered on a schedule.
    page = client.post(u("report_schedule_add"), form(kind="meeting-memo")).content.decode()
    assert "Choose the kind of report" in page
    assert not ReportSchedule.objects.exists()


def test_choices_with_no_indicator_are_refused_on_the_form(client, world):
    from pif.outcomes.models import Outcome

    # The partnership has no indicators yet: a board report of "everything" has nothing.
    client.force_login(world.editor)
    page = " ".join(client.post(u("report_schedule_add"), form()).content.decode().split())
    assert "There are no indicators to report on" in page
    world.sample_indicator()
    empty = Outcome.objects.create(partnership=world.partnership, title="Empty", level=2)
    page = " ".join(client.post(u("report_schedule_add"), form(outcomes=[empty.pk])
                                ).content.decode().split())
    assert "There are no indicators to report on" in page
    assert not ReportSchedule.objects.exists()


def test_another_partnerships_outcomes_are_refused(client, world):
    from pif.outcomes.models import Outcome

    theirs = Outcome.objects.create(partnership=world.other_partnership, title="Theirs",
                                    level=2)
    client.force_login(world.editor)
    response = client.post(u("report_schedule_add"), form(outcomes=[theirs.pk]))
    assert response.status_code == 200
    assert not ReportSchedule.objects.exists()


def test_a_stale_edit_shows_the_conflict_and_keeps_the_first(client, world):
    world.sample_indicator()
    schedule = make_schedule(world.partnership, kind="board", next_run_on=NEXT,
                             created_by=world.editor)
    client.force_login(world.editor)
    data = form(version=schedule.version, active="on")
    assert client.post(u("report_schedule_edit", schedule.pk), {**data, "title": "First"}
                       ).status_code == 302
    page = client.post(u("report_schedule_edit", schedule.pk), {**data, "title": "Second"})
    assert page.status_code == 200
    assert "another tab" in page.content.decode() or "while you were editing" in (
        page.content.decode())
    schedule.refresh_from_db()
    assert schedule.title == "First" and schedule.version == 2


def test_a_past_date_may_stay_when_other_things_change(client, world):
    # A schedule that failed stays due: mending its list must not need a new date.
    world.sample_indicator()
    past = TODAY - datetime.timedelta(days=2)
    schedule = make_schedule(world.partnership, kind="board", next_run_on=past,
                             last_error="Not produced: not a member", last_run_at=timezone.now())
    client.force_login(world.admin)
    response = client.post(u("report_schedule_edit", schedule.pk), form(
        version=schedule.version, next_run_on=past.isoformat(), recipients="admin@alpha.test",
        active="on"))
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.recipients == "admin@alpha.test" and schedule.next_run_on == past
    # Mended: the worker tries it again at its next look, not an hour after the failure.
    from pif.reports import schedules

    assert schedule.last_error == "" and not schedules.recently_failed(schedule)


def test_deleting_a_schedule_keeps_its_reports(client, world):
    schedule = make_schedule(world.partnership, title="Weekly exceptions")
    report = make_report(world.partnership, schedule=schedule)
    client.force_login(world.editor)
    page = client.get(u("report_schedule_delete", schedule.pk)).content.decode()
    assert "The 1 report it made is kept" in page
    response = client.post(u("report_schedule_delete", schedule.pk))
    assert response["Location"] == u("report_schedules")
    assert not ReportSchedule.objects.exists()
    report.refresh_from_db()
    assert report.schedule is None
    assert Event.objects.filter(verb="report_schedule_changed",
                                description__contains="deleted").exists()


@pytest.mark.parametrize("person", ["viewer", "contributor"])
def test_viewers_and_contributors_read_but_cannot_change(client, world, person):
    schedule = make_schedule(world.partnership)
    client.force_login(world.users[person])
    page = client.get(u("report_schedules")).content.decode()
    assert "Monthly scorecard" in page
    assert u("report_schedule_add") not in page
    assert u("report_schedule_edit", schedule.pk) not in page
    assert client.get(u("report_schedule_add")).status_code == 403
    assert client.post(u("report_schedule_add"), form()).status_code == 403
    assert client.post(u("report_schedule_delete", schedule.pk)).status_code == 403
    assert ReportSchedule.objects.count() == 1


def test_the_service_refuses_someone_who_is_not_an_editor(world):
    with pytest.raises(ValidationError, match="Only editors and admins"):
        services.create_schedule(Actor(user=world.contributor), world.partnership,
                                 kind="board", title="T", next_run_on=NEXT)


def test_another_partnerships_schedule_is_not_found(client, world):
    theirs = make_schedule(world.other_partnership)
    client.force_login(world.admin)
    assert client.get(u("report_schedule_edit", theirs.pk)).status_code == 404
    assert client.post(u("report_schedule_delete", theirs.pk)).status_code == 404
    assert ReportSchedule.objects.filter(pk=theirs.pk).exists()


def test_the_list_shows_dates_counts_errors_and_reports(client, world):
    schedule = make_schedule(world.partnership, title="Monthly scorecard",
                             next_run_on=datetime.date(2027, 1, 4),
                             recipients="viewer@alpha.test\neditor@alpha.test",
                             last_error="Not produced on 4 December 2026: it broke.")
    make_report(world.partnership, title="Scorecard, November", schedule=schedule,
                as_of=datetime.date(2026, 11, 30), emailed_to="viewer@alpha.test")
    client.force_login(world.editor)
    text = " ".join(client.get(u("report_schedules")).content.decode().split())
    assert "4 January 2027" in text
    assert "2 members, as PDF" in text
    assert "Not produced on 4 December 2026: it broke." in text
    assert "1 schedule has a problem" in text
    assert "Scorecard, November</a>, as things stood on 30 November 2026 (emailed to 1)" in text
    assert "What to do next" in text


def test_a_report_can_be_scheduled_from_its_choices(client, world):
    report = make_report(world.partnership, kind="board", title="Board pack",
                         options={"outcomes": [], "indicators": []})
    client.force_login(world.editor)
    page = client.get(u("report_schedule_add") + f"?report={report.pk}").content.decode()
    assert 'value="Board pack"' in page
    theirs = make_report(world.other_partnership, title="Their secret pack")
    page = client.get(u("report_schedule_add") + f"?report={theirs.pk}").content.decode()
    assert "Their secret pack" not in page
    for odd in ("x", "99999999", "-1", ""):
        assert client.get(u("report_schedule_add") + f"?report={odd}").status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_for_3_or_30_schedules(client, world):
    client.force_login(world.editor)

    def add(n):
        schedule = make_schedule(world.partnership, title=f"S{n}")
        for day in range(2):
            Report.objects.create(partnership=world.partnership, kind="board",
                                  title=f"R{n}-{day}", schedule=schedule,
                                  as_of=datetime.date(2026, 10, 1 + day))
    for n in range(3):
        add(n)
    few = _queries(client, u("report_schedules"))
    for n in range(3, 30):
        add(n)
    assert _queries(client, u("report_schedules")) == few
