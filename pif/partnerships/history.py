"""One history page for a partnership, gathered from every model that keeps history.

Apps register their history-keeping models with `track`. A page of changes costs a fixed
number of queries per tracked model, whatever the number of rows shown.
"""

import heapq
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import models

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


def _name_references(changes: list[Change]) -> list[Change]:
    wanted: dict[type, set] = {}
    for change in changes:
        for item in change.fields:
            for value in (item.old, item.new):
                if isinstance(value, _Ref):
                    wanted.setdefault(value.model, set()).add(value.pk)
    names = {model: {pk: str(obj) for pk, obj in model._base_manager.in_bulk(ids).items()}
             for model, ids in wanted.items()}

    def name(value):
        if isinstance(value, _Ref):
            return names[value.model].get(value.pk, "(since deleted)")
        return value

    return [replace(change, fields=tuple(replace(item, old=name(item.old), new=name(item.new))
                                         for item in change.fields)) for change in changes]


def _change(tracked: Tracked, record, previous) -> Change:
    who = record.history_user.display_name if record.history_user else "Operator"
    fields = _field_changes(tracked.model, previous, record) if previous is not None else ()
    return Change(record.history_date, who, tracked.kind, ACTIONS[record.history_type],
                  tracked.label(record), record.history_change_reason or "", fields)


def changes(partnership, *, user_id=None, kind=None, offset=0, limit=50) -> list[Change]:
    """Newest first; at most `limit` changes after skipping `offset`."""
    selected = [t for key, t in _tracked.items() if kind in (None, "", key)]
    streams = []
    for tracked in selected:
        records = _records(tracked, partnership, user_id, offset + limit)
        previous = _previous_records(tracked, records)
        streams.append([_change(tracked, r, previous.get(r.history_id)) for r in records])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return _name_references(list(merged)[offset:offset + limit])
