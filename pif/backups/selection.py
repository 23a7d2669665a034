"""Which rows belong to one partnership, found by following foreign keys; and a load order.

`partnership_querysets(partnership_id, apps=django.apps.apps)` returns a list of
`(model, queryset)`, one per model that holds rows of the partnership, parents first, so
loading the lists in that order never meets a row whose parent is still to come (bar
cycles and self-references, which need foreign key checks deferred; `pif restore` defers
them). It works on the live models and on the historical models of a migration state
(`MigrationLoader(...).project_state(...).apps`), which is how `pif backup` reads them.

How a row is found to belong (generic; nothing here names a PIF model but Partnership):

- A *partnership model* is one with a path of foreign keys to partnerships.Partnership
  (found breadth-first). History models (simple_history's `HistoricalX`) count: their
  foreign keys are copies of the model's, so the same search finds them, and the history
  of Partnership itself is found by its `id`.
- A row of a partnership model belongs when ANY of its foreign keys (other than a
  reference to its own model) points at a row of the partnership: either a live row of
  the target, or a row the target's history knows was once the partnership's. The second
  part keeps history rows whose live parent has since been deleted (their foreign keys
  are not constraints, so they outlive the parent).
- A model with no path to Partnership is not partnership data (sessions, login attempts,
  the national outcomes frameworks, groups). Rows of such models that the selected rows
  point at are carried as well, because a backup cannot be loaded without them: the
  users named on the partnership's rows (their password hashes included: the exit
  download must leave those out), and the national framework versions and nodes the
  partnership's outcomes map to. Those follow their own foreign keys in turn until
  nothing new is found. `referenced_rows(...)` gives just these. A row another
  partnership owns is never carried, even when a row of this one points at it (a data
  fault): the backup refuses (`strict=True`, `ForeignPartnershipRows`), since its restore
  would fail the foreign key check; the exit download leaves the row out.

The selection of a model is one query with a few `IN (subquery)` parts, so nothing is held
in memory but the small sets of referenced ids (users, framework rows).
"""

from __future__ import annotations

from collections import deque

import django.apps
from django.conf import settings
from django.db.models import Model, Q, QuerySet

ROOT = ("partnerships", "Partnership")
HISTORY_PREFIX = "Historical"


