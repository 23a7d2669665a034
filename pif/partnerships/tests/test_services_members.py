"""services.add_member: accounts, checks, history and the event log."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.partnerships import services
from pif.partnerships.models import Event, Membership

User = get_user_model()


@pytest.fixture
def actor(world):
    return Actor(user=world.admin)


def test_it_makes_a_new_account_with_an_unusable_password(world, actor):
    membership, created = services.add_member(
        actor, world.partnership, email=" New.Person@Alpha.TEST ", role="editor",
        full_name=" New Person ")
    assert created is True
    user = User.objects.get(email="new.person@alpha.test")
    assert membership.user == user
    assert user.full_name == "New Person"
    assert not user.has_usable_password()
    assert membership.role == "editor"
    record = membership.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="member_added")
    assert event.actor == world.admin
    assert event.description == "New Person added as editor"
    assert event.object_id == str(membership.pk)


def test_it_reuses_an_existing_account(world, actor):
    users_before = User.objects.count()
    membership, created = services.add_member(actor, world.other_partnership,
                                              email="editor@alpha.test", role="viewer")
    assert created is False
    assert membership.user == world.editor
    assert User.objects.count() == users_before
    world.editor.refresh_from_db()
    assert world.editor.check_password("correct-horse-battery-staple")


def test_it_refuses_a_duplicate_membership(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor, world.partnership, email="VIEWER@alpha.test", role="admin")
    assert caught.value.message_dict["email"] == [
        "viewer@alpha.test is already a member of Alpha Partnership."]
    assert world.membership("viewer").role == "viewer"
    assert not Event.objects.filter(verb="member_added").exists()


def test_it_refuses_a_contributor_without_an_organisation(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor, world.partnership, email="c2@alpha.test",
                            role="contributor")
    assert caught.value.message_dict["organisation"] == [
        "Choose the organisation a contributor enters data for."]
    assert not User.objects.filter(email="c2@alpha.test").exists()


def test_it_refuses_an_organisation_of_another_partnership(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor, world.partnership, email="c2@alpha.test",
                            role="contributor", organisation=world.other_council)
    assert "organisation" in caught.value.message_dict
    assert not Membership.objects.filter(user__email="c2@alpha.test").exists()


@pytest.mark.parametrize("email", ["not-an-email", "two@@alpha.test", ""])
def test_it_refuses_an_invalid_email(world, actor, email):
    users_before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor, world.partnership, email=email, role="viewer")
    assert "is not a valid email address" in caught.value.message_dict["email"][0]
    assert User.objects.count() == users_before


def test_it_refuses_an_unknown_role(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor, world.partnership, email="x@alpha.test", role="boss")
    assert caught.value.message_dict["role"] == [
        "'boss' is not a role. Use one of: viewer, contributor, editor, admin."]
    assert not User.objects.filter(email="x@alpha.test").exists()
