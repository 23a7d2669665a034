"""Build a national instance for `scale.py`: partnerships, people, indicators, values, their
history and events, written with SQL (INSERT ... SELECT over generated rows), since creating
ten million values one object at a time would take hours.

Small tables (partnerships, organisations, people, tags) go through the ORM with history;
the large ones are generated in the database. Values are mostly final and approved, a few
provisional and awaiting approval; a tenth were revised once, so their history has two rows.
"""

import concurrent.futures
import math
import multiprocessing
import time
from dataclasses import dataclass

# Frequencies of the indicators, one in twenty: 16 monthly, 3 quarterly, 1 annual; twenty
# years of each, up to periods recent at the end of 2026 (so My data has little overdue).
MONTHLY_POINTS, QUARTERLY_POINTS, ANNUAL_POINTS = 240, 80, 20
UNITS = ["percentage", "percentage", "percentage", "count", "count", "count", "count",
         "rate", "days", "score"]
ORGANISATION_KINDS = ["council", "health_board", "police", "fire", "third_sector", "community"]
TAG_NAMES = [("Perspective", "Outcomes"), ("Perspective", "Service"), ("Perspective", "People"),
             ("Perspective", "Finance"), ("Theme", "Children"), ("Theme", "Older people"),
             ("Theme", "Place"), ("National indicator", "National")]


@dataclass
class Built:
    partnership_ids: list[int]
    indicators: int
    observations: int
    history_rows: int
    seconds: float


def partnership_sizes(total_indicators: int, partnerships: int) -> list[int]:
    """Mixed sizes (small, middling and a few large partnerships) summing to the total."""
    weights = [1 + (n * 7) % 13 + (10 if n % 17 == 0 else 0) for n in range(partnerships)]
    sizes = [max(1, math.floor(total_indicators * w / sum(weights))) for w in weights]
    sizes[0] += total_indicators - sum(sizes)
    return sizes


def make_period_table(cursor) -> None:
    """A table of every period values are generated for, keys and dates from pif.lib.periods,
    so the generated keys are exactly the product's."""
    from pif.lib.periods import Period

    rows = []
    for frequency, first, count in (
            ("monthly", Period.month(2006, 11), MONTHLY_POINTS),  # to October 2026
            ("quarterly", Period.financial_quarter(2006, 3), QUARTERLY_POINTS),  # to Q2 2026/27
            ("annual", Period.calendar_year(2006), ANNUAL_POINTS)):  # to 2025
        period = first
        for k in range(count):
            rows.append((frequency, k, count, period.key, period.start, period.end))
            period = period.next()
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS scale_period (frequency text, k int, "
                   "count int, key text, start_date date, end_date date)")
    cursor.execute("TRUNCATE scale_period")
    cursor.executemany("INSERT INTO scale_period VALUES (%s, %s, %s, %s, %s, %s)", rows)


