"""The indicator code and tag rules (pif.measures.rules), on their own and on every path:
the form, the services and `pif import --create-indicators`."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pif.measures.models import Indicator
from pif.measures.rules import check_code_unique, check_new_tag, read_new_tags
from pif.measures.services import refuse_broken_indicator
from pif.measures.testing import make_indicator
from pif.measures.tests.test_view_indicator_form import CREATE, fields


def test_a_code_not_in_use_is_fine():
    assert check_code_unique("DD-1", ["AE-4HR", "DD-2"]) == ()


def test_the_same_code_is_refused():
    (finding,) = check_code_unique("AE-4HR", ["AE-4HR"])
    assert finding.rule == "code_unique" and finding.field == "code"
    assert finding.message == "This partnership already has an indicator with that code."


def test_a_code_differing_only_in_capitals_is_refused_naming_the_one_in_use():
    (finding,) = check_code_unique("ae-4hr", ["DD-1", "AE-4HR"])
    assert finding.rule == "code_unique"
    assert finding.message == ("This partnership already has an indicator with that code, "
                               "written AE-4HR: codes that differ only in capitals are the same.")


def test_new_tags_are_read_as_group_and_name_pairs():
    assert read_new_tags(" Perspective: Customer, Winter ,, NPF: Life: long ") == [
        ("Perspective", "Customer"), ("", "Winter"), ("NPF: Life", "long")]


@pytest.mark.parametrize(("group", "name", "broken"), [
    ("", "x" * 100, False), ("g" * 100, "x", False),
    ("", "x" * 101, True), ("g" * 101, "x", True)])
def test_a_tag_and_its_group_are_at_most_100_characters(group, name, broken):
    findings = check_new_tag(group, name)
    assert [f.rule for f in findings] == (["tag_length"] if broken else [])
    if broken:
        assert findings[0].field == "new_tags"
        assert findings[0].message == "Keep each tag and its group under 100 characters"


def test_the_service_refuses_a_code_in_use_in_other_capitals(world):
    make_indicator(world.partnership, owner=world.council, code="AE-4HR")
    clash = Indicator(partnership=world.partnership, owner=world.council, code="ae-4hr",
                      title="Same", unit="count")
    with pytest.raises(ValidationError) as refused:
        refuse_broken_indicator(clash)
    assert [e.code for e in refused.value.error_dict["code"]] == ["code_unique"]


def test_the_service_allows_the_indicator_its_own_code(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="AE-4HR")
    indicator.code = "ae-4hr"
    refuse_broken_indicator(indicator)  # renaming to other capitals of its own code is fine


def test_the_same_code_in_another_partnership_is_fine(world):
    make_indicator(world.other_partnership, owner=world.other_council, code="AE-4HR")
    refuse_broken_indicator(Indicator(partnership=world.partnership, owner=world.council,
                                      code="ae-4hr", title="Ours", unit="count"))


def test_import_refuses_to_create_an_indicator_clashing_in_capitals(world, tmp_path):
    make_indicator(world.partnership, owner=world.council, code="AE-4HR")
    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value\nae-4hr,May 2024,5\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                     "--owner", world.council.short_code, stdout=out, stderr=err)
    said = out.getvalue() + err.getvalue()
    assert ("ae-4hr cannot be created by importing: This partnership already has an "
            "indicator with that code, written AE-4HR") in said
    assert list(Indicator.objects.filter(partnership=world.partnership)
                .values_list("code", flat=True)) == ["AE-4HR"]


def test_import_refuses_two_new_codes_differing_only_in_capitals(world, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value\nNEW-1,May 2024,5\nnew-1,June 2024,6\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                     "--owner", world.council.short_code, stdout=out, stderr=err)
    said = out.getvalue() + err.getvalue()
    assert "new-1 cannot be created by importing" in said
    assert not Indicator.objects.filter(partnership=world.partnership).exists()


def test_the_form_shows_the_rule_on_the_code_field(client, world):
    make_indicator(world.partnership, owner=world.council, code="AE-4HR")
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, code="ae-4hr"))
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "This partnership already has an indicator with that code, written AE-4HR: codes "
        "that differ only in capitals are the same."]
    assert Indicator.objects.filter(partnership=world.partnership).count() == 1
