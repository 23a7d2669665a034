"""The event log: business events people read, such as "member added" or "approved".

Field-level history (django-simple-history) says which fields changed; an event says what
happened in words a board member understands. Apps add their verbs with `register_verb`.
"""

from pif.partnerships.models import Event, Partnership

EVENT_VERBS: dict[str, str] = {
    "partnership_created": "Partnership created",
    "settings_changed": "Settings changed",
    "organisation_added": "Organisation added",
    "organisation_changed": "Organisation changed",
    "organisation_removed": "Organisation removed",
    "member_added": "Member added",
    "member_invited": "Member invited",
    "role_changed": "Role changed",
    "member_removed": "Member removed",
    "member_moved": "Member moved to another organisation",
}


def register_verb(verb: str, label: str) -> None:
    EVENT_VERBS.setdefault(verb, label)


def record_event(partnership: Partnership, verb: str, description: str, *, actor,
                 obj=None) -> Event:
    """Write an event by `actor` (a pif.actors.Actor); services call `actor.event(...)`."""
    if verb not in EVENT_VERBS:
        raise ValueError(f"Unknown event verb {verb!r}: register it with register_verb first")
    return Event.objects.create(
        partnership=partnership,
        verb=verb,
        description=description,
        actor=actor.user,
        via=actor.via,
        object_kind=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )
