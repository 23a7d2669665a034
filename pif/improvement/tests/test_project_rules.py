"""Each rule of pif/improvement/rules/projects.py, without a database."""

import datetime
from decimal import Decimal

import pytest

from pif.improvement.rules import projects as rules

DAY = datetime.date(2026, 12, 5)


def names(findings):
    return [finding.rule for finding in findings]


def test_only_contributors_and_above_register():
    assert names(rules.check_may_register(False)) == ["project_register_role"]
    assert rules.check_may_register(True) == ()


@pytest.mark.parametrize(("owned", "lead", "refused"), [
    (True, False, False), (False, True, False), (False, False, True)])
def test_who_may_change_a_project(owned, lead, refused):
    found = rules.check_may_change(can_change_owned=owned, is_lead=lead)
    assert names(found) == (["project_change_role"] if refused else [])


def test_only_an_improvement_lead_approves_and_only_once():
    assert names(rules.check_may_approve(can_edit=False, status="registered")) == [
        "project_approve_role"]
    assert names(rules.check_may_approve(can_edit=True, status="active")) == [
        "project_approve_once"]
    assert rules.check_may_approve(can_edit=True, status="registered") == ()


def test_a_registered_project_becomes_active_only_by_approval():
    assert names(rules.check_status("registered", "active")) == ["project_needs_approval"]
    assert names(rules.check_status("active", "registered")) == ["project_needs_approval"]
    assert rules.check_status("active", "complete") == ()
    assert rules.check_status("registered", "registered") == ()


@pytest.mark.parametrize("value", [None, "2027-01-01", datetime.datetime(2027, 1, 1), 5])
def test_the_aim_by_when_is_a_date(value):
    assert names(rules.check_aim_by_when(value)) == ["aim_by_when_date"]


def test_a_date_is_a_fine_aim_by_when():
    assert rules.check_aim_by_when(DAY) == ()


def test_a_cycle_tests_a_change_idea_of_its_project():
    assert names(rules.check_change_idea_in_project(False)) == ["change_idea_same_project"]
    assert rules.check_change_idea_in_project(True) == ()


def test_a_cycle_ends_on_or_after_its_start():
    assert names(rules.check_cycle_dates(DAY, DAY - datetime.timedelta(days=1))) == [
        "cycle_dates_order"]
    assert rules.check_cycle_dates(DAY, DAY) == ()
    assert rules.check_cycle_dates(DAY, None) == ()


def test_follows_rules():
    ok = {"same_change_idea": True, "earlier": True, "loop": False}
    assert rules.check_follows(**ok) == ()
    assert names(rules.check_follows(**{**ok, "loop": True})) == ["follows_no_loop"]
    assert names(rules.check_follows(**{**ok, "same_change_idea": False})) == [
        "follows_same_change_idea"]
    assert names(rules.check_follows(**{**ok, "earlier": False})) == ["follows_earlier"]


def test_a_decision_needs_the_study():
    assert names(rules.check_decision("adopt", "  ")) == ["decision_needs_study"]
    assert rules.check_decision("adopt", "Falls halved") == ()
    assert rules.check_decision("", "") == ()


def test_completing_needs_a_decision_and_not_before_the_start():
    assert names(rules.check_completed(DAY, "")) == ["completion_needs_decision"]
    assert names(rules.check_completed(DAY, "adopt", DAY + datetime.timedelta(days=1))) == [
        "completed_after_start"]
    assert rules.check_completed(DAY, "adapt", DAY) == ()
    assert rules.check_completed(None, "") == ()


@pytest.mark.parametrize("score", ["0", "0.25", "5.5", "3.3", "-1", "nan", "x", None, 1e30])
def test_scores_are_half_steps_from_half_to_five(score):
    assert names(rules.check_score(score, "v1", {"v1"})) == ["score_half_steps"]


@pytest.mark.parametrize("score", ["0.5", Decimal("2.5"), "5.0", 3, "4"])
def test_every_half_step_is_a_score(score):
    assert rules.check_score(score, "v1", {"v1"}) == ()


def test_a_score_needs_a_known_scale_version():
    assert names(rules.check_score("1.0", "v9", {"v1"})) == ["scale_version_known"]


def test_measure_kinds():
    assert names(rules.check_measure_kind("other")) == ["measure_kind"]
    assert rules.check_measure_kind("balancing") == ()


def test_links_stay_in_the_partnership():
    assert names(rules.check_links_in_partnership({"indicator": [2]}, 1)) == [
        "same_partnership"]
    assert rules.check_links_in_partnership({"indicator": [1], "outcome": []}, 1) == ()
