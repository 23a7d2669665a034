"""Emails about actions: assigned, not started by the start date, due soon, completed; sent
by `pif send_reminders` once each, beside the data reminders."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import Actor
from pif.improvement import notices
from pif.improvement.models import ActionSettings
from pif.improvement.testing import make_action
from pif.measures import reminders
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Event, Membership
from pif.testing import make_user


@pytest.fixture(autouse=True)
def _registered():
    notices.register()


def today():
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_register_adds_the_sender_once():
    notices.register()
    assert reminders.registered().count(notices.reminders_for) == 1


def test_an_action_not_started_by_its_start_date_emails_its_owner(world):
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                start_date=days(-1), due_date=days(100))
    output = run()
    assert [m.to for m in mail.outbox] == [["contributor@alpha.test"]]
    message = mail.outbox[0]
    assert message.subject == "Action A01 has not started: Open a falls prevention clinic"
    assert "still marked \"Not started\"" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and "Open the action in PIF" in html[0]
    assert "To contributor@alpha.test: Action A01 has not started" in output
    assert "1 reminder sent." in output


def test_an_action_due_within_the_window_emails_its_owner(world):
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                status="on_track", start_date=days(-30), due_date=days(14))
    make_action(world.partnership, world.health_board, "A02", owner=world.contributor,
                status="on_track", start_date=days(-30), due_date=days(15))
    run()
    assert [m.subject for m in mail.outbox] == [
        f"Action A01 is due on {days(14):%-d %B %Y}: Open a falls prevention clinic"]
    assert "in 14 days" in mail.outbox[0].body


def test_the_window_is_the_partnerships_setting(world):
    ActionSettings.objects.create(partnership=world.partnership, due_soon_days=30)
    make_action(world.partnership, world.health_board, "A02", owner=world.contributor,
                status="on_track", start_date=days(-30), due_date=days(25))
    run()
    assert len(mail.outbox) == 1


def test_a_completed_action_emails_its_owner_and_the_editors(world):
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                status="complete", completed_on=days(-1), percent_complete=100)
    make_action(world.partnership, world.health_board, "A02", owner=world.contributor,
                status="complete", completed_on=days(-30), percent_complete=100)
    run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contributor@alpha.test", "admin@alpha.test",
                                 "editor@alpha.test"]
    assert "is complete" in mail.outbox[0].subject


def test_nothing_is_sent_twice(world):
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                start_date=days(-1), due_date=days(3))
    run()
    assert len(mail.outbox) == 2  # not started, and due soon
    output = run()
    assert len(mail.outbox) == 2
    assert "0 reminders sent." in output
    event = Event.objects.get(verb=notices.DUE_SOON, object_id=str(
        world.partnership.actions.get().pk))
    assert event.description == ("Action due soon: owner emailed: A01 Open a falls prevention "
                                 "clinic (1 person)")
    assert "@" not in event.description and event.via == "email notices"


def test_a_dry_run_sends_and_records_nothing(world):
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                start_date=days(-1))
    output = run("--dry-run")
    assert mail.outbox == []
    assert "1 reminder would be sent." in output
    assert not Event.objects.filter(verb=notices.NOT_STARTED).exists()
    run()
    assert len(mail.outbox) == 1


def test_actions_with_no_owner_closed_or_other_partnerships_send_nothing(world):
    make_action(world.partnership, world.health_board, "A01", start_date=days(-1))
    make_action(world.partnership, world.health_board, "A02", owner=world.contributor,
                status="cancelled", start_date=days(-1), due_date=days(2))
    beta = make_user("owner@beta.test", "Beta Owner")
    Membership.objects.create(partnership=world.other_partnership, user=beta, role="editor",
                              organisation=world.other_council)
    make_action(world.other_partnership, world.other_council, "B01", owner=beta,
                start_date=days(-1))
    run("--partnership", "alpha")
    assert mail.outbox == []
    run("--partnership", "beta")
    assert [m.to for m in mail.outbox] == [["owner@beta.test"]]


def test_the_notices_take_a_fixed_number_of_queries(world):
    def count(n):
        for i in range(n):
            make_action(world.partnership, world.health_board, f"Q{n}-{i}",
                        owner=world.contributor, start_date=days(-1), due_date=days(3))
        with CaptureQueriesContext(connection) as queries:
            found = notices.reminders_for(world.partnership, today())
        for reminder in found:
            reminder.sent()
        return len(queries), len(found)

    three, thirty = count(3), count(30)
    assert (three[1], thirty[1]) == (6, 60)
    assert three[0] == thirty[0]


def test_assigned_emails_the_new_owner_once_saved(world, django_capture_on_commit_callbacks):
    action = make_action(world.partnership, world.health_board, "A01", owner=world.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_assigned(Actor(user=world.editor), action)
    assert [m.to for m in mail.outbox] == [["contributor@alpha.test"]]
    assert mail.outbox[0].subject == "You own action A01: Open a falls prevention clinic"
    assert "You are now the owner" in mail.outbox[0].body


def test_assigned_sends_nothing_for_no_owner_or_a_rolled_back_change(
        world, django_capture_on_commit_callbacks):
    action = make_action(world.partnership, world.health_board, "A01")
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_assigned(Actor(user=world.editor), action)
    assert mail.outbox == []
    action.owner = world.contributor
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notices.action_assigned(Actor(user=world.editor), action)
    assert len(callbacks) == 1 and mail.outbox == []  # sent only if the change is saved


def test_the_demo_emails_nobody(world, django_capture_on_commit_callbacks):
    action = make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                         status="complete", completed_on=today(), percent_complete=100)
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_assigned(demo_actor(world.editor), action)
        notices.action_completed(demo_actor(world.editor), action)
    assert mail.outbox == []


def test_completed_now_is_not_sent_again_by_the_daily_run(world,
                                                          django_capture_on_commit_callbacks):
    action = make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                         status="complete", completed_on=today(), percent_complete=100)
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_completed(Actor(user=world.editor), action)
    assert len(mail.outbox) == 1
    run()
    assert len(mail.outbox) == 1


def test_the_data_reminders_still_go_beside_the_notices(world):
    world.sample_indicator()  # the contributor's organisation owes figures
    make_action(world.partnership, world.health_board, "A01", owner=world.editor,
                start_date=days(-1))
    output = run()
    assert sorted(m.subject for m in mail.outbox) == [
        "Action A01 has not started: Open a falls prevention clinic",
        "Figures due for Alpha Partnership"]
    assert "2 reminders sent." in output
