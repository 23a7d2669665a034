"""Load test: signed-in people using PIF at once, against gunicorn on loopback (issue 16).

Starts gunicorn on a free port of 127.0.0.1 serving the database given (built by
`scale.py --keep NAME`), signs in 50 people of several partnerships (sessions made directly,
no passwords posted), and has each loop over a mix of pages for 60 seconds, pausing between
requests as a person reading does (`--think`, default 0.5 to 1.5 s; `--think 0` measures
the most the server can serve). Prints requests a second, p50, p95 and p99 and errors, and
the p95 of each kind of page. gunicorn is stopped at the end whatever happens.

Before the timed run, the charts of the indicator pages the people will open are drawn into
the shared chart store (a folder per database under the system's temporary folder), as
`pif worker` would have drawn every chart after the values were imported
(pif/measures/tasks.py); `--cold-charts` starts from an empty store instead, as if no worker
ran.

    .venv/bin/python benchmarks/load.py --database NAME
    .venv/bin/python benchmarks/load.py --database NAME --think 0 --workers 4 --threads 2
"""

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95 = 0.300  # seconds, at 50 people
MEASURED = "measured"
OTHER_PARTNERSHIPS = 10


@dataclass
class Person:
    short_name: str
    role: str
    session_key: str
    indicator_codes: list[str]

    def pages(self) -> list[tuple[str, str, int]]:
        """(kind, path, weight): what such a person opens, and how often."""
        base = f"/p/{self.short_name}/"
        pages = [("partnership home", base, 2), ("scorecard", base + "indicators/", 3),
                 ("indicator page", "", 4), ("history", base + "history/", 1)]
        if self.role != "viewer":  # a viewer enters no data
            pages.append(("my data", base + "my-data/", 1))
        if self.role in ("editor", "admin"):  # a contributor's grid is only for its own
            pages.append(("data entry grid", "", 1))
        return pages

    def next_request(self, rng: random.Random) -> tuple[str, str]:
        pages = self.pages()
        kind, path, _ = rng.choices(pages, weights=[w for *_, w in pages])[0]
        if kind == "indicator page":
            path = f"/p/{self.short_name}/indicators/{rng.choice(self.indicator_codes)}/"
        elif kind == "data entry grid":
            path = f"/p/{self.short_name}/indicators/{rng.choice(self.indicator_codes)}/grid/"
        return kind, path


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def all_timings(self) -> list[float]:
        return [t for times in self.timings.values() for t in times]


def setup_django(database_url: str, settings: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()


def signed_in_people(count: int, rng: random.Random) -> list[Person]:
    """`count` people, a fifth of them members of the measured partnership and the rest of
    ten others, each with a session made as signing in would make it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from pif.measures.models import Indicator
    from pif.partnerships.models import Membership, Partnership

    others = list(Partnership.objects.exclude(short_name=MEASURED).order_by("short_name")
                  .values_list("short_name", flat=True)[:OTHER_PARTNERSHIPS])
    wanted = [MEASURED] * (count // 5) + [others[n % len(others)]
                                          for n in range(count - count // 5)]
    memberships = defaultdict(list)
    for membership in (Membership.objects.filter(partnership__short_name__in=set(wanted))
                       .select_related("user", "partnership").order_by("id")):
        memberships[membership.partnership.short_name].append(membership)
    codes = {name: list(Indicator.objects.filter(partnership__short_name=name)
                        .values_list("code", flat=True)) for name in set(wanted)}
    people = []
    for n, short_name in enumerate(wanted):
        membership = memberships[short_name][n % len(memberships[short_name])]
        session = SessionStore()
        session[SESSION_KEY] = str(membership.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = membership.user.get_session_auth_hash()
        session.create()
        people.append(Person(short_name, membership.role, session.session_key,
                             rng.sample(codes[short_name], min(50, len(codes[short_name])))))
    return people


def draw_charts_ahead(people: list[Person], jobs: int = 2) -> int:
    """Draw the charts of every indicator page these people will open into the shared store
    (those already there are skipped), in `jobs` processes; returns how many were drawn."""
    import concurrent.futures
    import multiprocessing

    from django.db import connections

    from pif.measures.models import Indicator

    wanted = defaultdict(set)
    for person in people:
        wanted[person.short_name].update(person.indicator_codes)
    ids = sorted(pk for short_name, codes in wanted.items()
                 for pk in Indicator.objects.filter(partnership__short_name=short_name,
                                                    code__in=codes).values_list("pk", flat=True))
    chunks = [ids[start::jobs] for start in range(jobs)]
    connections.close_all()  # each forked process opens its own connection
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return sum(pool.map(_draw_charts, chunks))


def _draw_charts(ids: list[int]) -> int:
    from pif.measures.charts.ahead import draw_charts

    return draw_charts(ids)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, settings: str, workers: int, threads: int):
    """gunicorn serving PIF on a free loopback port, stopped (its whole process group) on
    leaving, whatever happened."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": settings}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "pif.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    try:
        wait_until_answering(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_until_answering(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit code {server.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


async def one_person(person: Person, base_url: str, cookie_name: str, *, warm_until: float,
                     until: float, think: tuple[float, float], results: Results,
                     rng: random.Random) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base_url, cookies={cookie_name: person.session_key},
                                 timeout=30, follow_redirects=False) as client:
        while (now := time.monotonic()) < until:
            kind, path = person.next_request(rng)
            started = time.perf_counter()
            try:
                response = await client.get(path)
                ok = response.status_code < 400
                problem = f"{response.status_code} {path}"
            except httpx.HTTPError as error:
                ok, problem = False, f"{type(error).__name__} {path}"
            elapsed = time.perf_counter() - started
            if now >= warm_until:  # the first seconds warm the workers and are not counted
                if ok:
                    results.timings[kind].append(elapsed)
                else:
                    results.errors.append(problem)
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))


