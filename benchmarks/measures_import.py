"""Benchmark of `pif import` (not a test): run ``.venv/bin/python benchmarks/measures_import.py``.

Builds a temporary partnership with 1,000 monthly indicators in a fresh SQLite database (or,
with ``--postgres URL``, a fresh database created on that PostgreSQL server and dropped
afterwards), writes a long-format CSV of 100,000 observations
(100 months each), and times:

* checking alone (``check_file``: reading, finding the header, checking every row);
* the first ``pif import`` (all values new, status recomputed for 1,000 indicators);
* the same import again (every value unchanged, so nothing is written);
* a revised file over it (every value changed, each with its "changed" history row);
* on PostgreSQL, the floor: ``psql \\copy`` of the same file into a bare table;
* on PostgreSQL, the schema's floor: the same values stored again in SQL alone, for another
  partnership's indicators, into the real tables with their indexes, their history rows and
  the foreign keys checked at COMMIT: what PostgreSQL needs, with no Python at all.

Each import runs in a child process, so its peak memory (ru_maxrss) is its own; an import of
a file a tenth the size is measured too, to show that memory does not grow with the file.

Targets (issue 16): the first import within 15 times the COPY floor, on PostgreSQL, and
under 10 s for the default size. ``--profile`` prints the top of a cProfile of the first
import (``BENCH_SORT``, ``BENCH_FILTER``), or with ``--check-only`` of the check alone.
``--check-only`` times ``check_file`` of the file with nothing stored, as ``pif import``
checks it (its path, streamed: CPU seconds and peak memory), then of its bytes, as an upload
is checked, and imports nothing. ``--indicators N --months M`` change the size:
the 1,000,000-row run is ``--indicators 5000 --months 200``.
"""

import argparse
import contextlib
import cProfile
import csv
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _django import fresh_postgres_database, setup


def build_partnership(indicators: int):
    from pif.measures.models import Indicator
    from pif.partnerships.models import Organisation, Partnership

    short_name = f"bench{random.randrange(10**6)}"
    partnership = Partnership.objects.create(name="Benchmark", short_name=short_name)
    owner = Organisation.objects.create(partnership=partnership, name="Bench Council",
                                        kind="council", short_code="BC")
    Indicator.objects.bulk_create(
        Indicator(partnership=partnership, owner=owner, code=f"IND{n:04d}", title=f"Ind {n}",
                  frequency="monthly", unit="percentage")
        for n in range(indicators))
    return partnership


def write_csv(path: Path, indicators: int, months: int, seed: int = 1) -> int:
    """A long-format file of random percentages with their numerators and denominators; a
    different `seed` gives a revised file, with (almost) every value changed."""
    from pif.lib.periods import Period

    rng = random.Random(seed)
    # Ending a few years back, so that no period is in the future however many are asked for.
    first = 2023 * 12 - months
    periods = [Period.month(first // 12, first % 12 + 1)]
    while len(periods) < months:
        periods.append(periods[-1].next())
    labels = [p.label for p in periods]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Indicator", "Period", "Value", "Numerator", "Denominator"])
        for n in range(indicators):
            for label in labels:
                denominator = rng.randint(500, 5000)
                numerator = rng.randint(0, denominator)
                writer.writerow([f"IND{n:04d}", label, f"{100 * numerator / denominator:.1f}",
                                 numerator, denominator])
    return indicators * months


def timed(label: str, *args, profile: bool = False) -> tuple[float, float]:
    """Run `pif import` in a child process; its seconds and its peak memory in MB. A child of
    its own, so that its peak is not the benchmark's (which has held the whole file to time
    check_file) and Python's freed memory from an earlier step cannot hide its own."""
    from django.db import connections

    connections.close_all()  # the child opens its own
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reading)
        seconds, first_line = _import(*args, profile=profile)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with os.fdopen(writing, "w") as pipe:
            json.dump([seconds, peak, first_line], pipe)
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status or not answer:
        raise SystemExit(f"{label}: the import failed")
    seconds, peak, first_line = json.loads(answer)
    print(f"{label:<34} {seconds:7.2f} s   {peak:5.0f} MB peak   {first_line}", flush=True)
    return seconds, peak


def _import(*args, profile: bool) -> tuple[float, str]:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    call_command("import", *args, stdout=out, stderr=StringIO())  # warnings: thousands
    seconds = time.perf_counter() - start
    if profile:
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(os.environ.get("BENCH_FILTER", ""), 30)
    sys.stdout.flush()
    return seconds, out.getvalue().splitlines()[0]


def copy_floor(path: Path) -> float | None:
    """Seconds `psql \\copy` takes to load the file into a bare table of the same database:
    the least any import could take. None when not on PostgreSQL or psql is missing."""
    from django.db import connection

    if connection.vendor != "postgresql" or shutil.which("psql") is None:
        return None
    url = os.environ["DATABASE_URL"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_copy_floor (indicator text, period text, "
                       "value double precision, numerator double precision, "
                       "denominator double precision)")
    connection.close()
    start = time.perf_counter()
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                    f"\\copy bench_copy_floor FROM '{path}' WITH (FORMAT csv, HEADER)"],
                   check=True)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy_floor")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copy_floor")
    label = "COPY floor (psql \\copy)"
    print(f"{label:<34} {seconds:7.2f} s   {copied:,} rows")
    return seconds


