"""The meeting rules and dates, without a database."""

import datetime

from pif.reviews import meeting_dates as dates
from pif.reviews.rules import meetings as rules


def names(findings):
    return [f.rule for f in findings]


def test_a_focus_names_what_it_looks_at():
    assert rules.check_focus("whole", None, None, "") == ()
    assert names(rules.check_focus("organisation", None, None, "")) == ["meeting_focus_named"]
    assert names(rules.check_focus("outcome", None, None, "")) == ["meeting_focus_named"]
    assert names(rules.check_focus("service", None, None, "  ")) == ["meeting_focus_named"]
    assert rules.check_focus("service", None, None, "Roads") == ()


def test_people_must_be_members():
    findings = rules.check_people_are_members(chair_ok=False, attendees_ok=False)
    assert [f.field for f in findings] == ["chair", "attendees"]


def test_due_times_have_bounds():
    assert rules.check_hours_and_days(hours_before=48, days_after=2, escalate_after=3) == ()
    findings = rules.check_hours_and_days(hours_before=10_000, days_after=99, escalate_after=0)
    assert [f.field for f in findings] == ["briefing_hours_before", "follow_up_days",
                                           "escalate_after"]


def test_the_briefing_changes_and_is_issued_only_while_planned():
    assert rules.check_briefing_open("planned") == ()
    assert names(rules.check_briefing_open("briefed")) == ["briefing_open"]
    assert rules.check_may_issue("planned", 1) == ()
    assert names(rules.check_may_issue("planned", 0)) == ["briefing_issue_once"]
    assert names(rules.check_may_issue("briefed", 4)) == ["briefing_issue_once"]


def test_locking_needs_a_date_and_happens_once():
    october, today = datetime.date(2026, 10, 31), datetime.date(2026, 11, 5)
    assert names(rules.check_may_lock(None, None)) == ["meeting_lock_period"]
    assert names(rules.check_may_lock(october, october, today)) == ["meeting_lock_period"]
    assert rules.check_may_lock(october, None, today) == ()
    assert rules.check_may_lock(october, datetime.date(2026, 9, 30), today) == ()
    assert "still to come" in rules.check_may_lock(october, None, october.replace(day=1))[
        0].message


def test_the_next_date_follows_the_cadence():
    last, today = datetime.date(2026, 1, 31), datetime.date(2026, 1, 1)
    assert dates.next_date("weekly", last, today) == datetime.date(2026, 2, 7)
    assert dates.next_date("fortnightly", last, today) == datetime.date(2026, 2, 14)
    assert dates.next_date("monthly", last, today) == datetime.date(2026, 2, 28)  # last Sat
    # The last Monday of November 2026 (the fifth) gives the last Monday of February 2027.
    assert dates.next_date("quarterly", datetime.date(2026, 11, 30), today) == datetime.date(
        2027, 2, 22)
    assert dates.next_date("monthly", None, today) == datetime.date(2026, 1, 15)


def test_data_runs_to_the_last_complete_month_or_quarter():
    day = datetime.date(2026, 11, 12)
    assert dates.data_to("monthly", day) == datetime.date(2026, 10, 31)
    assert dates.data_to("weekly", day) == datetime.date(2026, 10, 31)
    assert dates.data_to("quarterly", day) == datetime.date(2026, 9, 30)
    assert dates.data_to("quarterly", datetime.date(2027, 1, 5)) == datetime.date(2026, 12, 31)


def test_the_briefing_is_due_hours_before():
    starts = datetime.datetime(2026, 11, 12, 10, 0, tzinfo=datetime.UTC)
    assert dates.briefing_due(starts, 48) == datetime.datetime(2026, 11, 10, 10, 0,
                                                               tzinfo=datetime.UTC)


def test_a_focus_in_a_sentence_keeps_its_capitals():
    from types import SimpleNamespace

    from pif.reviews.briefing import focus_phrase

    council = SimpleNamespace(name="Alpha Council")
    assert focus_phrase(SimpleNamespace(focus_kind="organisation", organisation_id=1,
                                        organisation=council)) == "Alpha Council"
    assert focus_phrase(SimpleNamespace(focus_kind="whole")) == "the whole partnership"
