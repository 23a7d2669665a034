"""pif.partnerships.access: roles, ownership and the view decorators."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pif.partnerships.access import get_access, partnership_view, partnerships_for_user, site_view


def test_each_role_has_what_it_needs_and_no_more(world):
    flags = {role: (a.can_contribute, a.can_edit, a.can_admin)
             for role in world.users for a in [get_access(world.users[role], "alpha")]}
    assert flags == {"viewer": (False, False, False), "contributor": (True, False, False),
                     "editor": (True, True, False), "admin": (True, True, True)}


def test_a_contributor_changes_only_what_their_organisation_owns(world):
    access = get_access(world.contributor, "alpha")
    assert access.can_change_owned(world.health_board.pk)
    assert not access.can_change_owned(world.council.pk)
    assert not access.can_change_owned(None)
    with pytest.raises(PermissionDenied):
        access.require_owner(world.council.pk)


def test_editors_change_anything_and_viewers_nothing(world):
    assert get_access(world.editor, "alpha").can_change_owned(world.council.pk)
    assert not get_access(world.viewer, "alpha").can_change_owned(world.council.pk)


def test_a_non_member_gets_404_and_a_low_role_403(world):
    with pytest.raises(Http404):
        get_access(world.outsider, "alpha")
    with pytest.raises(Http404):
        get_access(world.admin, "no-such-partnership")
    with pytest.raises(PermissionDenied) as caught:
        get_access(world.editor, "alpha", "admin")
    assert str(caught.value) == (
        "You need the partnership admin role in Alpha Partnership to do this.")


def test_anonymous_people_get_404(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_access(AnonymousUser(), "alpha")
    assert not partnerships_for_user(AnonymousUser()).exists()


def test_partnerships_for_user_lists_only_memberships(world):
    assert list(partnerships_for_user(world.outsider)) == [world.other_partnership]


def test_unknown_rules_are_refused_when_the_view_is_declared():
    with pytest.raises(ValueError, match="Unknown access rule 'owner'"):
        partnership_view("owner")
    with pytest.raises(ValueError, match="Unknown site rule"):
        site_view("members")
