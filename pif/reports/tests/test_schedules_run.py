"""Scheduled reports produced by `pif worker`: the report kept, emailed as an attachment to
members only, the date moved on once, failures recorded without stopping the others, and a
task run twice producing one report. The builders and renderers are stood in for (`fake_kinds`)
so these tests read the worker's own work; one test runs the real ones."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pif.actors import COMMAND_LINE, Actor
from pif.partnerships.models import Event, Membership
from pif.reports import schedules, tasks
from pif.reports.models import Report, ReportSchedule
from pif.reports.services import schedules as services
from pif.reports.testing import make_schedule

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def fake_kinds(monkeypatch):
    """The builder and renderer stood in for (the kinds themselves, their options and their
    rules are the real ones): `built` lists each build's (kind, as_of, options, title); a
    title containing "BROKEN" fails to build."""
    from pif.reports import kinds, render

    built = []

    def build(partnership, kind, *, as_of, options, narrative, title, **more):
        # `more`: whatever else the services pass (public, recorded_by), not read here.
        if "BROKEN" in title:
            raise RuntimeError("the builder broke")
        built.append((kind, as_of, options, title))
        return {"format": 1, "kind": kind, "title": title, "as_of": as_of.isoformat(),
                "sections": []}

    monkeypatch.setattr(kinds, "build", build)
    monkeypatch.setattr(render, "render",
                        lambda document, fmt: f"{fmt}:{document['title']}".encode())
    return built


@pytest.fixture
def queue(monkeypatch):
    """The worker in tests: today is TODAY, and the worker does not close the test's
    database connection between tasks (it would end the test's transaction on PostgreSQL)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(schedules, "today", lambda: TODAY)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def scheduled(world, fake_kinds):
    """A monthly scorecard due today, set up by the editor, for the viewer and the editor."""
    world.sample_indicator()
    return make_schedule(world.partnership, title="Monthly scorecard", next_run_on=TODAY,
                         frequency="monthly", format="pdf", created_by=world.editor,
                         recipients="viewer@alpha.test\nEDITOR@alpha.test")


def run_worker(*args):
    call_command("worker", "--once", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_worker_keeps_the_report_emails_it_and_moves_the_date(world, scheduled,
                                                                  fake_kinds, queue):
    run_worker()

    report = Report.objects.get(schedule=scheduled)
    assert (report.title, report.kind, report.as_of) == ("Monthly scorecard", "scorecard",
                                                         YESTERDAY)
    assert report.created_by == world.editor
    assert report.content["title"] == "Monthly scorecard"
    assert fake_kinds[0][:2] == ("scorecard", YESTERDAY)  # as it stood the day before
    assert report.emailed_to.splitlines() == ["viewer@alpha.test", "editor@alpha.test"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["editor@alpha.test", "viewer@alpha.test"]
    assert "Monthly scorecard" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"monthly-scorecard-{YESTERDAY:%Y-%m-%d}.pdf"
    assert (content, mimetype) == (b"pdf:Monthly scorecard", "application/pdf")
    assert f"/p/alpha/reports/{report.pk}/" in message.body

    # Final once emailed: signed off by the schedule's actor, so it stays what was sent.
    assert (report.state, report.signed_off_by) == ("signed-off", world.editor)
    assert Event.objects.filter(verb="report_signed_off", object_id=str(report.pk)).exists()

    scheduled.refresh_from_db()
    assert scheduled.next_run_on == schedules.add_months(TODAY, 1)
    assert (scheduled.last_error, scheduled.last_note) == ("", "")
    assert scheduled.last_run_at is not None
    assert scheduled.version == 2
    event = Event.objects.get(verb="report_emailed")
    assert event.object_id == str(report.pk) and "2 members" in event.description
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # it went through the queue


def test_a_non_member_on_the_list_is_skipped_and_named(world, scheduled, queue):
    # Added behind the form's back (the form refuses it), or a member who has since left.
    Membership.objects.filter(user=world.viewer, partnership=world.partnership).delete()
    ReportSchedule.objects.filter(pk=scheduled.pk).update(
        recipients="viewer@alpha.test\neditor@alpha.test\nstranger@example.org")
    run_worker()
    assert [message.to for message in mail.outbox] == [["editor@alpha.test"]]
    scheduled.refresh_from_db()
    # A note from a run that worked, not an error: the schedule is not counted as failing.
    assert "viewer@alpha.test, stranger@example.org" in scheduled.last_note
    assert "not a member" in scheduled.last_note
    assert scheduled.last_error == "" and scheduled.active
    assert scheduled.next_run_on > TODAY  # the run itself succeeded
    assert Report.objects.get(schedule=scheduled).emailed_to == "editor@alpha.test"


def test_with_nobody_to_email_the_report_is_still_kept(world, scheduled, queue):
    ReportSchedule.objects.filter(pk=scheduled.pk).update(recipients="")
    run_worker()
    assert mail.outbox == []
    report = Report.objects.get(schedule=scheduled)
    # Sent to nobody, so still a draft: its words can be written and it can be signed off.
    assert (report.emailed_to, report.state) == ("", "draft")
    assert not Event.objects.filter(verb="report_emailed").exists()


def test_a_failure_is_recorded_the_others_still_run_and_it_stays_due(world, scheduled,
                                                                     queue):
    broken = make_schedule(world.partnership, title="BROKEN report", next_run_on=TODAY,
                           created_by=world.editor, recipients="viewer@alpha.test")
    with pytest.raises(CommandError, match="BROKEN report"):
        run_worker()
    broken.refresh_from_db()
    assert "the builder broke" in broken.last_error
    assert broken.next_run_on == TODAY  # still due
    assert schedules.due_schedules(TODAY).filter(pk=broken.pk).exists()
    assert not Report.objects.filter(schedule=broken).exists()
    # The other one ran as usual.
    assert Report.objects.filter(schedule=scheduled).count() == 1
    assert [message.subject.startswith("Monthly scorecard") for message in mail.outbox] == [
        True]
    # Not tried again every minute: within the hour the worker leaves it.
    assert tasks.enqueue_due(TODAY) == []


def test_a_failed_email_keeps_nothing_and_is_recorded(world, scheduled, queue, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("the mail server is not answering")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert schedules.run_schedule(scheduled, TODAY) == schedules.FAILED
    scheduled.refresh_from_db()
    assert "the mail server is not answering" in scheduled.last_error
    assert not Report.objects.filter(schedule=scheduled).exists()
    assert scheduled.next_run_on == TODAY


def test_the_same_task_run_twice_produces_one_report(world, scheduled, queue):
    assert tasks.produce_scheduled_report.call(scheduled.pk, TODAY.isoformat()) == "produced"
    assert tasks.produce_scheduled_report.call(scheduled.pk, TODAY.isoformat()) == "not due"
    # Two tasks in the queue for the same day: one report, one email.
    ReportSchedule.objects.filter(pk=scheduled.pk).update(next_run_on=TODAY)
    tasks.produce_scheduled_report.enqueue(scheduled.pk, TODAY.isoformat())
    tasks.produce_scheduled_report.enqueue(scheduled.pk, TODAY.isoformat())
    run_worker()
    assert Report.objects.filter(schedule=scheduled).count() == 1
    assert len(mail.outbox) == 1


def test_a_waiting_task_is_not_enqueued_again(world, scheduled, queue):
    assert [schedule.pk for schedule, _ in tasks.enqueue_due(TODAY)] == [scheduled.pk]
    assert tasks.enqueue_due(TODAY) == []
    assert DBTaskResult.objects.count() == 1


def test_after_the_worker_was_down_a_schedule_runs_once(world, scheduled, queue):
    ReportSchedule.objects.filter(pk=scheduled.pk).update(
        next_run_on=TODAY - datetime.timedelta(days=7 * 5 + 3), frequency="weekly")
    run_worker()
    assert Report.objects.filter(schedule=scheduled).count() == 1
    scheduled.refresh_from_db()
    assert TODAY < scheduled.next_run_on <= TODAY + datetime.timedelta(days=7)
    assert (scheduled.next_run_on - (TODAY - datetime.timedelta(days=38))).days % 7 == 0
    run_worker()
    assert Report.objects.filter(schedule=scheduled).count() == 1


def test_stopped_and_future_schedules_are_not_run(world, scheduled, queue):
    make_schedule(world.partnership, title="Stopped", next_run_on=TODAY, active=False)
    make_schedule(world.partnership, title="Later", next_run_on=TODAY + datetime.timedelta(1))
    run_worker()
    assert list(Report.objects.values_list("title", flat=True)) == ["Monthly scorecard"]


def test_a_report_already_kept_for_the_day_is_not_built_again(world, scheduled, queue,
                                                              fake_kinds):
    Report.objects.create(partnership=world.partnership, kind="scorecard", title="Kept",
                          as_of=YESTERDAY, schedule=scheduled)
    assert schedules.run_schedule(scheduled, TODAY) == schedules.PRODUCED
    assert fake_kinds == [] and mail.outbox == []
    scheduled.refresh_from_db()
    assert scheduled.next_run_on > TODAY


def test_a_creator_who_left_is_replaced_by_the_operator(world, scheduled, queue):
    Membership.objects.filter(user=world.editor, partnership=world.partnership).delete()
    assert services.schedule_actor(scheduled) == COMMAND_LINE
    run_worker()
    report = Report.objects.get(schedule=scheduled)
    assert report.created_by is None
    assert report.history.earliest().history_change_reason.endswith("command line")
    assert services.schedule_actor(make_schedule(world.partnership, created_by=world.admin)
                                   ) == Actor(user=world.admin, via="command line")


def test_a_deleted_schedule_task_does_nothing(world, scheduled, queue):
    result = tasks.produce_scheduled_report.enqueue(scheduled.pk, TODAY.isoformat())
    services.delete_schedule(COMMAND_LINE, scheduled)
    run_worker()
    result.refresh()
    assert result.return_value == "gone"


def test_the_worker_with_nothing_due_says_so(world, queue, capsys):
    from io import StringIO

    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "No scheduled reports are due." in out.getvalue()


def test_pif_worker_is_a_pif_command(world, scheduled, queue, capsys):
    from pif.cli import main

    main(["pif", "worker", "--once"])
    assert "“Monthly scorecard”: produced." in capsys.readouterr().out
    assert Report.objects.filter(schedule=scheduled).count() == 1


class Stop(Exception):
    pass


def test_the_service_looks_again_each_interval_and_runs_the_queue(world, scheduled, queue,
                                                                  monkeypatch):
    from django_tasks_db.management.commands.db_worker import Worker

    from pif.reports.management.commands import worker

    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)
    looks = []
    real_enqueue = tasks.enqueue_due
    monkeypatch.setattr(tasks, "enqueue_due", lambda day: looks.append(day) or real_enqueue(day))
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise Stop

    monkeypatch.setattr(worker.time, "sleep", sleep)
    with pytest.raises(Stop):
        call_command("worker", "--interval", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert looks == [TODAY] * 3
    assert Report.objects.filter(schedule=scheduled).count() == 1
    assert DBTaskResult.objects.count() == 1  # looked again, but it was no longer due


@pytest.mark.skipif("not __import__('pif.reports.kinds', fromlist=['x']).__dict__.get('build')"
                    " or not __import__('pif.reports.render', fromlist=['x']).__dict__"
                    ".get('render')", reason="the builders and renderers have not landed")
def test_the_real_builders_make_a_pdf_for_the_email(world, queue):
    world.sample_indicator()
    schedule = make_schedule(world.partnership, kind="board", title="Board pack",
                             next_run_on=TODAY, created_by=world.editor,
                             recipients="viewer@alpha.test")
    run_worker()
    report = Report.objects.get(schedule=schedule)
    assert report.content["title"] == "Board pack"
    [(filename, content, mimetype)] = mail.outbox[0].attachments
    assert filename.endswith(".pdf") and content.startswith(b"%PDF")
