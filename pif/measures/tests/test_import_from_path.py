"""A CSV given as a path is read from disk as it is used, never held, and reads exactly as
its bytes do; the checker takes records one at a time (`RecordChecker`)."""

import pytest

from pif.lib.periods import Period
from pif.measures.importing import ImportOptions, check_file
from pif.measures.importing.layout import find_layout
from pif.measures.importing.readers import ReadError, read_sheets
from pif.measures.importing.records import RawRecord, raw_records, table_problems
from pif.measures.importing.validate import (
    PROBLEMS_KEPT,
    CheckContext,
    RecordChecker,
    check_records,
)

FILES = {
    "plain.csv": b"Indicator,Period,Value\nA,2020-01,1\n\nA,2020-02,2\n",
    "marked.csv": b"\xef\xbb\xbfIndicator;Period;Value\r\nA;2020-01;1\r\nA;2020-02;\"2\r\n\"\r\n",
    "windows.csv": b"Indicator,Period,Value,Note\nA,2020-01,1,\xa3 caf\xe9 \x81\n",
    "marked-windows.csv": b"\xef\xbb\xbfIndicator,Period,Value,Note\nA,2020-01,1,\xa3\n",
    "unicode-text.csv": "Indicator\tPeriod\tValue\nA\t2020-01\t1\n".encode("utf-16"),
    "old-mac.csv": b"Indicator,Period,Value\rA,2020-01,1\rA,2020-02,3",
    "wide.csv": b"Indicator,2020-01,2020-02\nA,1,2\nB,3\nC,4,5,6\n",
    "gaps.csv": b",Indicator,Period,Value\nx,A,2020-01,1\n,A,2020-02,2\n",
}


def read(source, name):
    """Everything read from the file: rows, layout, table problems and records."""
    sheet = next(read_sheets(source, name))
    layout = find_layout([sheet], {}, False, name)
    return ([*(sheet.reread() if sheet.reread else sheet.rows)], layout.kind, layout.header_row,
            list(table_problems(layout)), list(table_problems(layout)),
            [(r.row, r.code, r.period, r.value, r.note) for r in raw_records(layout)])


@pytest.mark.parametrize("name", FILES)
def test_a_csv_read_from_its_path_reads_as_its_bytes(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    assert read(path, name) == read(FILES[name], name)


def test_only_the_first_rows_of_a_csv_path_are_held(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Indicator,Period,Value\n" + "A,2020-01,1\n" * 500)
    sheet = next(read_sheets(path, path.name))
    assert len(sheet.rows) == 31 and sum(1 for _ in sheet.reread()) == 501


def test_binary_data_in_a_csv_path_is_refused_when_it_is_read(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Indicator,Period,Value\nA,2020-01,1\x00\n")
    with pytest.raises(ReadError, match="binary data"):
        next(read_sheets(path, path.name))


def test_a_fault_late_in_a_csv_path_is_a_problem_of_the_table(world, tmp_path):
    world.sample_indicator()
    path = tmp_path / "quote.csv"
    path.write_text("Indicator,Period,Value\n" + "AE-4HR,May 2024,1\n" * 40
                    + 'AE-4HR,June 2024,"2\n')
    checked = check_file(path, path.name, partnership=world.partnership,
                         options=ImportOptions())
    assert [str(p) for p in checked.problems] == [
        "quote.csv: the quoted cell that starts on line 42 has no closing quote (\"), so every "
        "line after it would be read as part of that cell: add the closing quote, or remove "
        "the stray one, and upload the file again"]


def test_a_csv_path_checks_as_its_bytes_do(world, tmp_path):
    world.sample_indicator()
    text = ("Indicator,Period,Value\nAE-4HR,May 2024,90\nAE-4HR,June 2024,-5\n"
            "NOPE,May 2024,1\nAE-4HR,May 2024,91\n")
    path = tmp_path / "values.csv"
    path.write_text(text)
    by_path, by_bytes = (check_file(source, "values.csv", partnership=world.partnership,
                                    options=ImportOptions())
                         for source in (path, text.encode()))
    assert [str(p) for p in by_path.problems] == [str(p) for p in by_bytes.problems]
    assert len(by_path.problems) == 3


def record(row, code="AE-4HR", period="May 2024", value="90"):
    return RawRecord(row, code, period, "", value, columns={"value": '"Value"'})


def test_records_are_checked_one_at_a_time(world):
    indicator = world.sample_indicator()
    checker = RecordChecker(CheckContext(indicators={indicator.code: indicator},
                                         changeable=None))
    first = checker.check(record(2))
    assert (first.row, first.period, first.value) == (2, Period.month(2024, 5), 90.0)
    assert checker.check(record(3, period="June 2024", value="-5")) is None
    assert checker.check(record(4)) is None  # the same period again
    assert checker.found == 2
    assert [(p.row, p.column, p.rule) for p in checker.problems] == [
        (3, '"Value"', "percentage_negative"), (4, None, "")]
    assert checker.warnings.kept == []


def test_a_checker_keeps_the_first_problems_and_counts_the_rest(world):
    indicator = world.sample_indicator()
    records = [record(n, value="many") for n in range(2, PROBLEMS_KEPT + 12)]
    result = check_records(records, CheckContext(indicators={indicator.code: indicator},
                                                 changeable=None))
    # each row after the first also repeats the period: two problems a row
    assert (len(result.problems), result.more_problems, result.rows) == (PROBLEMS_KEPT, 1019, [])


TABLES = {  # tables with problems, which a streamed check finds while checking the rows
    "short.csv": "Indicator,Period,Value\nAE-4HR,May 2024,1\nAE-4HR,June 2024\nAE-4HR,x,2,3\n",
    "unheaded.csv": ",Indicator,Period,Value\nx,AE-4HR,May 2024,1\n,AE-4HR,June 2024,oops\n",
    "quote.csv": "Indicator,Period,Value\n" + "AE-4HR,May 2024,1\n" * 40 + 'AE-4HR,x,"2\n',
    "doubled.csv": "Indicator,Period,Value,Value\nAE-4HR,May 2024,1,2\n",
}


@pytest.mark.parametrize("name", TABLES)
def test_a_streamed_check_finds_a_tables_problems_as_a_whole_check_does(world, tmp_path, name):
    world.sample_indicator()
    path = tmp_path / name
    path.write_text(TABLES[name])
    streamed, whole = (check_file(path, name, partnership=world.partnership,
                                  options=ImportOptions(), streamed=streamed)
                       for streamed in (True, False))
    assert streamed.problems and [str(p) for p in streamed.problems] == [
        str(p) for p in whole.problems]
    assert (streamed.more_problems, len(streamed.rows), streamed.warnings) == (
        whole.more_problems, 0, [])
