"""One history page for a partnership, gathered from every model that keeps history.

Apps register their history-keeping models with `track`. A page of changes costs a fixed
number of queries per tracked model, whatever the number of rows shown. Changes to
many-to-many links (a group's outcomes, an indicator's tags) show as a list of names before
and after; a link to a row since deleted is named from that row's own history.
"""

import heapq
from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models

from pif.history_writes import is_tracked
from pif.partnerships.names import OPERATOR, known_names

SKIPPED_FIELDS = {"id", "version", "created", "updated"}


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    partnership_lookup: str
    kind: str
    label: object  # callable(historical record) -> str
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    kind: str
    action: str
    label: str
    reason: str
    fields: tuple[FieldChange, ...]


_tracked: dict[str, Tracked] = {}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def track(model, *, partnership_lookup: str, kind: str, label=None,
          select_related: tuple[str, ...] = ()) -> None:
    """Show changes to `model` on the history page under the kind `kind`."""
    _tracked[model._meta.label_lower] = Tracked(
        model, partnership_lookup, kind, label or (lambda record: str(record.instance)),
        select_related,
    )


def kind_of(model) -> str:
    """What the history page calls a record of `model`, such as "Driver diagram entry"."""
    tracked = _tracked.get(model._meta.label_lower)
    return tracked.kind if tracked else str(model._meta.verbose_name).capitalize()


def kinds() -> list[tuple[str, str]]:
    return sorted(((key, t.kind) for key, t in _tracked.items()), key=lambda pair: pair[1])


def _records(tracked: Tracked, partnership, user_id, limit: int):
    history = tracked.model.history.model.objects
    queryset = history.filter(**{tracked.partnership_lookup: partnership.pk})
    if user_id:
        queryset = queryset.filter(history_user_id=user_id)
    related = ("history_user", *tracked.select_related)
    return list(queryset.select_related(*related).order_by("-history_date", "-history_id")[:limit])


def _previous_records(tracked: Tracked, records) -> dict[int, object]:
    """The record before each changed one, fetched in one query for the whole page."""
    changed = [r for r in records if r.history_type == "~"]
    if not changed:
        return {}
    pk_name = tracked.model._meta.pk.attname
    earlier = tracked.model.history.model.objects.filter(
        **{f"{pk_name}__in": {getattr(r, pk_name) for r in changed}},
        history_id__lt=max(r.history_id for r in changed),
    ).order_by("history_id")
    by_object: dict[object, list] = {}
    for record in earlier:
        by_object.setdefault(getattr(record, pk_name), []).append(record)
    previous = {}
    for record in changed:
        before = [c for c in by_object.get(getattr(record, pk_name), [])
                  if c.history_id < record.history_id]
        if before:
            previous[record.history_id] = before[-1]
    return previous


def _display(field, value) -> str:
    if value is None or value == "":
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
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
        if field.name in SKIPPED_FIELDS:
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


def _change(tracked: Tracked, record, previous, links, known) -> Change:
    who = known.of(record.history_user, nobody=OPERATOR)
    fields = ()
    if previous is not None:
        fields = (_field_changes(tracked.model, previous, record)
                  + _m2m_changes(tracked.model, links, previous, record))
    return Change(record.history_date, who, tracked.kind, ACTIONS[record.history_type],
                  tracked.label(record), record.history_change_reason or "", fields)


def changes(partnership, *, user_id=None, kind=None, offset=0, limit=50) -> list[Change]:
    """Newest first; at most `limit` changes after skipping `offset`."""
    selected = [t for key, t in _tracked.items() if kind in (None, "", key)]
    known = known_names(partnership)
    streams = []
    for tracked in selected:
        records = _records(tracked, partnership, user_id, offset + limit)
        previous = _previous_records(tracked, records)
        links = _m2m_links(tracked, [*previous.values(),
                                     *(r for r in records if r.history_id in previous)])
        streams.append([_change(tracked, r, previous.get(r.history_id), links, known)
                        for r in records])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return _name_references(list(merged)[offset:offset + limit], known)
