"""One history page for a partnership, gathered from every model that keeps history.

Apps register their history-keeping models with `track`. Pages are read by position
(keyset pagination, docs/adr/0013-history-keyset-pagination.md): a page starts after the
`Position` of the last change shown, and each tracked model reads at most one more row than
the page holds, so a page deep in the history costs what the first page costs: a fixed
number of queries per tracked model, whatever the number of rows shown or skipped. Changes
to many-to-many links (a group's outcomes, an indicator's tags) show as a list of names
before and after; a link to a row since deleted is named from that row's own history.
Values are shown as people write them: periods by their label, times in UK time, related
rows and people by name.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.core.exceptions import FullResultSet
from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.dateformat import format as format_date

from pif import paging
from pif.history_writes import is_tracked
from pif.lib.periods import label_of_key
from pif.lib.text import parse_id
from pif.partnerships.names import OPERATOR, known_names
from pif.times import format_time

# One way of writing a time on the History page, in the template too: "5 December 2026, 06:23".
DATE_FORMAT = "j F Y"
SKIPPED_FIELDS = {"id", "version", "created", "updated"}


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    partnership_lookup: str
    kind: str
    label: object  # callable(historical record) -> str
    select_related: tuple[str, ...] = ()
    # Fields whose values the page does not show, only that they changed: an assessor's own
    # score, which the other assessors must not see before they agree one together.
    withheld: tuple[str, ...] = ()
    # The model of the history rows, kept: simple-history builds a new manager each time
    # `model.history` is read, which cost more than the rest of the page.
    history_model: type[models.Model] | None = None


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True, order=True)
class Position:
    """Where a change sits in the history: by time, then by tracked model (its key, such as
    "measures.observation"), then by history row. Newest first means largest first."""

    when: datetime
    key: str
    history_id: int

    def encode(self) -> str:
        """The position as it is written in a page link (`pif.paging`)."""
        return paging.encode(self.when, self.key, self.history_id)

    @classmethod
    def decode(cls, text) -> "Position | None":
        """The position a page link names, or None for anything malformed."""
        parts = paging.decode(text, 3)
        if parts is None or parts[1] not in _tracked or parse_id(parts[2]) is None:
            return None
        return cls(parts[0], parts[1], parse_id(parts[2]))


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    kind: str
    action: str
    label: str
    reason: str
    fields: tuple[FieldChange, ...]
    position: Position


_tracked: dict[str, Tracked] = {}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def track(model, *, partnership_lookup: str, kind: str, label=None,
          select_related: tuple[str, ...] = (), withheld: tuple[str, ...] = ()) -> None:
    """Show changes to `model` on the history page under the kind `kind`."""
    _tracked[model._meta.label_lower] = Tracked(
        model, partnership_lookup, kind, label or (lambda record: str(record.instance)),
        select_related, withheld, model.history.model,
    )


def kind_of(model) -> str:
    """What the history page calls a record of `model`, such as "Driver diagram entry"."""
    tracked = _tracked.get(model._meta.label_lower)
    return tracked.kind if tracked else str(model._meta.verbose_name).capitalize()


def kinds() -> list[tuple[str, str]]:
    return sorted(((key, t.kind) for key, t in _tracked.items()), key=lambda pair: pair[1])


def _beyond(position: Position, key: str, *, older: bool) -> Q:
    """The rows of the tracked model `key` that come after `position` in the direction read.

    Within one model the key is fixed, so the condition is on time alone, or on time and
    history id when `position` is in this model.
    """
    if key == position.key:
        return paging.beyond(position.when, position.history_id, older=older,
                             time_field="history_date", id_field="history_id")
    strict, inclusive = ("lt", "lte") if older else ("gt", "gte")
    at_time = Q(**{f"history_date__{inclusive}": position.when})
    passed_at_same_time = key < position.key if older else key > position.key
    return at_time if passed_at_same_time else Q(**{f"history_date__{strict}": position.when})


def _positions(tracked: Tracked, key: str, partnership_id: int, user_id, position,
               older: bool, limit: int):
    """The positions (time, key, history id) of at most `limit` rows of one tracked model
    after `position`, nearest first, read through a join to the partnership."""
    queryset = _history_after(tracked, key, user_id, position, older)
    return (queryset.filter(**{tracked.partnership_lookup: partnership_id})
            .annotate(tracked_key=Value(key, output_field=models.CharField()))
            .values_list("history_date", "tracked_key", "history_id")
            .order_by(*_order(older))[:limit])


def _positions_sql(tracked: Tracked, key: str, partnership_id: int, user_id, position,
                   older: bool, limit: int) -> tuple[str, tuple]:
    """`_positions` as SQL and its parameters, for PostgreSQL to read every tracked model
    in one query; a model reached through one parent row is read parent by parent."""
    if (parent := _parent_link(tracked)) is not None:
        queryset = _history_after(tracked, key, user_id, position, older)
        return _nearest_per_parent(queryset, parent, key, partnership_id, older, limit)
    queryset = _positions(tracked, key, partnership_id, user_id, position, older, limit)
    return queryset.query.sql_with_params()


def _history_after(tracked: Tracked, key: str, user_id, position, older: bool):
    queryset = tracked.history_model.objects.all()
    if user_id:
        queryset = queryset.filter(history_user_id=user_id)
    if position is not None:
        queryset = queryset.filter(_beyond(position, key, older=older))
    return queryset


def _order(older: bool) -> tuple[str, str]:
    return ("-history_date", "-history_id") if older else ("history_date", "history_id")


def _records(tracked: Tracked, history_ids) -> dict[int, object]:
    """The historical records of one tracked model by history id, each with the id of the
    record before it of the same object (`previous_id`)."""
    history = tracked.history_model.objects
    pk_name = tracked.model._meta.pk.attname
    before = history.filter(**{pk_name: OuterRef(pk_name),
                               "history_id__lt": OuterRef("history_id")})
    records = (history.filter(history_id__in=history_ids)
               .select_related("history_user", *tracked.select_related)
               .annotate(previous_id=Subquery(before.order_by("-history_id")
                                              .values("history_id")[:1])))
    return {record.history_id: record for record in records}


@dataclass(frozen=True)
class _ParentLink:
    """How a tracked model's history reaches its partnership through one parent row, such
    as an observation's through its indicator: `history_column` holds the parent's id, and
    the parent's `partnership_column` its partnership's."""

    history_column: str
    parent_table: str
    parent_key: str
    partnership_column: str


def _parent_link(tracked: Tracked) -> _ParentLink | None:
    """The parent link of a model reached through one parent ("indicator__partnership_id");
    None for the others."""
    parts = tracked.partnership_lookup.split("__")
    if len(parts) != 2:
        return None
    field = tracked.history_model._meta.get_field(parts[0])
    parent = field.related_model._meta
    return _ParentLink(field.column, parent.db_table, parent.pk.column,
                       parent.get_field(parts[1]).column)


def _nearest_per_parent(queryset, parent: _ParentLink, key: str, partnership_id: int,
                        older: bool, limit: int) -> tuple[str, tuple]:
    """SQL and parameters giving the positions of the `limit` rows of `queryset` nearest
    in the direction read among the partnership's parents (its indicators, say).

    A join would read every history row of the partnership to sort them, so a page would
    cost more the longer the partnership's history. Instead, from the index on (parent,
    history_date, history_id), the nearest row of each parent is read first; the `limit`-th
    nearest of those is a bound, since at least `limit` rows are that near; then each
    parent gives its rows up to the bound (at most `limit`), and the nearest `limit` of
    those are kept. The cost grows with the number of parents and rows shown, never with
    the depth of the history or with other partnerships' rows.
    """
    quote = connection.ops.quote_name
    table = quote(queryset.model._meta.db_table)
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        condition, params = compiler.compile(queryset.query.where)
        condition = f"AND {condition}"
    except FullResultSet:  # no condition beyond the parent
        condition, params = "", []
    direction, within = ("DESC", ">=") if older else ("ASC", "<=")
    ordering = f"history_date {direction}, history_id {direction}"
    # With fewer than `limit` parents holding rows, there is no bound: every row is in it.
    no_bound = ("-infinity", 0) if older else ("infinity", 2**62)

    def rows_per_parent(alias: str, bounded: str) -> str:
        return (
            f"{quote(parent.parent_table)} parent CROSS JOIN LATERAL ("  # noqa: S608
            f"SELECT {table}.history_id, {table}.history_date FROM {table} "
            f"WHERE {table}.{quote(parent.history_column)} = parent.{quote(parent.parent_key)} "
            f"{condition} {bounded} ORDER BY {ordering} LIMIT %s) {alias} "
            f"WHERE parent.{quote(parent.partnership_column)} = %s"
        )

    up_to_bound = (f"AND ({table}.history_date, {table}.history_id) {within} "  # noqa: S608
                   "(SELECT history_date, history_id FROM bound)")
    # Only table and column names from the models are written into the SQL; values are
    # parameters. The condition is written with the table's own name, so it applies as is.
    sql = (
        f"WITH first_each AS (SELECT first.history_date, first.history_id "  # noqa: S608
        f"FROM {rows_per_parent('first', '')} ORDER BY {ordering} LIMIT %s), "
        f"bound AS (SELECT history_date, history_id FROM ("
        f"(SELECT history_date, history_id, 0 AS fallback FROM first_each "
        f"ORDER BY {ordering} OFFSET %s LIMIT 1) "
        f"UNION ALL SELECT %s::timestamptz, %s, 1) candidates ORDER BY fallback LIMIT 1) "
        f"SELECT nearest.history_date, %s, nearest.history_id FROM "
        f"{rows_per_parent('nearest', up_to_bound)} "
        f"ORDER BY {ordering} LIMIT %s"
    )
    return sql, (*params, 1, partnership_id, limit, limit - 1, *no_bound,
                 key, *params, limit, partnership_id, limit)


def _previous_records(tracked: Tracked, records) -> dict[int, object]:
    """The record before each changed one, fetched in one query for the whole page."""
    wanted = {r.history_id: r.previous_id for r in records
              if r.history_type == "~" and r.previous_id is not None}
    found = tracked.history_model.objects.in_bulk(set(wanted.values()))
    return {history_id: found[previous_id] for history_id, previous_id in wanted.items()
            if previous_id in found}


period_label = label_of_key


def _is_period(field) -> bool:
    """Period keys ("FQ2026-2") are kept in text fields named "period" or "..._period"."""
    return (isinstance(field, models.CharField) and not field.choices
            and (field.name == "period" or field.name.endswith("_period")))


def _display(field, value) -> str:
    if value is None or value == "":
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return format_date(value, DATE_FORMAT)
    if _is_period(field):
        return period_label(value)
    return str(value)


@dataclass(frozen=True)
class _Ref:
    """A related object's id, named later in one query per model for the whole page."""

    model: type
    pk: object