def create_people_and_places(short_name: str, name: str, indicators: int, measured: bool):
    """The partnership, its organisations, tags and members (with history, through the ORM)."""
    from django.contrib.auth import get_user_model
    from simple_history.utils import bulk_create_with_history

    from pif.measures.models import Tag
    from pif.partnerships.models import Membership, Organisation, Partnership

    user_model = get_user_model()
    partnership = Partnership.objects.create(name=name, short_name=short_name)
    organisations = bulk_create_with_history([
        Organisation(partnership=partnership, name=f"{name} {kind.replace('_', ' ')}",
                     kind=kind, short_code=f"O{n}")
        for n, kind in enumerate(ORGANISATION_KINDS)], Organisation)
    organisations = list(Organisation.objects.filter(partnership=partnership).order_by("id"))
    bulk_create_with_history([Tag(partnership=partnership, name=tag, group=group)
                              for group, tag in TAG_NAMES], Tag)
    # Bigger partnerships have more people: editors, contributors per organisation, viewers.
    editors = 4 if measured else 2
    viewers = 10 if measured else max(3, indicators // 100)
    roles = (["admin"] + ["editor"] * editors + ["contributor"] * len(organisations)
             + ["viewer"] * viewers)
    users = user_model.objects.bulk_create([
        user_model(email=f"{role}{n}@{short_name}.example.org",
                   username=f"{role}{n}@{short_name}.example.org",
                   full_name=f"{role.title()} {n} of {name}", password="!unusable")
        for n, role in enumerate(roles)])
    bulk_create_with_history([
        Membership(partnership=partnership, user=user, role=role, name_given_here=True,
                   organisation=(organisations[n % len(organisations)]
                                 if role == "contributor" else None))
        for n, (user, role) in enumerate(zip(users, roles, strict=True))], Membership)
    return partnership


def insert_indicators(cursor, partnership_id: int, count: int) -> None:
    units = "ARRAY[" + ",".join(f"'{u}'" for u in UNITS) + "]"
    cursor.execute(f"""
        INSERT INTO measures_indicator (partnership_id, code, title, definition, unit, rate_per,
            decimals, may_exceed_100, lower_bound, upper_bound, improvement, frequency,
            owner_id, lead_id, data_source, quality_note, measure_kind, rba_kind, chart_type,
            baseline_period, due_days, published, version, created)
        SELECT %(p)s, 'IND' || lpad(n::text, 5, '0'), 'Indicator ' || n || ' of partnership '
                || %(p)s, 'What is counted, in words.', u.unit,
            CASE WHEN u.unit = 'rate' THEN 1000 END, CASE WHEN u.unit = 'count' THEN 0 ELSE 1 END,
            false, NULL, NULL,
            CASE n %% 3 WHEN 0 THEN 'higher' WHEN 1 THEN 'lower' ELSE 'neither' END,
            CASE WHEN n %% 20 = 0 THEN 'annual' WHEN n %% 20 < 4 THEN 'quarterly'
                 ELSE 'monthly' END,
            (SELECT id FROM partnerships_organisation o WHERE o.partnership_id = %(p)s
             ORDER BY id OFFSET n %% 6 LIMIT 1),
            NULL, 'Local records', '', 'outcome', '',
            'xmr', '', 30, n %% 2 = 0, 1, timestamptz '2005-06-01' + n * interval '1 minute'
        FROM generate_series(1, %(count)s) n,
             LATERAL (SELECT ({units})[1 + n %% {len(UNITS)}] AS unit) u
        """, {"p": partnership_id, "count": count})
    # A P chart for some of the percentages given as numerator and denominator (see
    # insert_observations): the rules want both for every value of those.
    cursor.execute("UPDATE measures_indicator SET chart_type = 'p' WHERE partnership_id = %s "
                   "AND unit = 'percentage' AND id %% 30 = 0", [partnership_id])
    cursor.execute("""
        INSERT INTO measures_indicator_tags (indicator_id, tag_id)
        SELECT i.id, t.id FROM measures_indicator i
        JOIN LATERAL (SELECT id FROM measures_tag WHERE partnership_id = i.partnership_id
                      ORDER BY id OFFSET i.id %% 4 LIMIT 1) t ON true
        WHERE i.partnership_id = %(p)s
        UNION ALL
        SELECT i.id, t.id FROM measures_indicator i
        JOIN LATERAL (SELECT id FROM measures_tag WHERE partnership_id = i.partnership_id
                      ORDER BY id OFFSET 4 + i.id %% 4 LIMIT 1) t ON true
        WHERE i.partnership_id = %(p)s AND i.id %% 3 = 0
        """, {"p": partnership_id})
    # A target on three indicators in ten: a single value, 5% tolerance.
    cursor.execute("""
        INSERT INTO measures_target (indicator_id, level, value, valid_from, valid_to,
            valid_from_start, valid_to_end, tolerance, tolerance_kind, source)
        SELECT id, 'standard', 40 + id %% 50, '', '', NULL, NULL, 5, 'relative', 'Local plan'
        FROM measures_indicator WHERE partnership_id = %(p)s AND id %% 10 < 3
        """, {"p": partnership_id})
    insert_history_of("measures_indicator", "measures_historicalindicator",
                      "partnership_id = %(p)s", "created", cursor, {"p": partnership_id})
    insert_history_of("measures_target", "measures_historicaltarget",
                      "indicator_id IN (SELECT id FROM measures_indicator "
                      "WHERE partnership_id = %(p)s)", "timestamptz '2005-07-01'",
                      cursor, {"p": partnership_id})


def columns_of(cursor, table: str) -> list[str]:
    cursor.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = %s ORDER BY ordinal_position", [table])
    return [row[0] for row in cursor.fetchall()]


def insert_history_of(table: str, history_table: str, where: str, when: str, cursor,
                      params) -> None:
    """One "created" history row for each row of `table` matching `where`, at `when`."""
    columns = [c for c in columns_of(cursor, table) if c in columns_of(cursor, history_table)]
    names = ", ".join(columns)
    cursor.execute(f"""
        INSERT INTO {history_table} ({names}, history_date, history_change_reason,
                                     history_type, history_user_id)
        SELECT {names}, {when}, NULL, '+', NULL FROM {table} WHERE {where}
        """, params)


def insert_observations(cursor, partnership_ids: list[int]) -> None:
    """Every indicator's values for its periods; numerator and denominator for half the
    percentages; the last two periods of a tenth of indicators provisional, not approved."""
    cursor.execute("ANALYZE measures_indicator, scale_period, scale_editor")
    cursor.execute("""
        INSERT INTO measures_observation (indicator_id, breakdown_id, period, period_start,
            period_end, value, numerator, denominator, missing_code, status, note,
            entered_at, entered_by_id, approved_at, approved_by_id)
        SELECT s.id, NULL, s.key, s.start_date, s.end_date,
            CASE WHEN s.ratio THEN round((100.0 * s.num / s.den)::numeric, 1)::float
                 ELSE round(s.v::numeric, s.decimals)::float END,
            CASE WHEN s.ratio THEN s.num END, CASE WHEN s.ratio THEN s.den END,
            '', CASE WHEN s.waiting THEN 'provisional' ELSE 'final' END, '',
            s.entered, s.editor,
            CASE WHEN NOT s.waiting THEN s.entered + interval '2 days' END,
            CASE WHEN NOT s.waiting THEN s.editor END
        FROM (
            SELECT i.id, sp.key, sp.start_date, sp.end_date, i.decimals,
                i.unit = 'percentage' AND i.id %% 2 = 0 AS ratio,
                i.id %% 10 = 1 AND sp.k >= sp.count - 2 AS waiting,
                e.user_id AS editor,
                greatest(0, 30 + i.id %% 50 + 8 * sin(sp.k / 5.0) + sp.k * 0.02
                            + 6 * random() - 3) AS v,
                round(least(1.0, (30 + i.id %% 50 + 8 * sin(sp.k / 5.0)
                                  + 6 * random() - 3) / 100.0) * 1000) AS num,
                1000 AS den,
                least(sp.end_date + interval '5 days' + random() * interval '30 days'
                      + interval '9 hours', now() - interval '3 days') AS entered
            FROM measures_indicator i
            JOIN scale_period sp ON sp.frequency = i.frequency
            JOIN scale_editor e ON e.partnership_id = i.partnership_id
            WHERE i.partnership_id = ANY(%(ids)s)
        ) s
        """, {"ids": partnership_ids})
    # Fresh statistics, or the planner takes the new rows for none and reads the whole
    # table once per indicator (no index on indicator_id while loading).
    cursor.execute("ANALYZE measures_indicator, measures_observation")


def insert_observation_history(cursor, partnership_ids: list[int]) -> None:
    """A "created" row for each value; a tenth were revised 30 days later (a second row)."""
    columns = columns_of(cursor, "measures_observation")
    names = ", ".join(columns)
    created = ", ".join("o.value + 1" if c == "value" else f"o.{c}" for c in columns)
    current = ", ".join(f"o.{c}" for c in columns)
    # A join, not IN (subquery): with the indexes dropped, IN read the table once per indicator.
    ours = ("measures_indicator i ON i.id = o.indicator_id "
            "AND i.partnership_id = ANY(%(ids)s)")
    cursor.execute(f"""
        INSERT INTO measures_historicalobservation ({names}, history_date,
            history_change_reason, history_type, history_user_id)
        SELECT {created}, o.entered_at - interval '30 days', NULL, '+', o.entered_by_id
        FROM measures_observation o JOIN {ours} WHERE o.id %% 10 = 0
        UNION ALL
        SELECT {current}, o.entered_at, NULL, CASE WHEN o.id %% 10 = 0 THEN '~' ELSE '+' END,
               o.entered_by_id
        FROM measures_observation o JOIN {ours}
        """, {"ids": partnership_ids})


def insert_events(cursor, partnership_id: int) -> None:
    """Each month of the years built: data submitted, approved, imported; plus each
    indicator created."""
    cursor.execute("""
        INSERT INTO partnerships_event (partnership_id, verb, actor_id, via, object_kind,
            object_id, description, created)
        SELECT %(p)s, v.verb, e.user_id, 'web', '', '', v.verb || ' for ' || sp.key,
            sp.end_date + interval '20 days' + v.n * interval '1 hour'
        FROM scale_period sp, scale_editor e,
            (VALUES (1, 'data_submitted'), (2, 'data_approved'), (3, 'data_imported')) v(n, verb)
        WHERE sp.frequency = 'monthly' AND e.partnership_id = %(p)s
        UNION ALL
        SELECT %(p)s, 'indicator_created', e.user_id, 'web', 'indicator', i.id::text,
            'Indicator ' || i.code || ' created', i.created
        FROM measures_indicator i JOIN scale_editor e ON e.partnership_id = i.partnership_id
        WHERE i.partnership_id = %(p)s
        """, {"p": partnership_id})


def remember_editor(cursor, partnership_id: int) -> None:
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS scale_editor "
                   "(partnership_id bigint, user_id bigint)")
    cursor.execute("""
        INSERT INTO scale_editor SELECT partnership_id, min(user_id) FROM partnerships_membership
        WHERE partnership_id = %s AND role = 'editor' GROUP BY partnership_id
        """, [partnership_id])


