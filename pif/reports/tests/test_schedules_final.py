# ruff: noqa: F811 (the fixtures imported from test_schedules_run are parameters here)
"""What a scheduled run leaves behind, however it ends: an emailed report signed off (final,
as sent); one report a day whatever the database (the constraint), and on PostgreSQL two runs
at once; the email sent last, so a failure in recording never leaves an email sent for a
report not kept; a rule's refusal stopping the schedule with an event, and a skipped
recipient a note, not a problem. The builders and renderers are stood in for (`fake_kinds`)."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships.models import Event, Membership
from pif.reports import schedules, tasks
from pif.reports.models import Report, ReportSchedule
from pif.reports.services import reports as report_services
from pif.reports.services import schedules as services
from pif.reports.tests.test_schedules_run import (  # noqa: F401 (fixtures)
    fake_kinds,
    queue,
    run_worker,
    scheduled,
)

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite writes one transaction at a time; the race "
                                          "needs PostgreSQL")


# 6. An emailed report is final ---------------------------------------------------------------

def test_an_emailed_report_is_signed_off_and_can_no_longer_change(world, scheduled, queue):
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    report = Report.objects.get(schedule=scheduled)
    assert report.state == "signed-off" and report.signed_off_at is not None
    editor = Actor(user=world.editor)
    with pytest.raises(ValidationError, match="can no longer be rebuilt"):
        report_services.rebuild_report(editor, report, loaded_version=PROGRAM_CHANGE)
    with pytest.raises(ValidationError, match="can no longer be deleted"):
        report_services.delete_report(editor, report)
    report.refresh_from_db()
    assert report.content["title"] == "Monthly scorecard"  # what was emailed


def test_made_by_the_operator_it_is_signed_off_by_nobody_named(world, scheduled, queue):
    Membership.objects.filter(user=world.editor, partnership=world.partnership).delete()
    ReportSchedule.objects.filter(pk=scheduled.pk).update(recipients="viewer@alpha.test")
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    report = Report.objects.get(schedule=scheduled)
    assert (report.state, report.signed_off_by) == ("signed-off", None)
    assert len(mail.outbox) == 1


# 7. One report a day, on any database --------------------------------------------------------

def test_the_database_holds_one_report_a_day_for_a_schedule(world, scheduled):
    Report.objects.create(partnership=world.partnership, kind="scorecard", title="First",
                          as_of=YESTERDAY, schedule=scheduled)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(partnership=world.partnership, kind="scorecard",
                              title="Second", as_of=YESTERDAY, schedule=scheduled)
    # Reports made by hand are not held to it.
    for title in ("By hand", "By hand again"):
        Report.objects.create(partnership=world.partnership, kind="scorecard", title=title,
                              as_of=YESTERDAY)


def test_a_report_made_by_another_run_meanwhile_is_taken_as_made(world, scheduled, queue,
                                                                 fake_kinds, monkeypatch):
    # Another run kept the day's report after this one looked (SQLite has no row lock to
    # make it wait): the constraint refuses the second, which then does nothing more.
    other = Report.objects.create(partnership=world.partnership, kind="scorecard",
                                  title="Made by the other run", as_of=YESTERDAY,
                                  schedule=scheduled)
    looks = []
    real = schedules.kept_already
    monkeypatch.setattr(schedules, "kept_already",
                        lambda schedule, as_of: bool(looks.append(as_of)) or (
                            len(looks) > 1 and real(schedule, as_of)))
    assert schedules.run_schedule(scheduled, TODAY) == schedules.NOT_DUE
    assert len(looks) == 2 and len(fake_kinds) == 1  # built, but refused on keeping it
    assert list(Report.objects.filter(schedule=scheduled)) == [other]
    assert mail.outbox == []
    scheduled.refresh_from_db()
    assert (scheduled.next_run_on, scheduled.last_error, scheduled.active) == (TODAY, "", True)


def test_a_running_task_counts_as_waiting_unless_it_died(world, scheduled, queue):
    [(_, result)] = tasks.enqueue_due(TODAY)
    started = timezone.now()
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started)
    assert tasks.enqueue_due(TODAY) == []
    # Still "running" long after: its worker was killed, so the schedule is enqueued again.
    DBTaskResult.objects.filter(pk=result.id).update(
        started_at=started - tasks.RUNNING_AT_MOST - datetime.timedelta(minutes=1))
    assert [schedule.pk for schedule, _ in tasks.enqueue_due(TODAY)] == [scheduled.pk]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_report_on_postgresql(world, scheduled, queue, fake_kinds,
                                                        monkeypatch):
    from pif.reports import kinds

    building = threading.Event()
    fake_build = kinds.build

    def slow_build(*args, **kwargs):
        building.set()
        threading.Event().wait(0.5)  # the first run holds the schedule's row meanwhile
        return fake_build(*args, **kwargs)

    monkeypatch.setattr(kinds, "build", slow_build)
    outcomes = []

    def run(wait_for=None):
        try:
            if wait_for:
                wait_for.wait(5)
            outcomes.append(schedules.run_schedule(
                ReportSchedule.objects.get(pk=scheduled.pk), TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run), threading.Thread(target=run, args=(building,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcomes) == [schedules.NOT_DUE, schedules.PRODUCED]
    assert Report.objects.filter(schedule=scheduled).count() == 1
    assert len(mail.outbox) == 1


# 8. The email is sent last -------------------------------------------------------------------

@pytest.mark.parametrize("breaks", ["record_run", "record_emailed"])
def test_a_failure_in_recording_sends_no_email_and_keeps_nothing(world, scheduled, queue,
                                                                 monkeypatch, breaks):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, breaks, broken)
    assert schedules.run_schedule(scheduled, TODAY) == schedules.FAILED
    assert mail.outbox == []
    assert not Report.objects.filter(schedule=scheduled).exists()
    scheduled.refresh_from_db()
    assert scheduled.next_run_on == TODAY and "the database went away" in scheduled.last_error
    # Tried again once mended: one report, one email.
    monkeypatch.undo()
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    assert len(mail.outbox) == 1 and Report.objects.filter(schedule=scheduled).count() == 1


def test_the_email_goes_once_everything_is_recorded(world, scheduled, queue, monkeypatch):
    seen = []

    def send(message, fail_silently=False):
        report = Report.objects.get(schedule=scheduled)
        schedule = ReportSchedule.objects.get(pk=scheduled.pk)
        seen.append((report.state, report.emailed_to, schedule.next_run_on > TODAY))
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    assert seen == [("signed-off", "viewer@alpha.test\neditor@alpha.test", True)]


# 9. A rule's refusal stops the schedule; a skipped recipient is a note ------------------------

@pytest.fixture
def orphaned(world, scheduled):
    """The schedule chose one indicator, since deleted."""
    from pif.measures.testing import make_indicator

    chosen = make_indicator(world.partnership, owner=world.council, code="GONE-1")
    ReportSchedule.objects.filter(pk=scheduled.pk).update(
        options={"outcomes": [], "indicators": [chosen.pk]})
    chosen.delete()
    scheduled.refresh_from_db()
    return scheduled


def test_a_refused_report_stops_the_schedule_and_says_why(world, orphaned, queue):
    with pytest.raises(CommandError, match="Stopped: “Monthly scorecard”"):
        run_worker()
    orphaned.refresh_from_db()
    assert not orphaned.active and orphaned.version == 2
    assert orphaned.last_error.startswith("Stopped on ")
    assert "not in this partnership" in orphaned.last_error
    assert "tick “Produce this report on its dates”" in orphaned.last_error
    assert not Report.objects.exists() and mail.outbox == []
    event = Event.objects.get(verb="report_schedule_failed")
    assert event.object_id == str(orphaned.pk) and "stopped" in event.description
    # Not tried again every hour: stopped, it is no longer due.
    assert tasks.enqueue_due(TODAY + datetime.timedelta(days=1)) == []


def test_the_page_shows_a_stopped_schedule_and_what_to_do(client, world, orphaned, queue):
    assert schedules.run_schedule(orphaned, TODAY) == schedules.STOPPED
    client.force_login(world.editor)
    text = " ".join(client.get(reverse("report_schedules", args=["alpha"])
                                ).content.decode().split())
    assert "1 schedule has a problem" in text
    assert "Problem (stopped):</strong> Stopped on" in text
    assert "Stopped: not produced until it is started again" in text
    assert "PIF stopped 1 schedule because its report cannot be made as chosen" in text
    assert "within the hour" not in text


def test_a_skipped_recipient_is_a_note_on_the_page_not_a_problem(client, world, scheduled,
                                                                 queue):
    ReportSchedule.objects.filter(pk=scheduled.pk).update(
        recipients="editor@alpha.test\nstranger@example.org")
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    client.force_login(world.editor)
    text = " ".join(client.get(reverse("report_schedules", args=["alpha"])
                                ).content.decode().split())
    assert ("Note from the last run:</strong> Not emailed to stranger@example.org: not a "
            "member of the partnership.") in text
    assert "has a problem" not in text and "Problem" not in text
    # Mending the list clears the note (it was about the list as it was).
    scheduled.refresh_from_db()
    services.update_schedule(Actor(user=world.editor), scheduled,
                             loaded_version=scheduled.version, recipients="editor@alpha.test")
    scheduled.refresh_from_db()
    assert scheduled.last_note == ""


def test_a_passing_fault_is_still_tried_again(world, scheduled, queue, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("the mail server is not answering")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert schedules.run_schedule(scheduled, TODAY) == schedules.FAILED
    scheduled.refresh_from_db()
    assert scheduled.active and "PIF tries again within the hour" in scheduled.last_error
    assert not Event.objects.filter(verb="report_schedule_failed").exists()


# 10. The service holds the rules, whatever the path ------------------------------------------

def _create(world, **fields):
    data = {"kind": "board", "title": "Board pack", "next_run_on": TODAY,
            "recipients": "viewer@alpha.test", **fields}
    return services.create_schedule(Actor(user=world.editor), world.partnership, **data)


@pytest.mark.parametrize("kind", ["meeting-memo", "follow-up-memo"])
def test_the_service_refuses_a_memo(world, fake_kinds, kind):
    with pytest.raises(ValidationError, match="cannot be scheduled") as refused:
        _create(world, kind=kind, options={"meeting": 1})
    assert refused.value.error_dict["kind"][0].code == "schedule_kind_no_meeting"
    assert not ReportSchedule.objects.exists()


def test_the_service_keeps_the_cleaned_options(world, fake_kinds):
    indicator = world.sample_indicator()
    schedule = _create(world, options={"indicators": [str(indicator.pk), indicator.pk],
                                       "meeting": 7, "anything": "else"})
    schedule.refresh_from_db()
    assert schedule.options == {"outcomes": [], "indicators": [indicator.pk]}


def test_the_service_refuses_choices_with_no_indicator(world, fake_kinds):
    from pif.outcomes.models import Outcome

    world.sample_indicator()
    empty = Outcome.objects.create(partnership=world.partnership, title="Empty", level=2)
    with pytest.raises(ValidationError, match="There are no indicators to report on"):
        _create(world, options={"outcomes": [empty.pk]})
    with pytest.raises(ValidationError, match="not in this partnership"):
        _create(world, options={"indicators": [99999999]})
    assert not ReportSchedule.objects.exists()
    assert _create(world, options={}).options == {"outcomes": [], "indicators": []}
