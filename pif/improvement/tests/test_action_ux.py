"""The action pages' words after the UX review: one date for "Did it work?", closing in the
log, the warnings for an action with no indicator, the plan's example, the names of stale
actions and the close and update forms' labels and messages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.improvement import chart_marks, verdicts
from pif.improvement.models import ActionSettings, ActionStatus, ProgressUpdate
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action
from pif.measures.testing import make_indicator

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=["alpha", *args]))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=["alpha", *args]), data or {})


@pytest.fixture
def ours(world):
    return make_action(world.partnership, world.health_board, start_date=TODAY - 10 * DAY,
                       due_date=TODAY + 10 * DAY, owner=world.contributor)


# 1. One date for "Did it work?" ---------------------------------------------------------

def test_a_completed_action_is_marked_and_judged_from_its_start_date(world):
    action = make_action(world.partnership, world.health_board,
                         start_date=datetime.date(2026, 11, 5), status=ActionStatus.COMPLETE,
                         completed_on=datetime.date(2026, 12, 1))
    mark = chart_marks.action_mark(action)
    assert (mark.date, mark.kind) == (datetime.date(2026, 11, 5), "Action started")
    assert verdicts.change_date_of_action(action) == mark.date


def test_the_verdict_says_which_date_it_judges_from(world):
    falls = make_indicator(world.partnership, owner=world.council, code="FALL")
    judged = verdicts.judge(falls, datetime.date(2026, 11, 5), TODAY,
                            name="A01 Open a falls clinic", kind="Action started")
    assert judged.sentence.startswith(
        "Since A01 Open a falls clinic started on 5 November 2026: ")


# 2, 3. What "Did it work?" can and cannot say -------------------------------------------

def test_an_open_action_with_no_indicator_warns_and_links_only_for_editors(client, world,
                                                                            ours):
    edit_url = reverse("action_edit", args=["alpha", ours.pk])
    warning = ("This action has no linked indicator, so PIF will have nothing to judge when "
               "it closes.")
    text = page(client, world.editor, "action", ours.pk)
    assert warning in text and f'href="{edit_url}">Change this action</a> to link one.' in text
    assert "When the action is completed, PIF records" not in text
    text = page(client, world.viewer, "action", ours.pk)
    assert warning in text and f'href="{edit_url}">Change this action</a> to link' not in text
    close = page(client, world.contributor, "action_close", ours.pk)
    assert warning in close and f'href="{edit_url}"' not in close
    assert "govuk-warning-text" in close


def test_an_action_with_an_indicator_has_no_warning(client, world, ours):
    ours.indicators.add(make_indicator(world.partnership, owner=world.council, code="FALL"))
    assert "no linked indicator" not in page(client, world.editor, "action", ours.pk)
    assert "no linked indicator" not in page(client, world.editor, "action_close", ours.pk)


# 6, 7, 9. The plan and my actions -----------------------------------------------------------

def test_the_plan_explains_the_status_with_the_partnerships_own_thresholds(client, world):
    ActionSettings.objects.create(partnership=world.partnership, on_track_at=80,
                                  off_track_at=60)
    text = page(client, world.viewer, "actions")
    assert ("if an action should be half done, it is on track at 40% done or more, off "
            "track at 30% or less, and at risk in between.") in text


def test_my_open_actions_is_the_caption_when_nothing_is_urgent(client, world):
    make_action(world.partnership, world.health_board, owner=world.contributor,
                start_date=TODAY - 10 * DAY, due_date=TODAY + 90 * DAY)
    text = page(client, world.contributor, "my_actions")
    assert ">My open actions<" in text and "My other open actions" not in text
    make_action(world.partnership, world.health_board, "A02", title="Late",
                owner=world.contributor, start_date=TODAY - 9 * DAY, due_date=TODAY - DAY)
    assert "My other open actions" in page(client, world.contributor, "my_actions")


def test_stale_actions_have_one_name(client, world):
    ActionSettings.objects.create(partnership=world.partnership, stale_after_days=30)
    make_action(world.partnership, world.health_board, owner=world.contributor,
                last_progress_on=TODAY - 40 * DAY)
    plan = page(client, world.viewer, "actions")
    assert '<option value="stale">Actions with no update for 30 days</option>' in plan
    assert "No update for 30 days" in plan
    mine = page(client, world.contributor, "my_actions")
    assert ">Actions with no update for 30 days<" in mine


# 5, 10. The forms' labels and messages --------------------------------------------------

def test_the_close_form_says_when_each_answer_is_needed(client, world, ours):
    text = page(client, world.contributor, "action_close", ours.pk)
    assert "(optional)" not in text.split("Leave empty for today.")[1]
    assert "Needed if it is complete" in text and "Needed if it is cancelled." in text
    response = post(client, world.contributor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "complete", "completed_on": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter the evidence that the action is done" in text
    assert "Enter why the action is cancelled" not in text


def test_the_update_form_has_no_optional_reason_and_names_its_date(client, world, ours):
    text = page(client, world.contributor, "action_update", ours.pk)
    assert "Why the status is different from the one PIF suggests (optional)" not in text
    assert "Why the status is different from the one PIF suggests" in text
    response = post(client, world.contributor, "action_update", ours.pk, data={
        "version": ours.version, "written_on": "", "percent_complete": 50, "status": "",
        "text": "x"})
    text = response.content.decode()
    assert "Enter the date of the update" in text and "Enter a date of the update" not in text
    response = post(client, world.contributor, "action_update", ours.pk, data={
        "version": ours.version, "written_on": "2026-02-31", "percent_complete": 50,
        "status": "", "text": "x"})
    assert "The date of the update must be a real date" in response.content.decode()


# 8. Closing in the log ------------------------------------------------------------------

def test_completing_adds_an_entry_to_the_log_with_history(world, ours):
    service.close_action(Actor(user=world.contributor), ours,
                         loaded_version=PROGRAM_CHANGE, outcome="complete",
                         evidence="Clinic open, see minutes", today=TODAY)
    entry = ours.updates.get()
    assert (entry.written_on, entry.percent_complete, entry.status, entry.text) == (
        TODAY, 100, "complete", "Completed. Evidence: Clinic open, see minutes")
    assert entry.author == world.contributor
    assert entry.history.get().history_user == world.contributor
    ours.refresh_from_db()
    assert ours.last_progress_on == TODAY


def test_cancelling_adds_an_entry_to_the_log(client, world, ours):
    ProgressUpdate.objects.create(action=ours, written_on=TODAY - DAY, percent_complete=20,
                                  status="off_track", text="Slow")
    response = post(client, world.contributor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "cancel", "status_reason": "No funding"})
    assert response.status_code == 302
    latest = ours.updates.first()
    assert (latest.status, latest.text, latest.percent_complete) == (
        "cancelled", "Cancelled: No funding", 0)
    text = page(client, world.viewer, "action", ours.pk)
    assert "Cancelled: No funding" in text
