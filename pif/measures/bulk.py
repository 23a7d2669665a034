"""Fast inserts and updates of observations and their history rows, for large uploads.

Django's bulk_create prepares every value through the SQL compiler, which costs more than
the database itself once an upload reaches tens of thousands of values (measured: about
85% of a 20,000-value import). Here SQLite gets one prepared INSERT per table run with
`executemany`, and PostgreSQL gets binary COPY, which skips building and parsing huge
statements (multi-row INSERTs spent 80% of their time in psycopg's query parser) and, with
the columns' types given, formats a row five times faster than text COPY. The history rows are
then copied inside the database (INSERT ... SELECT). They are the same rows
django-simple-history writes ("+" records with who, when and why), so the history page, "as
it stood on" charts and `Observation.history` work unchanged.

Changed values go the same way. Django's bulk_update writes one CASE WHEN per row for each
field, which made 100,000 changed values take minutes; here PostgreSQL gets them by binary COPY
into a temporary table and one UPDATE ... FROM it, and SQLite one prepared UPDATE run with
`executemany`. Their "~" history rows are then copied from the updated rows, as
`bulk_update_with_history` would have written them.
"""

from functools import partial

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from pif.measures.models import Observation

BATCH = 5000
INDICATORS_PER_COPY = 500
IDS_PER_COPY = 500  # within the 999 parameters an old SQLite allows a statement
#: The fewest values written that may renew PostgreSQL's statistics (see `analyse_if_grown`).
ANALYSE_AFTER = 10_000

#: The columns of a new observation, in the order `insert_observations` takes them: rows
#: are plain tuples, since an import makes a million of them.
NEW_COLUMNS = ("indicator_id", "breakdown_id", "period", "period_start", "period_end", "value",
               "numerator", "denominator", "missing_code", "status", "note", "entered_by_id",
               "entered_at", "approved_by_id", "approved_at")
_FIELDS = [Observation._meta.get_field(name.removesuffix("_id")) for name in NEW_COLUMNS]
if {f.attname for f in _FIELDS} != {f.attname for f in Observation._meta.concrete_fields
                                    if not f.primary_key}:
    raise RuntimeError("bulk.NEW_COLUMNS must name every column of Observation but its id")
#: The columns a change of value writes, in the order `update_observations` takes them: the
#: id of the observation, then its new values. Where and when its period is stays as it was.
CHANGED_COLUMNS = ("id", "value", "numerator", "denominator", "missing_code", "status", "note",
                   "entered_by_id", "entered_at", "approved_by_id", "approved_at")
_CHANGED_FIELDS = [Observation._meta.get_field(name.removesuffix("_id"))
                   for name in CHANGED_COLUMNS]
_CHANGES = "pif_changed_observations"  # the temporary table of changes, on PostgreSQL


