"""Benchmark: a 50-indicator board report built and written as PDF, as `pif report board` does.

50 indicators with five years of monthly values each, targets, commentary and actions, in a
fresh temporary database. Target: build and PDF under 5 seconds together. Run with `make bench`
(SQLite), or with ``--postgres URL`` for a fresh database on that PostgreSQL server.
"""

import datetime
import io
import os
import time
from pathlib import Path

from _django import main as benchmark_main

INDICATORS = 50
MONTHS = 60
TARGET_SECONDS = 5.0


def build():
    """The partnership, as the report's day will find it (with history, which the report
    reads "as it stood")."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from pif.improvement.models import Action
    from pif.lib.periods import Period
    from pif.measures import status
    from pif.measures.models import Commentary, Indicator, Observation, Target
    from pif.partnerships.models import Organisation, Partnership

    partnership = Partnership.objects.create(name="Benchmark Community Planning Partnership",
                                             short_name="bench")
    council = Organisation.objects.create(partnership=partnership, name="Bench Council",
                                          kind="council", short_code="BC")
    indicators = bulk_create_with_history([
        Indicator(partnership=partnership, owner=council, code=f"IND{i:03d}",
                  title=f"Indicator {i}: share of people who say the service helped them",
                  unit="percentage", decimals=1, frequency="monthly",
                  definition="Respondents who agree, of all who answered.")
        for i in range(INDICATORS)], Indicator)
    indicators = list(Indicator.objects.filter(partnership=partnership).order_by("code"))
    approved_at = timezone.now() - datetime.timedelta(days=1)
    observations = []
    for i, indicator in enumerate(indicators):
        period = Period.month(2021, 11)
        for j in range(MONTHS):
            shift = 9 if (i % 3 == 0 and j >= MONTHS - 8) else 0
            observation = Observation(indicator=indicator, status="final",
                                      value=50 + (i * 7 + j * 13) % 11 + shift,
                                      approved_at=approved_at)
            observation.set_period(period)
            observations.append(observation)
            period = period.next()
    bulk_create_with_history(observations, Observation, batch_size=2000)
    bulk_create_with_history([Target(indicator=indicator, value=55 + i % 5)
                              for i, indicator in enumerate(indicators)], Target)
    last = Period.month(2026, 10)
    bulk_create_with_history([
        Commentary(indicator=indicator, period=last.key, period_start=last.start,
                   what_it_shows="The last eight months are above the centre line.",
                   why="The new service started in March.",
                   actions="Keep the evening sessions going over winter.")
        for indicator in indicators], Commentary)
    actions = bulk_create_with_history([
        Action(partnership=partnership, reference=f"A{i:02d}", owner_organisation=council,
               title=f"Action {i}: extend the evening service", percent_complete=40,
               start_date=datetime.date(2026, 4, 1), due_date=datetime.date(2027, 3, 31))
        for i in range(INDICATORS // 2)], Action)
    actions = list(Action.objects.filter(partnership=partnership).order_by("reference"))
    for i, action in enumerate(actions):
        action.indicators.add(indicators[2 * i], indicators[2 * i + 1])
    status.refresh(indicators)
    return partnership


def main():
    benchmark_main(__doc__.splitlines()[0], run)


def run(vendor: str) -> None:
    import pikepdf
    from django.utils import timezone

    from pif.reports.kinds import build as build_document
    from pif.reports.render.charts import start_engine
    from pif.reports.render.pdf import render_pdf

    partnership = build()
    started, cpu_started = time.perf_counter(), time.process_time()
    start_engine()  # as `pif report` does: the chart engine starts while the report is built
    # as it stood at the end of today: the records were made just now
    document = build_document(partnership, "board", as_of=timezone.localdate(), options={},
                              narrative={})
    built = time.perf_counter()
    pdf = render_pdf(document)
    written, cpu = time.perf_counter(), time.process_time() - cpu_started
    pages = len(pikepdf.open(io.BytesIO(pdf)).pages)
    if os.environ.get("PIF_VAR_DIR"):  # a temporary folder: keep the PDF there to look at
        path = Path(os.environ["PIF_VAR_DIR"]) / "board.pdf"
        path.write_bytes(pdf)
        print(f"written to {path}")
    charts = sum(1 for section in document["sections"]
                 for block in section.get("indicators", []) if block.get("chart"))
    total = written - started
    print(f"board report ({vendor}): {INDICATORS} indicators x {MONTHS} months, {charts} "
          f"charts: build {built - started:.2f} s, PDF {written - built:.2f} s, "
          f"total {total:.2f} s (processor {cpu:.2f} s), {pages} "
          f"pages, {len(pdf):,} bytes (target: under {TARGET_SECONDS:.0f} s); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")


if __name__ == "__main__":
    main()
