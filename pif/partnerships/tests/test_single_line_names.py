"""Names and codes are single lines: no line breaks, tabs or other control characters.

A partnership named "Alpha\\nPartnership" once made adding a member fail after the
membership was saved (the invitation's subject line) and stopped the reminder emails.
One rule (pif/validation.py) is applied on every path: forms, services, the command line
and any other save.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pif.actors import COMMAND_LINE
from pif.measures.models import Breakdown
from pif.outcomes import testing as outcomes_testing
from pif.partnerships import services
from pif.partnerships.models import Membership, Organisation, Partnership
from pif.testing import make_user

BAD_NAMES = ["Alpha\nPartnership", "Alpha\tPartnership", "Alpha\x00Partnership",
             "Alpha\u200bPartnership", "Alpha\r\nPartnership"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_the_settings_form_refuses_a_name_with_a_control_character(client, world, name):
    client.force_login(world.admin)
    response = client.post("/p/alpha/settings/", {
        "version": world.partnership.version, "name": name,
        "reporting_year_start_month": 4})
    assert response.status_code == 200
    assert "must be on one line, without line breaks, tabs or other control characters" \
        in response.content.decode()
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Alpha Partnership"


def test_the_organisation_form_names_the_character(client, world):
    client.force_login(world.admin)
    response = client.post("/p/alpha/organisations/add/", {
        "name": "Alpha\tTrust", "kind": "other", "short_code": "AT"})
    assert response.status_code == 200
    assert "it contains a tab" in response.content.decode()
    assert not Organisation.objects.filter(short_code="AT").exists()


def test_the_member_form_refuses_a_multi_line_full_name(client, world):
    client.force_login(world.admin)
    response = client.post("/p/alpha/members/add/", {
        "email": "new@alpha.test", "full_name": "New\nPerson", "role": "viewer",
        "organisation": ""})
    assert response.status_code == 200
    assert "it contains a line break" in response.content.decode()
    assert not Membership.objects.filter(user__email="new@alpha.test").exists()


def test_a_service_refuses_it_naming_the_field(world):
    with pytest.raises(ValidationError) as caught:
        services.add_organisation(COMMAND_LINE, world.partnership,
                                  name="Alpha\nTrust", kind="other", short_code="AT")
    assert "name" in caught.value.message_dict
    assert "it contains a line break" in caught.value.message_dict["name"][0]
    assert not Organisation.objects.filter(short_code="AT").exists()


def test_the_command_line_refuses_it(db):
    with pytest.raises(CommandError) as caught:
        call_command("partnership", "create", "loch-arden", "--name", "Loch\nArden",
                     stdout=StringIO())
    assert "one line" in str(caught.value)
    assert not Partnership.objects.filter(short_name="loch-arden").exists()


def _make(kind, world):
    """One saved object of each kind of named thing, and the name of its name field."""
    partnership, council = world.partnership, world.council
    if kind == "indicator":
        return world.sample_indicator(), "title"
    if kind == "indicator code":
        return world.sample_indicator(), "code"
    if kind == "breakdown":
        return Breakdown.objects.create(partnership=partnership, name="North"), "name"
    if kind == "outcome":
        return outcomes_testing.make_outcome(partnership), "title"
    if kind == "risk":
        return outcomes_testing.make_risk(partnership, council), "title"
    if kind == "group":
        return outcomes_testing.make_group(partnership), "name"
    if kind == "diagram":
        return outcomes_testing.make_diagram(partnership), "title"
    if kind == "person":
        return make_user("someone@alpha.test", "Some One"), "full_name"
    return world.council, "short_code"


@pytest.mark.parametrize("kind", ["indicator", "indicator code", "breakdown", "outcome",
                                  "risk", "group", "diagram", "person", "organisation code"])
def test_no_save_can_store_a_control_character_in_a_name(world, kind):
    thing, field = _make(kind, world)
    setattr(thing, field, "North\nSouth")
    with pytest.raises(ValidationError) as caught:
        thing.save()
    assert field in caught.value.message_dict
    thing.refresh_from_db()
    assert "\n" not in getattr(thing, field)


def test_an_invitation_from_a_partnership_with_a_bad_name_is_still_sent(client, world):
    # A name stored before the rule existed: adding a member must not fail after saving.
    Partnership.objects.filter(pk=world.partnership.pk).update(name="Alpha\r\nPartnership")
    client.force_login(world.admin)
    response = client.post("/p/alpha/members/add/", {
        "email": "new@alpha.test", "full_name": "New Person", "role": "viewer",
        "organisation": ""})
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="new@alpha.test").exists()
    assert mail.outbox[0].subject == "You have been invited to Alpha Partnership on PIF"


def _import(tmp_path, text: str, *args) -> str:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), "--partnership", "alpha", *args,
                     stdout=StringIO(), stderr=StringIO())
    return str(caught.value)


def test_an_import_refuses_a_breakdown_name_on_two_lines(world, tmp_path):
    world.sample_indicator()
    _import(tmp_path, 'Indicator,Period,Breakdown,Value\nAE-4HR,May 2024,"North\nEast",90.5\n')
    # Nothing was stored, and the refusal did not come from the last guard as a crash.
    assert not Breakdown.objects.exists()


def test_an_import_refusal_names_the_row_and_column(world, tmp_path, capsys):
    world.sample_indicator()
    path = tmp_path / "values.csv"
    path.write_text('Indicator,Period,Breakdown,Value\nAE-4HR,May 2024,"North\tEast",90.5\n',
                    encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=err)
    assert "Row 2" in err.getvalue() and "Breakdown" in err.getvalue()
    assert "it contains a tab" in err.getvalue()


def test_an_import_creating_indicators_refuses_a_title_on_two_lines(world, tmp_path):
    _import(tmp_path, 'Indicator,Title,Period,Value\nNEW-1,"Homes\nbuilt",May 2024,4\n',
            "--create-indicators")
    assert not world.partnership.indicators.filter(code="NEW-1").exists()


def test_saving_other_fields_of_an_old_bad_record_is_not_refused(world):
    # Stored before the rule; saving an unrelated field must still work.
    Partnership.objects.filter(pk=world.partnership.pk).update(name="Alpha\nPartnership")
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    partnership.reporting_year_start_month = 1
    partnership.save(update_fields=["reporting_year_start_month"])
    with pytest.raises(ValidationError):
        partnership.save()
