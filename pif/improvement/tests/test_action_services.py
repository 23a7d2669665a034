"""The action plan services: rules refused, who may change what, history and events."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.improvement.models import Action, ActionSettings, Milestone, ProgressUpdate
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action
from pif.outcomes.testing import make_group, make_outcome, make_risk
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)
START, DUE = datetime.date(2026, 11, 25), datetime.date(2026, 12, 15)  # half way on TODAY


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def refused(call, *args, **kwargs) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return codes(caught.value)


@pytest.fixture
def action(world):
    return make_action(world.partnership, world.health_board, start_date=START, due_date=DUE)


def update(actor, action, **fields):
    fields = {"percent_complete": 50, "status": "on_track", "text": "Going well",
              "written_on": TODAY, "today": TODAY, "loaded_version": PROGRAM_CHANGE, **fields}
    return service.add_progress_update(actor, action, **fields)


def test_create_action_adds_links_history_and_an_event(world):
    outcome = make_outcome(world.partnership)
    action = service.create_action(
        Actor(user=world.editor), world.partnership, outcomes=[outcome], reference="A07",
        title="Open a clinic", owner_organisation=world.council, owner=world.contributor)
    assert list(action.outcomes.all()) == [outcome]
    assert action.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="action_added", actor=world.editor).exists()


def test_links_to_another_partnership_are_refused(world):
    foreign = make_outcome(world.other_partnership, "Elsewhere")
    assert refused(service.create_action, Actor(user=world.editor), world.partnership,
                   outcomes=[foreign], reference="A1", title="T",
                   owner_organisation=world.council) == {"same_partnership"}
    foreign_risk = make_risk(world.other_partnership, world.other_council)
    assert refused(service.create_action, Actor(user=world.editor), world.partnership,
                   risks=[foreign_risk], reference="A1", title="T",
                   owner_organisation=world.council) == {"same_partnership"}
    group = make_group(world.other_partnership)
    assert refused(service.create_action, Actor(user=world.editor), world.partnership,
                   reference="A1", title="T", owner_organisation=world.council,
                   lead_group=group) == {"same_partnership"}
    assert refused(service.create_action, Actor(user=world.editor), world.partnership,
                   reference="A1", title="T",
                   owner_organisation=world.other_council) == {"same_partnership"}
    assert not Action.objects.exists()


def test_the_dates_rules_are_refused_by_the_service(world, action):
    action.due_date = datetime.date(2026, 1, 1)
    assert refused(service.save_action, Actor(user=world.editor), action,
                   loaded_version=PROGRAM_CHANGE) == {"due_not_before_start"}
    action.due_date, action.is_ongoing = DUE, True
    assert refused(service.save_action, Actor(user=world.editor), action,
                   loaded_version=PROGRAM_CHANGE) == {"ongoing_no_due_date"}


def test_the_owner_must_be_a_member(world):
    assert refused(service.create_action, COMMAND_LINE, world.partnership, reference="A1",
                   title="T", owner_organisation=world.council,
                   owner=world.outsider) == {"owner_is_member"}


def test_a_progress_update_sets_the_action_and_logs_it(world, action):
    update(Actor(user=world.contributor), action, percent_complete=50)
    action.refresh_from_db()
    assert (action.percent_complete, action.status, action.last_progress_on) == (
        50, "on_track", TODAY)
    assert not action.status_overridden
    logged = ProgressUpdate.objects.get()
    assert logged.author == world.contributor
    assert logged.history.latest().history_user == world.contributor
    assert action.history.latest().history_user == world.contributor
    assert Event.objects.filter(verb="action_progress_updated").count() == 1


def test_overriding_the_suggestion_needs_a_reason(world, action):
    # 50 % expected: 30 % is off track, so "on track" is an override.
    assert refused(update, Actor(user=world.editor), action, percent_complete=30,
                   status="on_track") == {"override_needs_reason"}
    update(Actor(user=world.editor), action, percent_complete=30, status="on_track",
           status_reason="The hard part is done")
    action.refresh_from_db()
    assert action.status_overridden and action.status_reason == "The hard part is done"


def test_an_update_refuses_a_bad_percent_a_future_date_and_closing(world, action):
    actor = Actor(user=world.editor)
    assert refused(update, actor, action, percent_complete=101) == {"percent_range"}
    assert refused(update, actor, action,
                   written_on=TODAY + datetime.timedelta(days=1)) == {"update_not_in_future"}
    assert refused(update, actor, action, status="complete") == {"close_separately"}
    assert not ProgressUpdate.objects.exists()


def test_an_older_update_is_logged_without_changing_the_action(world, action):
    update(Actor(user=world.editor), action, percent_complete=50)
    update(Actor(user=world.editor), action, percent_complete=10, status="on_track",
           written_on=datetime.date(2026, 11, 26), status_reason="")
    action.refresh_from_db()
    assert action.percent_complete == 50 and ProgressUpdate.objects.count() == 2


def test_a_contributor_of_another_organisation_is_refused(world):
    action = make_action(world.partnership, world.council, start_date=START, due_date=DUE)
    assert refused(update, Actor(user=world.contributor), action) == {"owner_may_change"}
    assert refused(service.close_action, Actor(user=world.contributor), action,
                   loaded_version=PROGRAM_CHANGE, outcome="complete",
                   evidence="x") == {"owner_may_change"}
    assert refused(update, Actor(user=world.viewer), action) == {"owner_may_change"}
    assert refused(update, Actor(user=world.outsider), action) == {"owner_may_change"}


def test_moving_an_action_to_your_own_organisation_does_not_make_it_yours(world):
    action = make_action(world.partnership, world.council, start_date=START, due_date=DUE)
    action.owner_organisation = world.health_board  # the contributor's organisation
    assert refused(service.save_action, Actor(user=world.contributor), action,
                   loaded_version=PROGRAM_CHANGE) == {"owner_may_change"}
    assert Action.objects.get(pk=action.pk).owner_organisation == world.council


def test_the_owner_person_may_update_an_action_of_another_organisation(world):
    action = make_action(world.partnership, world.council, start_date=START, due_date=DUE,
                         owner=world.contributor)
    update(Actor(user=world.contributor), action)
    assert ProgressUpdate.objects.count() == 1


def test_completing_needs_evidence_and_cancelling_a_reason(world, action):
    actor = Actor(user=world.contributor)
    assert refused(service.close_action, actor, action, loaded_version=PROGRAM_CHANGE,
                   outcome="complete", evidence=" ", today=TODAY) == {
        "completion_needs_evidence"}
    assert refused(service.close_action, actor, action, loaded_version=PROGRAM_CHANGE,
                   outcome="cancel", today=TODAY) == {"cancel_needs_reason"}
    service.close_action(actor, action, loaded_version=PROGRAM_CHANGE, outcome="complete",
                         evidence="Clinic opened", today=TODAY)
    action.refresh_from_db()
    assert (action.status, action.percent_complete, action.completed_on) == (
        "complete", 100, TODAY)
    assert Event.objects.filter(verb="action_completed").exists()
    assert refused(update, actor, action) == {"closed_action_unchanged"}


def test_sign_off_when_the_partnership_asks_for_it(world, action):
    ActionSettings.objects.create(partnership=world.partnership, closing_needs_sign_off=True)
    service.close_action(Actor(user=world.contributor), action, loaded_version=PROGRAM_CHANGE,
                         outcome="complete", evidence="Done", today=TODAY)
    settings = service.settings_for(world.partnership)
    assert service.waiting_for_sign_off(action, settings)
    assert refused(service.sign_off, Actor(user=world.contributor), action,
                   loaded_version=PROGRAM_CHANGE) == {"sign_off_by_editor"}
    service.sign_off(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
                     today=TODAY)
    action.refresh_from_db()
    assert action.signed_off_by == world.editor and action.signed_off_on == TODAY
    assert not service.waiting_for_sign_off(action, settings)
    assert refused(service.sign_off, Actor(user=world.editor), action,
                   loaded_version=PROGRAM_CHANGE) == {"sign_off_when_waiting"}


def test_reopen_clears_the_closing(world, action):
    service.close_action(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
                         outcome="cancel", reason="No funding", today=TODAY)
    service.reopen(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE,
                   today=TODAY)
    action.refresh_from_db()
    assert not action.is_closed and action.completed_on is None
    assert Event.objects.filter(verb="action_reopened").exists()


def test_a_stale_version_is_refused(world, action):
    loaded = action.version
    update(Actor(user=world.editor), action)
    with pytest.raises(EditConflict):
        service.close_action(Actor(user=world.editor), Action.objects.get(pk=action.pk),
                             loaded_version=loaded, outcome="complete", evidence="x",
                             today=TODAY)


def test_milestones_and_removal_keep_history(world, action):
    milestone = service.save_milestone(Actor(user=world.contributor),
                                       Milestone(action=action, title="Find a room"),
                                       loaded_version=None)
    assert milestone.position == 1
    assert milestone.history.latest().history_user == world.contributor
    service.remove_milestone(Actor(user=world.contributor), milestone)
    assert Milestone.history.latest().history_type == "-"
    service.remove_action(Actor(user=world.editor), action)
    assert not Action.objects.exists()
    assert Action.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="action_removed").exists()


def test_settings_are_defaults_until_saved_and_thresholds_keep_their_order(world):
    assert service.settings_for(world.partnership).pk is None
    assert service.settings_for(world.partnership).on_track_at == 90
    assert refused(service.save_action_settings, Actor(user=world.admin), world.partnership,
                   loaded_version=0, on_track_at=60, off_track_at=70) == {"thresholds_order"}
    saved = service.save_action_settings(Actor(user=world.admin), world.partnership,
                                         loaded_version=0, on_track_at=80, off_track_at=60)
    assert saved.pk and service.settings_for(world.partnership).on_track_at == 80
    assert saved.history.latest().history_user == world.admin
    with pytest.raises(EditConflict):
        service.save_action_settings(Actor(user=world.admin), world.partnership,
                                     loaded_version=0, stale_after_days=30)


def test_the_suggestion_uses_the_partnerships_thresholds(world, action):
    service.save_action_settings(COMMAND_LINE, world.partnership, loaded_version=0,
                                 on_track_at=60, off_track_at=40)
    # 30 % of the 50 % expected is 60 %: on track by these thresholds, without a reason.
    update(Actor(user=world.editor), action, percent_complete=30, status="on_track")
    action.refresh_from_db()
    assert not action.status_overridden


def test_the_owner_hears_of_a_new_action_and_of_its_completion(
        world, action, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        action.owner = world.contributor
        service.save_action(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE)
    assert [message.to for message in mailoutbox] == [[world.contributor.email]]
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "A better title"  # the same owner: no new email
        service.save_action(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        service.close_action(Actor(user=world.contributor), action,
                             loaded_version=PROGRAM_CHANGE, outcome="complete",
                             evidence="Done", today=TODAY)
    assert len(mailoutbox) == 2 and world.contributor.email in mailoutbox[1].to