@dataclass(frozen=True)
class _Refs:
    """The ids of the rows a many-to-many link held, named later like `_Ref`."""

    model: type
    pks: frozenset


def _value(field, value):
    if field.is_relation and value is not None:
        return _Ref(field.related_model, value)
    return _display(field, value)


def _field_changes(model, old, new) -> tuple[FieldChange, ...]:
    changes = []
    for field in model._meta.concrete_fields:
        # A field the history leaves out (excluded_fields, such as a report's content) has
        # no value on the records to compare.
        if field.name in SKIPPED_FIELDS or not hasattr(old, field.attname):
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before != after:
            changes.append(FieldChange(str(field.verbose_name).capitalize(),
                                       _value(field, before), _value(field, after)))
    return tuple(changes)


def _m2m_links(tracked: Tracked, records) -> dict[tuple[str, int], set]:
    """The ids each historical record's many-to-many links held, by field name and record:
    one query per many-to-many field for the whole page."""
    history_model = tracked.history_model
    record_ids = [record.history_id for record in records]
    links: dict[tuple[str, int], set] = {}
    for field in history_model._history_m2m_fields if record_ids else ():
        rows = getattr(history_model, field.name).model.objects.filter(
            history_id__in=record_ids)
        target = f"{field.m2m_reverse_field_name()}_id"
        for history_id, target_id in rows.values_list("history_id", target):
            links.setdefault((field.name, history_id), set()).add(target_id)
    return links