def schema_floor(partnership, indicators: int) -> float | None:
    """Seconds PostgreSQL takes to store the partnership's values again, for the same number
    of new indicators, as the import stores them (rows, then their "+" history rows copied
    inside the database) and to COMMIT, where it checks each row's foreign keys: the least
    any import into this schema could take. The rows are read from the partnership into a
    temporary table first, outside the time. None when not on PostgreSQL."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pif.measures.models import Observation

    if connection.vendor != "postgresql":
        return None
    others = build_partnership(indicators)
    table = Observation._meta.db_table
    history = Observation.history.model._meta.db_table
    columns = [f.column for f in Observation._meta.concrete_fields if not f.primary_key]
    chosen = ", ".join(c if c != "indicator_id" else "new.id AS indicator_id" for c in columns)
    # Table and column names come from the models; the ids are the benchmark's own.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE floor_rows AS SELECT {chosen} FROM {table} "  # noqa: S608
            "JOIN measures_indicator old ON old.id = indicator_id "
            "JOIN measures_indicator new ON new.code = old.code AND new.partnership_id = %s "
            "WHERE old.partnership_id = %s", [others.pk, partnership.pk])
        cursor.execute("ANALYZE floor_rows")
    names = ", ".join(columns)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) "  # noqa: S608
                       f"SELECT {names} FROM floor_rows ORDER BY indicator_id, period_start")
        cursor.execute(
            f"INSERT INTO {history} (id, {names}, history_date, history_type, "  # noqa: S608
            f"history_change_reason) SELECT id, {names}, %s, '+', 'benchmark' FROM {table} "
            "WHERE indicator_id IN (SELECT id FROM measures_indicator WHERE partnership_id = %s) "
            "ORDER BY id", [timezone.now(), others.pk])
        stored = cursor.rowcount
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE floor_rows")
    label = "schema's floor (SQL alone)"
    print(f"{label:<34} {seconds:7.2f} s   {stored:,} rows and their history, committed")
    return seconds


def time_check(path: Path, partnership, *, streamed: bool = False,
               profile: bool = False) -> float:
    """Seconds `check_file` takes: of the file's bytes, as an upload is checked, or
    (`streamed`) of its path, as `pif import` checks it; CPU seconds are printed beside the
    wall time, which a busy machine stretches."""
    from pif.measures.importing import ImportOptions, check_file

    content = path if streamed else path.read_bytes()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    start, cpu = time.perf_counter(), time.process_time()
    checked = check_file(content, path.name, partnership=partnership,
                         options=ImportOptions(), streamed=streamed)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(os.environ.get("BENCH_FILTER", ""), 30)
    label = f"check only (check_file{', streamed' if streamed else ''})"
    print(f"{label:<34} {seconds:7.2f} s   {cpu:.2f} s CPU   {len(checked.rows):,} rows, "
          f"{len(checked.problems)} problems", flush=True)
    return seconds


def check_only(path: Path, partnership, options) -> None:
    """`--check-only`: check_file of the path (as `pif import` checks it) with nothing
    stored, in a child process so its peak memory is its own, then of the bytes."""
    from django.db import connections

    connections.close_all()
    pid = os.fork()
    if pid == 0:
        time_check(path, partnership, streamed=True, profile=options.profile)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory of the streamed check':<34} {peak:7.0f} MB", flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
    if not options.profile:
        time_check(path, partnership)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--check-only", action="store_true",
                        help="time check_file alone, with nothing stored (--profile: of it)")
    parser.add_argument("--postgres", metavar="URL",
                        help="a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        database_url = (stack.enter_context(fresh_postgres_database(options.postgres))
                        if options.postgres else None)
        setup(database_url, settings="pif.settings")
        from django.db import connection

        partnership = build_partnership(options.indicators)
        path = workdir / "values.csv"
        rows = write_csv(path, options.indicators, options.months)
        print(f"{rows:,} observations for {options.indicators:,} indicators "
              f"({path.stat().st_size / 1e6:.1f} MB) on {connection.vendor}")
        if options.check_only:
            check_only(path, partnership, options)
            return
        args = [str(path), "--partnership", partnership.short_name]
        # The imports first, while the benchmark is small: a child starts as large as it.
        first, peak = timed("first import (all new)", *args, profile=options.profile)
        check_history(partnership, rows)
        timed("second import (all unchanged)", *args)
        revised = workdir / "revised.csv"
        write_csv(revised, options.indicators, options.months, seed=2)
        timed("changed import (all revised)", str(revised), "--partnership",
              partnership.short_name)
        check_history(partnership, rows, history_type="~")
        small_peak, small_rows = smaller_import(workdir, options)
        time_check(path, partnership)
        stored_floor = schema_floor(partnership, options.indicators)
        floor = copy_floor(path)
        print(f"{rows / first:,.0f} observations per second; target: under 10 s "
              f"({'met' if first < 10 else 'NOT met'})")
        if floor:
            times = first / floor
            print(f"import took {times:.1f} x the COPY floor; target <= 15x: "
                  f"{'met' if times <= 15 else 'NOT met'}")
            print(f"import took {first / stored_floor:.1f} x the schema's floor; PostgreSQL "
                  f"alone needs {stored_floor / floor:.1f} x the COPY floor to store them")
        else:
            print("COPY floor: measured on PostgreSQL only (--postgres URL)")
        if small_peak:
            print(f"peak memory of the import: {peak:.0f} MB for {rows:,} rows, "
                  f"{small_peak:.0f} MB for {small_rows:,} rows")


def smaller_import(workdir: Path, options) -> tuple[float | None, int]:
    """The first import of a file a tenth the size, into a partnership of its own: its peak
    memory beside the full import's shows whether memory grows with the file."""
    indicators = options.indicators // 10
    if not indicators:
        return None, 0
    partnership = build_partnership(indicators)
    path = workdir / "tenth.csv"
    rows = write_csv(path, indicators, options.months)
    _, peak = timed(f"a tenth: {rows:,} rows, all new", str(path), "--partnership",
                    partnership.short_name)
    return peak, rows


def check_history(partnership, expected: int, history_type: str = "+") -> None:
    """A fast import that lost its history rows would be no use: count them ("+" for values
    added, "~" for values changed)."""
    from pif.measures.models import Observation

    kept = Observation.history.filter(indicator__partnership=partnership,
                                      history_type=history_type).count()
    stored = Observation.objects.filter(indicator__partnership=partnership).count()
    wrong = "" if stored == kept == expected else f"  (WRONG: expected {expected:,})"
    label = f"stored / history rows ({history_type})"
    print(f"{label:<34} {stored:,} / {kept:,}{wrong}")


if __name__ == "__main__":
    main()
