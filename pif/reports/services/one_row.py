"""One row per partnership (its reporting settings, its public page settings): read it to
change it, or start it, and save it so that two people starting it at once cannot make two.

Shared by pif.reports.services.settings and pif.reports.services.publishing.
"""

from __future__ import annotations

from pif.actors import Actor
from pif.editing import NO_LOADED_VERSION, LoadedVersion, claim_version, refusing_a_racing_create

__all__ = ["claim", "save"]


def claim(model, partnership, loaded_version: LoadedVersion):
    """``(row, creating)``: the partnership's row of ``model``, claimed at ``loaded_version``
    (an EditConflict when it changed since), or a new unsaved one when it has none yet
    (``loaded_version`` 0: the page was loaded before it was first saved)."""
    row = model.objects.filter(partnership=partnership).first()
    if row is None:
        if loaded_version is None:
            raise ValueError(NO_LOADED_VERSION)
        return model(partnership=partnership), True
    claim_version(row, loaded_version)
    return row, False


def save(actor: Actor, row, creating: bool) -> None:
    """Stamp and save ``row``; a racing first save is refused as an edit conflict."""
    actor.stamp(row)
    with refusing_a_racing_create(type(row), partnership=row.partnership):
        row.save(force_insert=creating)
