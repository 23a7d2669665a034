"""The action plan rules, without a database (pif/improvement/rules/actions.py)."""

import datetime

from pif.improvement import rules

D = datetime.date


def names(findings) -> set[str]:
    return {finding.rule for finding in findings}


def test_due_date_not_before_start():
    assert names(rules.check_action_dates(D(2026, 5, 1), D(2026, 4, 1), ongoing=False)) == {
        "due_not_before_start"}
    assert not rules.check_action_dates(D(2026, 5, 1), D(2026, 5, 1), ongoing=False)
    assert not rules.check_action_dates(None, D(2026, 5, 1), ongoing=False)


def test_ongoing_work_has_no_due_date():
    assert names(rules.check_action_dates(D(2026, 5, 1), D(2026, 6, 1), ongoing=True)) == {
        "ongoing_no_due_date"}
    assert not rules.check_action_dates(D(2026, 5, 1), None, ongoing=True)


def test_percent_from_0_to_100():
    assert names(rules.check_percent(101)) == {"percent_range"}
    assert names(rules.check_percent(-1)) == {"percent_range"}
    assert names(rules.check_percent(None)) == {"percent_range"}
    assert not rules.check_percent(0) and not rules.check_percent(100)


def test_overriding_the_suggestion_needs_a_reason():
    assert names(rules.check_update_status("on_track", "at_risk", "  ")) == {
        "override_needs_reason"}
    assert not rules.check_update_status("on_track", "at_risk", "New staff start Monday")
    assert not rules.check_update_status("at_risk", "at_risk", "")
    assert not rules.check_update_status("deferred", None, "")  # nothing suggested


def test_a_progress_update_does_not_close_an_action():
    assert names(rules.check_update_status("complete", None, "")) == {"close_separately"}
    assert names(rules.check_update_status("cancelled", "on_track", "x")) == {
        "close_separately"}


def test_closing_needs_evidence_or_a_reason():
    assert names(rules.check_completion(" ")) == {"completion_needs_evidence"}
    assert not rules.check_completion("Clinic opened: board paper 12")
    assert names(rules.check_cancellation("")) == {"cancel_needs_reason"}
    assert not rules.check_cancellation("Funding withdrawn")


def test_who_may_change():
    assert names(rules.check_may_change(may_change_owned=False, is_owner=False)) == {
        "owner_may_change"}
    assert not rules.check_may_change(may_change_owned=True, is_owner=False)
    assert not rules.check_may_change(may_change_owned=False, is_owner=True)


def test_other_rules():
    assert names(rules.check_thresholds(70, 70)) == {"thresholds_order"}
    assert not rules.check_thresholds(90, 70)
    assert names(rules.check_update_date(D(2026, 12, 6), D(2026, 12, 5))) == {
        "update_not_in_future"}
    assert names(rules.check_open(True)) == {"closed_action_unchanged"}
    assert names(rules.check_sign_off(waiting=False)) == {"sign_off_when_waiting"}
    assert names(rules.check_owner_is_member(False)) == {"owner_is_member"}
    assert names(rules.check_signed_off_by_editor(False)) == {"sign_off_by_editor"}
    assert not rules.check_signed_off_by_editor(True)
    assert names(rules.actions.check_reopened_by_editor(False)) == {"reopen_by_editor"}
    assert not rules.actions.check_reopened_by_editor(True)


def test_every_rule_is_in_the_docstring_table():
    from pif.improvement.rules import actions

    for name in actions.__all__:
        assert f"`{name}(" in actions.__doc__, name


def test_every_rule_says_it_returns_a_tuple_of_findings():
    import inspect

    from pif.improvement.rules import actions

    returns = {name: inspect.signature(getattr(actions, name)).return_annotation
               for name in actions.__all__}
    assert {name: kind for name, kind in returns.items()
            if kind != "tuple[Finding, ...]"} == {}
