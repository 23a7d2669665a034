"""The action plan pages: access per role, rules on the form path, filters, conflicts, odd
input and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.improvement.models import Action, ActionSettings, Milestone, ProgressUpdate
from pif.improvement.testing import make_action
from pif.outcomes.testing import make_outcome
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def page(client, user, name, *args, status=200):
    client.force_login(user)
    response = client.get(reverse(name, args=["alpha", *args]))
    assert response.status_code == status, (name, response.status_code)
    return response.content.decode()


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=["alpha", *args]), data or {})


@pytest.fixture
def ours(world):
    """An action of the contributor's organisation, half way through its time."""
    return make_action(world.partnership, world.health_board, start_date=TODAY - 10 * DAY,
                       due_date=TODAY + 10 * DAY)


@pytest.fixture
def theirs(world):
    return make_action(world.partnership, world.council, "A02", title="Council action",
                       start_date=TODAY - 10 * DAY, due_date=TODAY + 10 * DAY)


# Access ----------------------------------------------------------------------------------

def test_a_viewer_reads_the_plan_and_an_action_but_sees_no_buttons(client, world, ours):
    text = page(client, world.viewer, "actions")
    assert "A01 Open a falls prevention clinic" in text
    assert "Add an action" not in text
    text = page(client, world.viewer, "action", ours.pk)
    assert "Add a progress update" not in text and "Change this action" not in text
    page(client, world.viewer, "action_update", ours.pk, status=403)
    assert post(client, world.viewer, "action_update", ours.pk).status_code == 403


def test_an_outsider_and_another_partnerships_action_are_not_found(client, world, ours):
    page(client, world.outsider, "actions", status=404)
    page(client, world.outsider, "action", ours.pk, status=404)
    other = make_action(world.other_partnership, world.other_council, "B01")
    page(client, world.editor, "action", other.pk, status=404)
    page(client, world.editor, "action_update", other.pk, status=404)
    assert post(client, world.editor, "action_close", other.pk,
                data={"outcome": "complete"}).status_code == 404


def test_a_contributor_of_another_organisation_is_refused(client, world, theirs):
    text = page(client, world.contributor, "action", theirs.pk)
    assert "Add a progress update" not in text and "Close this action" not in text
    page(client, world.contributor, "action_update", theirs.pk, status=403)
    page(client, world.contributor, "action_close", theirs.pk, status=403)
    page(client, world.contributor, "action_milestone_add", theirs.pk, status=403)
    response = post(client, world.contributor, "action_update", theirs.pk, data={
        "version": theirs.version, "written_on": TODAY, "percent_complete": 50,
        "status": "", "text": "x"})
    assert response.status_code == 403 and not ProgressUpdate.objects.exists()


