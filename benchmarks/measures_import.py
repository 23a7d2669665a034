"""Benchmark of `pif import` (not a test): run ``.venv/bin/python benchmarks/measures_import.py``.

Builds a temporary partnership with 1,000 monthly indicators in a fresh SQLite database (or,
with ``--postgres URL``, a fresh database created on that PostgreSQL server and dropped
afterwards), writes a long-format CSV of 100,000 observations
(100 months each), and times:

* checking alone (``check_file``: reading, finding the header, checking every row);
* the first ``pif import`` (all values new, status recomputed for 1,000 indicators);
* the same import again (every value unchanged, so nothing is written).

Target (issue): the first import under 10 s. ``--profile`` prints the top of a cProfile of
the first import. ``--indicators N --months M`` change the size.
"""

import argparse
import contextlib
import cProfile
import csv
import os
import pstats
import random
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


def write_csv(path: Path, indicators: int, months: int) -> int:
    from pif.lib.periods import Period

    rng = random.Random(1)
    periods = [Period.month(2015, 1)]
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


def timed(label: str, *args) -> float:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    start = time.perf_counter()
    call_command("import", *args, stdout=out)
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:7.2f} s   {out.getvalue().splitlines()[0]}")
    return seconds


def time_check(path: Path, partnership) -> float:
    from pif.measures.importing import ImportOptions, check_file

    start = time.perf_counter()
    checked = check_file(path.read_bytes(), path.name, partnership=partnership,
                         options=ImportOptions())
    seconds = time.perf_counter() - start
    print(f"{'check only (check_file)':<34} {seconds:7.2f} s   {len(checked.rows):,} rows, "
          f"{len(checked.problems)} problems")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
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
        args = [str(path), "--partnership", partnership.short_name]
        time_check(path, partnership)
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
        first = timed("first import (all new)", *args)
        if options.profile:
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
            stats.print_stats(os.environ.get("BENCH_FILTER", ""), 30)
        check_history(partnership, rows)
        timed("second import (all unchanged)", *args)
        print(f"{rows / first:,.0f} observations per second; target: under 10 s "
              f"({'met' if first < 10 else 'NOT met'})")


def check_history(partnership, expected: int) -> None:
    """A fast import that lost its history rows would be no use: count them."""
    from pif.measures.models import Observation

    kept = Observation.history.filter(indicator__partnership=partnership,
                                      history_type="+").count()
    stored = Observation.objects.filter(indicator__partnership=partnership).count()
    wrong = "" if stored == kept == expected else f"  (WRONG: expected {expected:,})"
    print(f"{'stored / history rows':<34} {stored:,} / {kept:,}{wrong}")


if __name__ == "__main__":
    main()