class BulkLoad:
    """While many rows go in: the large tables' secondary indexes dropped and their
    foreign-key triggers off (the rows are made consistent), restored afterwards whatever
    happens. Restoring builds each index once, much faster than keeping it up row by row."""

    TABLES = ["measures_observation", "measures_historicalobservation"]

    def __init__(self, cursor):
        self.cursor, self.indexes = cursor, []

    def __enter__(self):
        self.cursor.execute("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """, [self.TABLES])
        self.indexes = self.cursor.fetchall()
        for name, _ in self.indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')
        for table in self.TABLES:
            self.cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        return self

    def __exit__(self, *exc):
        for table in self.TABLES:
            self.cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
        for _, definition in self.indexes:
            self.cursor.execute(definition)


def refresh_statuses(partnership_ids: list[int], jobs: int, chunk: int = 1000) -> None:
    """`pif.measures.status.refresh` of every indicator, in chunks, in `jobs` processes."""
    from django.db import connections

    from pif.measures.models import Indicator

    ids = list(Indicator.objects.filter(partnership_id__in=partnership_ids)
               .order_by("id").values_list("id", flat=True))
    chunks = [ids[start:start + chunk] for start in range(0, len(ids), chunk)]
    if jobs < 2 or len(chunks) < 2:
        for one in chunks:
            refresh_chunk(one)
        return
    connections.close_all()  # each forked process opens its own connection
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        for _ in pool.map(refresh_chunk, chunks):
            pass