def test_the_owner_contributor_posts_a_progress_update(client, world, ours):
    text = page(client, world.contributor, "action", ours.pk)
    assert "Add a progress update" in text and "Change this action" not in text
    text = page(client, world.contributor, "action_update", ours.pk)
    assert "PIF expects 50% of the action to be done" in text
    response = post(client, world.contributor, "action_update", ours.pk, data={
        "version": ours.version, "written_on": TODAY.isoformat(), "percent_complete": 45,
        "status": "", "text": "Room booked"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.percent_complete, ours.status) == (45, "on_track")  # 90 % of 50 %
    assert ProgressUpdate.objects.get().history.latest().history_user == world.contributor
    text = page(client, world.viewer, "action", ours.pk)
    assert "Room booked" in text and "45% done, 50% expected" in text


def test_an_editor_manages_every_action(client, world, theirs):
    text = page(client, world.editor, "action", theirs.pk)
    assert "Change this action" in text and "Add a progress update" in text
    page(client, world.editor, "action_settings", status=403)
    page(client, world.admin, "action_settings")


# Rules on the form path --------------------------------------------------------------------

def test_overriding_the_suggestion_on_the_page_needs_a_reason(client, world, ours):
    data = {"version": ours.version, "written_on": TODAY.isoformat(), "percent_complete": 10,
            "status": "on_track", "text": "Slow start"}
    text = post(client, world.contributor, "action_update", ours.pk, data=data
                ).content.decode()
    assert "when PIF suggests Off track" in text and not ProgressUpdate.objects.exists()
    response = post(client, world.contributor, "action_update", ours.pk,
                    data={**data, "status_reason": "Recruitment finished"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status_overridden and ours.status == "on_track"


def test_odd_input_is_refused_without_a_server_error(client, world, ours):
    for data in ({}, {"version": "x"}, {"version": ours.version, "percent_complete": "9" * 40,
                                         "written_on": "2026-02-31", "text": "x"},
                 {"version": ours.version, "percent_complete": 400, "written_on": "2026-01-01",
                  "status": "", "text": "x"}):
        response = post(client, world.editor, "action_update", ours.pk, data=data)
        assert response.status_code == 200, data
        assert "There is a problem" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert post(client, world.editor, "action_close", ours.pk).status_code == 200
    assert post(client, world.editor, "action_add").status_code == 200
    page(client, world.editor, "action", 99999999, status=404)
    client.force_login(world.viewer)
    response = client.get(reverse("actions", args=["alpha"]), {
        "status": "nonsense", "owner": "abc", "outcome": "999999999999999999999",
        "due_after": "2026-13-45", "due_before": "'; drop", "source": "<script>"})
    assert response.status_code == 200 and "A01" in response.content.decode()


def test_the_due_date_rule_on_the_add_form(client, world):
    response = post(client, world.editor, "action_add", data={
        "reference": "A09", "title": "Train staff", "owner_organisation": world.council.pk,
        "start_date": "2026-05-01", "due_date": "2026-04-01", "source": "audit"})
    assert "The due date must be the same as or after the start date" in \
        response.content.decode()
    assert not Action.objects.exists()


# The journey: add, update, close, sign off ------------------------------------------------

def test_an_editor_adds_an_action_linked_to_an_outcome(client, world):
    outcome = make_outcome(world.partnership)
    response = post(client, world.editor, "action_add", data={
        "reference": "A09", "title": "Train staff", "owner_organisation": world.council.pk,
        "owner": world.contributor.pk, "start_date": "2026-04-01", "due_date": "2027-03-31",
        "source": "audit", "source_detail": "Care Inspectorate report, recommendation 3",
        "outcomes": [outcome.pk]})
    assert response.status_code == 302
    action = Action.objects.get()
    assert response.url == action.get_absolute_url()
    assert list(action.outcomes.all()) == [outcome]
    assert action.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="action_added").exists()


def test_closing_with_evidence_and_sign_off(client, world, ours):
    ActionSettings.objects.create(partnership=world.partnership, closing_needs_sign_off=True)
    text = post(client, world.contributor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "complete"}).content.decode()
    assert "Enter the evidence that the action is done" in text
    response = post(client, world.contributor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "complete",
        "completion_evidence": "Clinic opened 1 December"})
    assert response.status_code == 302
    text = page(client, world.contributor, "action", ours.pk)
    assert "waiting for an editor's sign-off" in text and "Sign it off" not in text
    text = page(client, world.editor, "actions") + page(client, world.editor, "action", ours.pk)
    assert "Waiting for sign-off" in text and "Sign it off" in text
    ours.refresh_from_db()
    assert post(client, world.contributor, "action_sign_off", ours.pk,
                data={"version": ours.version}).status_code == 403
    response = post(client, world.editor, "action_sign_off", ours.pk,
                    data={"version": ours.version})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.signed_off_by == world.editor
    assert "Signed off" in page(client, world.viewer, "action", ours.pk)


def test_cancelling_needs_a_reason_and_an_editor_can_reopen(client, world, ours):
    text = post(client, world.editor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "cancel"}).content.decode()
    assert "Enter why the action is cancelled" in text
    post(client, world.editor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "cancel", "status_reason": "Funding ended"})
    ours.refresh_from_db()
    assert ours.status == "cancelled" and "Funding ended" in page(
        client, world.viewer, "action", ours.pk)
    post(client, world.editor, "action_reopen", ours.pk, data={"version": ours.version})
    ours.refresh_from_db()
    assert not ours.is_closed