def _cached(adapt):
    """Uploads repeat the same few dates and timestamps; adapt each distinct one once."""
    seen = {}

    def adapted(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return adapted


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return _cached(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _cached(connection.ops.adapt_datefield_value)
    return None


def insert_rows(model, fields, rows: list[tuple]) -> None:
    """INSERT the rows of `model` (tuples of column values in `fields` order): binary COPY
    on PostgreSQL, one prepared INSERT run with `executemany` on SQLite. No signal is sent
    and no history kept: the caller keeps any."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Table and column names come from the models, quoted; values travel as data.
            # COPY runs on psycopg's own cursor, so its errors are turned into Django's here
            # (an IntegrityError when someone else stored the same value first).
            with (connection.wrap_database_errors,
                  cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)")
                  as copy):
                copy.set_types([_binary_type(field) for field in fields])
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(rows), BATCH):
            cursor.executemany(statement, _adapt_dates(fields, rows[start:start + BATCH]))


def _binary_type(field) -> str:
    """The column's type as binary COPY must be told it: "varchar(30)" is sent as text."""
    name = field.db_type(connection).split("(")[0].strip()
    return "text" if name in ("varchar", "character varying") else name


def _adapt_dates(fields, rows: list[tuple]) -> list[list]:
    """Only dates and times need adapting for SQLite; numbers and text pass as they are."""
    columns = [(i, adapt) for i, field in enumerate(fields) if (adapt := _adapter(field))]
    adapted = []
    for row in rows:
        row = list(row)
        for i, adapt in columns:
            if row[i] is not None:
                row[i] = adapt(row[i])
        adapted.append(row)
    return adapted


def insert_observations(actor, rows: list[tuple], *, when) -> None:
    """Insert new observations (tuples of column values in `NEW_COLUMNS` order, all entered
    at `when`) and their "created" history rows, made by `actor` (a pif.actors.Actor). Must
    run inside a transaction."""
    if not rows:
        return
    before = Observation.objects.aggregate(last=Max("id"))["last"] or 0
    insert_rows(Observation, _FIELDS, rows)
    copied = _copy_to_history(sorted({row[0] for row in rows}), after_id=before,
                              when=when, reason=actor.change_reason(),
                              history_user_id=actor.user.pk if actor.user else None)
    if copied != len(rows):
        # Only a clash with another write in the same microsecond could cause this; refuse
        # (the transaction rolls back) rather than keep history that does not match.
        raise RuntimeError(f"{copied} history rows were written for {len(rows)} new values")


def _copy_to_history(indicator_ids: list[int], *, after_id: int, when, reason,
                     history_user_id) -> int:
    """Copy the rows just inserted into the history table inside the database, and return
    how many. They are this write's indicators' rows after `after_id` entered at `when`: ids
    only grow, and rows changed by the same write get that time only after this copy."""
    quote = connection.ops.quote_name
    marks = _history_marks("+", when, reason, history_user_id)
    count = 0
    for start in range(0, len(indicator_ids), INDICATORS_PER_COPY):
        chunk = indicator_ids[start:start + INDICATORS_PER_COPY]
        count += _copy_rows_to_history(
            marks, f"{quote('id')} > %s AND {quote('entered_at')} = %s "
                   f"AND {quote('indicator_id')} IN ({', '.join(['%s'] * len(chunk))})",
            [after_id, marks["history_date"], *chunk])
    return count


def _history_marks(history_type: str, when, reason, history_user_id) -> dict:
    """The history's own columns, as django-simple-history fills them in."""
    return {"history_date": connection.ops.adapt_datetimefield_value(when),
            "history_change_reason": reason, "history_type": history_type,
            "history_user_id": history_user_id}


def _copy_rows_to_history(marks: dict, where: str, params: list) -> int:
    """Copy the observations `where` picks into the history table, with `marks`, in the
    order of their ids; return how many."""
    quote = connection.ops.quote_name
    history = Observation.history.model
    copied = [quote(f.column) for f in history._meta.concrete_fields
              if f.attname != "history_id" and f.attname not in marks]
    columns = ", ".join(copied + [quote(name) for name in marks])
    # Table and column names come from the models, quoted; every value is a parameter.
    statement = (f"INSERT INTO {quote(history._meta.db_table)} ({columns}) "  # noqa: S608
                 f"SELECT {', '.join(copied)}, {', '.join(['%s'] * len(marks))} "
                 f"FROM {quote(Observation._meta.db_table)} WHERE {where} "
                 f"ORDER BY {quote('id')}")
    with connection.cursor() as cursor:
        cursor.execute(statement, [*marks.values(), *params])
        return cursor.rowcount


def update_observations(actor, rows: list[tuple]) -> None:
    """Write changed values over stored observations (tuples of column values in
    `CHANGED_COLUMNS` order, the id first) and their "changed" history rows, made by `actor`
    (a pif.actors.Actor) now, as `bulk_update_with_history` writes them. Must run inside a
    transaction."""
    if not rows:
        return
    rows = sorted(rows)  # by id, the order their history rows are written in
    marks = _history_marks("~", timezone.now(), actor.change_reason(),
                           actor.user.pk if actor.user else None)
    if connection.vendor == "postgresql":
        updated, copied = _update_from_copy(rows, marks)
    else:
        updated = _update_each(rows)
        copied = _copy_changed_to_history([row[0] for row in rows], marks)
    if not updated == copied == len(rows):
        # Only a value withdrawn by someone else since this write read it could cause this;
        # refuse (the transaction rolls back) rather than keep a change half written.
        raise RuntimeError(f"{updated} values were changed and {copied} history rows written "
                           f"for {len(rows)} changed values")


def _update_from_copy(rows: list[tuple], marks: dict) -> tuple[int, int]:
    """PostgreSQL: COPY the changes into a temporary table, then one UPDATE from it and one
    copy of the rows it changed into the history table (with `marks`); how many of each."""
    quote = connection.ops.quote_name
    table, changes = quote(Observation._meta.db_table), quote(_CHANGES)
    columns = [quote(field.column) for field in _CHANGED_FIELDS]
    setting = ", ".join(f"{column} = changes.{column}" for column in columns[1:])
    with connection.cursor() as cursor:
        # The same columns as the table, so no value is converted on the way; dropped at the
        # end of this write, and at the end of the transaction whatever happens.
        cursor.execute(f"CREATE TEMPORARY TABLE {changes} ON COMMIT DROP AS "  # noqa: S608
                       f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA")
        with (connection.wrap_database_errors,
              cursor.cursor.copy(f"COPY {changes} ({', '.join(columns)}) FROM STDIN "
                                 "(FORMAT BINARY)") as copy):
            copy.set_types([_binary_type(field) for field in _CHANGED_FIELDS])
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {changes}")  # so the planner knows how many changes it joins
        cursor.execute(f"UPDATE {table} SET {setting} FROM {changes} AS changes "  # noqa: S608
                       f"WHERE {table}.{columns[0]} = changes.{columns[0]}")
        updated = cursor.rowcount
        changed = f"{columns[0]} IN (SELECT {columns[0]} FROM {changes})"  # noqa: S608
        copied = _copy_rows_to_history(marks, changed, [])
        cursor.execute(f"DROP TABLE {changes}")
    return updated, copied


def _update_each(rows: list[tuple]) -> int:
    """SQLite: one prepared UPDATE, run for every row."""
    quote = connection.ops.quote_name
    fields = [*_CHANGED_FIELDS[1:], _CHANGED_FIELDS[0]]  # the id last, for WHERE
    setting = ", ".join(f"{quote(field.column)} = %s" for field in fields[:-1])
    statement = (f"UPDATE {quote(Observation._meta.db_table)} SET {setting} "  # noqa: S608
                 f"WHERE {quote(fields[-1].column)} = %s")
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = [(*row[1:], row[0]) for row in rows[start:start + BATCH]]
            cursor.executemany(statement, _adapt_dates(fields, batch))
            updated += cursor.rowcount
    return updated


def _copy_changed_to_history(ids: list[int], marks: dict) -> int:
    """Copy the observations just changed into the history table, with `marks`; how many."""
    quote = connection.ops.quote_name
    count = 0
    for start in range(0, len(ids), IDS_PER_COPY):
        chunk = ids[start:start + IDS_PER_COPY]
        count += _copy_rows_to_history(
            marks, f"{quote('id')} IN ({', '.join(['%s'] * len(chunk))})", chunk)
    return count


def analyse_if_grown(written: int) -> None:
    """Once this write commits, renew PostgreSQL's statistics of the observations if it
    added more than a tenth of the table, as autovacuum does only a while later. Until then
    every query is planned for the table as it was: straight after a million values were
    imported, the next check read the values stored by scanning the whole table once for
    each hundred indicators (4.4 s, against 1.8 s once the statistics were renewed). After
    COMMIT, not inside the write: ANALYZE's estimate of the table's size outlives a rollback
    (a dry run would leave it wrong), and its lock would keep autovacuum and another large
    write waiting until this one ended."""
    if connection.vendor != "postgresql" or written < ANALYSE_AFTER:
        return
    transaction.on_commit(partial(_analyse_if_grown_by, written))


def _analyse_if_grown_by(written: int) -> None:
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (estimated,) = cursor.fetchone()
        if estimated < 0 or written > estimated / 10:  # -1: never analysed
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
