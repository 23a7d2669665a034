"""Changes to many rows of tracked models, kept in history with who made them and why.

Every change to partnership data must reach the History page. Three Django shortcuts skip
django-simple-history: `QuerySet.update()`, `on_delete=SET_NULL` (and SET_DEFAULT, SET), and
the removal of many-to-many rows when one side is deleted. So services change many rows of a
tracked model only through this module:

- `update(actor, rows, **values)` saves each row, stamped with who made the change;
- `delete(actor, obj)` first empties the links that point at what is being deleted (foreign
  keys declared with `on_delete=CLEAR_WITH_HISTORY`, and many-to-many links), then deletes
  it with everything that cascades, every row stamped with who did it;
- `delete_each(actor, rows)` does that for each of many rows.

pif/tests/test_history_complete.py fails on any other `.update()` or queryset `.delete()` of a
tracked model, and on any foreign key of a tracked model that would change rows behind
history's back.
See docs/adr/0005-complete-history.md.
"""

from collections.abc import Iterable

from django.db import models, router, transaction
from django.db.models.deletion import RESTRICT, Collector

from pif.editing import PROGRAM_CHANGE, claim_version, is_versioned

# A name is cut to fit the 100 characters django-simple-history keeps of a reason.
NAME_LENGTH = 30


def CLEAR_WITH_HISTORY(collector, field, sub_objs, using):  # noqa: N802 (named like CASCADE)
    """on_delete for an optional link that `delete` empties, in history, before deleting what
    it points at. Any other way of deleting is refused while the link is set, as RESTRICT
    would, so no link is ever emptied without a trace."""
    RESTRICT(collector, field, sub_objs, using)


def is_tracked(model) -> bool:
    """Whether django-simple-history keeps the history of `model`."""
    return hasattr(model._meta, "simple_history_manager_attribute")


@transaction.atomic
def update(actor, rows: Iterable[models.Model], *, reason: str = "", **values) -> int:
    """Set `values` on each row and save it, so each change is in history with who made it
    and `reason`. A row that people edit goes through the edit-conflict check, as a change
    the program makes from what it read: if someone saved the row since, EditConflict, and
    nothing of theirs is overwritten; otherwise its version moves on, so an edit form opened
    before this change is told about it. Returns the number of rows changed."""
    count = 0
    for row in rows:
        fields = list(values)
        if is_versioned(row):
            claim_version(row, PROGRAM_CHANGE)
            fields.append("version")
        for name, value in values.items():
            setattr(row, name, value)
        actor.stamp(row, reason)
        row.save(update_fields=fields)
        count += 1
    return count


def _doomed(obj) -> dict[type, set]:
    """Every row deleting `obj` would delete, by model, whatever links still point at them."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj], fail_on_restricted=False)
    return {model._meta.concrete_model: {row.pk for row in rows}
            for model, rows in collector.data.items()}


def _what(obj) -> str:
    """The deleted record in plain words, as the history page names its kind."""
    from pif.partnerships.history import kind_of

    name = str(obj)
    if len(name) > NAME_LENGTH:
        name = name[:NAME_LENGTH - 1].rstrip() + "…"
    return f"{kind_of(type(obj))} “{name}”"


def was_deleted(obj) -> str:
    """The reason given for a change made because `obj` is being deleted."""
    return f"{_what(obj)} was deleted"


def _links_to(model):
    """The reverse side of every link to `model`, those named "+" included."""
    return [field for field in model._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete and field.is_relation]


def _clear_links(actor, doomed: dict[type, set], reason: str) -> None:
    """Empty, in history, the optional links and many-to-many links from rows that stay to
    rows that go."""
    for model, pks in doomed.items():
        for relation in _links_to(model):
            field = relation.field
            owner = field.model._meta.concrete_model
            staying = owner._base_manager.exclude(pk__in=doomed.get(owner, ()))
            linked = staying.filter(**{f"{field.name}__in": pks}).distinct().order_by("pk")
            if relation.many_to_many:
                for row in linked:
                    actor.stamp(row, reason)
                    getattr(row, field.name).remove(*pks)
            elif field.remote_field.on_delete is CLEAR_WITH_HISTORY:
                update(actor, linked, reason=reason, **{field.name: None})


@transaction.atomic
def delete(actor, obj: models.Model, *, reason: str = "") -> None:
    """Delete `obj` and what cascades from it, each row in history with who deleted it
    (and, for `obj` itself, `reason`).

    Links to it declared CLEAR_WITH_HISTORY, and many-to-many links to it, are emptied first,
    each a change in history saying why. Raises ProtectedError or RestrictedError, with
    nothing changed, when other rows must be moved first.
    """
    _clear_links(actor, _doomed(obj), reason=was_deleted(obj))
    what = _what(obj)
    cascaded = f"Deleted with {what[0].lower()}{what[1:]}"
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    for rows in collector.data.values():
        for row in rows:
            actor.stamp(row, reason if row is obj else cascaded)
    collector.delete()


def delete_each(actor, rows: Iterable[models.Model]) -> None:
    """`delete` each of `rows`: unlike QuerySet.delete(), every row deleted names the person
    even outside a web request."""
    for row in rows:
        delete(actor, row)