def refresh_chunk(ids: list[int]) -> int:
    from pif.measures import status

    return status.refresh(ids)


def build(specs: list[tuple[str, str, int]], *, measured: bool, jobs: int = 2,
          report=print) -> Built:
    """Create the partnerships of `specs` (short name, name, indicators) with everything in
    them, then their statuses; ANALYZE at the end."""
    from django.db import connection, transaction

    started = time.perf_counter()
    ids = []
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        cursor.execute("SET maintenance_work_mem TO '1GB'")
        cursor.execute("SELECT setseed(0.16)")
        make_period_table(cursor)
        with transaction.atomic():
            for short_name, name, count in specs:
                partnership = create_people_and_places(short_name, name, count, measured)
                remember_editor(cursor, partnership.pk)
                insert_indicators(cursor, partnership.pk, count)
                insert_events(cursor, partnership.pk)
                ids.append(partnership.pk)
        report(f"  people, indicators, targets, tags, events: "
               f"{time.perf_counter() - started:.1f} s")
        step = time.perf_counter()
        with BulkLoad(cursor):
            insert_observations(cursor, ids)
            report(f"  values: {time.perf_counter() - step:.1f} s")
            step = time.perf_counter()
            insert_observation_history(cursor, ids)
            report(f"  their history: {time.perf_counter() - step:.1f} s")
            step = time.perf_counter()
        report(f"  indexes rebuilt: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        cursor.execute("ANALYZE")
    refresh_statuses(ids, jobs)  # closes the connection before it forks: a new cursor after
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE measures_indicatorstatus")
        report(f"  statuses (pif.measures.status.refresh): {time.perf_counter() - step:.1f} s")
        cursor.execute("""
            SELECT (SELECT count(*) FROM measures_indicator WHERE partnership_id = ANY(%(ids)s)),
                   (SELECT count(*) FROM measures_observation o JOIN measures_indicator i
                    ON i.id = o.indicator_id WHERE i.partnership_id = ANY(%(ids)s)),
                   (SELECT count(*) FROM measures_historicalobservation o
                    JOIN measures_indicator i ON i.id = o.indicator_id
                    WHERE i.partnership_id = ANY(%(ids)s))
            """, {"ids": ids})
        indicators, observations, history_rows = cursor.fetchone()
    return Built(ids, indicators, observations, history_rows, time.perf_counter() - started)
