"""What the partnership overview shows this person: what they have to do ("For you to do")
and how the partnership is doing (counts, each linked to its list).

Apps register a provider from their `registrations.py`: `register(provider)`, where
`provider(access)` returns the panels it has for this person: `Task`s (measures: "Data you
need to submit") and `Panel`s of counts (indicators against target, overdue data, overdue
risk reviews). A provider decides what the person's role should see and uses a fixed number
of queries whatever the partnership holds. Links are checked here, once, with
`Access.can_open`: a task whose page the person may not open is left out, a count is shown
without its link.
"""

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Count", "Overview", "Panel", "Task", "for_person", "register"]


@dataclass(frozen=True)
class Task:
    """A "for you to do" panel: a page where this person has something waiting."""

    label: str  # the link's words, the name of the page: "Data you need to submit"
    url: str
    summary: str  # what is waiting there: "3 figures: 1 due now, 2 overdue"


@dataclass(frozen=True)
class Count:
    """"2 red": a number, the words after it (`one` after 1, else `many`), and the list it
    opens (linked when the count is above 0)."""

    count: int
    one: str
    many: str = ""  # the same as `one` if not given
    url: str = ""

    @property
    def words(self) -> str:
        return self.one if self.count == 1 else (self.many or self.one)


@dataclass(frozen=True)
class Panel:
    """A "how the partnership is doing" panel: a title over counts."""

    title: str
    counts: tuple[Count, ...]
    empty: str = ""  # said instead of the counts when every count is 0, if given

    @property
    def is_empty(self) -> bool:
        return not any(item.count for item in self.counts)


@dataclass(frozen=True)
class Overview:
    tasks: tuple[Task, ...]
    panels: tuple[Panel, ...]


Provider = Callable[[object], list[Task | Panel]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_person(access) -> Overview:
    """Every registered panel for this person, with links only to pages they may open."""
    found = [panel for provider in _providers for panel in provider(access)]
    return Overview(
        tasks=tuple(task for task in found
                    if isinstance(task, Task) and access.can_open(task.url)),
        panels=tuple(_with_openable_links(access, panel) for panel in found
                     if isinstance(panel, Panel)),
    )


def _with_openable_links(access, panel: Panel) -> Panel:
    return Panel(panel.title, tuple(_openable(access, item) for item in panel.counts),
                 panel.empty)


def _openable(access, item: Count) -> Count:
    if item.url and item.count and access.can_open(item.url):
        return item
    return Count(item.count, item.one, item.many)
