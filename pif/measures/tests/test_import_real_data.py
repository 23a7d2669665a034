"""Importing real published files.

Slices of open-licensed files are kept in tests/data (see its SOURCES.md: the rows each test
needs, byte for byte as published). Where a file cannot be imported as it stands, the test
checks the refusal names the rows and the reason, then imports a filtered copy. A file we may
not redistribute is read from ../shared/data beside the checkout, and its test is skipped
when it is not there.
"""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pif.measures.models import Breakdown, Indicator, Observation

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
LGBF = DATA / "lgbf" / "LGBF_Data_Table_Real.csv"
LGBF_MAP = ["--map", "indicator=Code", "--map", "breakdown=LocalAuthority",
            "--map", "period=LGBF Year", "--map", "value=LA_IndicatorReal",
            "--map", "numerator=LA_Numerator_real", "--map", "denominator=LA_Den_Real"]
PHS = DATA / "phs" / "monthly_ae_activity_202305.csv"
PHS_MAP = ["--indicator", "AE-4HR", "--map", "breakdown=TreatmentLocation",
           "--map", "value=PercentageWithin4HoursAll", "--map", "numerator=NumberWithin4HoursAll",
           "--map", "denominator=NumberOfAttendancesAll"]
NHSE = DATA / "nhs_england" / "ae_attendances.csv"
NHSE_MAP = ["--indicator", "AE-ATT", "--map", "breakdown=org_code", "--map", "value=attendances"]
# The Improvement Service's workbook has no licence, so it cannot be shipped with PIF.
UNSHIPPED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
WORKBOOK = UNSHIPPED / "lgbf" / "new bnch data.xlsx"


def run(*args) -> str:
    out = StringIO()
    call_command("import", *map(str, args), "--partnership", "alpha", stdout=out,
                 stderr=StringIO())
    return out.getvalue()


def refused(*args) -> tuple[str, list[str]]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", *map(str, args), "--partnership", "alpha", stdout=StringIO(),
                     stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def filtered(source: Path, target: Path, keep) -> Path:
    """Copy the header and the rows for which keep(row) is true, quoting as the source does."""
    with source.open(newline="", encoding="utf-8") as infile, \
            target.open("w", newline="", encoding="utf-8") as outfile:
        reader = csv.DictReader(infile)
        writer = csv.DictWriter(outfile, reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if keep(row))
    return target


def test_lgbf_councils_and_financial_years_import_for_chosen_indicators(world, tmp_path):
    path = filtered(LGBF, tmp_path / "lgbf.csv",
                    lambda row: row["Code"] in ("CHN01", "SW01", "CORP09"))
    out = run(path, "--create-indicators", *LGBF_MAP)
    assert "928 new, 0 changed and 0 unchanged values for 3 indicators" in out
    assert Indicator.objects.get(code="CHN01").frequency == "financial_year"
    assert Breakdown.objects.filter(partnership=world.partnership).count() == 32
    chn01 = Observation.objects.get(indicator__code="CHN01", breakdown__name="Aberdeen City",
                                    period="FY2010")
    assert (chn01.value, chn01.numerator, chn01.denominator) == (6112.9673, 72744.2538, 11900)
    again = run(path, *LGBF_MAP)
    assert "0 new, 0 changed and 928 unchanged" in again


def test_every_lgbf_indicator_imports_with_its_spans_of_years(world):
    out = run(LGBF, "--create-indicators", *LGBF_MAP)
    assert "2875 new, 0 changed and 0 unchanged values for 105 indicators" in out
    spans = set(Indicator.objects.filter(frequency="multi_financial_year")
                .values_list("code", flat=True))
    assert spans == {"C&L05a", "C&L05b", "C&L05c", "C&L05d", "CHN10", "ENV04b", "ENV04c",
                     "ENV04d", "ENV04e", "ENV07a", "ENV07b"}
    assert Indicator.objects.get(code="C&L05a").decimals == 3  # 0.758, not 1
    fife = Observation.objects.filter(indicator__code="C&L05a", breakdown__name="Fife")
    assert list(fife.order_by("period_start").values_list("period", "value")[:3]) == [
        ("MFY2010-2013", 0.758), ("MFY2012-2014", 0.72), ("MFY2013-2015", 0.713)]


def test_phs_monthly_ae_is_refused_for_sites_with_two_departments_in_a_month(world):
    message, problems = refused(PHS, "--create-indicators", *PHS_MAP)
    assert message == "70 problems in monthly_ae_activity_202305.csv: nothing was imported."
    assert problems[0] == ('Row 110, column "Month": AE-4HR, September 2009 for G306H is '
                           "already in row 109: each indicator, period and breakdown may "
                           "appear only once")
    assert not Indicator.objects.filter(code="AE-4HR").exists()


def test_phs_monthly_ae_imports_emergency_departments_with_yyyymm_months(world, tmp_path):
    path = filtered(PHS, tmp_path / "phs.csv", lambda row: row["TreatmentLocation"] in
                    ("A111H", "G107H") and row["DepartmentType"] == "Emergency Department")
    out = run(path, "--create-indicators", *PHS_MAP)
    assert "382 new" in out
    indicator = Indicator.objects.get(code="AE-4HR")
    assert (indicator.frequency, indicator.unit) == ("monthly", "percentage")
    first = indicator.observations.get(breakdown__name="A111H", period="M2007-07")
    assert (first.value, first.numerator, first.denominator) == (97.7, 5290, 5414)
    assert indicator.observations.filter(breakdown__name="G107H").count() == 191


def test_nhs_england_attendances_are_refused_where_an_organisation_has_several_types(world):
    message, problems = refused(NHSE, "--create-indicators", *NHSE_MAP)
    assert message == "180 problems in ae_attendances.csv: nothing was imported."
    assert problems[0] == ('Row 3, column "period": AE-ATT, March 2017 for RF4 is already in '
                           "row 2: each indicator, period and breakdown may appear only once")


def test_nhs_england_type_1_attendances_import_with_iso_month_starts(world, tmp_path):
    path = filtered(NHSE, tmp_path / "ae.csv",
                    lambda row: row["type"] == "1" and row["org_code"] in ("RF4", "R1H", "RQM"))
    out = run(path, "--create-indicators", *NHSE_MAP)
    assert "108 new" in out
    indicator = Indicator.objects.get(code="AE-ATT")
    assert (indicator.frequency, indicator.unit) == ("monthly", "count")
    march = indicator.observations.get(breakdown__name="RF4", period="M2017-03")
    assert march.value == 21289


@pytest.mark.skipif(not WORKBOOK.exists(), reason=(
    f"{WORKBOOK.name} has no licence that lets us ship it: put a copy at {WORKBOOK} "
    "to run this test"))
def test_the_messy_lgbf_workbook_is_refused_naming_each_sheet(world):
    message, problems = refused(WORKBOOK)
    assert message == "1 problem in new bnch data.xlsx: nothing was imported."
    assert problems[0].startswith('No header row found in new bnch data.xlsx. Sheet "Deflators": ')
    assert ('Sheet "Raw Data": no header row found in the first 30 rows. The likeliest, row 1, '
            'has columns for breakdown ("Local Authority") but no column for the indicator, '
            "period or value, and none of its other 2187 headers is a period (such as "
            '"CHN1 2010-11").') in problems[0]
    assert problems[0].endswith('or an indicator column followed by one column per period '
                                '(for example "2019/20" or "Apr-2019").')
