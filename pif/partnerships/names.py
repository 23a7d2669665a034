"""People's names as one partnership knows them: the one way a partnership page names people.

A person's full name is the partnership's to see only when it knows it (see
`pif.partnerships.models.known_full_name`); otherwise, and for someone who is not a member,
the page shows the email address. Members pages, history, activity, every choice of a person
and every record that names one (a lead person, a risk owner) use `KnownNames`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from pif.partnerships.models import Membership

OPERATOR = "Operator"


class KnownNames:
    """The names of a partnership's people, read in one query."""

    def __init__(self, partnership):
        memberships = (Membership.objects.filter(partnership=partnership)
                       .select_related("user", "partnership"))
        self._names = {m.user_id: m.known_name for m in memberships}

    def of(self, user, *, nobody: str = "") -> str:
        """`user`'s name as the partnership knows it; `nobody` when there is no user."""
        if user is None:
            return nobody
        return self._names.get(user.pk) or user.email

    def people(self) -> list[tuple[int, str]]:
        """Each member's id and known name, by name."""
        return sorted(self._names.items(), key=lambda item: (item[1].casefold(), item[0]))


def known_names(partnership) -> KnownNames:
    """The partnership's KnownNames, read once per partnership object (once a request)."""
    found = getattr(partnership, "_known_names", None)
    if found is None:
        found = partnership._known_names = KnownNames(partnership)
    return found


def offer_people(field, partnership) -> None:
    """Make a choice of person offer the partnership's members, labelled as it knows them."""
    field.queryset = (get_user_model().objects.filter(memberships__partnership=partnership)
                      .order_by("email"))
    field.label_from_instance = known_names(partnership).of
