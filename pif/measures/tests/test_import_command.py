"""`pif import`: the same checks as the upload page, from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif.measures.models import Breakdown, Indicator, Observation
from pif.partnerships.models import Event


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", *map(str, args), stdout=StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, name: str = "values.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


def test_it_imports_a_clean_file_and_says_what_changed(world, csv_file):
    world.sample_indicator()
    path = csv_file("Indicator,Period,Value\nAE-4HR,May 2024,90.5\nAE-4HR,January 2024,90.1\n")
    out, _ = run(path, "--partnership", "alpha")
    assert out.startswith("Imported values.csv, long format, header in row 1: 1 new, 0 changed "
                          "and 1 unchanged values for 1 indicator")
    observation = Observation.objects.get(period="M2024-05")
    assert (observation.value, observation.status, observation.entered_by) == (90.5, "final",
                                                                               None)
    event = Event.objects.filter(verb="data_imported").get()
    assert event.via == "command line" and "values.csv" in event.description


def test_it_prints_every_problem_and_imports_nothing(world, csv_file):
    world.sample_indicator()
    path = csv_file("Indicator,Period,Value\nAE-4HR,May 2024,90\nAE-4HR,June 2024,\"12,34\"\n"
                    "AE-4HR,July 2024,abc\n")
    message, err = refused(path, "--partnership", "alpha")
    assert message == "2 problems in values.csv: nothing was imported."
    assert err.splitlines() == [
        "Row 3, column \"Value\": '12,34' is not a number: a thousands separator must be "
        "followed by three digits",
        "Row 4, column \"Value\": 'abc' is not a number or a missing-data code (the codes are "
        "'..', '*', 'c', 'x', 'z', '-', 'NA', 'N/A', 'n/a', 'dna', '#N/A')"]
    assert not Observation.objects.filter(period="M2024-05").exists()


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(world, csv_file):
    world.sample_indicator()
    path = csv_file("Indicator,Period,Value,Area\nAE-4HR,May 2024,90,Ayr\n")
    out, _ = run(path, "--partnership", "alpha", "--dry-run")
    assert out.startswith("Would import values.csv, long format, header in row 1: 1 new")
    assert "Would add 1 breakdown: Ayr" in out
    assert not Observation.objects.filter(period="M2024-05").exists()
    assert not Breakdown.objects.exists()


def test_map_options_read_fields_from_other_headers(world, csv_file):
    world.sample_indicator()
    path = csv_file("Measure,When,Rate\nAE-4HR,2024-05,88\n")
    run(path, "--partnership", "alpha", "--map", "indicator=Measure", "--map", "period=When",
        "--map", "value=Rate")
    assert Observation.objects.get(period="M2024-05").value == 88


def test_a_wrong_map_option_is_refused(world, csv_file):
    message, _ = refused(csv_file("a\n"), "--partnership", "alpha", "--map", "colour=Red")
    assert message.startswith("--map 'colour' is not a field: use one of indicator, period")


def test_create_indicators_uses_the_owner_frequency_and_title_given(world, csv_file):
    path = csv_file("Code,Name,Year,Value\nHOMES,Homes built,2019/20,120\n")
    out, _ = run(path, "--partnership", "alpha", "--create-indicators", "--owner", "NHSA",
                 "--map", "title=Name", "--frequency", "annual")
    indicator = Indicator.objects.get(code="HOMES")
    assert (indicator.owner, indicator.frequency, indicator.title) == (
        world.health_board, "annual", "Homes built")
    assert "Created 1 indicator: HOMES" in out


def test_one_indicator_for_every_row_fills_in_a_missing_indicator_column(world, csv_file):
    world.sample_indicator()
    path = csv_file('"Month","Site","Attendances"\n"202405","A111H",54.1\n')
    run(path, "--partnership", "alpha", "--indicator", "AE-4HR", "--map", "breakdown=Site",
        "--map", "value=Attendances")
    observation = Observation.objects.get(period="M2024-05")
    assert (observation.breakdown.name, observation.value) == ("A111H", 54.1)


def test_an_unknown_owner_is_refused(world, csv_file):
    message, _ = refused(csv_file("a\n"), "--partnership", "alpha", "--owner", "ZZ",
                         "--create-indicators")
    assert message.startswith("--owner 'ZZ' is not an organisation of Alpha Partnership")


def test_an_unknown_partnership_is_refused(world, csv_file):
    message, _ = refused(csv_file("a\n"), "--partnership", "nope")
    assert message.startswith("There is no partnership with short name 'nope'")


def test_a_missing_file_is_refused(world, tmp_path):
    message, _ = refused(tmp_path / "absent.csv", "--partnership", "alpha")
    assert message == f"Cannot read {tmp_path / 'absent.csv'}: No such file or directory"


def test_a_file_without_a_header_row_is_refused_with_what_was_expected(world, csv_file):
    message, err = refused(csv_file("Area,Total\nAyr,12\n"), "--partnership", "alpha")
    assert message == "1 problem in values.csv: nothing was imported."
    assert err.startswith("No header row found in values.csv. The file: no header row found in "
                          "the first 30 rows. The likeliest, row 1, has columns for breakdown "
                          '("Area") but no column for the indicator, period or value')


def test_another_partnerships_indicators_are_not_touched(world, csv_file):
    from pif.measures.testing import make_indicator
    make_indicator(world.other_partnership, owner=world.other_council, code="AE-4HR")
    path = csv_file("Indicator,Period,Value\nAE-4HR,May 2024,90.5\n")
    message, err = refused(path, "--partnership", "alpha")
    assert "There is no indicator with the code 'AE-4HR' in this partnership" in err
    assert err.splitlines()[-1] == ("To create indicators for codes the partnership lacks, "
                                    "import again with --create-indicators.")
    assert not Observation.objects.filter(period="M2024-05").exists()


def test_it_prints_the_warnings_of_what_it_imports(world, csv_file):
    path = csv_file("Code,Year,Value\nLGBF1,2016-19,1\n")
    out, err = run(path, "--partnership", "alpha", "--create-indicators", "--dry-run")
    assert out.startswith("Would import values.csv")
    assert err.splitlines() == [
        "Warning: Row 2: LGBF1 is read as spans of financial years (2016/17 to 2018/19). If "
        "these are calendar years, choose Spans of calendar years (--frequency multi_year)"]