async def warm_workers(people: list[Person], base_url: str, cookie_name: str,
                       workers: int) -> None:
    """A worker's first request loads PIF (about 3 s, 12 s on a busy machine): make each
    worker serve a few before anything is timed."""
    import httpx

    async def scorecard(person: Person) -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=120,
                                     cookies={cookie_name: person.session_key}) as client:
            await client.get(f"/p/{person.short_name}/indicators/")

    for _ in range(3):
        await asyncio.gather(*(scorecard(people[n % len(people)]) for n in range(workers * 2)))


async def load(people: list[Person], base_url: str, cookie_name: str, *, duration: float,
               warm_up: float, think: tuple[float, float], seed: int, workers: int) -> Results:
    await warm_workers(people, base_url, cookie_name, workers)
    results = Results()
    started = time.monotonic()
    runs = [one_person(person, base_url, cookie_name, warm_until=started + warm_up,
                       until=started + warm_up + duration, think=think, results=results,
                       rng=random.Random(seed + n))
            for n, person in enumerate(people)]
    # Bounded whatever the server does: a request takes at most the client's 30 s timeout.
    await asyncio.wait_for(asyncio.gather(*runs), timeout=warm_up + duration + 60)
    return results


def percentile(timings: list[float], share: float) -> float:
    if len(timings) < 2:
        return timings[0] if timings else float("nan")
    return statistics.quantiles(timings, n=100, method="inclusive")[round(share * 100) - 1]


def report(results: Results, options, duration: float) -> bool:
    timings = results.all_timings()
    requests = len(timings) + len(results.errors)
    p95 = percentile(timings, 0.95)
    print(f"load: {options.users} people, {duration:.0f} s, think {options.think} s, "
          f"gunicorn {options.workers} workers x {options.threads} threads")
    print(f"  {requests:,} requests, {requests / duration:.1f} a second; "
          f"p50 {percentile(timings, 0.50) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"p99 {percentile(timings, 0.99) * 1000:.0f} ms; {len(results.errors)} errors")
    for kind, times in sorted(results.timings.items()):
        print(f"    {kind:<18} {len(times):6,} requests  "
              f"p50 {percentile(times, 0.5) * 1000:6.0f} ms"
              f"  p95 {percentile(times, 0.95) * 1000:6.0f} ms")
    for problem, count in sorted(_counted(results.errors).items(), key=lambda x: -x[1])[:10]:
        print(f"    error x{count}: {problem}")
    met_p95 = p95 < TARGET_P95
    print(f"  target p95 under {TARGET_P95 * 1000:.0f} ms: {'met' if met_p95 else 'NOT met'}; "
          f"no errors: {'met' if not results.errors else 'NOT met'}")
    return met_p95 and not results.errors


def _counted(problems: list[str]) -> dict[str, int]:
    counts = defaultdict(int)
    for problem in problems:
        counts[problem] += 1
    return counts


def think_range(text: str) -> tuple[float, float]:
    """"0.5-1.5" (uniform between) or "0" (none)."""
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL",
                        default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="the PostgreSQL server (default: %(default)s)")
    parser.add_argument("--database", required=True, metavar="NAME",
                        help="a database on it built by scale.py --keep NAME")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--warm-up", type=float, default=5,
                        help="seconds of requests before counting (default 5)")
    parser.add_argument("--think", default="0.5-1.5",
                        help="seconds between a person's requests: a range or 0 "
                             "(default 0.5-1.5)")
    # README's deployment section serves with --workers 4.
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--settings", default="pif.settings_test",
                        help="plain HTTP on loopback (default %(default)s)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--cold-charts", action="store_true",
                        help="an empty chart store: every chart drawn when first opened")
    options = parser.parse_args()
    database = urlunsplit(urlsplit(options.postgres)._replace(path=f"/{options.database}"))
    # The chart store this process and gunicorn's workers share (settings_test reads it).
    os.environ["PIF_CHART_CACHE_DIR"] = (
        tempfile.mkdtemp(prefix="pif-bench-charts-") if options.cold_charts
        else str(Path(tempfile.gettempdir()) / f"pif-bench-charts-{options.database}"))
    setup_django(database, options.settings)
    from django.conf import settings

    people = signed_in_people(options.users, random.Random(options.seed))
    if not options.cold_charts:
        started = time.perf_counter()
        drawn = draw_charts_ahead(people)
        print(f"charts drawn ahead into the shared store: {drawn:,} "
              f"({time.perf_counter() - started:.0f} s)")
    with gunicorn(database, options.settings, options.workers,
                  options.threads) as base_url:
        results = asyncio.run(load(people, base_url, settings.SESSION_COOKIE_NAME,
                                   duration=options.duration, warm_up=options.warm_up,
                                   think=think_range(options.think), seed=options.seed,
                                   workers=options.workers * options.threads))
    report(results, options, options.duration)
    if options.cold_charts:
        shutil.rmtree(os.environ["PIF_CHART_CACHE_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
