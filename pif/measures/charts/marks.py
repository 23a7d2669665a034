"""Changes made, marked on indicators' charts: the registry other apps fill (ADR 0012, 0015).

An indicator's chart shows its own annotations; the changes other apps know of (stage 3's
actions and PDSA cycles) reach it only through this registry, so measures never imports
them. An app registers a provider from its ``registrations.py``::

    from pif.measures.charts import marks
    marks.register(provider)

``provider(indicators, public=False)`` is given a list of indicators and returns
``{indicator_id: [ChangeMark, ...]}`` for those it has changes for; with ``public`` true
(a chart for the public pages or a public report), only changes the partnership chose to
publish, with no links to signed-in pages. It must use a fixed number of queries whatever
the number of indicators. :func:`marks_for` calls every provider
and returns each indicator's marks in date order; with nothing registered it returns ``{}``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

__all__ = ["ChangeMark", "Provider", "marks_for", "register"]


@dataclass(frozen=True)
class ChangeMark:
    """A change drawn on a chart at ``date``: ``label`` names it ("A01 Open a falls
    clinic"), ``kind`` says what it is ("Action completed", "PDSA cycle started") and
    ``url`` is its page ("" for none)."""

    date: date
    label: str
    kind: str
    url: str = ""


Provider = Callable[[list], dict[int, list[ChangeMark]]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider of change marks; registering the same one again does nothing."""
    if provider not in _providers:
        _providers.append(provider)


def marks_for(indicators, public: bool = False) -> dict[int, list[ChangeMark]]:
    """Every registered provider's marks for ``indicators``, by indicator id, by date (only
    those the public may see when ``public``)."""
    indicators = list(indicators)
    if not indicators:
        return {}
    found: dict[int, list[ChangeMark]] = {}
    for provider in _providers:
        for indicator_id, marks in provider(indicators, public=public).items():
            found.setdefault(indicator_id, []).extend(marks)
    for marks in found.values():
        marks.sort(key=lambda mark: (mark.date, mark.kind, mark.label))
    return found
