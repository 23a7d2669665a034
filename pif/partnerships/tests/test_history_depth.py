"""The history page reads by position: a page deep in a long history costs what the first
page costs, and walking Older then Newer visits every change once, in order."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.partnerships import history
from pif.partnerships.models import Organisation, Partnership

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def add_changes(record, count, *, field, step=timedelta(minutes=1)):
    """`count` more "changed" history rows like `record`, one a `step` apart from START, each
    with a new value of `field`: written in bulk, so thousands take a moment."""
    model = type(record)
    values = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields
              if f.attname != "history_id"}
    return model.objects.bulk_create([
        model(**{**values, "history_date": START + number * step, "history_type": "~",
                 field: f"{field} {number}"})
        for number in range(count)])


def long_history(world, count):
    """`count` changes of the partnership and `count` of an organisation, two at each
    minute (so positions tie on time and are told apart by kind and row)."""
    partnership = Partnership.history.filter(id=world.partnership.pk).earliest("history_id")
    organisation = Organisation.history.filter(id=world.council.pk).earliest("history_id")
    add_changes(partnership, count, field="name")
    add_changes(organisation, count, field="name")


def every_position(world):
    """The position of every change of the world's partnership, newest first, whatever kind
    of record each change is of."""
    rows = []
    for key, tracked in history._tracked.items():
        rows += [history.Position(when, key, history_id) for when, history_id in
                 tracked.model.history.filter(**{tracked.partnership_lookup: world.partnership.pk})
                 .values_list("history_date", "history_id")]
    return sorted(rows, reverse=True)


@pytest.mark.django_db
def test_walking_older_then_newer_visits_every_change_once_in_order(world):
    long_history(world, 20)
    expected = every_position(world)
    pages, page = [], history.changes_page(world.partnership, limit=7)
    while True:
        pages.append([change.position for change in page.rows])
        if page.older is None:
            break
        page = history.changes_page(world.partnership, older_than=page.older, limit=7)
    assert [p for positions in pages for p in positions] == expected
    assert all(len(positions) == 7 for positions in pages[:-1])
    back = [pages[-1]]
    while page.newer is not None:
        page = history.changes_page(world.partnership, newer_than=page.newer, limit=7)
        back.append([change.position for change in page.rows])
    assert back[::-1] == pages


def history_reads(queries) -> list[str]:
    """The SQL of the reads of tracked models' history rows (not of their many-to-many
    links), each part of a UNION ALL on its own."""
    return [read for q in queries for read in q["sql"].split(" UNION ALL ")
            if re.search(r'FROM "\w+_historical[a-z]+"', read)]


def rows_asked_for(sql: str) -> int:
    """How many rows a read can return at most: its LIMIT, or the ids it lists."""
    limit = re.search(r"LIMIT (\d+)\)?$", sql)
    if limit:
        return int(limit.group(1))
    listed = re.search(r'"history_id" IN \(([^)]*)\)', sql)
    assert listed, f"an unbounded read of history: {sql}"
    return len(listed.group(1).split(","))


@pytest.mark.django_db
def test_a_page_deep_in_a_long_history_costs_what_the_first_page_costs(world):
    long_history(world, 1_500)
    deep = every_position(world)[2_500]
    with CaptureQueriesContext(connection) as first:
        history.changes_page(Partnership.objects.get(pk=world.partnership.pk), limit=50)
    with CaptureQueriesContext(connection) as later:
        page = history.changes_page(Partnership.objects.get(pk=world.partnership.pk),
                                    older_than=deep, limit=50)
    assert page.rows[0].position < deep
    assert len(page.rows) == 50
    # Positions are read in a fixed number of queries, then the rows shown once for each
    # kind on the page: the first page shows more kinds than this one, never fewer.
    assert len(later.captured_queries) <= len(first.captured_queries)
    reads = history_reads(later.captured_queries)
    assert len(reads) >= len(history.kinds())
    assert max(rows_asked_for(sql) for sql in reads) == 51


@pytest.mark.django_db
def test_walking_the_values_of_many_indicators_visits_every_change_once_in_order(world):
    """Values are read indicator by indicator up to a bound (on PostgreSQL): changes of
    several indicators, interleaved in time and tied at some times, still come in order."""
    from pif.measures.models import Observation
    from pif.measures.testing import make_indicator

    for number in range(4):
        indicator = make_indicator(world.partnership, owner=world.health_board,
                                   code=f"IND-{number}", values=[1.0, 2.0])
        record = Observation.history.filter(indicator_id=indicator.pk).earliest("history_id")
        add_changes(record, 12, field="note", step=timedelta(minutes=number + 1))
    expected = every_position(world)
    assert len(expected) > 4 * 12
    pages, page = [], history.changes_page(world.partnership, limit=7)
    while True:
        pages.append([change.position for change in page.rows])
        if page.older is None:
            break
        page = history.changes_page(world.partnership, older_than=page.older, limit=7)
    assert [p for positions in pages for p in positions] == expected
    back = [pages[-1]]
    while page.newer is not None:
        page = history.changes_page(world.partnership, newer_than=page.newer, limit=7)
        back.append([change.position for change in page.rows])
    assert back[::-1] == pages
