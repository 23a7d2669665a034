"""The assessment services: each rule refused, history names the person, events written."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.partnerships.models import Event
from pif.reviews import models as m
from pif.reviews.rules import assessments as rules
from pif.reviews.services import assessments as services
from pif.reviews.testing import make_assessment, make_framework_version, scored_nodes

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def refused(call) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return codes(caught.value)


@pytest.fixture
def full(world):
    return make_assessment(world.partnership)


def test_an_editor_creates_an_assessment_with_history_and_an_event(world):
    version = make_framework_version()
    assessment = m.Assessment(partnership=world.partnership, framework_version=version,
                              title="Our 2026 assessment", method="full")
    services.save_assessment(Actor(world.editor), assessment, loaded_version=None)
    assert m.Assessment.history.latest().history_user == world.editor
    assert Event.objects.filter(verb="assessment_created").exists()


def test_a_contributor_cannot_set_up_an_assessment(world):
    assessment = m.Assessment(partnership=world.partnership, title="X", method="full",
                              framework_version=make_framework_version())
    assert refused(lambda: services.save_assessment(
        Actor(world.contributor), assessment, loaded_version=None)) == {"assessment_edit_role"}


def test_another_partnerships_framework_and_rounds_are_refused(world):
    theirs = make_framework_version(slug="theirs", partnership=world.other_partnership)
    assessment = m.Assessment(partnership=world.partnership, title="X", method="full",
                              framework_version=theirs)
    assert "assessment_framework_available" in refused(lambda: services.save_assessment(
        Actor(world.editor), assessment, loaded_version=None))
    other_model = make_assessment(world.partnership, make_framework_version(slug="other"))
    assessment = m.Assessment(partnership=world.partnership, title="X", method="full",
                              framework_version=make_framework_version(),
                              previous_round=other_model)
    assert "previous_round_same_framework" in refused(lambda: services.save_assessment(
        Actor(world.editor), assessment, loaded_version=None))


def test_the_framework_is_fixed_once_open(world, full):
    full.stage = "open"
    full.save()
    full.framework_version = make_framework_version(label="2")
    assert refused(lambda: services.save_assessment(
        Actor(world.editor), full, loaded_version=1)) == {"assessment_set_up_fixed"}


def test_a_full_assessment_opens_only_with_an_assessor(world, full):
    move = lambda stage: services.move_stage(Actor(world.editor), full, stage,  # noqa: E731
                                             loaded_version=PROGRAM_CHANGE)
    assert refused(lambda: move("open")) == {"assessment_needs_assessor"}
    assert refused(lambda: move("consensus")) == {"assessment_stage_order"}
    services.add_assessor(Actor(world.editor), full, world.contributor)
    move("open")
    assert m.Assessment.objects.get().stage == "open"
    assert Event.objects.filter(verb="assessment_stage_moved").exists()


def test_closing_names_the_parts_not_agreed(world, full):
    full.stage = "consensus"
    full.save()
    first = scored_nodes(full.framework_version)[0]
    services.agree_score(Actor(world.editor), full, first, percent=40, loaded_version=0)
    with pytest.raises(ValidationError) as caught:
        services.move_stage(Actor(world.editor), full, "closed", loaded_version=PROGRAM_CHANGE)
    assert "Not agreed yet: 1b, 2a, 2b." in str(caught.value)


def test_only_assessors_score_and_only_while_open(world, full):
    node = scored_nodes(full.framework_version)[0]
    services.add_assessor(COMMAND_LINE, full, world.contributor)
    score = lambda user: services.save_score(Actor(user), full, node,  # noqa: E731
                                             percent=40, loaded_version=0)
    assert refused(lambda: score(world.contributor)) == {"score_while_open"}
    full.stage = "open"
    full.save()
    assert refused(lambda: score(world.editor)) == {"score_assessor_only"}
    saved = score(world.contributor)
    assert saved.assessor == world.contributor
    assert m.Score.history.latest().history_user == world.contributor
    assert not Event.objects.filter(description__contains="40%").exists()


def test_scores_are_in_steps_of_five_and_attributes_known(world, full):
    node = scored_nodes(full.framework_version)[0]
    services.add_assessor(COMMAND_LINE, full, world.contributor)
    full.stage = "open"
    full.save()
    actor = Actor(world.contributor)
    assert refused(lambda: services.save_score(actor, full, node, percent=42,
                                               loaded_version=0)) == {"score_five_steps"}
    assert refused(lambda: services.save_score(actor, full, node, percent=40,
                                               attributes={"trends": 40},
                                               loaded_version=0)) == {"score_five_steps"}
    saved = services.save_score(actor, full, node, percent=40,
                                attributes={"sound": 50, "integrated": 30}, loaded_version=0)
    assert saved.attributes == {"sound": 50, "integrated": 30}


def test_a_stale_score_is_refused(world, full):
    node = scored_nodes(full.framework_version)[0]
    services.add_assessor(COMMAND_LINE, full, world.contributor)
    full.stage = "open"
    full.save()
    actor = Actor(world.contributor)
    services.save_score(actor, full, node, percent=40, loaded_version=0)
    services.save_score(actor, full, node, percent=45, loaded_version=1)
    with pytest.raises(EditConflict):
        services.save_score(actor, full, node, percent=50, loaded_version=1)


def test_agreeing_happens_at_consensus_by_editors(world, full):
    node = scored_nodes(full.framework_version)[0]
    assert refused(lambda: services.agree_score(Actor(world.editor), full, node, percent=40,
                                                loaded_version=0)) == {"agree_at_consensus"}
    full.stage = "consensus"
    full.save()
    assert refused(lambda: services.agree_score(Actor(world.contributor), full, node,
                                                percent=40, loaded_version=0)
                   ) == {"assessment_edit_role"}
    agreed = services.agree_score(Actor(world.editor), full, node, percent=40, note="Agreed",
                                  loaded_version=0)
    assert agreed.agreed_by == world.editor and agreed.agreed_on is not None
    assert m.AgreedScore.history.latest().history_user == world.editor


def test_an_assessor_who_scored_stays_and_outsiders_are_refused(world, full):
    node = scored_nodes(full.framework_version)[0]
    assessor = services.add_assessor(COMMAND_LINE, full, world.contributor)
    assert refused(lambda: services.add_assessor(COMMAND_LINE, full, world.outsider)
                   ) == {"assessment_people_members"}
    full.stage = "open"
    full.save()
    services.save_score(Actor(world.contributor), full, node, percent=40, loaded_version=0)
    assert refused(lambda: services.remove_assessor(Actor(world.editor), assessor)
                   ) == {"assessor_has_scores"}


def test_deleting_keeps_history(world, full):
    services.delete_assessment(Actor(world.editor), full)
    assert not m.Assessment.objects.exists()
    assert m.Assessment.history.latest().history_type == "-"
    assert m.Assessment.history.latest().history_user == world.editor


def test_stage_rules_without_a_database():
    move = {"assessors": 1, "scored_nodes": 4, "not_agreed": []}
    assert rules.check_stage_move(method="checklist", old="open", new="closed", **move) == ()
    assert rules.check_stage_move(method="checklist", old="open", new="consensus", **move)
    assert rules.check_stage_move(method="full", old="consensus", new="open", **move) == ()
    assert rules.check_stage_move(method="full", old="draft", new="open", assessors=1,
                                  scored_nodes=0, not_agreed=[])[0].rule == \
        "assessment_needs_nodes"
    assert rules.check_percent(True) and rules.check_percent(105) and not rules.check_percent(0)


def test_the_history_page_shows_a_score_changed_but_never_its_value(client, world, full):
    node = scored_nodes(full.framework_version)[0]
    services.add_assessor(COMMAND_LINE, full, world.contributor)
    full.stage = "open"
    full.save()
    actor = Actor(world.contributor)
    services.save_score(actor, full, node, percent=40, rationale="Sound approach",
                        loaded_version=0)
    services.save_score(actor, full, node, percent=65, rationale="Deployed widely",
                        loaded_version=1)
    client.force_login(world.viewer)
    page = client.get(f"/p/{world.partnership.short_name}/history/").content.decode()
    assert f"An assessor&#x27;s own score of {node.code}" in page and "(not shown)" in page
    assert ">65<" not in page and "65%" not in page and "Deployed widely" not in page