def _m2m_changes(tracked: Tracked, links, old, new) -> tuple[FieldChange, ...]:
    changes = []
    for field in tracked.history_model._history_m2m_fields:
        before = links.get((field.name, old.history_id), set())
        after = links.get((field.name, new.history_id), set())
        if before != after:
            changes.append(FieldChange(str(field.verbose_name).capitalize(),
                                       _Refs(field.related_model, frozenset(before)),
                                       _Refs(field.related_model, frozenset(after))))
    return tuple(changes)


def _deleted_names(model, pks: set) -> dict:
    """Names of deleted rows from their own history, for models that keep one."""
    if not pks or not is_tracked(model):
        return {}
    pk_name = model._meta.pk.attname
    records = model.history.filter(**{f"{pk_name}__in": pks}).order_by("history_id")
    return {getattr(record, pk_name): f"{record.instance} (since deleted)"
            for record in records}


def _name_references(changes: list[Change], known) -> list[Change]:
    """Name the related rows of every change in one query per model; people as the
    partnership knows them (`known`, a KnownNames)."""
    wanted: dict[type, set] = {}
    for change in changes:
        for item in change.fields:
            for value in (item.old, item.new):
                if isinstance(value, _Ref):
                    wanted.setdefault(value.model, set()).add(value.pk)
                elif isinstance(value, _Refs):
                    wanted.setdefault(value.model, set()).update(value.pks)
    names = {}
    for model, ids in wanted.items():
        found = model._base_manager.in_bulk(ids).items()
        if model is get_user_model():
            names[model] = {pk: known.of(user) for pk, user in found}
        else:
            names[model] = {pk: str(obj) for pk, obj in found}
        names[model] |= _deleted_names(model, ids - names[model].keys())

    def name(value):
        if isinstance(value, _Ref):
            return names[value.model].get(value.pk, "(since deleted)")
        if isinstance(value, _Refs):
            found = (names[value.model].get(pk, "(since deleted)") for pk in value.pks)
            return ", ".join(sorted(found)) or "(none)"
        return value

    return [replace(change, fields=tuple(replace(item, old=name(item.old), new=name(item.new))
                                         for item in change.fields)) for change in changes]


