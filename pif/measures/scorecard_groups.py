"""Ways to group the scorecard, and the registry through which other apps add theirs.

The scorecard groups by perspective or tag, or not at all, by itself. Any other grouping
belongs to the app that holds the relation: it calls :func:`register_grouping` from
``AppConfig.ready()`` (the outcomes app registers "outcome" in
``pif/outcomes/registrations.py``). Measures never reaches into another app's tables, and
with no app registered the scorecard offers only its own groupings.

A provider is given a partnership and returns each indicator's group names by indicator
id, in the order to show them. The scorecard calls it once a page, so it must use a fixed
number of queries whatever the partnership holds.
"""

from collections.abc import Callable
from dataclasses import dataclass

GroupNames = dict[int, list[str]]
GroupProvider = Callable[[object], GroupNames]

BY_TAG = "tag"
NO_GROUPING = "none"
# The scorecard's own, first and last in the menu; registered groupings go between.
OWN = {BY_TAG: "Perspective or tag", NO_GROUPING: "No grouping"}


@dataclass(frozen=True)
class Grouping:
    slug: str
    label: str
    provider: GroupProvider


_registered: dict[str, Grouping] = {}


def register_grouping(slug: str, label: str, provider: GroupProvider) -> None:
    """Offer "group by `label`" on the scorecard; registering a slug again replaces it."""
    if slug in OWN:
        raise ValueError(f"{slug!r} is one of the scorecard's own groupings: "
                         "choose another name")
    _registered[slug] = Grouping(slug, label, provider)


def offered() -> dict[str, str]:
    """Every grouping the scorecard offers, slug to label, in menu order."""
    return {BY_TAG: OWN[BY_TAG], **{g.slug: g.label for g in _registered.values()},
            NO_GROUPING: OWN[NO_GROUPING]}


def registered(slug: str) -> Grouping | None:
    return _registered.get(slug)
