"""`pif import` streams: the checked rows wait in a temporary file, not a list, and are
written a batch at a time in one transaction, with one event and one refresh of status."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from pif.actors import COMMAND_LINE
from pif.lib.periods import Period
from pif.measures import rules
from pif.measures.importing import ImportOptions, check_file, run, validate
from pif.measures.importing.run import CheckedRows
from pif.measures.importing.validate import CheckedRow
from pif.measures.models import Observation
from pif.measures.rules import ObservationRefused
from pif.measures.writing import ObservationInput, ObservationWriter
from pif.partnerships.models import Event


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(run, "WRITE_BATCH", 3)


JANUARY_2022 = Period.month(2022, 1)


def months(count: int, first=JANUARY_2022) -> list[Period]:
    periods = [first]
    while len(periods) < count:
        periods.append(periods[-1].next())
    return periods


def csv_of(values, first=JANUARY_2022) -> bytes:
    lines = ["Indicator,Period,Value"] + [f"AE-4HR,{period.label},{value}" for period, value
                                         in zip(months(len(values), first), values, strict=True)]
    return ("\n".join(lines) + "\n").encode()


def test_checked_rows_come_back_in_order_a_batch_at_a_time(small_batches):
    kept = []
    rows = CheckedRows(on_batch=lambda batch: kept.append(len(batch)))
    made = [CheckedRow(n + 2, f"C{n % 2}", period, "Area" if n % 3 else "", float(n),
                       note=f"note {n}") for n, period in enumerate(months(7))]
    for row in made:
        rows.append(row)
    rows.finish()
    assert kept == [3, 3, 1]
    assert [len(batch) for batch in rows.batches()] == [3, 3, 1]
    assert list(rows) == made and len(rows) == 7
    assert rows.codes == {"C0", "C1"} and rows.breakdowns == {"area": "Area"}


def test_a_file_of_several_batches_imports_every_row_with_one_event(world, tmp_path,
                                                                     small_batches):
    indicator = world.sample_indicator()
    path = tmp_path / "values.csv"
    path.write_bytes(csv_of([80 + n for n in range(8)]))
    out = StringIO()
    call_command("import", str(path), "--partnership", "alpha", stdout=out, stderr=StringIO())
    assert "8 new, 0 changed and 0 unchanged values for 1 indicator" in out.getvalue()
    new = Observation.objects.filter(indicator=indicator, period_start__year=2022)
    assert sorted(new.values_list("value", flat=True)) == [80 + n for n in range(8)]
    assert Observation.history.filter(indicator_id=indicator.pk, period_start__year=2022,
                                      history_type="+").count() == 8
    assert Event.objects.filter(verb="data_imported").count() == 1


def test_a_bad_row_in_a_later_batch_imports_nothing(world, tmp_path, small_batches):
    indicator = world.sample_indicator()
    path = tmp_path / "values.csv"
    path.write_bytes(csv_of([80, 81, 82, 83, 84, 85, 86, "abc"]))
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=StringIO())
    assert str(caught.value) == "1 problem in values.csv: nothing was imported."
    assert not Observation.objects.filter(indicator=indicator, period_start__year=2022).exists()


def test_a_row_the_last_guard_refuses_in_a_later_batch_undoes_the_batches_before(world):
    indicator = world.sample_indicator()
    rows = [ObservationInput(indicator=indicator, period=period, value=value)
            for period, value in zip(months(5), [80, 81, 82, 83, 150], strict=True)]
    with pytest.raises(ObservationRefused) as caught, transaction.atomic():
        writer = ObservationWriter(COMMAND_LINE, approve=True, partnership=world.partnership)
        writer.write(rows[:3])
        writer.write(rows[3:])
    assert list(caught.value.findings) == [4]  # its place among all the rows written
    assert not Observation.objects.filter(indicator=indicator, period_start__year=2022).exists()


@pytest.mark.parametrize("kept", [1000, 2])
def test_a_streamed_check_warns_as_a_whole_check_does(world, small_batches, monkeypatch,
                                                      kept):
    monkeypatch.setattr(run, "PROBLEMS_KEPT", kept)
    monkeypatch.setattr(validate, "PROBLEMS_KEPT", kept)
    world.sample_indicator()  # values stored up to April 2024, the last 92
    content = csv_of([10, 90, 15, 91, 20, 92, 25, 93], first=Period.month(2024, 5))

    def check(streamed: bool):
        return check_file(content, "values.csv", partnership=world.partnership,
                          options=ImportOptions(), streamed=streamed)

    streamed, whole = check(True), check(False)
    assert isinstance(streamed.rows, CheckedRows) and len(streamed.rows) == 8
    assert list(streamed.rows) == whole.rows
    # each value outside the stored process limits, and each 10 to 25 a jump from 92
    assert streamed.warnings == whole.warnings and len(whole.warnings) == min(kept, 8)
    assert streamed.warning_count == whole.warning_count == 8


def test_jumps_past_the_warnings_kept_are_counted_but_not_written(world, monkeypatch):
    monkeypatch.setattr(validate, "PROBLEMS_KEPT", 2)
    indicator = world.sample_indicator()  # values stored up to April 2024, the last 92
    checked = check_file(csv_of([10, 90, 15, 91, 20, 92], first=Period.month(2024, 5)),
                         "values.csv", partnership=world.partnership, options=ImportOptions())
    written = []
    write = rules.ValueChecker.large_change
    monkeypatch.setattr(rules.ValueChecker, "large_change",
                        lambda self, *args: written.append(args[1]) or write(self, *args))
    jumps = validate.warn_of_jumps(checked.rows, {"AE-4HR": indicator})
    # each value is compared with the stored one before it, 92: 10, 15 and 20 jump from it
    assert [w.row for w in jumps.kept] == [2, 4] and written == [10, 15]
    assert jumps.more == 1


def test_a_streamed_check_reads_on_past_a_batch_of_rows_that_all_have_problems(
        world, tmp_path, small_batches):
    world.sample_indicator()
    path = tmp_path / "values.csv"
    content = csv_of(["abc", "abc", "abc", 80, 81, "oops", 82])
    path.write_bytes(content + b"AE-4HR,Feb 2022,83\n")  # a second value for a month
    checked = check_file(path, path.name, partnership=world.partnership,
                         options=ImportOptions(), streamed=True)
    assert [(p.row, p.column) for p in checked.problems] == [
        (2, '"Value"'), (3, '"Value"'), (4, '"Value"'), (7, '"Value"'), (9, '"Period"')]
    assert "already in row 3" in checked.problems[-1].message
