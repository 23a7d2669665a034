"""Stage 4's rules, without a database."""

import datetime

from pif.people import rules

DAY = datetime.date(2026, 12, 5)


def names(findings):
    return [finding.rule for finding in findings]


def test_activity_dates():
    assert rules.check_activity_dates(DAY, DAY) == ()
    assert rules.check_activity_dates(DAY, None) == ()
    assert names(rules.check_activity_dates(DAY, DAY - datetime.timedelta(days=1))) == [
        "activity_dates_order"]


def test_level_names():
    assert rules.check_level_name("Foundation", taken=False) == ()
    assert names(rules.check_level_name("  ", taken=False)) == ["level_name_needed"]
    assert names(rules.check_level_name("Foundation", taken=True)) == ["level_name_unique"]


def test_a_level_in_use_is_kept():
    assert rules.check_level_unused("Foundation", 0, 0) == ()
    found = rules.check_level_unused("Foundation", 3, 1)
    assert names(found) == ["level_in_use"]
    assert "3 counts and 1 training record" in found[0].message


def test_count_dates():
    assert rules.check_counted_on(DAY, DAY) == ()
    assert names(rules.check_counted_on(DAY + datetime.timedelta(days=1), DAY)) == [
        "count_date_not_future"]
    assert names(rules.check_counted_on(None, DAY)) == ["count_date_needed"]


def test_counts_only_for_ones_own_organisation():
    assert rules.check_counts_owned({1, 2}, None) == ()
    assert rules.check_counts_owned({1}, {1}) == ()
    assert names(rules.check_counts_owned({1, 2}, {1})) == ["counts_own_organisation"]


def test_counts_unchanged_since_loaded():
    assert rules.check_counts_unchanged(None, "abc") == ()
    assert rules.check_counts_unchanged("abc", "abc") == ()
    assert names(rules.check_counts_unchanged("abc", "def")) == [
        "counts_unchanged_since_loaded"]


def test_the_privacy_rule():
    assert names(rules.check_personal_records_on(False)) == ["personal_records_off"]
    assert rules.check_personal_records_on(True) == ()
    assert rules.check_personal_records_removed(True, 5) == ()
    assert rules.check_personal_records_removed(False, 0) == ()
    assert names(rules.check_personal_records_removed(False, 2)) == ["personal_records_left"]
