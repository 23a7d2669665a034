"""`pif export`: the long format, cells safe from formulas, a round trip that changes nothing."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures.exporting import COLUMNS, export_rows, write_csv
from pif.measures.importing import ImportOptions, check_file, import_checked
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations


@pytest.fixture
def data(world):
    """Monthly and financial-year indicators with breakdowns, missing codes and a risky note."""
    monthly = world.sample_indicator()
    yearly = make_indicator(world.partnership, owner=world.council, code="HOMES",
                            frequency="financial_year", unit="score")
    ayr = Breakdown.objects.create(partnership=world.partnership, name="=Ayr")
    rows = [
        ObservationInput(monthly, Period.month(2024, 5), None, missing_code="c",
                         status="suppressed"),
        ObservationInput(monthly, Period.month(2024, 6), None, missing_code="-"),
        ObservationInput(yearly, Period.financial_year(2019), 1234.5, breakdown=ayr,
                         numerator=12, denominator=3, note="=HYPERLINK(\"http://x\")"),
        ObservationInput(yearly, Period.financial_year(2020), -3.25, note="+ fell"),
    ]
    write_observations(Actor(user=world.editor), rows, approve=True, partnership=world.partnership)
    make_indicator(world.other_partnership, owner=world.other_council, code="SECRET",
                   values=[1.0])
    return world


def test_the_export_has_the_long_format_columns_and_period_labels(data):
    rows = list(export_rows(data.partnership))
    assert rows[0] == ["AE-4HR", "January 2024", None, 90.1, None, None, "final", "", "",
                       "approved"]
    homes = [row for row in rows if row[0] == "HOMES"]
    assert [row[1] for row in homes] == ["2020/21", "2019/20"]  # totals, then breakdowns


def test_text_that_would_run_as_a_formula_is_quoted_and_numbers_stay_numbers(data, tmp_path):
    call_command("export", str(tmp_path / "all.csv"), "--partnership", "alpha",
                 stdout=StringIO())
    with (tmp_path / "all.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = {(row[0], row[1]): row for row in csv.reader(handle)}
    risky = rows[("HOMES", "2019/20")]
    assert risky[2] == "'=Ayr"
    assert risky[7] == "'=HYPERLINK(\"http://x\")"
    assert rows[("HOMES", "2020/21")][3] == "-3.25"
    assert rows[("AE-4HR", "June 2024")][8] == "'-"


def test_only_the_partnerships_own_observations_are_exported(data):
    assert all(row[0] != "SECRET" for row in export_rows(data.partnership))
    assert len(list(export_rows(data.partnership))) == 4 + 4


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_importing_an_export_changes_nothing(data, tmp_path, suffix):
    path = tmp_path / f"export{suffix}"
    call_command("export", str(path), "--partnership", "alpha", stdout=StringIO())
    checked = check_file(path.read_bytes(), path.name, partnership=data.partnership,
                         options=ImportOptions())
    assert checked.problems == []
    result = import_checked(COMMAND_LINE, checked, partnership=data.partnership, approve=True)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 8)


def test_the_command_writes_csv_and_says_how_many_values(data, tmp_path):
    out = StringIO()
    call_command("export", str(tmp_path / "all.csv"), "--partnership", "alpha", stdout=out)
    assert out.getvalue().strip() == (f"Wrote 8 values of Alpha Partnership to "
                                      f"{tmp_path / 'all.csv'}")
    with (tmp_path / "all.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS) and len(rows) == 9


def test_the_command_writes_an_excel_workbook_with_number_cells(data, tmp_path):
    call_command("export", str(tmp_path / "all.xlsx"), "--partnership", "alpha",
                 stdout=StringIO())
    sheet = load_workbook(tmp_path / "all.xlsx", read_only=True)["Observations"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("AE-4HR", "January 2024", None, 90.1)


def test_the_command_refuses_a_path_that_is_not_csv_or_xlsx(data, tmp_path):
    with pytest.raises(CommandError, match="'all.txt' does not end in .csv or .xlsx"):
        call_command("export", str(tmp_path / "all.txt"), "--partnership", "alpha")


def test_write_csv_counts_the_values_it_wrote(data):
    stream = io.StringIO()
    assert write_csv(data.partnership, stream) == 8
    assert Observation.objects.filter(indicator__partnership=data.partnership).count() == 8
