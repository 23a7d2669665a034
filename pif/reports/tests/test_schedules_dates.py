"""When a schedule runs next, which schedules are due, and the rules of a schedule (no
database needed for the dates and rules)."""

import datetime

import pytest

from pif.reports import schedules
from pif.reports.rules.schedules import (
    check_kind,
    check_kind_schedulable,
    check_next_run_on,
    check_recipients,
)

D = datetime.date


@pytest.mark.parametrize(("frequency", "after", "expected"), [
    ("weekly", D(2026, 12, 28), D(2027, 1, 4)),
    ("monthly", D(2026, 11, 15), D(2026, 12, 15)),
    ("monthly", D(2026, 12, 15), D(2027, 1, 15)),
    # Clamped to the month's end; the next date is worked out from that one (documented in
    # pif/reports/schedules.py and on the form): the 31st becomes the 28th and stays so.
    ("monthly", D(2027, 1, 31), D(2027, 2, 28)),
    ("monthly", D(2028, 1, 31), D(2028, 2, 29)),
    ("monthly", D(2027, 2, 28), D(2027, 3, 28)),
    ("monthly", D(2026, 10, 31), D(2026, 11, 30)),
    ("quarterly", D(2026, 11, 30), D(2027, 2, 28)),
    ("quarterly", D(2026, 12, 1), D(2027, 3, 1)),
    ("yearly", D(2028, 2, 29), D(2029, 2, 28)),
    ("yearly", D(2026, 4, 1), D(2027, 4, 1)),
])
def test_next_date(frequency, after, expected):
    assert schedules.next_date(frequency, after) == expected


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="fortnightly"):
        schedules.next_date("fortnightly", D(2026, 1, 1))


def test_the_date_after_a_long_gap_is_the_first_of_the_schedules_dates_after_today():
    assert schedules.date_after("monthly", D(2026, 1, 31), D(2026, 6, 10)) == D(2026, 6, 28)
    assert schedules.date_after("weekly", D(2026, 12, 1), D(2026, 12, 1)) == D(2026, 12, 8)
    assert schedules.date_after("yearly", D(2026, 12, 5), D(2026, 12, 4)) == D(2026, 12, 5)


def test_recipient_lines_leave_out_blank_lines_and_spaces():
    assert schedules.recipient_lines(" a@b.test \n\n  \nc@d.test") == ["a@b.test", "c@d.test"]


def test_skipped_note_names_each_address():
    assert schedules.skipped_note([]) == ""
    note = schedules.skipped_note(["x@y.test", "z@y.test"])
    assert note.startswith("Not emailed to x@y.test, z@y.test: not a member")


MEMBERS = {"viewer@alpha.test", "editor@alpha.test"}


def test_each_bad_recipient_line_is_named_with_its_number():
    findings = check_recipients(["viewer@alpha.test", "", "not an address",
                                 "Editor@Alpha.test", "someone@else.test"], MEMBERS)
    assert [f.message for f in findings] == [
        "Line 3, “not an address”, is not an email address: put one address on each line",
        "Line 5, “someone@else.test”, is not the email address of a member of this "
        "partnership: reports are emailed only to members"]
    assert {(f.field, f.rule) for f in findings} == {("recipients",
                                                      "schedule_recipients_members")}
    assert check_recipients([], MEMBERS) == ()


def test_a_new_date_is_not_in_the_past_but_an_unchanged_one_may_be():
    today = D(2026, 12, 5)
    assert check_next_run_on(D(2026, 12, 5), today) == ()
    [finding] = check_next_run_on(D(2026, 12, 4), today)
    assert finding.message == "The date must be today (5 December 2026) or later"
    assert check_next_run_on(D(2026, 12, 4), today, changed=False) == ()
    assert check_next_run_on(None, today, changed=False)[0].rule == "schedule_date_not_past"


def test_the_kind_is_one_pif_builds():
    assert check_kind("board", {"board": 1}) == ()
    assert check_kind("horoscope", {"board": 1})[0].message == "Choose the kind of report"


def test_a_memo_which_needs_a_meeting_is_not_scheduled():
    assert check_kind_schedulable(("outcomes", "indicators")) == ()
    assert check_kind_schedulable(("locality", "reporting_year")) == ()
    [finding] = check_kind_schedulable(("meeting",))
    assert (finding.field, finding.rule) == ("kind", "schedule_kind_no_meeting")
    assert "make it from the meeting's page" in finding.message


def test_due_schedules_are_active_and_due_by_the_day(world):
    from pif.reports.testing import make_schedule

    due = make_schedule(world.partnership, title="Due", next_run_on=D(2026, 12, 1))
    make_schedule(world.partnership, title="Stopped", next_run_on=D(2026, 12, 1), active=False)
    make_schedule(world.partnership, title="Later", next_run_on=D(2026, 12, 2))
    late = make_schedule(world.partnership, title="Late", next_run_on=D(2026, 11, 1))
    assert list(schedules.due_schedules(D(2026, 12, 1))) == [late, due]
