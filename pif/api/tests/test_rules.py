"""The rules about API tokens, as plain functions (no database)."""

from datetime import UTC, datetime, timedelta

from pif.api import rules

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def rule_names(findings) -> list[str]:
    return [finding.rule for finding in findings]


def test_a_token_needs_a_name():
    assert rule_names(rules.check_token_name("   ")) == ["token_name"]


def test_a_name_of_at_most_100_characters_is_allowed():
    assert rules.check_token_name("x" * 100) == ()


def test_a_longer_name_is_refused():
    (finding,) = rules.check_token_name("x" * 101)
    assert (finding.field, finding.rule) == ("name", "token_name")
    assert "100 characters" in finding.message


def test_a_token_needs_an_expiry():
    assert rule_names(rules.check_token_expiry(None, NOW, 366)) == ["token_expiry"]


def test_an_expiry_in_the_past_or_now_is_refused():
    assert rule_names(rules.check_token_expiry(NOW, NOW, 366)) == ["token_expiry"]
    assert rule_names(rules.check_token_expiry(NOW - timedelta(days=1), NOW, 366)) == [
        "token_expiry"]


def test_an_expiry_up_to_the_most_days_is_allowed():
    assert rules.check_token_expiry(NOW + timedelta(days=366), NOW, 366) == ()
    assert rules.check_token_expiry(NOW + timedelta(minutes=1), NOW, 366) == ()


def test_an_expiry_beyond_the_most_days_is_refused_and_says_the_limit():
    (finding,) = rules.check_token_expiry(NOW + timedelta(days=366, seconds=1), NOW, 366)
    assert (finding.field, finding.rule) == ("expires_at", "token_expiry")
    assert "366 days" in finding.message


def test_a_service_token_reads_contributes_or_edits():
    for role in ("viewer", "contributor", "editor"):
        assert rules.check_service_role(role) == ()


def test_a_service_token_is_never_an_admin_or_an_unknown_role():
    assert rule_names(rules.check_service_role("admin")) == ["service_role"]
    assert rule_names(rules.check_service_role("owner")) == ["service_role"]
    assert rule_names(rules.check_service_role("")) == ["service_role"]
