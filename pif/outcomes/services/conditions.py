"""Risks, governance groups and members, resources, localities, driver diagrams.

Each is saved through `common.save`, so every change is validated, kept in history and
written to the event log with a verb named after the kind of record.
"""

from django.db import transaction

from pif.actors import Actor
from pif.editing import LoadedVersion
from pif.outcomes.models import (
    DriverDiagram,
    DriverNode,
    Group,
    GroupMember,
    Locality,
    Resource,
    Risk,
)
from pif.outcomes.services import common

KINDS = {
    Risk: ("risk", "Risk"),
    Group: ("group", "Group"),
    GroupMember: ("group_member", "Group member"),
    Resource: ("resource", "Resource"),
    Locality: ("locality", "Locality"),
    DriverDiagram: ("driver_diagram", "Driver diagram"),
    DriverNode: ("driver_node", "Driver diagram entry"),
}
VERBS = [(f"{key}_{action}", f"{label} {action}") for key, label in KINDS.values()
         for action in ("added", "changed", "removed")]


@transaction.atomic
def save(actor: Actor, obj, *, loaded_version: LoadedVersion, m2m: dict | None = None):
    key, label = KINDS[type(obj)]
    action = "added" if obj.pk is None else "changed"
    return common.save(actor, obj, verb=f"{key}_{action}",
                       description=f"{label} “{obj}” {action}", m2m=m2m,
                       loaded_version=loaded_version)


@transaction.atomic
def remove(actor: Actor, obj) -> None:
    key, label = KINDS[type(obj)]
    common.delete(actor, obj, verb=f"{key}_removed", description=f"{label} “{obj}” removed")
