"""Saving and deleting with validation, history and an event, the same way for every model."""

from django.db import models

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version, is_versioned
from pif.outcomes.rules import check_links_in_partnership
from pif.rules import refuse


def partnership_of(obj):
    for path in ("partnership", "group.partnership", "diagram.partnership"):
        target = obj
        for attr in path.split("."):
            target = getattr(target, attr, None)
        if target is not None:
            return target
    raise ValueError(f"{obj!r} has no partnership")


def _partnership_id(value):
    return getattr(value, "partnership_id", None)


def check_scope(obj, partnership, m2m: dict | None = None) -> None:
    """Refuse links to another partnership's rows (rule "same_partnership")."""
    owners = {field.name: [_partnership_id(getattr(obj, field.name, None))]
              for field in obj._meta.concrete_fields
              if field.is_relation and field.name not in ("partnership", "group", "diagram")}
    owners |= {name: [_partnership_id(value) for value in values]
               for name, values in (m2m or {}).items()}
    refuse(check_links_in_partnership(owners, partnership.pk))


def save(actor: Actor, obj: models.Model, *, verb: str, description: str,
         loaded_version: LoadedVersion, m2m: dict | None = None,
         exclude=None) -> models.Model:
    """Validate and save `obj`. A change to a saved record goes through the edit-conflict
    check with `loaded_version`: the form's, or PROGRAM_CHANGE (see
    pif.editing.claim_version); None only when adding a record. Call within a transaction."""
    partnership = partnership_of(obj)
    check_scope(obj, partnership, m2m)
    obj.full_clean(exclude=exclude, validate_unique=True)
    if obj.pk is not None and is_versioned(obj):
        claim_version(obj, loaded_version)
    actor.stamp(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    actor.event(partnership, verb, description, obj)
    return obj


def delete(actor: Actor, obj: models.Model, *, verb: str, description: str) -> None:
    partnership = partnership_of(obj)
    history_writes.delete(actor, obj)
    actor.event(partnership, verb, description)