def concrete_models(apps=django.apps.apps) -> list[type[Model]]:
    """Every model that has a table of its own, many-to-many tables included."""
    return [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def foreign_keys(model: type[Model]) -> list:
    """The model's many-to-one and one-to-one fields (those with a column)."""
    return [field for field in model._meta.concrete_fields
            if field.is_relation and (field.many_to_one or field.one_to_one)]


def history_of(model: type[Model], apps) -> type[Model] | None:
    """The simple_history model that records `model`, if there is one."""
    try:
        return apps.get_model(model._meta.app_label, HISTORY_PREFIX + model.__name__)
    except LookupError:
        return None


def recorded_model(model: type[Model], apps) -> type[Model] | None:
    """The model a history model records (HistoricalX -> X), or None for other models."""
    name = model.__name__
    if not name.startswith(HISTORY_PREFIX) or "history_id" not in _field_names(model):
        return None
    try:
        return apps.get_model(model._meta.app_label, name[len(HISTORY_PREFIX):])
    except LookupError:
        return None


def _field_names(model: type[Model]) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def paths_to_root(apps=django.apps.apps) -> dict[type[Model], list[str]]:
    """For each partnership model, the shortest chain of foreign key names to Partnership.

    Breadth-first from Partnership over the reversed foreign keys, required ones first;
    Partnership's own entry is an empty chain and its history's is ["id"].
    """
    root = apps.get_model(*ROOT)
    models = concrete_models(apps)
    paths: dict[type[Model], list[str]] = {root: []}
    # First through required foreign keys only, so a chain never skips the rows whose
    # optional link is empty; then through any foreign key for the models left.
    for required_only in (True, False):
        queue = deque(paths)
        while queue:
            target = queue.popleft()
            for model in models:
                if model in paths:
                    continue
                for field in foreign_keys(model):
                    if field.related_model is target and not (required_only and field.null):
                        paths[model] = [field.name, *paths[target]]
                        queue.append(model)
                        break
    root_history = history_of(root, apps)
    if root_history is not None:
        paths[root_history] = ["id"]
    return paths


def _chain(model, path, partnership_id) -> QuerySet:
    """The rows found by following one chain of foreign keys (joins, no subqueries)."""
    if not path:
        return model._default_manager.filter(pk=partnership_id)
    if path == ["id"]:
        return model._default_manager.filter(id=partnership_id)
    return model._default_manager.filter(**{"__".join(path) + "_id": partnership_id})


def _selection(model, paths, partnership_id, apps) -> QuerySet:
    """The model's rows of the partnership: any foreign key pointing into the partnership."""
    path = paths[model]
    if len(path) <= 1:
        return _chain(model, path, partnership_id)
    condition = Q()
    for field in foreign_keys(model):
        target = field.related_model
        if target is model or target not in paths:
            continue
        if not paths[target]:
            condition |= Q(**{field.attname: partnership_id})
            continue
        condition |= Q(**{f"{field.attname}__in": _chain(
            target, paths[target], partnership_id).values("pk")})
        target_history = history_of(target, apps)
        if target_history in paths:
            condition |= Q(**{f"{field.attname}__in": _chain(
                target_history, paths[target_history], partnership_id).values("id")})
    return model._default_manager.filter(condition)


class ForeignPartnershipRows(ValueError):
    """Rows of the partnership point at rows of another partnership (a data fault)."""

    def __init__(self, found: dict[str, list]):
        self.found = found
        listed = "; ".join(f"{label} {ids[:5]}" for label, ids in sorted(found.items()))
        super().__init__(f"The partnership's rows point at other partnerships' rows: {listed}.")


def _owned_by_a_partnership(model, ids, paths) -> set:
    """Those of `ids` whose chain to Partnership ends at a partnership. A shared row (a
    shipped framework, its versions and nodes) has a NULL somewhere on its chain."""
    path = paths[model]
    if not path or path == ["id"]:
        return set(ids)
    lookup = "__".join(path) + "_id"
    return set(model._default_manager.filter(pk__in=sorted(ids))
               .exclude(**{lookup: None}).values_list("pk", flat=True))


def load_order(models: list[type[Model]]) -> list[type[Model]]:
    """Models sorted parents first (Kahn's algorithm). Self-references are ignored; a cycle
    is broken at the model with the fewest parents still to come, keeping the input order
    otherwise, so the order is stable."""
    remaining = list(models)
    chosen: list[type[Model]] = []
    placed: set[type[Model]] = set()

    def waiting_on(model):
        return {field.related_model for field in foreign_keys(model)
                if field.related_model is not model and field.related_model in remaining
                and field.related_model not in placed}

    while remaining:
        ready = [model for model in remaining if not waiting_on(model)]
        if not ready:
            ready = [min(remaining, key=lambda model: len(waiting_on(model)))]
        for model in ready:
            chosen.append(model)
            placed.add(model)
            remaining.remove(model)
    return chosen


def referenced_rows(selected: dict[type[Model], QuerySet], apps=django.apps.apps,
                    paths=None, strict: bool = False) -> dict[type[Model], QuerySet]:
    """Shared rows the selected rows need: the rows outside the selection they point at
    (users, a national framework's versions and nodes, a national self-assessment
    framework with a null partnership), followed up through their own foreign keys, and
    down to their parts (a framework's versions, a version's nodes, and their history),
    until nothing new appears. Users are followed up only: a user's other memberships,
    tokens and sign-in identities are not this partnership's.

    A row that belongs to a partnership is never carried: the selected rows are this
    partnership's already, so it is another's, and following it down would bring that
    partnership's data in. It is left out, or with `strict` raises ForeignPartnershipRows."""
    paths = paths_to_root(apps) if paths is None else paths
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    models = concrete_models(apps)
    selected_ids: dict[type[Model], set] = {}
    shared: dict[type[Model], set] = {}
    foreign: dict[str, list] = {}
    to_scan: deque[tuple[type[Model], QuerySet]] = deque(selected.items())

    def already_selected(model) -> set:
        if model not in selected_ids:
            selected_ids[model] = (set(selected[model].values_list("pk", flat=True))
                                   if model in selected else set())
        return selected_ids[model]

    def add(model, ids) -> None:
        new = set(ids) - already_selected(model) - shared.setdefault(model, set())
        if not new:
            return
        if model in paths:
            owned = _owned_by_a_partnership(model, new, paths)
            if owned:
                foreign.setdefault(model._meta.label, []).extend(sorted(owned))
                new -= owned
            if not new:
                return
        shared[model] |= new
        rows = model._default_manager.filter(pk__in=sorted(new))
        to_scan.append((model, rows))
        if model is not user_model:
            add_parts(model, new)

    def add_parts(model, ids) -> None:
        history = history_of(model, apps)
        if history is not None:
            add(history, history._default_manager.filter(id__in=sorted(ids))
                .values_list("pk", flat=True))
        for child in models:
            if child is model:
                continue
            for field in foreign_keys(child):
                owning = child not in paths or paths[child][:1] == [field.name]
                if field.related_model is model and owning:
                    add(child, child._default_manager.filter(
                        **{f"{field.attname}__in": sorted(ids)}).values_list("pk", flat=True))

    while to_scan:
        model, queryset = to_scan.popleft()
        for field in foreign_keys(model):
            target = field.related_model
            add(target, queryset.exclude(**{field.attname: None})
                .values_list(field.attname, flat=True).distinct())
    if foreign and strict:
        raise ForeignPartnershipRows(foreign)
    return {model: model._default_manager.filter(pk__in=sorted(ids))
            for model, ids in shared.items() if ids}


def partnership_querysets(
    partnership_id, apps=django.apps.apps, strict: bool = False,
) -> list[tuple[type[Model], QuerySet]]:
    """Every model's rows that belong to the partnership, plus the rows outside it they
    point at (see the module docstring), parents first. Models with no rows to give are
    still listed (with an empty queryset) when they are partnership models, so a reader
    can tell "none" from "not partnership data". With `strict`, a row pointing at another
    partnership's row raises ForeignPartnershipRows instead of leaving that row out."""
    paths = paths_to_root(apps)
    selected = {model: _selection(model, paths, partnership_id, apps)
                for model in concrete_models(apps) if model in paths}
    for model, shared in referenced_rows(selected, apps, paths, strict).items():
        selected[model] = (selected[model] | shared) if model in selected else shared
    return [(model, selected[model].order_by("pk")) for model in load_order(list(selected))]
