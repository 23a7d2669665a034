"""The project services: every rule refused on the service path, history names the person,
events are written, and the service checks who may change (not only the pages)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.improvement.models import PdsaCycle, ProgressScore, Project, ProjectMeasure
from pif.improvement.services import projects as services
from pif.improvement.testing import make_change_idea, make_cycle, make_project
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_diagram, make_outcome
from pif.partnerships.access import access_for
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


def codes(error) -> set:
    return {e.code for errors in error.value.error_dict.values() for e in errors}


def new_project(world, **fields):
    fields.setdefault("title", "Fewer falls")
    fields.setdefault("aim_what", "Falls with harm")
    fields.setdefault("aim_how_much", "Reduce by 25%")
    fields.setdefault("aim_by_when", datetime.date(2027, 12, 31))
    fields.setdefault("organisation", world.health_board)
    return Project(partnership=world.partnership, **fields)


def test_a_contributor_registers_a_project_waiting_for_approval(world):
    project = services.save_project(Actor(user=world.contributor), new_project(world),
                                    loaded_version=None)
    assert project.status == Project.Status.REGISTERED
    assert project.registered_by == world.contributor
    assert project.history.latest().history_user == world.contributor
    assert Event.objects.filter(verb="project_registered", actor=world.contributor).exists()


def test_a_viewer_cannot_register_even_without_the_page(world):
    with pytest.raises(ValidationError) as error:
        services.save_project(Actor(user=world.viewer), new_project(world), loaded_version=None)
    assert codes(error) == {"project_register_role"}
    assert not Project.objects.exists()


def test_an_outsider_cannot_register(world):
    with pytest.raises(ValidationError):
        services.save_project(Actor(user=world.outsider), new_project(world),
                              loaded_version=None)


def test_a_registered_project_cannot_be_made_active_by_editing(world):
    project = make_project(world.partnership, world.health_board)
    project.status = Project.Status.ACTIVE
    with pytest.raises(ValidationError) as error:
        services.save_project(Actor(user=world.editor), project, loaded_version=1)
    assert codes(error) == {"project_needs_approval"}


def test_an_editor_approves_once(world):
    project = make_project(world.partnership, world.health_board)
    services.approve_project(Actor(user=world.editor), project, loaded_version=1)
    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE and project.approved_by == world.editor
    assert project.approved_on is not None
    assert Event.objects.filter(verb="project_approved").count() == 1
    with pytest.raises(ValidationError) as error:
        services.approve_project(Actor(user=world.editor), project, loaded_version=2)
    assert codes(error) == {"project_approve_once"}


def test_a_contributor_cannot_approve(world):
    project = make_project(world.partnership, world.health_board)
    with pytest.raises(ValidationError) as error:
        services.approve_project(Actor(user=world.contributor), project, loaded_version=1)
    assert codes(error) == {"project_approve_role"}


def test_a_stale_approval_is_an_edit_conflict(world):
    project = make_project(world.partnership, world.health_board)
    project.title = "Renamed"
    services.save_project(COMMAND_LINE, project, loaded_version=PROGRAM_CHANGE)
    with pytest.raises(EditConflict):
        services.approve_project(Actor(user=world.editor), project, loaded_version=1)


def test_a_contributor_of_another_organisation_cannot_change_but_the_lead_can(world):
    project = make_project(world.partnership, world.council)
    project.title = "Mine now"
    with pytest.raises(ValidationError) as error:
        services.save_project(Actor(user=world.contributor), project, loaded_version=1)
    assert codes(error) == {"project_change_role"}
    lead_project = make_project(world.partnership, world.council, title="Led",
                                lead=world.contributor)
    lead_project.title = "Led by the contributor"
    services.save_project(Actor(user=world.contributor), lead_project, loaded_version=1)
    assert Project.objects.get(pk=lead_project.pk).title == "Led by the contributor"
    services.give_score(Actor(user=world.contributor), lead_project, score=Decimal("1.5"),
                        scored_on=DAY)
    assert lead_project.scores.count() == 1


def test_a_viewer_who_leads_the_project_cannot_change_it(world):
    """Viewers change nothing in PIF, not even a project they lead (as an action's owner)."""
    project = make_project(world.partnership, world.council, title="Led", lead=world.viewer)
    actor = Actor(user=world.viewer)
    assert not services.may_change(access_for(world.viewer, world.partnership), project)
    project.title = "Led by the viewer"
    with pytest.raises(ValidationError) as error:
        services.save_project(actor, project, loaded_version=1)
    assert codes(error) == {"project_change_role"}
    with pytest.raises(ValidationError) as error:
        services.give_score(actor, project, score=Decimal("1.5"), scored_on=DAY)
    assert codes(error) == {"project_change_role"}
    with pytest.raises(ValidationError) as error:
        services.save_cycle(actor, cycle_for(project, make_change_idea(project)),
                            loaded_version=None)
    assert codes(error) == {"project_change_role"}
    assert Project.objects.get(pk=project.pk).title == "Led"
    assert not ProgressScore.objects.exists() and not PdsaCycle.objects.exists()


def test_access_for_a_member_and_for_anyone_else(world):
    access = access_for(world.contributor, world.partnership)
    assert access.partnership == world.partnership and access.role == "contributor"
    assert access.membership.organisation == world.health_board
    assert access_for(world.outsider, world.partnership) is None
    assert access_for(None, world.partnership) is None
    assert access_for(AnonymousUser(), world.partnership) is None


def test_someone_signed_out_on_the_web_cannot_change_a_project(world):
    project = make_project(world.partnership, world.health_board)
    with pytest.raises(ValidationError) as error:
        services.give_score(Actor(user=None), project, score=Decimal("1.5"), scored_on=DAY)
    assert codes(error) == {"project_change_role"}


def test_moving_a_project_to_ones_own_organisation_does_not_grant_the_change(world):
    project = make_project(world.partnership, world.council)
    project.organisation = world.health_board
    with pytest.raises(ValidationError):
        services.save_project(Actor(user=world.contributor), project, loaded_version=1)


def test_links_to_another_partnership_are_refused(world):
    other_outcome = make_outcome(world.other_partnership)
    other_diagram = make_diagram(world.other_partnership)
    with pytest.raises(ValidationError) as error:
        services.save_project(COMMAND_LINE, new_project(world, outcome=other_outcome,
                                                        driver_diagram=other_diagram),
                              loaded_version=None)
    assert codes(error) == {"same_partnership"}


def test_a_lead_who_is_not_a_member_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.save_project(COMMAND_LINE, new_project(world, lead=world.outsider),
                              loaded_version=None)
    assert codes(error) == {"same_partnership"}


def test_an_aim_without_a_date_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.save_project(COMMAND_LINE, new_project(world, aim_by_when=None),
                              loaded_version=None)
    assert "aim_by_when" in error.value.error_dict


def test_measures_are_indicators_of_the_partnership(world):
    project = make_project(world.partnership, world.health_board)
    mine = make_indicator(world.partnership, owner=world.health_board, code="F1")
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="F2")
    actor = Actor(user=world.contributor)
    services.add_measure(actor, project, indicator=mine, kind="outcome")
    with pytest.raises(ValidationError) as error:
        services.add_measure(actor, project, indicator=theirs, kind="process")
    assert codes(error) == {"same_partnership"}
    with pytest.raises(ValidationError) as error:
        services.add_measure(actor, project, indicator=mine, kind="process")
    assert ProjectMeasure.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.add_measure(actor, project, indicator=mine, kind="weird")
    assert codes(error) == {"measure_kind"}
    services.remove_measure(actor, ProjectMeasure.objects.get())
    assert not ProjectMeasure.objects.exists()
    assert ProjectMeasure.history.latest().history_user == world.contributor
    assert Event.objects.filter(verb="project_measure_removed").exists()


