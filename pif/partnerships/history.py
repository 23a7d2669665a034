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

import heapq
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Q, Subquery
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
        select_related, withheld,
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


def _records(tracked: Tracked, key: str, partnership, user_id, position, older: bool,
             limit: int) -> list:
    """At most `limit` rows of one tracked model after `position`, nearest first, each with
    the id of the record before it of the same object (`previous_id`)."""
    history = tracked.model.history.model.objects
    queryset = history.filter(**{tracked.partnership_lookup: partnership.pk})
    if user_id:
        queryset = queryset.filter(history_user_id=user_id)
    if position is not None:
        queryset = queryset.filter(_beyond(position, key, older=older))
    pk_name = tracked.model._meta.pk.attname
    before = history.filter(**{pk_name: OuterRef(pk_name),
                               "history_id__lt": OuterRef("history_id")})
    order = ("-history_date", "-history_id") if older else ("history_date", "history_id")
    related = ("history_user", *tracked.select_related)
    return list(queryset.select_related(*related)
                .annotate(previous_id=Subquery(before.order_by("-history_id")
                                               .values("history_id")[:1]))
                .order_by(*order)[:limit])


def _previous_records(tracked: Tracked, records) -> dict[int, object]:
    """The record before each changed one, fetched in one query for the whole page."""
    wanted = {r.history_id: r.previous_id for r in records
              if r.history_type == "~" and r.previous_id is not None}
    found = tracked.model.history.model.objects.in_bulk(set(wanted.values()))
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
    history_model = tracked.model.history.model
    record_ids = [record.history_id for record in records]
    links: dict[tuple[str, int], set] = {}
    for field in history_model._history_m2m_fields if record_ids else ():
        rows = getattr(history_model, field.name).model.objects.filter(
            history_id__in=record_ids)
        target = f"{field.m2m_reverse_field_name()}_id"
        for history_id, target_id in rows.values_list("history_id", target):
            links.setdefault((field.name, history_id), set()).add(target_id)
    return links


def _m2m_changes(model, links, old, new) -> tuple[FieldChange, ...]:
    changes = []
    for field in model.history.model._history_m2m_fields:
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
                           + _m2m_changes(tracked.model, links, previous, record))
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
    (position, historical record): each tracked model reads at most that many rows, and the
    merge keeps that many."""
    streams = []
    for key, tracked in selected.items():
        records = _records(tracked, key, partnership, user_id, position, older, count)
        streams.append([(Position(r.history_date, key, r.history_id), r) for r in records])
    merged = heapq.merge(*streams, key=lambda row: row[0], reverse=older)
    return list(islice(merged, count))


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
