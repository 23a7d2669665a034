"""Checking a file's rows against a partnership, and importing a clean file."""

import io
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures.access import changeable_indicators
from pif.measures.importing import ImportOptions, check_file, import_checked
from pif.measures.importing.validate import guess_frequency
from pif.measures.models import Breakdown, Indicator, Observation
from pif.measures.testing import make_indicator
from pif.partnerships.access import Access

HEADER = "Indicator,Period,Value,Numerator,Denominator,Breakdown,Status,Note\n"


def check(world, text, *, role=None, filename="values.csv", **options):
    world.sample_indicator()
    changeable, organisation = None, ""
    if role is not None:
        membership = world.membership(role)
        changeable = changeable_indicators(Access(world.partnership, membership))
        organisation = membership.organisation.name
    content = text if isinstance(text, bytes) else text.encode()
    return check_file(content, filename, partnership=world.partnership,
                      options=ImportOptions(**options), changeable=changeable,
                      organisation_name=organisation)


def messages(checked):
    return [str(problem) for problem in checked.problems]


def test_a_clean_row_is_read_into_period_value_and_status(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,90.5,181,200,,,Winter pressures\n")
    assert checked.ok
    row = checked.rows[0]
    assert (row.row, row.code, row.period, row.value) == (2, "AE-4HR", Period.month(2024, 5), 90.5)
    assert (row.numerator, row.denominator, row.note) == (181, 200, "Winter pressures")
    assert row.status == Observation.Status.PROVISIONAL


def test_importing_the_same_file_again_after_approval_changes_nothing(world):
    text = HEADER + "AE-4HR,May 2024,90.5,,,,,\n"
    first = import_checked(Actor(user=world.editor), check(world, text),
                           partnership=world.partnership,
                           approve=True)
    again = import_checked(Actor(user=world.editor), check(world, text),
                           partnership=world.partnership,
                           approve=True)
    assert (first.created, again.created, again.changed, again.unchanged) == (1, 0, 0, 1)
    assert Observation.objects.get(period="M2024-05").status == Observation.Status.FINAL


def test_an_unknown_indicator_code_is_a_problem_at_its_row_and_column(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,90,,,,,\nXX-1,May 2024,1,,,,,\n")
    assert not checked.ok and checked.rows == []
    assert messages(checked) == [
        'Row 3, column "Indicator": There is no indicator with the code \'XX-1\' in this '
        "partnership: check the code, or add the indicator first"]


def test_an_unreadable_period_quotes_why_it_cannot_be_read(world):
    checked = check(world, HEADER + "AE-4HR,Mayday,90,,,,,\n")
    assert messages(checked)[0].startswith(
        "Row 2, column \"Period\": 'Mayday' is not a period we recognise: write it like one of "
        "these: April 2019")


def test_a_period_of_the_wrong_frequency_says_what_the_indicator_needs(world):
    checked = check(world, HEADER + "AE-4HR,2019/20,90,,,,,\n")
    assert messages(checked) == ["Row 2, column \"Period\": '2019/20' is a financial year, but "
                                 "this data is monthly (AE-4HR is monthly)"]


def test_a_value_that_is_not_a_number_is_quoted(world):
    checked = check(world, HEADER + 'AE-4HR,May 2024,"12,34",,,,,\n')
    assert messages(checked) == ["Row 2, column \"Value\": '12,34' is not a number: a thousands "
                                 "separator must be followed by three digits"]


def test_every_problem_in_the_file_is_listed_not_only_the_first(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,abc,,,,,\nAE-4HR,June 2024,90,,,,Draft,\n"
                                    "AE-4HR,July 2024,90,,-5,,,\n")
    assert [(p.row, p.column) for p in checked.problems] == [
        (2, '"Value"'), (3, '"Status"'), (4, '"Denominator"'), (4, '"Numerator"')]
    assert "'Draft' is not a status: use provisional, final" in checked.problems[1].message
    assert checked.problems[2].message == "Enter a denominator above 0: it is -5"
    assert checked.problems[3].message == ("Enter the numerator as well as the denominator, or "
                                           "neither")


def test_a_repeated_indicator_period_and_breakdown_points_to_the_first_row(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,90,,,North,,\nAE-4HR,May 2024,91,,,South,,\n"
                                    "AE-4HR,2024-05,92,,,north,,\n")
    assert messages(checked) == [
        'Row 4, column "Period": AE-4HR, May 2024 for north is already in row 2: each '
        "indicator, period and breakdown may appear only once"]


def test_two_columns_for_the_same_period_in_a_wide_row_are_a_duplicate(world):
    checked = check(world, "Indicator,2024-05,May 2024\nAE-4HR,90,91\n")
    assert messages(checked) == [
        'Row 2, column "May 2024": AE-4HR, May 2024 is already in row 2: each indicator, '
        "period and breakdown may appear only once"]


def test_a_numerator_above_the_denominator_is_refused_for_a_percentage(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,120,120,100,,,\n")
    assert messages(checked) == [
        'Row 2, column "Numerator": Enter a numerator of 100 or less: for this percentage it '
        "cannot be more than the denominator",
        'Row 2, column "Value": Enter a percentage of 100% or less: 120% is more than this '
        "indicator can be"]
    assert [p.rule for p in checked.problems] == ["numerator_within_denominator",
                                                  "percentage_range"]


def test_a_numerator_above_the_denominator_is_fine_for_a_rate(world):
    make_indicator(world.partnership, owner=world.council, code="BEDS", unit="rate")
    assert check(world, HEADER + "BEDS,May 2024,1.2,120,100,,,\n").ok


@pytest.mark.parametrize("code", ["", "..", "*", "c", "x", "z", "-", "NA", "N/A", "n/a", "dna",
                                  "#N/A"])
def test_missing_value_codes_are_stored_as_missing_with_their_code(world, code):
    checked = check(world, HEADER + f"AE-4HR,May 2024,{code},,,,,\n")
    assert checked.ok
    row = checked.rows[0]
    assert (row.value, row.missing_code) == (None, code)
    expected = "suppressed" if code in ("c", "*") else "provisional"
    assert row.status == expected


def test_thousands_separators_and_percent_signs_are_read(world):
    checked = check(world, HEADER + 'AE-4HR,May 2024,82.3%,"1,234","1,500",,,\n')
    row = checked.rows[0]
    assert (row.value, row.numerator, row.denominator) == (82.3, 1234.0, 1500.0)


def test_a_contributor_cannot_upload_another_organisations_indicator(world):
    make_indicator(world.partnership, owner=world.council, code="HOMES")
    checked = check(world, HEADER + "AE-4HR,May 2024,90,,,,,\nHOMES,May 2024,12,,,,,\n",
                    role="contributor")
    assert messages(checked) == [
        'Row 3, column "Indicator": HOMES belongs to Alpha Council: you can upload data only '
        "for indicators owned by NHS Alpha"]


def test_an_editor_may_upload_any_organisations_indicator(world):
    make_indicator(world.partnership, owner=world.council, code="HOMES")
    assert check(world, HEADER + "HOMES,May 2024,12,,,,,\n", role="editor").ok


def test_unknown_breakdowns_are_listed_to_be_added(world):
    Breakdown.objects.create(partnership=world.partnership, name="North")
    checked = check(world, HEADER + "AE-4HR,May 2024,90,,,north,,\nAE-4HR,May 2024,91,,,Ayr,,\n")
    assert checked.new_breakdowns == ["Ayr"]


def test_blank_rows_are_skipped(world):
    checked = check(world, HEADER + ",,,,,,,\nAE-4HR,May 2024,90,,,,,\n\n")
    assert [row.row for row in checked.rows] == [3]


def test_a_file_with_only_a_header_says_there_is_nothing_to_import(world):
    assert messages(check(world, HEADER)) == [
        "values.csv has a header row (row 1) but no data below it"]


def test_an_xlsx_with_title_rows_is_read_and_problems_name_column_letters(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "A&E"
    for row in (["A&E four-hour performance"], ["Source: NHS Alpha"], [],
                ["Indicator code", "Month", "Value"], ["AE-4HR", "2024-05", 90.5],
                ["AE-4HR", "2024-06", "n.a."]):
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    checked = check(world, stream.getvalue(), filename="ae.xlsx")
    assert checked.layout.header_row == 4
    assert messages(checked) == [
        "Row 6, column C (\"Value\"): 'n.a.' is not a number or a missing-data code (the codes "
        "are '..', '*', 'c', 'x', 'z', '-', 'NA', 'N/A', 'n/a', 'dna', '#N/A')"]


def test_a_wide_file_gives_one_row_per_period(world):
    checked = check(world, "Indicator,Breakdown,Apr-2024,May-2024\nAE-4HR,North,90,91\n")
    assert [(r.period.label, r.breakdown, r.value) for r in checked.rows] == [
        ("April 2024", "North", 90.0), ("May 2024", "North", 91.0)]


def test_an_unknown_indicator_for_every_row_is_one_problem_not_one_per_row(world):
    checked = check(world, "Month,Value\n202405,90\n202406,91\n", indicator="NOPE")
    assert messages(checked) == ["There is no indicator with the code 'NOPE' in this "
                                 "partnership: check the code, or add the indicator first"]


def test_a_wide_workbook_with_dates_as_period_headers_reads_them_as_months(world):
    workbook = Workbook()
    workbook.active.append(["Indicator", datetime(2024, 5, 1), datetime(2024, 6, 30)])
    workbook.active.append(["AE-4HR", 90, 91])
    stream = io.BytesIO()
    workbook.save(stream)
    checked = check(world, stream.getvalue(), filename="wide.xlsx")
    assert [(r.period.label, r.value) for r in checked.rows] == [("May 2024", 90),
                                                                 ("June 2024", 91)]


def test_one_indicator_for_every_row_replaces_the_indicator_column(world):
    checked = check(world, "Month,Value\n202405,90\n", indicator="AE-4HR")
    assert checked.ok and checked.rows[0].code == "AE-4HR"


@pytest.mark.parametrize("periods, expected", [
    (["2019-20", "2020-21"], "financial_year"),
    (["2019-04-01", "2019-05-01"], "monthly"),
    (["201904", "201905"], "monthly"),
    (["Q1 2019/20"], "quarterly"),
    (["Week ending 7 July 2019", "2019-07-14"], "weekly"),
    (["2019", "2020"], "annual"),
    (["2010-14", "2011-15"], "multi_financial_year"),  # as the LGBF writes them (ADR 14)
    (["Q5 2019"], None),
])
def test_the_frequency_of_a_new_indicator_is_guessed_from_its_periods(periods, expected):
    assert guess_frequency(periods) == expected


def test_a_new_indicator_of_spans_of_years_refuses_a_single_financial_year(world):
    checked = check(world, "Code,Year,Value\nC&L05a,2010-14,1\nC&L05a,2011-12,2\n",
                    create_indicators=True)
    assert messages(checked) == [
        'Row 3, column "Year": \'2011-12\' is a financial year, but this data is for spans of '
        "financial years (C&L05a is spans of financial years (for example 2016-19 or 2016/17 "
        "to 2018/19))"]
    assert checked.new_indicators["C&L05a"].frequency == "multi_financial_year"


def test_a_frequency_that_cannot_be_guessed_is_asked_for(world):
    checked = check(world, "Code,Year,Value\nNEW1,Q5 2019,1\n", create_indicators=True)
    assert messages(checked)[0] == (
        'Row 2, column "Year": Cannot tell how often NEW1 is measured from periods such as '
        "'Q5 2019': give the frequency")


def test_importing_creates_breakdowns_and_indicators_with_the_values(world):
    checked = check(world, "Code,Title,Year,Value,Area\nNEW-1,Homes built,2019/20,12,Ayr\n",
                    create_indicators=True, mapping={"title": "Title"})
    result = import_checked(COMMAND_LINE, checked, partnership=world.partnership, approve=True)
    assert result.created == 1
    indicator = Indicator.objects.get(partnership=world.partnership, code="NEW-1")
    assert (indicator.title, indicator.frequency, indicator.owner) == (
        "Homes built", "financial_year", world.council)
    observation = indicator.observations.get()
    assert (observation.value, observation.breakdown.name, observation.status) == (
        12, "Ayr", "final")


def test_a_failed_write_leaves_no_new_breakdowns_or_indicators(world, monkeypatch):
    checked = check(world, "Code,Year,Value,Area\nNEW-1,2019/20,12,Ayr\n", create_indicators=True)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("pif.measures.importing.run.ObservationWriter.write", fail)
    with pytest.raises(RuntimeError):
        import_checked(Actor(), checked, partnership=world.partnership, approve=True)
    assert not Breakdown.objects.filter(name="Ayr").exists()
    assert not Indicator.objects.filter(code="NEW-1").exists()


def test_a_dry_run_says_what_would_change_and_changes_nothing(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,90,,,Ayr,,\nAE-4HR,January 2024,90.7,,,,,\n")
    before = Observation.objects.count()
    result = import_checked(Actor(user=world.editor), checked, partnership=world.partnership,
                            approve=True, dry_run=True)
    assert (result.created, result.changed) == (1, 1)
    assert Observation.objects.count() == before
    assert not Breakdown.objects.filter(name="Ayr").exists()


def test_a_file_with_problems_cannot_be_imported(world):
    checked = check(world, HEADER + "AE-4HR,May 2024,abc,,,,,\n")
    with pytest.raises(ValueError, match="Only a file with no problems"):
        import_checked(Actor(), checked, partnership=world.partnership, approve=True)


def test_an_over_long_title_for_a_new_indicator_is_refused_naming_its_row_and_column(world):
    title = "A" * 201
    checked = check(world, f"Code,Year,Value,Title\nNEW1,2019/20,1,{title}\n",
                    create_indicators=True, mapping={"title": "Title"})
    assert not checked.ok and checked.new_indicators == {}
    assert messages(checked) == ['Row 2, column "Title": The title is 201 characters long: it '
                                 "can be at most 200, so shorten it"]


def test_a_title_of_200_characters_is_kept_whole(world):
    checked = check(world, f"Code,Year,Value,Title\nNEW1,2019/20,1,{'A' * 200}\n",
                    create_indicators=True, mapping={"title": "Title"})
    assert checked.ok and checked.new_indicators["NEW1"].title == "A" * 200


@pytest.mark.parametrize("error", ["#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#SPILL!"])
def test_a_spreadsheet_error_in_a_csv_cell_is_called_one(world, error):
    checked = check(world, HEADER + f"AE-4HR,May 2024,{error},,,,,\n"
                                    f"AE-4HR,June 2024,1,{error},2,,,\n")
    assert messages(checked) == [
        f'Row 2, column "Value": The cell holds the spreadsheet error {error}, not a number: '
        "correct the formula in the spreadsheet, or leave the cell blank, and upload the file "
        "again",
        f'Row 3, column "Numerator": The cell holds the spreadsheet error {error}, not a number: '
        "correct the formula in the spreadsheet, or leave the cell blank, and upload the file "
        "again"]


def test_a_new_indicator_guessed_to_be_spans_of_financial_years_is_warned_of(world):
    checked = check(world, "Code,Year,Value\nLGBF1,2016-19,1\nLGBF1,2017-20,2\n",
                    create_indicators=True)
    assert checked.ok
    assert [str(warning) for warning in checked.warnings] == [
        "Row 2: LGBF1 is read as spans of financial years (2016/17 to 2018/19). If these are "
        "calendar years, choose Spans of calendar years (--frequency multi_year)"]


def test_a_new_indicator_given_its_frequency_is_not_warned_of(world):
    checked = check(world, "Code,Year,Value\nLGBF1,2016-19,1\n", create_indicators=True,
                    frequency="multi_financial_year")
    assert checked.ok and checked.warnings == []


def test_importing_new_indicators_reads_the_codes_in_use_once_not_per_indicator(world,
                                                                                 monkeypatch):
    checked = check(world, "Code,Year,Value\nNEW-1,2019/20,1\nNEW-2,2019/20,2\n",
                    create_indicators=True)

    def query_per_indicator(self):
        raise AssertionError("queried the codes like this one for one indicator")

    monkeypatch.setattr(Indicator, "codes_like_this", query_per_indicator)
    import_checked(COMMAND_LINE, checked, partnership=world.partnership, approve=True)
    assert set(Indicator.objects.filter(partnership=world.partnership)
               .values_list("code", flat=True)) >= {"NEW-1", "NEW-2"}


def test_importing_still_refuses_a_code_taken_since_the_file_was_checked(world):
    checked = check(world, "Code,Year,Value\nNEW-1,2019/20,1\n", create_indicators=True)
    make_indicator(world.partnership, owner=world.council, code="new-1")
    with pytest.raises(ValidationError, match="written new-1"):
        import_checked(COMMAND_LINE, checked, partnership=world.partnership, approve=True)
    assert not Indicator.objects.filter(code="NEW-1").exists()