def cycle_for(project, idea, **fields):
    fields.setdefault("title", "Cycle")
    fields.setdefault("objective", "Test it")
    fields.setdefault("start_date", DAY)
    return PdsaCycle(project=project, change_idea=idea, **fields)


def test_a_cycle_is_planned_with_history_and_an_event(world):
    project = make_project(world.partnership, world.health_board)
    idea = make_change_idea(project)
    cycle = services.save_cycle(Actor(user=world.contributor), cycle_for(project, idea),
                                loaded_version=None)
    assert cycle.stage == "Plan"
    assert cycle.history.latest().history_user == world.contributor
    assert Event.objects.filter(verb="pdsa_cycle_planned").exists()


def test_a_cycle_ends_after_it_starts(world):
    project = make_project(world.partnership, world.health_board)
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle_for(
            project, make_change_idea(project), end_date=DAY - datetime.timedelta(days=1)),
            loaded_version=None)
    assert codes(error) == {"cycle_dates_order"}


def test_a_cycle_tests_a_change_idea_of_its_own_project(world):
    project = make_project(world.partnership, world.health_board)
    elsewhere = make_change_idea(make_project(world.partnership, world.health_board, "Other"))
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle_for(project, elsewhere), loaded_version=None)
    assert codes(error) == {"change_idea_same_project"}


def test_follows_must_be_an_earlier_cycle_of_the_same_idea(world):
    project = make_project(world.partnership, world.health_board)
    idea, other_idea = make_change_idea(project), make_change_idea(project, "Other idea")
    first = make_cycle(project, idea, start_date=DAY)
    other = make_cycle(project, other_idea, start_date=DAY)
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle_for(project, idea, follows=other),
                            loaded_version=None)
    assert codes(error) == {"follows_same_change_idea"}
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle_for(
            project, idea, follows=first, start_date=DAY - datetime.timedelta(days=3)),
            loaded_version=None)
    assert codes(error) == {"follows_earlier"}
    second = services.save_cycle(COMMAND_LINE, cycle_for(project, idea, follows=first),
                                 loaded_version=None)
    first.follows = second  # a loop: first -> second -> first
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, first, loaded_version=PROGRAM_CHANGE)
    assert codes(error) == {"follows_no_loop"}
    first.follows = first
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, first, loaded_version=PROGRAM_CHANGE)
    assert codes(error) == {"follows_no_loop"}


