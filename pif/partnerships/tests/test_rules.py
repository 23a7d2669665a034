"""Each partnership, organisation and membership rule on its own (pif.partnerships.rules),
then through the services the pages and the command line share."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.partnerships import rules, services
from pif.partnerships.models import Membership


def broken(findings) -> list[tuple[str, str]]:
    return [(finding.field, finding.rule) for finding in findings]


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.mark.parametrize(("value", "ok"), [
    ("loch-arden", True), ("ab", True), ("a", False), ("Loch", False), ("-loch", False),
    ("a" * 40, True), ("a" * 41, False)])
def test_a_short_name_is_2_to_40_lower_case_letters_numbers_or_hyphens(value, ok):
    try:
        rules.short_name_validator(value)
    except ValidationError:
        assert not ok
    else:
        assert ok


@pytest.mark.parametrize(("value", "ok"), [
    ("NHSLA", True), ("NH-1", True), ("N", False), ("nhsla", False), ("A" * 13, False)])
def test_a_short_code_is_2_to_12_capitals_numbers_or_hyphens(value, ok):
    try:
        rules.short_code_validator(value)
    except ValidationError as error:
        assert not ok
        assert error.messages == ["Use 2 to 12 capital letters, numbers or hyphens, for "
                                  "example NHSLA"]
    else:
        assert ok


@pytest.mark.parametrize(("month", "ok"), [(1, True), (12, True), (0, False), (13, False),
                                           ("4", False)])
def test_the_reporting_year_starts_in_a_month_from_1_to_12(month, ok):
    assert broken(rules.check_year_start_month(month)) == (
        [] if ok else [("reporting_year_start_month", "year_start_month")])


def test_roles_are_the_membership_roles():
    assert rules.ROLES == tuple(Membership.Role.values)
    assert rules.check_role("editor") == ()
    (finding,) = rules.check_role("boss")
    assert (finding.field, finding.rule) == ("role", "role_known")
    assert finding.message == ("'boss' is not a role. Use one of: viewer, contributor, editor, "
                               "admin.")


@pytest.mark.parametrize(("role", "has", "ours", "rule"), [
    ("viewer", False, False, None), ("editor", True, True, None),
    ("contributor", True, True, None),
    ("contributor", False, False, "contributor_needs_organisation"),
    ("viewer", True, False, "organisation_in_partnership")])
def test_a_members_organisation(role, has, ours, rule):
    findings = rules.check_member_organisation(role, has_organisation=has,
                                               organisation_in_partnership=ours)
    assert broken(findings) == ([("organisation", rule)] if rule else [])


@pytest.mark.parametrize(("admins", "is_self", "rule"), [
    (2, False, None), (1, False, "last_admin"), (1, True, "last_admin"),
    (3, True, "admin_not_self")])
def test_an_admin_is_demoted_or_removed_only_by_another_while_one_remains(admins, is_self,
                                                                          rule):
    findings = rules.check_keeps_an_admin(name="Ann", admins=admins, is_self=is_self,
                                          action="demoted")
    assert broken(findings) == ([("", rule)] if rule else [])


def test_the_last_admin_is_told_what_to_do_first():
    (finding,) = rules.check_keeps_an_admin(name="Ann", admins=1, is_self=False,
                                            action="removed")
    assert finding.message == ("Ann is the only partnership admin, so cannot be removed. Make "
                               "someone else a partnership admin first.")


def test_an_organisation_with_members_stays():
    assert rules.check_organisation_removable("NHS", has_members=False) == ()
    assert broken(rules.check_organisation_removable("NHS", has_members=True)) == [
        ("", "organisation_has_members")]


def test_a_person_is_a_member_of_a_partnership_once():
    assert rules.check_not_a_member("ann@example.org", "Alpha", is_member=False) == ()
    (finding,) = rules.check_not_a_member("ann@example.org", "Alpha", is_member=True)
    assert (finding.field, finding.rule, finding.message) == (
        "email", "member_once", "ann@example.org is already a member of Alpha.")


# -- the services obey them on every path --

def test_the_command_line_cannot_demote_the_last_admin(world):
    admin = world.membership("admin")
    with pytest.raises(ValidationError) as refused:
        services.change_membership(COMMAND_LINE, admin, role="viewer", organisation=None,
                                   loaded_version=admin.version)
    assert codes(refused.value) == {NON_FIELD_ERRORS: ["last_admin"]}
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_a_contributor_without_an_organisation_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as refused:
        services.add_member(Actor(user=world.admin), world.partnership,
                            email="new@example.org", role="contributor")
    assert codes(refused.value) == {"organisation": ["contributor_needs_organisation"]}


def test_a_partnership_cannot_start_its_year_in_month_13(world):
    with pytest.raises(ValidationError) as refused:
        services.create_partnership(COMMAND_LINE, name="Beta", short_name="beta-x",
                                    reporting_year_start_month=13)
    assert codes(refused.value) == {"reporting_year_start_month": ["year_start_month"]}


def test_adding_someone_already_a_member_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as refused:
        services.add_member(COMMAND_LINE, world.partnership, email="viewer@alpha.test",
                            role="editor")
    assert codes(refused.value) == {"email": ["member_once"]}
