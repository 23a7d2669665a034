"""Pages read by position (keyset pagination), newest first: History and Activity.

A page does not have a number: its Older link names the position of the last row shown
(`?before=…`), its Newer link that of the first (`?after=…`), so a page deep in a long list
costs what the first page costs and a link stays right when new rows arrive. A position is
written as the row's time (UTC, to the microsecond) and then whatever tells rows of the
same moment apart, joined by "~": `20261205T062301123456~1234`. Anything else in a link,
malformed or altered, reads as no position: the newest page. See
docs/adr/0013-history-keyset-pagination.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q
from django.utils.http import urlencode

OLDER = "before"  # the query parameter of the Older link
NEWER = "after"  # the query parameter of the Newer link
SEPARATOR = "~"  # never in a time, a model key or a number, and needs no escaping in a link
TIME_FORMAT = "%Y%m%dT%H%M%S%f"


def encode(when: datetime, *rest) -> str:
    """A position as it is written in a page link: the time, then the parts of `rest`."""
    return SEPARATOR.join((when.astimezone(UTC).strftime(TIME_FORMAT), *map(str, rest)))


def decode(text, parts: int) -> tuple | None:
    """The time and the other parts (as text) of a position written with `parts` parts, or
    None for anything malformed. The caller checks the other parts."""
    pieces = text.split(SEPARATOR) if isinstance(text, str) else []
    if len(pieces) != parts:
        return None
    try:
        when = datetime.strptime(pieces[0], TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return (when, *pieces[1:])


def beyond(when: datetime, row_id: int, *, older: bool, time_field: str,
           id_field: str) -> Q:
    """The rows after (`older`: before) the position (`when`, `row_id`) in time, then id.

    The time bound stands on its own, not only inside an OR, so that the database starts its
    index scan at the position instead of filtering from the newest row.
    """
    strict, inclusive = ("lt", "lte") if older else ("gt", "gte")
    return Q(**{f"{time_field}__{inclusive}": when}) & (
        Q(**{f"{time_field}__{strict}": when}) | Q(**{f"{id_field}__{strict}": row_id}))


@dataclass(frozen=True)
class Page:
    """A page of rows, newest first, with the positions the Newer and Older links start
    from (None when there is nothing newer or older)."""

    rows: list
    newer: object
    older: object


def read_page(read: Callable[[object, bool, int], list], position_of: Callable, *,
              older_than=None, newer_than=None, limit: int) -> Page:
    """`limit` rows, newest first: the newest, those just older than `older_than`, or those
    just newer than `newer_than`.

    `read(position, older, count)` returns at most `count` rows beyond `position` (None: from
    the newest) in the direction read, nearest first; `position_of(row)` is a row's position.
    Each page reads one row more than it shows: the extra one says whether there is more.
    """
    if newer_than is not None:
        rows = read(newer_than, False, limit + 1)
        if len(rows) < limit:  # fewer than a page is newer: show the newest page instead
            return read_page(read, position_of, limit=limit)
        more_newer, more_older = len(rows) > limit, True  # at least the row at `newer_than`
        rows = rows[:limit][::-1]
    else:
        rows = read(older_than, True, limit + 1)
        more_newer, more_older = older_than is not None, len(rows) > limit
        rows = rows[:limit]
    return Page(rows, newer=position_of(rows[0]) if more_newer and rows else None,
                older=position_of(rows[-1]) if more_older and rows else None)


def links(page: Page, filters: dict | None = None) -> dict[str, str]:
    """The query strings of a page's Newer and Older links ("" when there is none), keeping
    the filters in use, for `includes/page_links.html`."""
    def link(position, parameter: str) -> str:
        if position is None:
            return ""
        kept = {name: value for name, value in (filters or {}).items() if value}
        return "?" + urlencode({parameter: position.encode(), **kept})

    return {"newer_link": link(page.newer, NEWER), "older_link": link(page.older, OLDER)}


def positions(query, decode_position: Callable) -> dict:
    """The `older_than` and `newer_than` a page's address names, for `read_page`."""
    return {"older_than": decode_position(query.get(OLDER)),
            "newer_than": decode_position(query.get(NEWER))}