def test_a_decision_needs_the_study_and_completing_needs_a_decision(world):
    project = make_project(world.partnership, world.health_board)
    cycle = make_cycle(project, do_notes="Ran it")
    cycle.decision = "adopt"
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle, loaded_version=PROGRAM_CHANGE)
    assert codes(error) == {"decision_needs_study"}
    cycle.decision, cycle.completed_on = "", DAY
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle, loaded_version=PROGRAM_CHANGE)
    assert codes(error) == {"completion_needs_decision"}
    cycle.study_notes, cycle.decision = "Worked", "adapt"
    services.save_cycle(COMMAND_LINE, cycle, loaded_version=PROGRAM_CHANGE)
    assert PdsaCycle.objects.get().stage == "Complete"
    assert Event.objects.filter(verb="pdsa_cycle_completed").exists()


def test_cycle_indicators_come_from_the_partnership(world):
    project = make_project(world.partnership, world.health_board)
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="X")
    with pytest.raises(ValidationError) as error:
        services.save_cycle(COMMAND_LINE, cycle_for(project, make_change_idea(project)),
                            loaded_version=None, indicators=[theirs])
    assert codes(error) == {"same_partnership"}


def test_a_contributor_of_another_organisation_cannot_plan_a_cycle(world):
    project = make_project(world.partnership, world.council)
    with pytest.raises(ValidationError) as error:
        services.save_cycle(Actor(user=world.contributor),
                            cycle_for(project, make_change_idea(project)), loaded_version=None)
    assert codes(error) == {"project_change_role"}


def test_deleting_a_cycle_keeps_the_next_one_in_the_ramp(world):
    project = make_project(world.partnership, world.health_board)
    first = make_cycle(project)
    second = make_cycle(project, first.change_idea, title="Two", follows=first)
    services.delete_cycle(Actor(user=world.editor), first)
    second.refresh_from_db()
    assert second.follows is None
    assert PdsaCycle.history.filter(history_type="-").get().history_user == world.editor


def test_the_next_cycle_copies_the_idea_and_scale(world):
    project = make_project(world.partnership, world.health_board)
    first = make_cycle(project, scale="1 nurse, 1 shift")
    following = services.next_cycle(first)
    assert following.change_idea == first.change_idea and following.follows == first
    assert following.scale == "1 nurse, 1 shift" and following.pk is None


def test_a_score_is_given_in_half_steps_against_a_known_wording(world):
    project = make_project(world.partnership, world.health_board)
    actor = Actor(user=world.contributor)
    score = services.give_score(actor, project, score=Decimal("2.5"), scored_on=DAY,
                                note="First tests")
    assert score.scale_version == "ihi-standard" and score.scored_by == world.contributor
    assert "Changes tested, but no improvement" in Event.objects.get(
        verb="progress_score_given").description
    for odd in (Decimal("2.3"), Decimal("0"), Decimal("5.5")):
        with pytest.raises(ValidationError) as error:
            services.give_score(actor, project, score=odd, scored_on=DAY)
        assert "score_half_steps" in codes(error)
    with pytest.raises(ValidationError) as error:
        services.give_score(actor, project, score=Decimal("1.0"), scored_on=DAY,
                            scale_version="2001")
    assert codes(error) == {"scale_version_known"}
    assert ProgressScore.objects.count() == 1


def test_deleting_a_project_keeps_history_and_an_event(world):
    project = make_project(world.partnership, world.health_board)
    first = make_cycle(project)
    make_cycle(project, first.change_idea, title="Two", follows=first)
    services.delete_project(Actor(user=world.editor), project)
    assert not Project.objects.exists() and not PdsaCycle.objects.exists()
    assert Project.history.filter(history_type="-").get().history_user == world.editor
    assert Event.objects.filter(verb="project_deleted").exists()


def test_change_ideas_link_only_to_this_partnerships_driver_diagrams(world):
    from pif.outcomes.models import DriverNode

    project = make_project(world.partnership, world.health_board)
    node = DriverNode.objects.create(diagram=make_diagram(world.other_partnership),
                                     kind="primary", title="Elsewhere")
    idea = make_change_idea(project)
    idea.driver_node = node
    with pytest.raises(ValidationError) as error:
        services.save_change_idea(COMMAND_LINE, idea, loaded_version=PROGRAM_CHANGE)
    assert codes(error) == {"same_partnership"}


def test_deleting_a_change_idea_deletes_its_ramp(world):
    project = make_project(world.partnership, world.health_board)
    first = make_cycle(project)
    make_cycle(project, first.change_idea, title="Two", follows=first)
    services.delete_change_idea(Actor(user=world.contributor), first.change_idea)
    assert not PdsaCycle.objects.exists()
    assert PdsaCycle.history.filter(history_type="-").count() == 2
    assert Event.objects.filter(verb="change_idea_removed").exists()
