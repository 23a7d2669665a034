"""Sections of an outcome's page that later apps fill (stage 3 adds the outcome's actions,
projects, "did it work?" register and golden thread).

Apps register a provider from their `registrations.py`: `register(provider)`, where
`provider(outcome, access)` returns the `Section`s it has for this outcome and this person.
Each section is drawn under its own heading, after the outcome's indicators, children and
risks, by including `template` with the section's `context` as `data`. A provider decides
what the person's role should see (a link only to a page they may open) and uses a fixed
number of queries whatever the outcome holds. The outcomes app imports no later app: the
sections come only through this registry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Section", "for_outcome", "register"]


@dataclass(frozen=True)
class Section:
    """A part of an outcome's page: a heading, and a template drawn with `context`."""

    slug: str  # the heading's id, unique on the page: "actions" gives "outcome-actions"
    title: str
    template: str
    context: dict = field(default_factory=dict)

    @property
    def heading_id(self) -> str:
        return f"outcome-{self.slug}"


Provider = Callable[[object, object], list[Section]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_outcome(outcome, access) -> list[Section]:
    """Every registered section of `outcome`'s page for this person, in registration order."""
    return [section for provider in _providers for section in provider(outcome, access)]
