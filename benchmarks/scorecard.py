"""Benchmark: server time of the scorecard page for a partnership with 500 indicators.

Target: median under 300 ms. Run with `make bench` (SQLite), or with ``--postgres URL`` to
run in a fresh database created on that PostgreSQL server and dropped afterwards.
"""

import statistics
import time

from _django import main as benchmark_main

INDICATORS = 500
POINTS = 36
REQUESTS = 15


def build():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pif.lib.periods import Period
    from pif.measures import status
    from pif.measures.models import Indicator, IndicatorStatus, Observation, Tag
    from pif.partnerships.models import Membership, Organisation, Partnership

    partnership = Partnership.objects.create(name="Benchmark", short_name="bench")
    organisations = [Organisation.objects.create(partnership=partnership, name=f"Org {i}",
                                                 kind="council", short_code=f"O{i}")
                     for i in range(6)]
    tags = [Tag.objects.create(partnership=partnership, name=f"Perspective {i}",
                               group="Perspective") for i in range(4)]
    indicators = Indicator.objects.bulk_create([
        Indicator(partnership=partnership, code=f"IND{i:04d}", title=f"Indicator {i}",
                  owner=organisations[i % 6], unit="percentage", decimals=1)
        for i in range(INDICATORS)])
    for i, indicator in enumerate(indicators):
        indicator.tags.add(tags[i % 4])
    observations, approved_at = [], timezone.now()
    for i, indicator in enumerate(indicators):
        period = Period.month(2023, 1)
        for j in range(POINTS):
            # Approved, as a partnership's scorecard mostly is: values awaiting approval
            # do not count, and an empty scorecard would be measured as a fast one.
            observation = Observation(indicator=indicator, value=50 + (i * 7 + j * 13) % 11,
                                      status="final", approved_at=approved_at)
            observation.set_period(period)
            observations.append(observation)
            period = period.next()
    Observation.objects.bulk_create(observations, batch_size=2000)
    started = time.perf_counter()
    status.refresh(indicators)
    refresh_seconds = time.perf_counter() - started
    counted = IndicatorStatus.objects.filter(indicator__in=indicators,
                                             latest_value__isnull=False).count()
    assert counted == INDICATORS, f"only {counted} of {INDICATORS} indicators have a status"
    user = get_user_model().objects.create_user(email="bench@example.org", password="x" * 12)
    Membership.objects.create(partnership=partnership, user=user, role="viewer")
    return user, refresh_seconds


def main():
    benchmark_main(__doc__.splitlines()[0], run)


def run(vendor: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, refresh_seconds = build()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get("/p/bench/indicators/")  # warm caches and templates
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get("/p/bench/indicators/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/p/bench/indicators/")
    print(f"scorecard ({vendor}): {INDICATORS} indicators, {REQUESTS} requests: "
          f"median {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms, {len(queries.captured_queries)} queries "
          f"(target: median under 300 ms)")
    print(f"status refresh ({vendor}): {INDICATORS} indicators x {POINTS} points in "
          f"{refresh_seconds:.2f} s")


if __name__ == "__main__":
    main()
