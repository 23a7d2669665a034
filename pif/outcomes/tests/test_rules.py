"""Each stage 1 and 2 rule on its own (pif.outcomes.rules), then through a service."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE
from pif.editing import PROGRAM_CHANGE
from pif.outcomes import rules
from pif.outcomes.models import DriverDiagram, DriverNode
from pif.outcomes.rules import (
    check_driver_node,
    check_level_name,
    check_link,
    check_national_outcomes,
    check_outcome_parent,
    check_vision_years,
    driver_node_kind,
)
from pif.outcomes.services import conditions, outcomes, plan
from pif.outcomes.testing import make_outcome, make_risk


def broken(findings) -> list[tuple[str, str]]:
    return [(finding.field, finding.rule) for finding in findings]


@pytest.mark.parametrize(("parent", "kind"), [
    (None, "primary"), ("primary", "secondary"), ("secondary", "change_idea"),
    ("change_idea", "change_idea")])
def test_an_entry_takes_its_kind_from_its_parent(parent, kind):
    assert driver_node_kind(parent) == kind


@pytest.mark.parametrize(("kind", "parent"), [
    ("primary", None), ("secondary", "primary"), ("change_idea", "secondary")])
def test_an_entry_one_column_right_of_its_parent_is_fine(kind, parent):
    assert check_driver_node(kind, parent) == ()


def test_only_a_primary_driver_goes_under_the_aim():
    (finding,) = check_driver_node("secondary", None)
    assert (finding.field, finding.rule) == ("parent", "driver_column")
    assert finding.message == "Choose the driver this belongs under."


def test_nothing_goes_under_a_change_idea():
    (finding,) = check_driver_node("change_idea", "change_idea")
    assert finding.message == ("Change ideas are the last column: add this under a secondary "
                               "driver instead.")


def test_an_entry_of_the_wrong_kind_is_told_the_right_one():
    (finding,) = check_driver_node("change_idea", "primary")
    assert (finding.field, finding.rule) == ("kind", "driver_column")
    assert finding.message == "Under a primary driver add a secondary driver."


def test_a_parent_from_another_diagram_is_refused():
    assert broken(check_driver_node("secondary", "primary", parent_in_diagram=False)) == [
        ("parent", "driver_same_diagram")]


PLACE = {"title": "Fewer falls", "level": 3, "parent_title": "Healthy lives",
         "parent_level": 2, "same_partnership": True, "parent_is_below": False}


def test_an_outcome_below_its_parent_is_fine():
    assert check_outcome_parent(**PLACE) == ()


@pytest.mark.parametrize(("change", "rule"), [
    ({"same_partnership": False}, "outcome_same_partnership"),
    ({"parent_is_below": True}, "outcome_not_own_ancestor"),
    ({"parent_level": 3}, "outcome_below_parent"),
    ({"parent_level": 4}, "outcome_below_parent")])
def test_an_outcome_out_of_place_is_refused(change, rule):
    assert broken(check_outcome_parent(**{**PLACE, **change})) == [("parent", rule)]


def test_the_level_rule_says_which_levels_will_do():
    (finding,) = check_outcome_parent(**{**PLACE, "parent_level": 3})
    assert finding.message == ("“Healthy lives” is at level 3, so an outcome under it must be "
                               "at level 4 or below. Choose a higher outcome, or change the "
                               "level.")


def test_only_national_outcomes_are_served():
    assert check_national_outcomes(["national_outcome"]) == ()
    assert broken(check_national_outcomes(["national_outcome", "perspective"])) == [
        ("national_outcomes", "national_outcomes_only")]


def test_a_link_joins_two_different_outcomes():
    assert check_link(1, 2) == ()
    assert broken(check_link(3, 3)) == [("effect", "link_not_itself")]


@pytest.mark.parametrize(("first", "last", "ok"), [
    (2026, 2035, True), (2026, 2026, True), (2026, 2025, False), (None, 2025, True)])
def test_a_vision_ends_in_or_after_its_first_year(first, last, ok):
    assert broken(check_vision_years(first, last)) == (
        [] if ok else [("last_year", "vision_years_order")])


def test_every_level_has_a_name():
    assert check_level_name(2, "Priority") == ()
    assert broken(check_level_name(2, "  ")) == [("level_2", "level_name_needed")]


@pytest.mark.parametrize(("score", "ok"), [(0, False), (1, True), (5, True), (6, False)])
def test_risk_scores_run_from_1_to_5(score, ok):
    def valid() -> bool:
        try:
            for validator in rules.RISK_SCALE:
                validator(score)
        except ValidationError as error:
            assert error.messages == ["Use a number from 1 to 5"]
            return False
        return True

    assert valid() is ok


def placing(**given):
    """check_dependants_placed for an outcome "Health" with nothing under it, unless `given`."""
    return broken(rules.check_dependants_placed(**{
        "title": "Health", "children": 0, "indicators": 0, "children_choice": "",
        "indicators_choice": "", "move_to_chosen": False, "move_to_elsewhere": False,
        **given}))


def test_an_outcome_with_nothing_under_it_is_deleted_without_asking():
    assert placing() == []


def test_deleting_an_outcome_asks_where_its_children_and_indicators_go():
    assert placing(children=2, indicators=1) == [("children", "outcome_children_placed"),
                                                 ("indicators", "outcome_indicators_placed")]
    [children, indicators] = rules.check_dependants_placed(
        title="Health", children=2, indicators=1, children_choice="", indicators_choice="",
        move_to_chosen=False, move_to_elsewhere=False)
    assert children.message == "Choose where the 2 outcomes under “Health” should go"
    assert indicators.message == "Choose what happens to the 1 indicator linked to this outcome"
    assert placing(children=2, indicators=1, children_choice="move",
                   indicators_choice="unlink") == []


def test_indicators_moved_need_an_outcome_of_this_partnership_to_go_to():
    assert placing(indicators=1, indicators_choice="move") == [
        ("move_to", "outcome_indicators_destination")]
    assert placing(indicators=1, indicators_choice="move", move_to_chosen=True) == []
    assert placing(move_to_chosen=True, move_to_elsewhere=True) == [
        ("move_to", "move_to_other_outcome")]


def test_what_is_under_a_deleted_outcome_cannot_move_below_it():
    assert rules.check_move_to_not_below("Jobs", is_below=False) == ()
    [finding] = rules.check_move_to_not_below("Jobs", is_below=True)
    assert (finding.field, finding.rule, finding.message) == (
        "move_to", "move_to_not_below",
        "“Jobs” is under the outcome being deleted. Choose an outcome outside it")


def test_a_record_links_only_to_rows_of_its_own_partnership():
    assert rules.check_links_in_partnership({"owner": [7], "outcomes": [7, None]}, 7) == ()
    [finding] = rules.check_links_in_partnership({"owner": [7], "outcomes": [7, 8]}, 7)
    assert (finding.field, finding.rule, finding.message) == (
        "outcomes", "same_partnership", rules.WRONG_PARTNERSHIP)


# -- the services obey the rules, whatever path calls them --

def rules_refused(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_the_service_refuses_a_driver_entry_in_the_wrong_column(world):
    diagram = DriverDiagram.objects.create(partnership=world.partnership, title="D", aim="A")
    with pytest.raises(ValidationError) as refused:
        conditions.save(COMMAND_LINE, DriverNode(diagram=diagram, kind="secondary", title="S"),
                        loaded_version=PROGRAM_CHANGE)
    assert rules_refused(refused.value) == {"parent": ["driver_column"]}
    assert not DriverNode.objects.exists()


def test_the_services_refuse_a_self_link_and_a_vision_ending_before_it_starts(world):
    outcome = make_outcome(world.partnership, "A", level=2)
    with pytest.raises(ValidationError) as refused:
        outcomes.link(COMMAND_LINE, world.partnership, cause=outcome, effect=outcome)
    assert rules_refused(refused.value) == {"effect": ["link_not_itself"]}
    with pytest.raises(ValidationError) as refused:
        plan.save_vision(COMMAND_LINE, world.partnership, loaded_version=None,
                         statement="Thriving", first_year=2030, last_year=2026)
    assert rules_refused(refused.value) == {"last_year": ["vision_years_order"]}


def test_the_services_refuse_a_delete_that_leaves_children_nowhere(world):
    top = make_outcome(world.partnership, "Top", level=1)
    make_outcome(world.partnership, "Under", level=2, parent=top)
    with pytest.raises(ValidationError) as refused:
        outcomes.delete_outcome(COMMAND_LINE, top)
    assert rules_refused(refused.value) == {"children": ["outcome_children_placed"]}


def test_the_services_refuse_a_link_to_another_partnership(world):
    other = make_outcome(world.other_partnership, "Theirs", level=2)
    risk = make_risk(world.partnership, world.council)
    with pytest.raises(ValidationError) as refused:
        conditions.save(COMMAND_LINE, risk, m2m={"outcomes": [other]},
                        loaded_version=PROGRAM_CHANGE)
    assert rules_refused(refused.value) == {"outcomes": ["same_partnership"]}
