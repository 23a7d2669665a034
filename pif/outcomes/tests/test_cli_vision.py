"""`pif vision set|show`: the vision from the command line, saved as on the Vision page."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif.outcomes.models import Vision


def run(*args) -> str:
    out = StringIO()
    call_command("vision", *args, stdout=out)
    return out.getvalue()


def test_it_sets_the_current_vision(world):
    output = run("set", "alpha", "--statement", "A fairer Alpha.", "--first-year", "2026",
                 "--last-year", "2035", "--purpose", "Together.")
    assert output == "Vision for 2026/27 to 2035/36 saved for alpha.\n"
    vision = Vision.objects.get(partnership=world.partnership)
    assert (vision.statement, vision.purpose, vision.is_current) == (
        "A fairer Alpha.", "Together.", True)
    assert "command line" in vision.history.get().history_change_reason


def test_a_new_vision_replaces_the_current_one(world):
    run("set", "alpha", "--statement", "Old", "--first-year", "2016", "--last-year", "2025")
    run("set", "alpha", "--statement", "New", "--first-year", "2026", "--last-year", "2035")
    assert list(Vision.objects.filter(partnership=world.partnership, is_current=True)
                .values_list("statement", flat=True)) == ["New"]
    assert run("show", "alpha") == "Vision 2026/27 to 2035/36 (current):\nNew\n"


def test_it_refuses_a_cycle_that_ends_before_it_starts(world):
    with pytest.raises(CommandError) as caught:
        run("set", "alpha", "--statement", "X", "--first-year", "2030", "--last-year", "2026")
    assert "last year" in str(caught.value)


def test_show_says_when_there_is_no_vision(world):
    assert run("show", "alpha") == (
        "alpha has no vision yet. Set one with: pif vision set alpha --statement TEXT "
        "--first-year YEAR --last-year YEAR\n")
