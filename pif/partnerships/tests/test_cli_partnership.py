"""`pif partnership create|list`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif import cli
from pif.partnerships.models import Event, Partnership


def run(*args) -> str:
    out = StringIO()
    call_command("partnership", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_partnership(db):
    output = run("create", "loch-arden", "--name", "Loch Arden CPP", "--year-start-month", "1")
    assert output == "Created partnership loch-arden: Loch Arden CPP\n"
    partnership = Partnership.objects.get(short_name="loch-arden")
    assert (partnership.name, partnership.reporting_year_start_month) == ("Loch Arden CPP", 1)
    record = partnership.history.get()
    assert record.history_user is None
    assert "command line" in record.history_change_reason
    event = Event.objects.get(partnership=partnership)
    assert (event.verb, event.via, event.actor) == ("partnership_created", "command line", None)


def test_the_reporting_year_starts_in_april_by_default(db):
    run("create", "loch-arden", "--name", "Loch Arden CPP")
    assert Partnership.objects.get(short_name="loch-arden").reporting_year_start_month == 4


def test_it_refuses_a_duplicate_short_name(world):
    with pytest.raises(CommandError) as caught:
        run("create", "alpha", "--name", "Another Alpha")
    assert str(caught.value) == "short name: A partnership with this short name already exists."
    assert Partnership.objects.get(short_name="alpha").name == "Alpha Partnership"


def test_it_refuses_a_bad_short_name(db):
    with pytest.raises(CommandError) as caught:
        run("create", "Loch Arden", "--name", "Loch Arden CPP")
    assert str(caught.value).startswith("short name: Use 2 to 40 lower-case letters")
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("month", ["0", "13"])
def test_it_refuses_a_month_outside_1_to_12(db, month):
    with pytest.raises(CommandError) as caught:
        run("create", "loch-arden", "--name", "Loch Arden CPP", "--year-start-month", month)
    assert str(caught.value) == f"--year-start-month must be 1 to 12, not {month}."
    assert not Partnership.objects.exists()


def test_it_lists_partnerships_by_short_name(world):
    assert run("list") == "alpha\tAlpha Partnership\nbeta\tBeta Partnership\n"


def test_it_says_how_to_create_the_first_partnership(db):
    assert "pif partnership create SHORTNAME --name NAME" in run("list")


def test_the_pif_command_creates_and_lists(db, capsys):
    cli.main(["pif", "partnership", "create", "loch-arden", "--name", "Loch Arden CPP"])
    cli.main(["pif", "partnership", "list"])
    assert capsys.readouterr().out == (
        "Created partnership loch-arden: Loch Arden CPP\nloch-arden\tLoch Arden CPP\n")


def test_the_pif_command_reports_a_problem_and_exits_with_1(world, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["pif", "partnership", "create", "alpha", "--name", "Again"])
    assert caught.value.code == 1
    assert "A partnership with this short name already exists." in capsys.readouterr().err


def test_pif_manage_is_the_same_command(world, capsys):
    cli.main(["pif", "manage", "partnership", "list"])
    assert "alpha\tAlpha Partnership" in capsys.readouterr().out
