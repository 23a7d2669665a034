"""The Activity page's events, newest first, read by position like History (`pif.paging`):
a page deep in a long event log costs what the first page costs."""

from dataclasses import dataclass
from datetime import datetime

from pif import paging
from pif.lib.text import parse_id
from pif.partnerships.models import Event


@dataclass(frozen=True, order=True)
class EventPosition:
    """Where an event sits in the log: by time, then by id. Newest first means largest first."""

    when: datetime
    event_id: int

    def encode(self) -> str:
        return paging.encode(self.when, self.event_id)

    @classmethod
    def decode(cls, text) -> "EventPosition | None":
        """The position a page link names, or None for anything malformed."""
        parts = paging.decode(text, 2)
        if parts is None or parse_id(parts[1]) is None:
            return None
        return cls(parts[0], parse_id(parts[1]))

    @classmethod
    def of(cls, event: Event) -> "EventPosition":
        return cls(event.created, event.pk)


def events_page(partnership, *, older_than: EventPosition | None = None,
                newer_than: EventPosition | None = None, limit=50) -> paging.Page:
    """`limit` events of `partnership`, newest first, in one query: the newest, those just
    older than `older_than`, or those just newer than `newer_than`."""
    def read(position, older: bool, count: int) -> list[Event]:
        events = Event.objects.filter(partnership=partnership).select_related("actor")
        if position is not None:
            events = events.filter(paging.beyond(position.when, position.event_id, older=older,
                                                 time_field="created", id_field="id"))
        order = ("-created", "-id") if older else ("created", "id")
        return list(events.order_by(*order)[:count])

    return paging.read_page(read, EventPosition.of, older_than=older_than,
                            newer_than=newer_than, limit=limit)