WITHHELD = "(not shown)"


def _withheld(tracked: Tracked, fields: tuple) -> tuple:
    names = {str(tracked.model._meta.get_field(name).verbose_name).capitalize()
             for name in tracked.withheld}
    return tuple(replace(item, old=WITHHELD, new=WITHHELD) if item.field in names else item
                 for item in fields)


def _change(tracked: Tracked, key: str, record, previous, links, known) -> Change | None:
    """The change `record` made, or None when it changed no field people see (a save with
    the same values, or a field since removed, such as the settings' vision)."""
    who = known.of(record.history_user, nobody=OPERATOR)
    fields = ()
    if previous is not None:
        fields = _withheld(tracked, _field_changes(tracked.model, previous, record)
                           + _m2m_changes(tracked, links, previous, record))
        if record.history_type == "~" and not fields:
            return None
    return Change(record.history_date, who, tracked.kind, ACTIONS[record.history_type],
                  tracked.label(record), record.history_change_reason or "", fields,
                  Position(record.history_date, key, record.history_id))


def _changes(selected: dict[str, Tracked], rows: list[tuple[Position, object]],
             known) -> list[Change]:
    """The changes of `rows` (position and historical record, in page order), their fields
    compared with the records before them: a fixed number of queries per tracked model.
    A record that changed nothing is left out; the page's links still start from the rows
    read, so paging moves past it (a page may show fewer rows than it read)."""
    by_key: dict[str, list] = {}
    for position, record in rows:
        by_key.setdefault(position.key, []).append(record)
    built = {}
    for key, records in by_key.items():
        tracked = selected[key]
        previous = _previous_records(tracked, records)
        links = _m2m_links(tracked, [*previous.values(),
                                     *(r for r in records if r.history_id in previous)])
        for record in records:
            built[(key, record.history_id)] = _change(
                tracked, key, record, previous.get(record.history_id), links, known)
    shown = (built[(p.key, p.history_id)] for p, _ in rows)
    return _name_references([change for change in shown if change is not None], known)


def _read(selected, partnership, user_id, position, older: bool, count: int):
    """The first `count` changes after `position` in the direction read, nearest first, as
    (position, historical record): each tracked model gives at most that many positions
    (all in one query on PostgreSQL), the nearest that many are kept, and their records
    are read from the tracked models they belong to."""
    arguments = (partnership.pk, user_id, position, older, count)
    if connection.vendor == "postgresql":
        rows = _fetch(*_union_sql(tuple(selected), *arguments))
    else:
        rows = [row for key, tracked in selected.items()
                for row in _positions(tracked, key, *arguments)]
    positions = sorted((Position(*row) for row in rows), reverse=older)[:count]
    wanted: dict[str, list[int]] = {}
    for found in positions:
        wanted.setdefault(found.key, []).append(found.history_id)
    records = {key: _records(selected[key], ids) for key, ids in wanted.items()}
    return [(found, records[found.key][found.history_id]) for found in positions]


@lru_cache(maxsize=256)
def _union_sql(keys: tuple[str, ...], partnership_id: int, user_id, position, older: bool,
               count: int) -> tuple[str, tuple]:
    """The positions of every tracked model of `keys` as one query (on PostgreSQL), and its
    parameters. Kept per process for each page asked, the newest above all: building the SQL
    of sixty-odd querysets took more of a core than PostgreSQL took to run it."""
    parts = [_positions_sql(_tracked[key], key, partnership_id, user_id, position, older, count)
             for key in keys]
    return (" UNION ALL ".join(f"({part})" for part, _ in parts),
            tuple(value for _, params in parts for value in params))


def _fetch(sql: str, params: tuple) -> list[tuple]:
    # PostgreSQL's JIT compiler, switched off in settings.py, took 28 s over this query's
    # plan of sixty-odd parts at national scale; without it the query runs in 40 ms.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def changes_page(partnership, *, user_id=None, kind=None, older_than: Position | None = None,
                 newer_than: Position | None = None, limit=50) -> paging.Page:
    """`limit` changes (`Change`s), newest first: the newest, those just older than
    `older_than`, or those just newer than `newer_than`."""
    selected = {key: t for key, t in _tracked.items() if kind in (None, "", key)}

    def read(position, older: bool, count: int):
        return _read(selected, partnership, user_id, position, older, count)

    page = paging.read_page(read, lambda row: row[0], older_than=older_than,
                            newer_than=newer_than, limit=limit)
    return replace(page, rows=_changes(selected, page.rows, known_names(partnership)))
