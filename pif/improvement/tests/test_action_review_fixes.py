"""Defects found in review of the action plans: emails that fail, far-off dates, stale
actions not yet started, owners who have left, who may reopen, verdicts kept once."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.improvement import importing, notices, rules, timeline, verdicts
from pif.improvement import models as m
from pif.improvement.models import Action
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action
from pif.measures.testing import make_indicator
from pif.partnerships.models import Membership

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPException("The mail server is down")


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("No mail server")


@pytest.fixture(autouse=True)
def _verbs():
    notices.register()


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


# 1. An email that cannot be sent does not fail the saved change -----------------------------

@pytest.mark.parametrize("backend", ["FailingBackend", "DownBackend"])
def test_a_mail_server_error_after_closing_is_logged_not_raised(
        world, settings, caplog, django_capture_on_commit_callbacks, backend):
    settings.EMAIL_BACKEND = f"{__name__}.{backend}"
    action = make_action(world.partnership, world.health_board, owner=world.contributor)
    with caplog.at_level(logging.ERROR, logger="pif.improvement.notices"), \
            django_capture_on_commit_callbacks(execute=True):
        service.close_action(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
                             outcome="complete", evidence="Clinic open", today=TODAY)
    action.refresh_from_db()
    assert action.status == "complete"
    assert "not sent" in caplog.text and "A01" in caplog.text


def test_a_mail_server_error_after_assigning_is_logged_not_raised(
        world, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.ERROR, logger="pif.improvement.notices"), \
            django_capture_on_commit_callbacks(execute=True):
        action = service.create_action(
            Actor(user=world.editor), world.partnership, reference="A05", title="Clinic",
            owner=world.contributor, owner_organisation=world.health_board)
    assert Action.objects.filter(pk=action.pk).exists()
    assert "not sent" in caplog.text


def test_the_close_page_does_not_fail_when_the_mail_server_is_down(
        client, world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    action = make_action(world.partnership, world.health_board, owner=world.contributor)
    client.force_login(world.editor)
    url = reverse("action_close", args=[world.partnership.short_name, action.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"outcome": "complete", "completion_evidence": "Open",
                                     "version": action.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.status == "complete"


# 2. Dates far in the past or future ---------------------------------------------------------

def test_action_dates_are_kept_between_1900_and_2100():
    D = datetime.date
    assert rules.check_action_dates(D(1900, 1, 1), D(2100, 12, 31), ongoing=False) == ()
    found = rules.check_action_dates(D(2026, 1, 1), D(9999, 12, 31), ongoing=False)
    assert [(f.field, f.rule) for f in found] == [("due_date", "action_date_range")]
    assert "31 December 2100" in found[0].message
    found = rules.check_action_dates(D(1899, 12, 31), None, ongoing=True)
    assert [(f.field, f.rule) for f in found] == [("start_date", "action_date_range")]
    assert "1 January 1900" in found[0].message


def test_the_service_refuses_a_year_9999_due_date(world):
    with pytest.raises(ValidationError) as caught:
        service.create_action(Actor(user=world.editor), world.partnership, reference="A09",
                              title="Far", owner_organisation=world.health_board,
                              start_date=TODAY, due_date=datetime.date(9999, 12, 31))
    assert codes(caught.value) == {"action_date_range"}


def test_the_form_refuses_a_year_9999_due_date(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("action_add", args=[world.partnership.short_name]), {
        "reference": "A09", "title": "Far", "owner_organisation": world.health_board.pk,
        "start_date": "1/1/2026", "due_date": "31/12/9999", "source": "other",
        "version": ""})
    assert response.status_code == 200
    assert "31 December 2100" in response.content.decode()
    assert not Action.objects.filter(reference="A09").exists()


def test_the_import_refuses_a_year_9999_due_date(world):
    content = (b"Reference,Title,Owning organisation,Start date,Due date\n"
               b"A09,Far,NHSA,01/01/2026,31/12/9999\n")
    checked = importing.check_file(content, "plan.csv", world.partnership)
    assert [p.rule for p in checked.problems] == ["action_date_range"]


def test_the_timeline_clamps_dates_already_saved(world):
    make_action(world.partnership, world.health_board, "A01",
                start_date=datetime.date(2026, 1, 1), due_date=datetime.date(9999, 12, 31))
    found = timeline.build(world.partnership, TODAY)
    assert found.end is not None and found.end.year <= 2101
    assert len(found.ticks) < 200


def test_the_timeline_page_shows_a_year_9999_action(client, world):
    make_action(world.partnership, world.health_board, "A01",
                start_date=datetime.date(1, 1, 1), due_date=datetime.date(9999, 12, 31))
    client.force_login(world.viewer)
    response = client.get(reverse("actions_timeline", args=[world.partnership.short_name]))
    assert response.status_code == 200


# 3. An action not yet started is not stale --------------------------------------------------

def _created_long_ago(action):
    Action.objects.filter(pk=action.pk).update(
        created=timezone.make_aware(datetime.datetime(2026, 1, 1)))


def test_an_action_starting_after_the_stale_window_is_not_stale(world):
    future = make_action(world.partnership, world.health_board, "A01",
                         start_date=datetime.date(2027, 1, 1),
                         due_date=datetime.date(2027, 6, 1))
    started = make_action(world.partnership, world.health_board, "A02",
                          start_date=datetime.date(2026, 2, 1))
    recent = make_action(world.partnership, world.health_board, "A03",
                         start_date=datetime.date(2026, 11, 30))
    for action in (future, started, recent):
        _created_long_ago(action)
    stale = Action.objects.filter(partnership=world.partnership).stale(TODAY, 30)
    assert [a.reference for a in stale] == ["A02"]


# 4. Owners who have left are not emailed ----------------------------------------------------

def test_an_owner_who_has_left_is_not_emailed(world, django_capture_on_commit_callbacks):
    action = make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                         start_date=timezone.localdate() - datetime.timedelta(days=1),
                         due_date=timezone.localdate() + datetime.timedelta(days=3))
    Membership.objects.filter(user=world.contributor, partnership=world.partnership).delete()
    assert notices.reminders_for(world.partnership, timezone.localdate()) == []
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_assigned(Actor(user=world.editor), action)
    assert mail.outbox == []
    action.status, action.completed_on = "complete", timezone.localdate()
    action.save()
    found = notices.reminders_for(world.partnership, timezone.localdate())
    assert [r.message.to for r in found] == [["admin@alpha.test", "editor@alpha.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        notices.action_completed(Actor(user=world.editor), action)
    assert [msg.to for msg in mail.outbox] == [["admin@alpha.test", "editor@alpha.test"]]


# 5. Only editors reopen -----------------------------------------------------------------

def test_a_contributor_cannot_reopen_through_the_service(world):
    action = make_action(world.partnership, world.health_board, owner=world.contributor)
    service.close_action(Actor(user=world.contributor), action, loaded_version=PROGRAM_CHANGE,
                         outcome="complete", evidence="Done", today=TODAY)
    with pytest.raises(ValidationError) as caught:
        service.reopen(Actor(user=world.contributor), action, loaded_version=PROGRAM_CHANGE,
                       today=TODAY)
    assert codes(caught.value) == {"reopen_by_editor"}
    action.refresh_from_db()
    assert action.status == "complete"
    service.reopen(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
                   today=TODAY)
    action.refresh_from_db()
    assert not action.is_closed


# 6. Verdicts are kept once per completion -----------------------------------------------

def test_completing_again_replaces_the_earlier_verdicts(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="FALL")
    action = make_action(world.partnership, world.health_board)
    action.indicators.add(indicator)
    editor = Actor(user=world.editor)
    service.close_action(editor, action, loaded_version=PROGRAM_CHANGE, outcome="complete",
                         evidence="Done", today=TODAY)
    first = m.Verdict.objects.get(action=action)
    service.reopen(editor, action, loaded_version=PROGRAM_CHANGE, today=TODAY)
    service.close_action(editor, action, loaded_version=PROGRAM_CHANGE, outcome="complete",
                         evidence="Done again", today=TODAY)
    assert m.Verdict.objects.filter(action=action).count() == 1
    assert m.Verdict.objects.get(action=action).pk != first.pk
    removed = m.Verdict.history.filter(id=first.pk, history_type="-").get()
    assert removed.history_user == world.editor


def test_cancelling_after_a_completion_leaves_no_verdicts(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="FALL")
    action = make_action(world.partnership, world.health_board)
    action.indicators.add(indicator)
    editor = Actor(user=world.editor)
    service.close_action(editor, action, loaded_version=PROGRAM_CHANGE, outcome="complete",
                         evidence="Done", today=TODAY)
    service.reopen(editor, action, loaded_version=PROGRAM_CHANGE, today=TODAY)
    service.close_action(editor, action, loaded_version=PROGRAM_CHANGE, outcome="cancel",
                         reason="No money", today=TODAY)
    assert not m.Verdict.objects.filter(action=action).exists()


def test_recording_a_cycle_again_replaces_its_verdicts(world):
    from pif.improvement.testing import make_cycle, make_project

    indicator = make_indicator(world.partnership, owner=world.council, code="FALL")
    cycle = make_cycle(make_project(world.partnership, world.health_board))
    cycle.indicators.add(indicator)
    editor = Actor(user=world.editor)
    verdicts.record_for_cycle(editor, cycle, TODAY)
    verdicts.record_for_cycle(editor, cycle, TODAY)
    assert m.Verdict.objects.filter(cycle=cycle).count() == 1


# 8. The emails ask a contributor to ask an editor to change a date -----------------------

def test_a_contributor_owner_is_told_to_ask_an_editor_to_change_the_dates(world):
    local = timezone.localdate()
    make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                start_date=local - datetime.timedelta(days=1),
                due_date=local + datetime.timedelta(days=3))
    make_action(world.partnership, world.health_board, "A02", owner=world.editor,
                start_date=local - datetime.timedelta(days=1),
                due_date=local + datetime.timedelta(days=3))
    found = {(r.message.to[0], r.message.subject.split(":")[0]): r.message
             for r in notices.reminders_for(world.partnership, local)}
    assert len(found) == 4
    for (to, subject), message in found.items():
        html = message.alternatives[0][0]
        date = "start date" if "has not started" in subject else "due date"
        if to == "contributor@alpha.test":
            assert f"ask an editor of the partnership to change its {date}" in message.body
            assert f"ask an editor of the partnership to change its {date}" in html
        else:
            assert "ask an editor" not in message.body + html
            assert f"change its {date}" in message.body


# 7. The update page says the same as the suggestion -------------------------------------

@pytest.mark.parametrize(("start", "due", "words"), [
    (-300, -1, "off track below 100%, as the due date has passed"),
    (1, 300, "not started at 0%"),
    (-10, 10, "on track at 45% or more"),
])
def test_the_update_page_says_when_each_status_is_suggested(client, world, start, due, words):
    local = timezone.localdate()
    action = make_action(world.partnership, world.health_board, "A01",
                         start_date=local + datetime.timedelta(days=start),
                         due_date=local + datetime.timedelta(days=due))
    client.force_login(world.editor)
    response = client.get(reverse("action_update",
                                  args=[world.partnership.short_name, action.pk]))
    assert response.status_code == 200
    assert words in response.content.decode()
