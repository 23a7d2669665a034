"""Benchmark: a national instance, simulated (issue 16, part 3).

Builds 100 partnerships, 50,000 indicators and about 10,000,000 values (with their history,
people, tags, targets, events and statuses) in a PostgreSQL database, then measures the pages
of one 500-indicator partnership as a signed-in editor: first with only that partnership in
the database, then with the 99 others too, so a page whose time grows with other
partnerships' data shows. Then times a 100,000-value `pif import` into it (the status refresh
runs inside it) and `pif.measures.status.refresh` of its indicators alone.

    .venv/bin/python benchmarks/scale.py                      # build, measure, drop
    .venv/bin/python benchmarks/scale.py --keep pif_scale     # ... and keep the database
    .venv/bin/python benchmarks/scale.py --reuse pif_scale    # measure a kept one again
    .venv/bin/python benchmarks/scale.py --scale 0.01         # a hundredth of the size
    .venv/bin/python benchmarks/scale.py --drop pif_scale

Server time through Django's test client; `load.py` measures through gunicorn.
"""

import argparse
import contextlib
import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _django import fresh_postgres_database, setup

MEASURED = "measured"
GROWTH_ALLOWED = 1.2  # a page 20% slower with the others loaded is said to grow


def database_url(server_url: str, name: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


@contextlib.contextmanager
def kept_database(server_url: str, name: str, *, create: bool):
    """The database `name` on the server: created (it must not exist yet) or reused."""
    import psycopg

    if create:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield database_url(server_url, name)
    from django.db import connections

    connections.close_all()


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # and the charts load.py drew ahead for it
    shutil.rmtree(Path(tempfile.gettempdir()) / f"pif-bench-charts-{name}", ignore_errors=True)
    print(f"dropped database {name}")


def sizes(scale: float) -> tuple[int, list[int]]:
    from _scale_build import partnership_sizes

    return (max(5, round(500 * scale)),
            partnership_sizes(max(99, round(49_500 * scale)), 99))


def build_measured(scale: float) -> None:
    from _scale_build import build

    measured, _ = sizes(scale)
    print(f"building the measured partnership ({measured} indicators)")
    built = build([(MEASURED, "Measured Partnership", measured)], measured=True)
    print(f"  {built.indicators:,} indicators, {built.observations:,} values, "
          f"{built.history_rows:,} history rows of values in {built.seconds:.1f} s")
    return built.seconds


def build_others(scale: float) -> float:
    from _scale_build import build

    _, others = sizes(scale)
    print(f"building 99 other partnerships ({sum(others):,} indicators, "
          f"{min(others)} to {max(others)} each)")
    built = build([(f"p{n:03d}", f"Partnership {n}", count)
                   for n, count in enumerate(others, start=1)], measured=False)
    print(f"  {built.indicators:,} indicators, {built.observations:,} values, "
          f"{built.history_rows:,} history rows of values in {built.seconds:.1f} s")
    return built.seconds


def totals() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT (SELECT count(*) FROM partnerships_partnership),
            (SELECT count(*) FROM measures_indicator), (SELECT count(*) FROM measures_observation),
            (SELECT count(*) FROM measures_historicalobservation),
            (SELECT count(*) FROM measures_indicatorstatus),
            pg_size_pretty(pg_database_size(current_database()))""")
        partnerships, indicators, values, history, statuses, size = cursor.fetchone()
    return (f"{partnerships:,} partnerships, {indicators:,} indicators ({statuses:,} statuses), "
            f"{values:,} values, {history:,} history rows of values; database {size}")


def measured_editor():
    from pif.partnerships.models import Membership

    return (Membership.objects.filter(partnership__short_name=MEASURED, role="editor")
            .select_related("user").order_by("id").first().user)


def deepest_history_query() -> dict:
    """The link to the last page of the measured partnership's values' history: older than
    its 50th oldest change (what following Older to the end reaches)."""
    from pif.measures.models import Observation
    from pif.partnerships.history import Position

    when, history_id = (Observation.history.filter(indicator__partnership__short_name=MEASURED)
                        .order_by("history_date", "history_id")
                        .values_list("history_date", "history_id")[49])
    return {"before": Position(when, "measures.observation", history_id).encode()}


def pages() -> dict[str, tuple[str, dict]]:
    from pif.measures.models import Indicator

    ours = Indicator.objects.filter(partnership__short_name=MEASURED).order_by("id")
    # A monthly percentage with numerator and denominator: the fullest indicator page.
    indicator = (ours.filter(frequency="monthly", unit="percentage",
                             observations__numerator__isnull=False).first() or ours.first())
    base = f"/p/{MEASURED}/"
    return {
        "scorecard": (base + "indicators/", {}),
        "indicator page": (base + f"indicators/{indicator.code}/", {}),
        "partnership home": (base, {}),
        "my data": (base + "my-data/", {}),
        "history, newest": (base + "history/", {}),
        "history, deepest": (base + "history/", deepest_history_query()),
        "data entry grid": (base + f"indicators/{indicator.code}/grid/", {}),
    }


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def count_queries(client, path: str, query: dict) -> int:
    """Counted by a wrapper: the test client's request_started empties connection.queries."""
    from django.db import connection

    queries = []

    def counted(run, sql, *args):
        queries.append(sql)
        return run(sql, *args)

    with connection.execute_wrapper(counted):
        client.get(path, query)
    return len(queries)


def measure_pages(label: str, requests: int) -> dict[str, tuple[float, float]]:
    """Median and p95 server time of each page; returns the median and fastest of each."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(measured_editor())
    medians = {}
    print(f"pages of the {MEASURED} partnership, {label} ({requests} requests each):")
    for name, (path, query) in pages().items():
        response = client.get(path, query)  # warm caches and templates
        assert response.status_code == 200, (name, response.status_code)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path, query)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        queries = count_queries(client, path, query)
        medians[name] = statistics.median(timings), min(timings)
        print(f"  {name:<18} median {medians[name][0] * 1000:7.1f} ms   "
              f"p95 {percentile(timings, 0.95) * 1000:7.1f} ms   "
              f"{queries:3d} queries")
    return medians


def compare(alone: dict, with_others: dict) -> None:
    """A page grew if both its median and its fastest time grew by more than 20%: on a
    shared machine other work slows the median of one run but seldom the fastest request."""
    print("alone -> with the 99 others, median (fastest): a page more than 20% slower grows "
          "with other partnerships' data")
    grew = []
    for name, (before, fastest_before) in alone.items():
        after, fastest_after = with_others[name]
        verdict = ("GREW" if after > before * GROWTH_ALLOWED
                   and fastest_after > fastest_before * GROWTH_ALLOWED else "ok")
        if verdict == "GREW":
            grew.append(name)
        print(f"  {name:<18} {before * 1000:7.1f} -> {after * 1000:7.1f} ms  "
              f"({after / before:4.2f}x; fastest {fastest_before * 1000:.1f} -> "
              f"{fastest_after * 1000:.1f} ms) {verdict}")
    print(f"target, no page's time growing with others' data: "
          f"{'met' if not grew else 'NOT met (' + ', '.join(grew) + ')'}")


def write_revisions(path: Path, rows: int) -> int:
    """A CSV revising the measured partnership's latest `rows` values (every one changed)."""
    from pif.lib.periods import Period
    from pif.measures.models import Observation

    latest = (Observation.objects.filter(indicator__partnership__short_name=MEASURED,
                                         breakdown__isnull=True)
              .order_by("-period_start", "indicator_id")
              .values_list("indicator__code", "indicator__decimals", "period", "value",
                           "numerator", "denominator")
              [:rows])
    written = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Indicator", "Period", "Value", "Numerator", "Denominator"])
        for code, decimals, period, value, numerator, denominator in latest.iterator(
                chunk_size=10_000):
            label = Period.from_key(period).label
            if numerator is not None and denominator:
                numerator = numerator + 1 if numerator < denominator else numerator - 1
                writer.writerow([code, label, f"{100 * numerator / denominator:.1f}",
                                 f"{numerator:g}", f"{denominator:g}"])
            else:
                change = 10 ** -decimals  # the smallest change the indicator shows
                writer.writerow([code, label, f"{(value or 0) + change:.{decimals}f}", "", ""])
            written += 1
    return written


def measure_import_and_refresh(rows: int) -> None:
    from io import StringIO

    from django.core.management import call_command

    from pif.measures import status
    from pif.measures.models import Indicator

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "revisions.csv"
        written = write_revisions(path, rows)
        out = StringIO()
        started = time.perf_counter()
        call_command("import", str(path), "--partnership", MEASURED, stdout=out,
                     stderr=StringIO())  # its warnings: values outside process limits
        seconds = time.perf_counter() - started
    print(f"pif import of {written:,} revised values into {MEASURED}: {seconds:.1f} s "
          f"({written / seconds:,.0f} values a second, status refresh included): "
          f"{out.getvalue().splitlines()[0] if out.getvalue() else ''}")
    ids = list(Indicator.objects.filter(partnership__short_name=MEASURED)
               .values_list("pk", flat=True))
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        status.refresh(ids)
        timings.append(time.perf_counter() - started)
    print(f"status.refresh of {len(ids)} indicators alone: "
          f"median {statistics.median(timings):.2f} s of 3")


def run(options) -> None:
    setup_started = time.perf_counter()
    alone = {}
    if not options.reuse:
        build_seconds = build_measured(options.scale)
        alone = measure_pages("alone in the database", options.requests)
        build_seconds += build_others(options.scale)
        print(f"build: {build_seconds:.0f} s in all (target: under ~600 s at full scale)")
    print(totals())
    with_others = measure_pages("with the 99 others", options.requests)
    if alone:
        compare(alone, with_others)
    if options.import_rows:
        measure_import_and_refresh(round(options.import_rows * options.scale))
    print(f"scale.py took {time.perf_counter() - setup_started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL",
                        default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="the PostgreSQL server (default: %(default)s)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full size to build, e.g. 0.01 (default: 1)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--keep", metavar="NAME", help="build in database NAME and keep it")
    group.add_argument("--reuse", metavar="NAME", help="measure database NAME, built before")
    group.add_argument("--drop", metavar="NAME", help="only drop database NAME")
    parser.add_argument("--requests", type=int, default=20, help="per page (default: 20)")
    parser.add_argument("--import-rows", type=int, default=100_000,
                        help="values in the import, times --scale; 0 skips it "
                             "(default: 100000)")
    options = parser.parse_args()
    if options.drop:
        drop_database(options.postgres, options.drop)
        return
    if options.keep or options.reuse:
        database = kept_database(options.postgres, options.keep or options.reuse,
                                 create=bool(options.keep))
    else:
        database = fresh_postgres_database(options.postgres)
    with database as url:
        setup(url)
        run(options)
    if options.keep:
        print(f"kept database {options.keep}: measure it again with --reuse {options.keep}")


if __name__ == "__main__":
    main()
