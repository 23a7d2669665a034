"""`pif organisation add|list`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif import cli
from pif.partnerships.management.commands.organisation import code_from_name
from pif.partnerships.models import Event, Organisation


def run(*args) -> str:
    out = StringIO()
    call_command("organisation", *args, stdout=out)
    return out.getvalue()


def test_it_adds_an_organisation(world):
    output = run("add", "alpha", "--name", "Alpha Fire", "--type", "Fire", "--code", "af")
    assert output == "Added Alpha Fire (AF) to alpha\n"
    organisation = Organisation.objects.get(partnership=world.partnership, name="Alpha Fire")
    assert organisation.kind == "fire"
    record = organisation.history.get()
    assert (record.history_user, record.history_change_reason) == (
        None, "Changed through command line")
    assert Event.objects.get(verb="organisation_added").via == "command line"


def test_it_accepts_a_type_written_with_spaces_or_hyphens(world):
    run("add", "alpha", "--name", "Alpha Health", "--type", "Health board", "--code", "AH")
    run("add", "alpha", "--name", "Alpha TSI", "--type", "third-sector", "--code", "ATSI")
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert (kinds["Alpha Health"], kinds["Alpha TSI"]) == ("health_board", "third_sector")


def test_it_makes_a_code_from_the_name(world):
    run("add", "alpha", "--name", "Police Scotland Alpha Division", "--type", "police")
    assert Organisation.objects.get(name="Police Scotland Alpha Division").short_code == "PSAD"
    assert code_from_name("NHS Loch Arden") == "NLA"
    assert code_from_name("Council") == "CX"


def test_a_bad_type_says_which_types_exist(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "--name", "Alpha Castle", "--type", "castle")
    assert str(caught.value) == (
        "--type 'castle' is not a type of organisation. Use one of: council, health_board, "
        "police, fire, third_sector, community, other.")
    assert not Organisation.objects.filter(name="Alpha Castle").exists()


def test_it_refuses_a_duplicate_code(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "--name", "Another", "--type", "other", "--code", "AC")
    assert "This partnership already has an organisation with that code." in str(caught.value)
    assert not Organisation.objects.filter(name="Another").exists()


def test_it_refuses_an_unknown_partnership(db):
    with pytest.raises(CommandError) as caught:
        run("add", "nowhere", "--name", "X", "--type", "other")
    assert "There is no partnership with short name 'nowhere'" in str(caught.value)


def test_it_lists_organisations(world):
    assert run("list", "alpha") == "AC\tCouncil\tAlpha Council\nNHSA\tHealth board\tNHS Alpha\n"


def test_the_pif_command_adds_an_organisation(world, capsys):
    cli.main(["pif", "organisation", "add", "alpha", "--name", "Alpha Fire", "--type", "fire"])
    assert capsys.readouterr().out == "Added Alpha Fire (AF) to alpha\n"
    assert Organisation.objects.filter(name="Alpha Fire", short_code="AF").exists()
