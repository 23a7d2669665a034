import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import EditConflict
from pif.measures.models import Indicator
from pif.outcomes.models import Outcome
from pif.outcomes.services import outcomes as service
from pif.outcomes.testing import make_outcome, make_risk
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db


def editor(world):
    return Actor(user=world.editor)


def tree(world):
    top = make_outcome(world.partnership, "Poverty", level=1)
    middle = make_outcome(world.partnership, "Fewer children in poverty", level=2, parent=top)
    bottom = make_outcome(world.partnership, "Income maximisation", level=3, parent=middle)
    return top, middle, bottom


def test_it_creates_an_outcome_with_history_and_an_event(world):
    outcome = service.create_outcome(editor(world), world.partnership, level=2,
                                     title="Healthier lives", horizon=2030,
                                     lead_organisation=world.health_board)
    assert outcome.history.first().history_user == world.editor
    assert Event.objects.filter(verb="outcome_created", object_id=str(outcome.pk)).exists()


def test_an_outcome_cannot_be_its_own_ancestor(world):
    top, middle, bottom = tree(world)
    with pytest.raises(ValidationError, match="cannot be its own ancestor"):
        service.update_outcome(editor(world), top.pk, {"parent": bottom, "level": 4},
                               loaded_version=1)


def test_an_outcome_cannot_contribute_to_itself(world):
    top, _, _ = tree(world)
    with pytest.raises(ValidationError, match="own ancestor"):
        service.update_outcome(editor(world), top.pk, {"parent": top, "level": 2}, loaded_version=1)


def test_an_outcome_sits_below_its_parents_level(world):
    _, middle, _ = tree(world)
    with pytest.raises(ValidationError, match="level 3 or below"):
        service.create_outcome(editor(world), world.partnership, level=2, title="Too high",
                               parent=middle)


def test_a_parent_from_another_partnership_is_refused(world):
    other = make_outcome(world.other_partnership, "Beta outcome", level=1)
    with pytest.raises(ValidationError):
        service.create_outcome(editor(world), world.partnership, level=2, title="Sneaky",
                               parent=other)
    assert not Outcome.objects.filter(title="Sneaky").exists()


def test_an_indicator_from_another_partnership_is_refused(world):
    from pif.measures.testing import make_indicator

    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="B-1")
    with pytest.raises(ValidationError):
        service.create_outcome(editor(world), world.partnership, level=2, title="Sneaky",
                               indicators=[theirs])


def test_the_second_of_two_concurrent_saves_is_refused_and_says_what_changed(world):
    outcome = make_outcome(world.partnership, "Original title")
    service.update_outcome(Actor(user=world.admin), outcome.pk, {"title": "Admin's title"},
                           loaded_version=1)
    with pytest.raises(EditConflict) as caught:
        service.update_outcome(editor(world), outcome.pk, {"title": "Editor's title"},
                               loaded_version=1)
    conflict = caught.value
    assert conflict.changed_by[0][0] == world.admin.display_name
    outcome.refresh_from_db()
    assert outcome.title == "Admin's title" and outcome.version == 2


def test_deleting_an_outcome_with_children_asks_what_to_do_with_them(world):
    top, middle, bottom = tree(world)
    with pytest.raises(ValidationError) as caught:
        service.delete_outcome(editor(world), middle)
    assert "children" in caught.value.message_dict
    assert Outcome.objects.filter(pk=middle.pk).exists()


def test_deleting_an_outcome_with_indicators_asks_and_never_deletes_them(world):
    _, middle, bottom = tree(world)
    indicator = world.sample_indicator()
    bottom.indicators.add(indicator)
    with pytest.raises(ValidationError) as caught:
        service.delete_outcome(editor(world), bottom)
    assert "indicators" in caught.value.message_dict
    service.delete_outcome(editor(world), bottom, indicators="unlink")
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert not Outcome.objects.filter(pk=bottom.pk).exists()


def test_deleting_moves_children_and_indicators_to_the_chosen_outcome(world):
    top, middle, bottom = tree(world)
    indicator = world.sample_indicator()
    middle.indicators.add(indicator)
    risk = make_risk(world.partnership, world.council)
    risk.outcomes.add(middle)
    service.delete_outcome(editor(world), middle, move_to=top, children="move",
                           indicators="move")
    bottom.refresh_from_db()
    assert bottom.parent == top
    assert list(top.indicators.all()) == [indicator]
    assert risk.outcomes.count() == 0
    assert Event.objects.filter(verb="outcome_deleted").exists()


def test_children_cannot_move_under_their_own_descendant(world):
    top, middle, bottom = tree(world)
    deeper = make_outcome(world.partnership, "Deeper", level=4, parent=bottom)
    with pytest.raises(ValidationError, match="under the outcome being deleted"):
        service.delete_outcome(editor(world), middle, move_to=deeper, children="move")
    assert Outcome.objects.filter(pk=middle.pk).exists()


def test_an_outcome_cannot_lead_to_itself_on_the_strategy_map(world):
    outcome = make_outcome(world.partnership)
    with pytest.raises(ValidationError, match="cannot lead to itself"):
        service.link(editor(world), world.partnership, cause=outcome, effect=outcome)


def test_the_same_link_twice_is_refused(world):
    a, b = make_outcome(world.partnership, "A"), make_outcome(world.partnership, "B")
    service.link(editor(world), world.partnership, cause=a, effect=b)
    with pytest.raises(ValidationError, match="linked already"):
        service.link(editor(world), world.partnership, cause=a, effect=b)
