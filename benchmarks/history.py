"""Benchmark: server time of the History page, first and ~800 pages deep, for a partnership
with a long history (about 42,000 changes, mostly indicator values changed many times).

Pages are read by position (docs/adr/0013-history-keyset-pagination.md), so both should
take about the same time. Run with `make bench` (SQLite), or with ``--postgres URL`` to run
in a fresh database created on that PostgreSQL server and dropped afterwards.
"""

import statistics
import time
from datetime import UTC, datetime, timedelta

from _django import main as benchmark_main

INDICATORS = 50
VALUES = 40  # per indicator
CHANGES = 20  # per value
DEPTH = 800  # pages
REQUESTS = 5


def build():
    from django.contrib.auth import get_user_model
    from simple_history.utils import bulk_create_with_history

    from pif.lib.periods import Period
    from pif.measures.models import Indicator, Observation
    from pif.partnerships.models import Membership, Organisation, Partnership

    partnership = Partnership.objects.create(name="Benchmark", short_name="bench")
    owner = Organisation.objects.create(partnership=partnership, name="Council",
                                        kind="council", short_code="C")
    indicators = bulk_create_with_history([
        Indicator(partnership=partnership, code=f"IND{i:03d}", title=f"Indicator {i}",
                  owner=owner, unit="percentage", decimals=1) for i in range(INDICATORS)],
        Indicator)
    observations = []
    for indicator in Indicator.objects.filter(pk__in=[i.pk for i in indicators]):
        period = Period.month(2020, 1)
        for _ in range(VALUES):
            observation = Observation(indicator=indicator, value=50.0, status="final")
            observation.set_period(period)
            observations.append(observation)
            period = period.next()
    bulk_create_with_history(observations, Observation, batch_size=2000)
    history = Observation.history.model
    fields = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    changes = []
    for number, record in enumerate(history.objects.filter(indicator__partnership=partnership)):
        values = {name: getattr(record, name) for name in fields}
        for change in range(CHANGES):
            changes.append(history(**{**values, "history_type": "~", "value": 50.0 + change,
                                      "history_date": start + timedelta(
                                          seconds=number * CHANGES + change)}))
    history.objects.bulk_create(changes, batch_size=2000)
    user = get_user_model().objects.create_user(email="bench@example.org", password="x" * 12)
    Membership.objects.create(partnership=partnership, user=user, role="viewer")
    return partnership, user


def deep_position(partnership, rank: int) -> str:
    """The link position of the `rank`th newest change of the partnership's values."""
    from pif.measures.models import Observation
    from pif.partnerships.history import Position

    when, history_id = (Observation.history.filter(indicator__partnership=partnership)
                        .order_by("-history_date", "-history_id")
                        .values_list("history_date", "history_id")[rank])
    return Position(when, "measures.observation", history_id).encode()


def timed(client, query: dict) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/p/bench/history/", query)  # warm caches and templates
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get("/p/bench/history/", query)
        timings.append(time.perf_counter() - started)
        rows = response.content.count(b'<tr class="govuk-table__row">') - 1  # less the heading
        assert response.status_code == 200 and rows == 50, (response.status_code, rows)
    with CaptureQueriesContext(connection) as queries:
        client.get("/p/bench/history/", query)
    return statistics.median(timings), len(queries.captured_queries)


def run(vendor: str) -> None:
    from django.test import Client

    partnership, user = build()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    total = INDICATORS * VALUES * (CHANGES + 1)
    for name, query in (("page 1", {}),
                        (f"page {DEPTH + 1}", {"before": deep_position(partnership,
                                                                       DEPTH * 50 - 1)})):
        seconds, queries = timed(client, query)
        print(f"history ({vendor}): {total} changes, {name}: median {seconds * 1000:.0f} ms "
              f"of {REQUESTS} requests, {queries} queries")


def main():
    benchmark_main(__doc__.splitlines()[0], run)


if __name__ == "__main__":
    main()