def test_a_stale_edit_is_refused_with_the_conflict_shown(client, world, ours):
    loaded = ours.version
    post(client, world.contributor, "action_update", ours.pk, data={
        "version": loaded, "written_on": TODAY.isoformat(), "percent_complete": 50,
        "status": "", "text": "x"})
    response = post(client, world.editor, "action_edit", ours.pk, data={
        "version": loaded, "reference": "A01", "title": "A new title",
        "owner_organisation": world.health_board.pk, "source": "outcome_plan"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Contributor saved this action at" in text and "What is different" in text
    ours.refresh_from_db()
    assert ours.title == "Open a falls prevention clinic"


def test_milestones_pages(client, world, ours):
    post(client, world.contributor, "action_milestone_add", ours.pk,
         data={"title": "Book a room", "due_date": "2027-01-10"})
    milestone = Milestone.objects.get()
    assert "Book a room" in page(client, world.viewer, "action", ours.pk)
    post(client, world.contributor, "action_milestone_edit", ours.pk, milestone.pk, data={
        "version": milestone.version, "title": "Book a room", "done_on": "2026-12-01"})
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 12, 1)
    post(client, world.contributor, "action_milestone_delete", ours.pk, milestone.pk)
    assert not Milestone.objects.exists()
    other = make_action(world.partnership, world.health_board, "A03")
    stray = Milestone.objects.create(action=other, title="Elsewhere")
    page(client, world.editor, "action_milestone_edit", ours.pk, stray.pk, status=404)


def test_the_settings_page_saves_the_row_on_first_save(client, world):
    assert "90" in page(client, world.admin, "action_settings")
    response = post(client, world.admin, "action_settings", data={
        "version": 0, "on_track_at": 80, "off_track_at": 60, "stale_after_days": 30,
        "due_soon_days": 7})
    assert response.status_code == 302
    assert ActionSettings.objects.get().stale_after_days == 30
    text = post(client, world.admin, "action_settings", data={
        "version": 1, "on_track_at": 50, "off_track_at": 60, "stale_after_days": 30,
        "due_soon_days": 7}).content.decode()
    assert "“Off track at” must be lower than “on track at”" in text


# Lists -----------------------------------------------------------------------------------

def test_overdue_and_stale_are_counted_and_filtered(client, world, ours):
    make_action(world.partnership, world.council, "A02", title="Late one",
                start_date=TODAY - 90 * DAY, due_date=TODAY - DAY)
    text = page(client, world.viewer, "actions")
    assert "1 action overdue" in text and "?status=overdue" in text
    assert "with no update for 60 days</strong>" not in text  # both made today
    client.force_login(world.viewer)
    text = client.get(reverse("actions", args=["alpha"]), {"status": "overdue"}
                      ).content.decode()
    assert "Late one" in text and "Open a falls prevention clinic" not in text


def test_filters(client, world, ours, theirs):
    outcome = make_outcome(world.partnership)
    theirs.outcomes.add(outcome)
    client.force_login(world.viewer)

    def shown(**query) -> set:
        text = client.get(reverse("actions", args=["alpha"]), query).content.decode()
        return {ref for ref in ("A01 ", "A02 ") if f">{ref}" in text}

    assert shown() == {"A01 ", "A02 "}
    assert shown(organisation=world.council.pk) == {"A02 "}
    assert shown(outcome=outcome.pk) == {"A02 "}
    assert shown(source="audit") == set()
    assert shown(due_before=(TODAY + 5 * DAY).isoformat()) == set()
    assert shown(due_after=(TODAY + 5 * DAY).isoformat()) == {"A01 ", "A02 "}


def test_my_actions_groups_the_persons_open_actions(client, world):
    make_action(world.partnership, world.health_board, "A01", title="Late",
                owner=world.contributor, start_date=TODAY - 9 * DAY, due_date=TODAY - DAY)
    make_action(world.partnership, world.health_board, "A02", title="Soon",
                owner=world.contributor, start_date=TODAY - 9 * DAY, due_date=TODAY + DAY)
    make_action(world.partnership, world.health_board, "A03", title="Someone else's",
                owner=world.editor)
    text = page(client, world.contributor, "my_actions")
    assert text.index("Overdue") < text.index("A01 Late") < text.index("Due soon") \
        < text.index("A02 Soon")
    assert "Someone else" not in text
    assert "You own no open actions" in page(client, world.viewer, "my_actions")


def _fill(world, start: int, count: int) -> None:
    outcome = make_outcome(world.partnership, f"Outcome {start}")
    for number in range(start, start + count):
        action = make_action(world.partnership, world.health_board, f"A{number:03}",
                             owner=world.contributor, start_date=TODAY - 10 * DAY,
                             due_date=TODAY + (number % 20 - 5) * DAY)
        action.outcomes.add(outcome)
        Milestone.objects.create(action=action, title=f"Step {number}")
        ProgressUpdate.objects.create(action=action, written_on=TODAY, percent_complete=20,
                                      status="at_risk", text="x", author=world.contributor)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_lists_cost_the_same_queries_for_3_and_30_actions(client, world):
    client.force_login(world.contributor)
    urls = [reverse("actions", args=["alpha"]), reverse("my_actions", args=["alpha"]),
            reverse("actions", args=["alpha"]) + "?status=open&source=outcome_plan"]
    _fill(world, 1, 3)
    first = Action.objects.order_by("pk").first()
    urls.append(reverse("action", args=["alpha", first.pk]))
    few = [_queries(client, url) for url in urls]
    _fill(world, 4, 27)
    for number in range(3):
        ProgressUpdate.objects.create(action=first, written_on=TODAY, percent_complete=30,
                                      status="at_risk", text=f"More {number}")
        Milestone.objects.create(action=first, title=f"More {number}")
    many = [_queries(client, url) for url in urls]
    assert few == many
    assert max(few) < 30


def test_the_plan_says_when_pif_suggests_another_status(client, world, ours):
    text = page(client, world.viewer, "actions")
    assert "Not started" in text and "PIF suggests: off track" in text  # 0 % of 50 %
    assert "From the dates PIF suggests: off track" in page(client, world.viewer, "action",
                                                              ours.pk)


def test_a_closed_action_offers_no_update_form(client, world, ours):
    post(client, world.editor, "action_close", ours.pk, data={
        "version": ours.version, "outcome": "complete", "completion_evidence": "Done"})
    for name in ("action_update", "action_close", "action_milestone_add"):
        text = page(client, world.contributor, name, ours.pk)
        assert 'id="action-closed"' in text and '<form method="post" novalidate>' not in text
    ours.refresh_from_db()
    response = post(client, world.contributor, "action_update", ours.pk, data={
        "version": ours.version, "written_on": TODAY.isoformat(), "percent_complete": 50,
        "status": "on_track", "text": "x"})
    assert "This action is closed" in response.content.decode()
    assert list(ProgressUpdate.objects.values_list("text", flat=True)) == [
        "Completed. Evidence: Done"]  # only the closing's own entry


def test_a_reference_already_used_is_refused_in_words(client, world, ours):
    response = post(client, world.editor, "action_add", data={
        "reference": "A01", "title": "Another", "owner_organisation": world.council.pk,
        "source": "meeting"})
    assert response.status_code == 200
    assert "already has an action with that reference" in response.content.decode()
    assert Action.objects.count() == 1


def test_the_owner_person_updates_an_action_of_another_organisation(client, world, theirs):
    theirs.owner = world.contributor
    theirs.save()
    assert "Add a progress update" in page(client, world.contributor, "action", theirs.pk)
    response = post(client, world.contributor, "action_update", theirs.pk, data={
        "version": theirs.version, "written_on": TODAY.isoformat(), "percent_complete": 50,
        "status": "", "text": "Halfway"})
    assert response.status_code == 302 and ProgressUpdate.objects.count() == 1
